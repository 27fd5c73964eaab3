"""Delivering the outbox: in order per chat, rate-limited, retried, never lost.

A message is marked sent only after the platform accepted it, so a crash between the two sends
it again after restart (at least once): better a repeated line than a lost one.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping

from flows.messages import Reply
from handlers import retry_policy
from handlers.locks import ConversationLocks
from handlers.ports import (
    Channel,
    ChannelBadRequest,
    ChannelUnavailable,
    Clock,
    RecipientAway,
    RecipientUnavailable,
    RetryAfter,
)
from handlers.rate_limit import RateLimiter
from storage.database import Database
from storage.outbox import PendingMessage
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

# A retry_after longer than this is not waited for in place: the message is postponed.
MAX_INLINE_WAIT = 30.0
MAX_BACKOFF = dt.timedelta(minutes=10)
# About a day of retries (the backoff reaches 10 minutes after ten tries) before giving up.
MAX_ATTEMPTS = 150
# Delivered replies are marked sent in groups, this long after the first of a group.
MARK_DELAY = 0.02


def backoff(attempts: int) -> dt.timedelta:
    """The shared policy (exponential with jitter), capped at ten minutes for replies."""
    return retry_policy.backoff(attempts + 1, MAX_BACKOFF)


class OutboxSender:
    def __init__(
        self,
        database: Database,
        channels: Mapping[str, Channel],
        clock: Clock,
        locks: ConversationLocks,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.database = database
        self.channels = channels
        self.clock = clock
        self.locks = locks
        self.limiter = limiter or RateLimiter()
        self._sleep = sleep
        self._stuck: set[tuple[str, str]] | None = None
        self._sent: list[int] = []
        self._flusher: asyncio.Task[None] | None = None
        self._flushing = asyncio.Lock()

    async def _backlog(self) -> set[tuple[str, str]]:
        """Chats with older replies still pending: theirs go first, read from the table."""
        if self._stuck is None:
            async with UnitOfWork(self.database) as uow:
                self._stuck = await uow.outbox.chats_with_pending()
        return self._stuck

    async def deliver_new(self, channel: str, chat_id: str, messages: list[PendingMessage]) -> None:
        """Send replies just committed; the caller holds the conversation lock.

        The common case costs no read: the replies are in hand. They are marked sent a moment
        later, many at once. A chat with a backlog takes the slow path, in table order.
        """
        if (channel, chat_id) in await self._backlog():
            await self.deliver_chat_locked(channel, chat_id)
            return
        for message in messages:
            if not await self._send_one(message, defer_mark=True):
                assert self._stuck is not None
                self._stuck.add((channel, chat_id))
                break
        self._schedule_flush()

    async def deliver_chat_locked(self, channel: str, chat_id: str) -> None:
        """Send what is pending for one chat; the caller holds the conversation lock."""
        await self.flush()  # what was sent must read as sent before the table is read
        async with UnitOfWork(self.database) as uow:
            pending = await uow.outbox.pending_for(channel, chat_id)
        now = self.clock.now()
        for message in pending:
            if message.next_attempt_at > now or not await self._send_one(message):
                return  # keep the order: later replies wait for this one
        if self._stuck is not None:
            self._stuck.discard((channel, chat_id))

    async def close(self) -> None:
        """Mark what was delivered before the process stops (else it would go again)."""
        if self._flusher is not None and not self._flusher.done():
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        await self.flush()

    def _schedule_flush(self) -> None:
        if self._sent and (self._flusher is None or self._flusher.done()):
            self._flusher = asyncio.create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        # Loops: replies delivered while a flush runs are marked by the next round.
        while self._sent:
            await asyncio.sleep(MARK_DELAY)
            await self.flush()

    async def flush(self) -> None:
        """Mark as sent, in one statement, every reply delivered since the last flush.

        A flush already under way is waited for, so that on return every reply delivered
        before the call reads as sent.
        """
        async with self._flushing:
            sent, self._sent = self._sent, []
            if not sent:
                return
            try:
                async with UnitOfWork(self.database) as uow:
                    await uow.outbox.mark_sent_many(sent, self.clock.now())
                    await uow.commit()
            except asyncio.CancelledError:
                # close() cancels the flusher, maybe mid-commit: the next flush marks these
                # (twice is harmless), else a clean exit would leave them to go out again.
                self._sent[:0] = sent
                raise
            except Exception:
                # They stay pending and go again after a restart: a repeat, never a loss.
                log.exception("could not mark %d sent replies", len(sent))

    async def deliver_chat(self, channel: str, chat_id: str) -> None:
        async with self.locks.hold(f"{channel}:{chat_id}"):
            await self.deliver_chat_locked(channel, chat_id)

    async def deliver_pending(self, only: Collection[tuple[str, str]] | None = None) -> int:
        """Send every due message of a chat with a backlog, e.g. what a crash left behind.

        Only chats with a backlog: the replies of the others are in flight in `deliver_new`.
        `only` limits it to these (channel, chat id) pairs: the console serves one person, and
        must not print what was meant for another.
        """
        backlog = await self._backlog()
        async with UnitOfWork(self.database) as uow:
            chats = await uow.outbox.due_chats(self.clock.now())
        chats = [(c, chat) for c, chat in chats if c in self.channels and (c, chat) in backlog]
        if only is not None:
            wanted = set(only)
            chats = [key for key in chats if key in wanted]
        await asyncio.gather(*(self.deliver_chat(c, chat) for c, chat in chats))
        return len(chats)

    async def run_forever(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        while not stop.is_set():
            try:
                await self.deliver_pending()
            except Exception:
                log.exception("outbox sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    async def _send_one(self, message: PendingMessage, *, defer_mark: bool = False) -> bool:
        channel = self.channels.get(message.channel)
        if channel is None:
            return False
        reply = Reply.from_json(message.payload)
        attempts = message.attempts
        while True:
            await self.limiter.acquire(message.channel, message.chat_id)
            try:
                await channel.send(message.chat_id, reply)
            except RetryAfter as exc:
                attempts += 1
                if exc.seconds <= MAX_INLINE_WAIT and attempts <= message.attempts + 3:
                    log.warning("rate limited on %s; waiting %.1f s", message.channel, exc.seconds)
                    await self._sleep(exc.seconds)
                    continue
                await self._postpone(message, dt.timedelta(seconds=exc.seconds), str(exc))
                return False
            except RecipientUnavailable as exc:
                await self._fail(message, str(exc), blocked=True)
                return True
            except RecipientAway as exc:
                await self._postpone(message, dt.timedelta(0), str(exc))
                return False
            except ChannelBadRequest as exc:
                log.error("outbox %s refused by %s: %s", message.id, message.channel, exc)
                await self._fail(message, str(exc), blocked=False)
                return True
            except (ChannelUnavailable, OSError, TimeoutError) as exc:
                log.warning("outbox %s: %s unavailable: %s", message.id, message.channel, exc)
                if attempts + 1 >= MAX_ATTEMPTS:
                    log.error("outbox %s given up after %d attempts", message.id, attempts + 1)
                    await self._fail(message, str(exc), blocked=False)
                    return True
                await self._postpone(message, backoff(attempts), str(exc))
                return False
            if defer_mark:
                self._sent.append(message.id)
                return True
            async with UnitOfWork(self.database) as uow:
                await uow.outbox.mark_sent(message.id, self.clock.now())
                await uow.commit()
            return True

    async def _postpone(self, message: PendingMessage, delay: dt.timedelta, error: str) -> None:
        if self._stuck is not None:
            self._stuck.add((message.channel, message.chat_id))
        async with UnitOfWork(self.database) as uow:
            await uow.outbox.postpone(message.id, self.clock.now() + delay, error)
            await uow.commit()

    async def _fail(self, message: PendingMessage, error: str, *, blocked: bool) -> None:
        async with UnitOfWork(self.database) as uow:
            await uow.outbox.mark_failed(message.id, error)
            if blocked:
                await uow.users.mark_blocked(message.channel, message.chat_id)
            await uow.commit()
