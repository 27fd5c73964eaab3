"""Delivering the outbox: in order per chat, rate-limited, retried, never lost, never twice.

The table is the only backlog. A process sends a channel's rows only while it holds the
channel (handlers/sender_lease.py), and a row only after claiming it with a lease: two
processes on one database never send a row both, and a process that dies leaves its rows to
the next holder once their claims pass. A person's own replies take a fast path: the step
writes them already claimed by this process (when nothing older of their chat waits) and they
are sent in hand right after the commit, without reading them back.

A message is marked sent only after the platform accepted it, so a crash between the two sends
it again (at least once): better a repeated line than a lost one. Marks are written in groups.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping

from flows.messages import Reply
from handlers import metrics, retry_policy
from handlers.locks import ConversationLocks
from handlers.log_context import conversation_key
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
from handlers.sender_lease import ChannelLeases, new_holder
from storage.channel_senders import ChannelSenderRepository
from storage.database import Database
from storage.outbox import Chat, PendingMessage
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

# A retry_after longer than this is not waited for in place: the message is postponed.
MAX_INLINE_WAIT = 30.0
MAX_BACKOFF = dt.timedelta(minutes=10)
# About a day of retries (the backoff reaches 10 minutes after ten tries) before giving up.
MAX_ATTEMPTS = 150
# Delivered replies are marked sent in groups, this long after the first of a group.
MARK_DELAY = 0.02
CLAIM_LEASE = dt.timedelta(seconds=60)
CHANNEL_LEASE = dt.timedelta(seconds=15)
# The sweep looks again this soon after finding work, and this soon when there was none.
BUSY_INTERVAL = 0.2
IDLE_INTERVAL = 0.5
# Rows claimed at once, and chats sent to at once, on a channel without a limit.
BATCH = 500
CONCURRENCY = 200
# Under a limit, a claim holds this many seconds of sending: a person's reply waits behind
# at most that much of a large announcement.
LIMITED_BATCH_SECONDS = 2


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
        *,
        holder: str | None = None,
        claim_lease: dt.timedelta = CLAIM_LEASE,
        channel_lease: dt.timedelta = CHANNEL_LEASE,
        sole: bool = False,
        batch: int = BATCH,
        concurrency: int = CONCURRENCY,
    ) -> None:
        """`sole`: the only process on this database (SQLite under the instance lock), so
        claims and channel leases left in the table at start are a dead process's: freed."""
        self.database = database
        self.channels = channels
        self.clock = clock
        self.locks = locks
        self.limiter = limiter or RateLimiter()
        self._sleep = sleep
        self.holder = holder or new_holder()
        self.claim_lease = claim_lease
        self.leases = ChannelLeases(database, clock, self.holder, channel_lease)
        self.sole = sole
        self.batch = batch
        self.concurrency = concurrency
        self._started = False
        # Rows claimed by this process and not finished, and rows sent but not marked yet.
        self._in_hand: set[int] = set()
        self._unmarked: set[int] = set()
        self._sent: list[int] = []
        self._flusher: asyncio.Task[None] | None = None
        self._flushing = asyncio.Lock()
        self._stop: asyncio.Event | None = None  # run_forever's: a sweep claims no more
        # A channel's last failure to reach its platform, until a send goes through (/healthz).
        self.send_errors: dict[str, str] = {}

    # ------------------------------------------------------------------ the step's fast path

    def holds(self, channel: str) -> bool:
        """Whether a step may write replies on `channel` claimed by us (no query): we hold the
        channel, with a third of its lease left for the sends after the commit."""
        return self.leases.holds(channel, self.leases.lease / 3)

    def step_claim(self) -> tuple[str, dt.datetime]:
        """The claim a step writes on the replies it will send in hand."""
        return self.holder, self.clock.now() + self.claim_lease

    async def free_chats(self, uow: UnitOfWork, chats: Collection[Chat]) -> set[Chat]:
        """Of these chats (in a step's transaction), those whose new replies may be written
        claimed by us and sent in hand: we hold their channel and nothing older of theirs is
        pending (a reply sent and not yet marked does not count). One indexed query."""
        candidates = {c for c in chats if c[0] in self.channels and self.holds(c[0])}
        if not candidates:
            return set()
        pending = await uow.outbox.pending_ids(candidates)
        return {
            chat for chat in candidates if all(i in self._unmarked for i in pending.get(chat, ()))
        }

    async def deliver_new(self, channel: str, chat_id: str, messages: list[PendingMessage]) -> None:
        """Send replies just committed; the caller holds the conversation lock.

        Replies written claimed by us are sent in hand, with no read; the others (an older
        reply of the chat waits, or we did not hold the channel) are served from the table.
        """
        if not messages:
            return
        if all(m.claimed_by == self.holder for m in messages):
            self._in_hand.update(m.id for m in messages)
            await self._send_in_order(messages, urgent=True)
            self._schedule_flush()
            return
        await self.deliver_chat_locked(channel, chat_id)

    # ------------------------------------------------------------------ from the table

    async def deliver_chat(self, channel: str, chat_id: str) -> None:
        conversation_key.set(f"{channel}:{chat_id}")  # a task of its own (_deliver_later)
        async with self.locks.hold(f"{channel}:{chat_id}"):
            await self.deliver_chat_locked(channel, chat_id)

    async def deliver_chat_locked(self, channel: str, chat_id: str) -> None:
        """Send what is due for one chat, in table order; the caller holds its lock. Nothing
        when another process sends the channel: its sweep serves the chat."""
        if channel not in self.channels or channel not in await self._held([channel]):
            return
        await self.flush()  # what was sent must read as sent before the table is read
        claimed = await self._claim(channel, self.batch, [(channel, chat_id)])
        await self._send_in_order(claimed, urgent=True)
        await self.flush()

    async def deliver_pending(self, only: Collection[Chat] | None = None) -> int:
        """Send every due row of the channels this process holds, whoever wrote it (a step,
        the reminder sweep, the CLI, another process, a crash); how many rows were tried.

        `only` limits it to these (channel, chat id) pairs: the console serves one person, and
        must not print what was meant for another.
        """
        wanted = set(self.channels)
        if only is not None:
            wanted &= {c for c, _ in only}
        held = await self._held(sorted(wanted))
        if not held:
            return 0
        async with UnitOfWork(self.database) as uow:
            due = await uow.outbox.due_channels(held, self.clock.now())
        if not due:
            return 0
        counts = await asyncio.gather(*(self._sweep_channel(c, only) for c in sorted(due)))
        return sum(counts)

    async def run_forever(self, stop: asyncio.Event, interval: float | None = None) -> None:
        """Sweep until `stop`: soon again after work, a little later when idle. `interval`
        overrides both."""
        self._stop = stop
        while not stop.is_set():
            tried = 0
            try:
                tried = await self.deliver_pending()
            except Exception:
                log.exception("outbox sweep failed")
            wait = interval if interval is not None else BUSY_INTERVAL if tried else IDLE_INTERVAL
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)

    async def close(self) -> None:
        """Mark what was delivered, give back the rows and channels held (another process
        takes them at once), before the process stops."""
        if self._flusher is not None and not self._flusher.done():
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        await self.flush()
        try:
            unsent = self._in_hand - self._unmarked
            if unsent:
                async with UnitOfWork(self.database) as uow:
                    await uow.outbox.release(unsent, self.holder)
                    await uow.commit()
            await self.leases.release()
        except Exception:
            log.exception("could not give back the outbox's claims; they lapse on their own")

    # ------------------------------------------------------------------ sweeping a channel

    def _limits_of(self, channel: str) -> tuple[int, int]:
        """Rows to claim at once and chats to send to at once on this channel."""
        rate = self.limiter.per_second(channel)
        if rate <= 0:
            return self.batch, self.concurrency
        batch = max(10, int(rate * LIMITED_BATCH_SECONDS))
        return min(batch, self.batch), min(batch, self.concurrency)

    async def _sweep_channel(self, channel: str, only: Collection[Chat] | None) -> int:
        """Claim and send until nothing more can go now. Claims are topped up as chats finish,
        so that one slow chat does not hold the others back; claims and the channel's lease
        are renewed while sends go on."""
        batch, concurrency = self._limits_of(channel)
        gate = asyncio.Semaphore(concurrency)
        tasks: dict[asyncio.Task[None], list[int]] = {}
        renew_every = min(self.claim_lease, self.leases.lease).total_seconds() / 3
        tried = 0
        try:
            tried = await self._sweep_loop(channel, only, batch, gate, tasks, renew_every)
        finally:
            for task in tasks:  # cancelled (the process stops): what is in hand stays claimed
                task.cancel()
        await self.flush()
        return tried

    async def _sweep_loop(
        self,
        channel: str,
        only: Collection[Chat] | None,
        batch: int,
        gate: asyncio.Semaphore,
        tasks: dict[asyncio.Task[None], list[int]],
        renew_every: float,
    ) -> int:
        loop = asyncio.get_running_loop()
        renewed = loop.time()
        exhausted = False
        tried = 0
        while True:
            in_flight = sum(len(ids) for ids in tasks.values())
            room = batch - in_flight
            stopping = self._stop is not None and self._stop.is_set()
            if not (exhausted or stopping) and room >= batch // 2 and self.leases.holds(channel):
                await self.flush()  # chats whose rows went out may go on
                claimed = await self._claim(channel, room, only)
                exhausted = len(claimed) < room
                tried += len(claimed)
                for chat_rows in _by_chat(claimed):
                    task = asyncio.create_task(self._send_chat(chat_rows, gate))
                    tasks[task] = [m.id for m in chat_rows]
            if not tasks:
                break
            done, _ = await asyncio.wait(
                tasks, timeout=renew_every, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                del tasks[task]
                if not task.cancelled() and task.exception() is not None:
                    log.error("outbox: a chat's delivery failed", exc_info=task.exception())
            if tasks and loop.time() - renewed >= renew_every:
                await self._renew()
                renewed = loop.time()
        return tried

    async def _send_chat(self, rows: list[PendingMessage], gate: asyncio.Semaphore) -> None:
        conversation_key.set(f"{rows[0].channel}:{rows[0].chat_id}")  # a task of its own
        async with gate, self.locks.hold(f"{rows[0].channel}:{rows[0].chat_id}"):
            await self._send_in_order(rows)
        self._schedule_flush()

    async def _renew(self) -> None:
        """Keep our claims and channels while long sends go on."""
        await self.leases.ensure(list(self.channels))
        unsent = self._in_hand - self._unmarked
        if unsent:
            async with UnitOfWork(self.database) as uow:
                await uow.outbox.renew(unsent, self.holder, self.clock.now() + self.claim_lease)
                await uow.commit()

    async def _held(self, channels: list[str]) -> set[str]:
        if not self._started:
            await self._start()
        before = {c for c in channels if self.leases.holds(c)}
        held = await self.leases.ensure(channels)
        if not self.sole:
            for channel in held - before:
                self.limiter.hold_back(channel)
        return held

    async def _start(self) -> None:
        self._started = True
        if not self.sole:
            return
        async with UnitOfWork(self.database) as uow:
            freed = await uow.outbox.release_others(self.holder)
            await ChannelSenderRepository(uow.session).release_others(self.holder)
            await uow.commit()
        if freed:
            log.info("outbox: %d replies claimed by the last run are free again", freed)

    async def _claim(
        self, channel: str, limit: int, only: Collection[Chat] | None
    ) -> list[PendingMessage]:
        now = self.clock.now()
        async with UnitOfWork(self.database) as uow:
            claimed = await uow.outbox.claim_due(
                self.holder,
                now,
                now + self.claim_lease,
                channel,
                limit,
                only=None if only is None else [chat for c, chat in only if c == channel],
                skip=self._in_hand | self._unmarked,
            )
            await uow.commit()
        self._in_hand.update(m.id for m in claimed)
        return claimed

    # ------------------------------------------------------------------ sending

    async def _send_in_order(self, messages: list[PendingMessage], *, urgent: bool = False) -> None:
        """Send one chat's rows (claimed by us) in order; at the first that must wait, give
        the claims of the rest back: they go after it, from the table. `urgent`: someone is
        talking to the bot now (a reply, the notice their action caused): it goes before the
        rows of a sweep (a reminder to thousands) waiting for the channel's window."""
        for i, message in enumerate(messages):
            try:
                ok = await self._send_one(message, urgent=urgent)
            finally:
                self._in_hand.discard(message.id)
            if not ok:
                rest = [m.id for m in messages[i + 1 :]]
                self._in_hand.difference_update(rest)
                if rest:
                    async with UnitOfWork(self.database) as uow:
                        await uow.outbox.release(rest, self.holder)
                        await uow.commit()
                return

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
                # They stay pending and go again once our claim lapses: a repeat, not a loss.
                log.exception("could not mark %d sent replies", len(sent))
            self._unmarked.difference_update(sent)

    async def _send_one(self, message: PendingMessage, *, urgent: bool = False) -> bool:
        """True when the row is done with (sent, or failed for good); False when it waits."""
        channel = self.channels.get(message.channel)
        if channel is None:
            await self._release([message.id])
            return False
        reply = Reply.from_json(message.payload)
        attempts = message.attempts
        while True:
            try:
                async with self.limiter.slot(message.channel, message.chat_id, urgent=urgent):
                    await channel.send(message.chat_id, reply)
            except RetryAfter as exc:
                metrics.ERRORS.labels("rate_limited").inc()
                attempts += 1
                if exc.seconds <= MAX_INLINE_WAIT and attempts <= message.attempts + 3:
                    log.warning("rate limited on %s; waiting %.1f s", message.channel, exc.seconds)
                    await self._keep_claim(message, exc.seconds)
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
                metrics.ERRORS.labels("send_refused").inc()
                log.error("outbox %s refused by %s: %s", message.id, message.channel, exc)
                await self._fail(message, str(exc), blocked=False)
                return True
            except (ChannelUnavailable, OSError, TimeoutError) as exc:
                log.warning("outbox %s: %s unavailable: %s", message.id, message.channel, exc)
                metrics.ERRORS.labels("send_unavailable").inc()
                self.send_errors[message.channel] = f"{type(exc).__name__}: {exc}"[:300]
                if attempts + 1 >= MAX_ATTEMPTS:
                    log.error("outbox %s given up after %d attempts", message.id, attempts + 1)
                    metrics.ERRORS.labels("send_gave_up").inc()
                    await self._fail(message, str(exc), blocked=False)
                    return True
                await self._postpone(message, backoff(attempts), str(exc))
                return False
            self._sent.append(message.id)
            self._unmarked.add(message.id)
            metrics.REPLIES_SENT.labels(message.channel).inc()
            self.send_errors.pop(message.channel, None)
            return True

    async def _keep_claim(self, message: PendingMessage, seconds: float) -> None:
        """A wait in place: the claim must outlast it."""
        if dt.timedelta(seconds=seconds) > self.claim_lease / 3:
            until = self.clock.now() + dt.timedelta(seconds=seconds) + self.claim_lease
            async with UnitOfWork(self.database) as uow:
                await uow.outbox.renew([message.id], self.holder, until)
                await uow.commit()

    async def _release(self, message_ids: list[int]) -> None:
        async with UnitOfWork(self.database) as uow:
            await uow.outbox.release(message_ids, self.holder)
            await uow.commit()

    async def _postpone(self, message: PendingMessage, delay: dt.timedelta, error: str) -> None:
        async with UnitOfWork(self.database) as uow:
            await uow.outbox.postpone(message.id, self.clock.now() + delay, error)
            await uow.commit()

    async def _fail(self, message: PendingMessage, error: str, *, blocked: bool) -> None:
        async with UnitOfWork(self.database) as uow:
            await uow.outbox.mark_failed(message.id, error)
            if blocked:
                await uow.users.mark_blocked(message.channel, message.chat_id)
            await uow.commit()


def _by_chat(rows: list[PendingMessage]) -> list[list[PendingMessage]]:
    """Rows grouped by chat, each group in id order (the rows come in id order)."""
    groups: dict[Chat, list[PendingMessage]] = {}
    for row in rows:
        groups.setdefault((row.channel, row.chat_id), []).append(row)
    return list(groups.values())
