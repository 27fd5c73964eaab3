"""Where a channel's updates enter the bot, whatever the channel and however they come.

Every intake has the same shape:

    fresh = await intake.record(inbounds)   # durable first (raises when it cannot)
    ...                                     # only now tell the platform: offset, 200
    for inbound in fresh: intake.submit(inbound)   # queued on its chat, handled in order
    ...
    await intake.close(timeout)             # on stop: finish what is in hand, then side work

Recording comes before the acknowledgement so that a crash loses nothing: what was recorded
and not handled is handled after the restart (`bot/runtime.py`, `handlers/inbox.py`). A
channel's intake (`bot/telegram/intake.py`, `bot/zalo/intake.py`) adds only its parsing.

Back-pressure: a channel holds at most `MAX_IN_HAND` updates in memory, and one chat at most
`MAX_IN_HAND_PER_CHAT`. What a burst brings beyond that (one webhook POST with thousands of
updates) is recorded all the same but left in the inbox, and taken back, in recorded order,
as room frees (`_refill`): nothing is lost, memory stays bounded, and a chat that floods only
fills its own share. Whether an update is kept in hand or left is decided while recording, under
`_lock`, so that a page read back from the inbox never races a recording.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from bot.per_chat import PerChatTasks
from flows.messages import Inbound
from handlers.inbox import Inbox

log = logging.getLogger(__name__)

Handle = Callable[[Inbound], Awaitable[None]]
Key = tuple[str, str]  # (channel, message id)

# Updates of one channel held in memory (queued or running); the rest wait in the inbox.
MAX_IN_HAND = 500
# ... of one chat: its updates run one after another anyway, so more would only crowd out
# the other chats of the channel.
MAX_IN_HAND_PER_CHAT = 20
# Updates left in the inbox beyond which a webhook answers 503 (the platform retries later).
MAX_LEFT = 100_000
# Rows read back from the inbox at a time.
REFILL_PAGE = 200


class Intake:
    def __init__(
        self,
        handle: Handle,
        inbox: Inbox | None = None,
        tasks: PerChatTasks | None = None,
        *,
        max_in_hand: int = MAX_IN_HAND,
        max_in_hand_per_chat: int = MAX_IN_HAND_PER_CHAT,
    ) -> None:
        self._handle = handle
        # None: updates are handled without being recorded (tests of parsing and ordering).
        self.inbox = inbox
        self.tasks = tasks or PerChatTasks()
        self.max_in_hand = max_in_hand
        self.max_in_hand_per_chat = max_in_hand_per_chat
        self.received = 0
        self._side_tasks: set[asyncio.Task[Any]] = set()
        self._lock = asyncio.Lock()
        self._in_hand: set[Key] = set()  # kept for handling: queued, running, or about to be
        self._reserved: set[Key] = set()  # recorded and kept, not submitted yet
        self._per_chat: Counter[str] = Counter()  # in hand, by chat
        self._left: Counter[str] = Counter()  # left in the inbox, by chat (approximate)
        self._left_total = 0
        # Inbox row id up to which every row left behind has been taken back.
        self._cursor = 0
        self._refill_task: asyncio.Task[None] | None = None
        self._channel = ""  # learnt from the updates it records
        self.left_in_inbox = 0  # in all: updates left in the inbox under load

    async def record(self, inbounds: Sequence[Inbound]) -> list[Inbound]:
        """Record durably; the updates not recorded before, in order. Raises when the
        database cannot take them: do not acknowledge them then. Those beyond the bounds are
        left in the inbox (taken back later): only the ones kept in hand are returned."""
        if self.inbox is None:
            return list(inbounds)
        inbox = self.inbox
        kept: list[Inbound] = []

        async def keep(fresh: list[Inbound]) -> None:
            kept.extend(self._admit(fresh))

        async with self._lock:
            try:
                await inbox.record(inbounds, on_chunk=keep)
            except BaseException:
                # The caller will not acknowledge, nor submit: what was recorded and kept
                # is handled all the same (a redelivery is recorded once, handled once).
                for inbound in kept:
                    self.submit(inbound)
                raise
        self._maybe_refill()
        return kept

    def _admit(self, fresh: Sequence[Inbound]) -> list[Inbound]:
        """Which of these just-recorded updates to keep in hand (under `_lock`)."""
        kept: list[Inbound] = []
        for inbound in fresh:
            chat = inbound.conversation_key
            self._channel = inbound.channel
            if self._left[chat] or not self._has_room(chat):
                # Behind its chat's earlier updates left in the inbox: order is kept.
                self._left[chat] += 1
                self._left_total += 1
                self.left_in_inbox += 1
                continue
            key = (inbound.channel, inbound.message_id)
            self._hold(key, chat)
            self._reserved.add(key)
            kept.append(inbound)
        return kept

    def _has_room(self, chat: str) -> bool:
        return (
            len(self._in_hand) < self.max_in_hand
            and self._per_chat[chat] < self.max_in_hand_per_chat
        )

    def _hold(self, key: Key, chat: str) -> None:
        self._in_hand.add(key)
        self._per_chat[chat] += 1

    def _release(self, key: Key, chat: str) -> None:
        self._in_hand.discard(key)
        self._per_chat[chat] -= 1
        if self._per_chat[chat] <= 0:
            del self._per_chat[chat]

    def submit(self, inbound: Inbound) -> None:
        """Queue the handling of one update on its chat; returns at once."""
        key = (inbound.channel, inbound.message_id)
        if key in self._reserved:
            self._reserved.discard(key)
        elif key in self._in_hand:
            return  # taken back from the inbox meanwhile: queued already
        else:
            # Not recorded here (recovered at start, or handled unrecorded): in hand anyway.
            self._hold(key, inbound.conversation_key)
        self._start(key, inbound)

    def _start(self, key: Key, inbound: Inbound) -> None:
        async def work() -> None:
            try:
                await self._handle(inbound)
            finally:
                self._release(key, inbound.conversation_key)
                self._maybe_refill(inbound.conversation_key)

        self.tasks.submit(inbound.conversation_key, work)

    def _maybe_refill(self, chat: str | None = None) -> None:
        """Take updates back once half the room is free, or half a chat's that has some left."""
        if not self._left_total or self.inbox is None:
            return
        if self._refill_task is not None and not self._refill_task.done():
            return
        chat_has_room = (
            chat is not None
            and chat in self._left
            and self._per_chat[chat] <= self.max_in_hand_per_chat // 2
        )
        if len(self._in_hand) > self.max_in_hand // 2 and not chat_has_room:
            return
        self._refill_task = asyncio.create_task(self._refill(), name="intake refill")

    async def _refill(self) -> None:
        """Take back, in recorded order, the updates left in the inbox, as far as there is
        room. A row still in hand is passed over; a row whose chat has no room stops the
        cursor there (read again next time), while other chats' rows behind it are taken."""
        assert self.inbox is not None
        taken = 0
        try:
            async with self._lock:
                while self._left_total and len(self._in_hand) < self.max_in_hand:
                    rows = await self.inbox.unhandled_after(
                        self._channel, self._cursor, REFILL_PAGE
                    )
                    if not rows:
                        # Everything left has been handled (here or by another process).
                        self._left.clear()
                        self._left_total = 0
                        return
                    blocked = False
                    for row in rows:
                        if row.key in self._in_hand:
                            pass
                        elif not self._has_room(row.conversation_key):
                            blocked = True
                            continue
                        else:
                            self._take_back(row.key, row.conversation_key, row.payload)
                            taken += 1
                        if not blocked:
                            self._cursor = row.id
                    if blocked or len(rows) < REFILL_PAGE:
                        return
        except Exception:
            log.exception("intake: taking updates back from the inbox failed; again later")
        finally:
            if taken:
                log.debug("intake: %d updates taken back from the inbox", taken)

    def _take_back(self, key: Key, chat: str, payload: dict[str, Any]) -> None:
        try:
            inbound = Inbound.from_json(payload)
        except (KeyError, TypeError, ValueError):
            log.exception("inbox row %s could not be read; left as it is", key)
            return
        if self._left[chat]:
            self._left[chat] -= 1
            self._left_total -= 1
            if not self._left[chat]:
                del self._left[chat]
        self._hold(key, chat)
        self._start(key, inbound)

    async def take(self, inbounds: Sequence[Inbound]) -> int:
        """Record, then queue the ones kept in hand; how many were new and kept. Raises like
        `record`."""
        fresh = await self.record(inbounds)
        for inbound in fresh:
            self.submit(inbound)
        return len(fresh)

    def side_task(self, work: Coroutine[Any, Any, Any]) -> None:
        """Run something beside the handling (a button's spinner answered at once); `close`
        waits for it."""
        task = asyncio.create_task(work)
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    @property
    def pending(self) -> int:
        """Updates in hand and left in the inbox."""
        return self.tasks.pending + self._left_total

    @property
    def in_hand(self) -> int:
        """Updates held in memory (at most `max_in_hand`, or a few more recovered at start)."""
        return len(self._in_hand)

    @property
    def left(self) -> int:
        """Updates left in the inbox now, to be taken back as room frees."""
        return self._left_total

    @property
    def full(self) -> bool:
        """Too much left in the inbox already: a webhook should answer 503 for now."""
        return self._left_total >= MAX_LEFT or self.tasks.full

    async def wait_for_room(self) -> None:
        """Block a poller while the channel has no room (the platform keeps the updates)."""
        while self._left_total or len(self._in_hand) >= self.max_in_hand:
            await asyncio.sleep(0.05)
            if self._left_total:
                self._maybe_refill()
        await self.tasks.wait_for_room()

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for the updates in hand; True when all finished in time (the rest are
        cancelled, and stay unhandled in the inbox for the next start, as do those left in
        the inbox under load)."""
        return await self.tasks.drain(timeout)

    async def close(self, timeout: float | None = None) -> bool:
        """On stop: finish the updates in hand, then the side work. True when all finished."""
        if self._refill_task is not None:
            self._refill_task.cancel()
            await asyncio.gather(self._refill_task, return_exceptions=True)
        finished = await self.drain(timeout)
        await asyncio.gather(*self._side_tasks, return_exceptions=True)
        return finished
