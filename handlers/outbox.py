"""Delivering the outbox: in order per chat, rate-limited, retried, never lost.

A message is marked sent only after the platform accepted it, so a crash between the two sends
it again after restart (at least once): better a repeated line than a lost one.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping

from flows.messages import Reply
from handlers.locks import ConversationLocks
from handlers.ports import (
    Channel,
    ChannelBadRequest,
    ChannelUnavailable,
    Clock,
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


def backoff(attempts: int) -> dt.timedelta:
    return min(MAX_BACKOFF, dt.timedelta(seconds=2 ** min(attempts, 10)))


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

    async def deliver_chat_locked(self, channel: str, chat_id: str) -> None:
        """Send what is pending for one chat; the caller holds the conversation lock."""
        async with UnitOfWork(self.database) as uow:
            pending = await uow.outbox.pending_for(channel, chat_id)
        now = self.clock.now()
        for message in pending:
            if message.next_attempt_at > now or not await self._send_one(message):
                break  # keep the order: later replies wait for this one

    async def deliver_chat(self, channel: str, chat_id: str) -> None:
        async with self.locks.hold(f"{channel}:{chat_id}"):
            await self.deliver_chat_locked(channel, chat_id)

    async def deliver_pending(self) -> int:
        """Send every due message, for example the ones a crash left behind."""
        async with UnitOfWork(self.database) as uow:
            chats = await uow.outbox.due_chats(self.clock.now())
        chats = [(c, chat) for c, chat in chats if c in self.channels]
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

    async def _send_one(self, message: PendingMessage) -> bool:
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
            async with UnitOfWork(self.database) as uow:
                await uow.outbox.mark_sent(message.id, self.clock.now())
                await uow.commit()
            return True

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
