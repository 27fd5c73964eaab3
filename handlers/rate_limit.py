"""Outgoing rate limits: token buckets per channel and per chat.

Telegram asks for about 30 messages a second in total and about one a second per chat, with
short bursts tolerated; a 429 still can happen, and the outbox honours its retry_after.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    per_second: float
    burst: float
    chat_per_second: float
    chat_burst: float


DEFAULT_LIMITS: dict[str, Limits] = {
    "telegram": Limits(per_second=30, burst=30, chat_per_second=1, chat_burst=3),
    # Zalo documents no limits; stay polite and rely on 429 backoff.
    "zalo": Limits(per_second=20, burst=20, chat_per_second=1, chat_burst=3),
}


class _Bucket:
    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.stamp = now

    def wait_time(self, now: float) -> float:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class RateLimiter:
    MAX_CHATS = 10_000

    def __init__(
        self,
        limits: dict[str, Limits] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.limits = DEFAULT_LIMITS if limits is None else limits
        self._monotonic = monotonic
        self._sleep = sleep
        self._global: dict[str, _Bucket] = {}
        self._chats: dict[tuple[str, str], _Bucket] = {}

    async def acquire(self, channel: str, chat_id: str) -> None:
        limits = self.limits.get(channel)
        if limits is None:
            return
        while True:
            now = self._monotonic()
            glob = self._global.get(channel)
            if glob is None:
                glob = self._global[channel] = _Bucket(limits.per_second, limits.burst, now)
            chat = self._chats.get((channel, chat_id))
            if chat is None:
                if len(self._chats) >= self.MAX_CHATS:
                    self._forget_full(now)
                chat = _Bucket(limits.chat_per_second, limits.chat_burst, now)
                self._chats[(channel, chat_id)] = chat
            wait = max(glob.wait_time(now), chat.wait_time(now))
            if wait <= 0:
                glob.take()
                chat.take()
                return
            await self._sleep(wait)

    def _forget_full(self, now: float) -> None:
        """Drop chats whose bucket has refilled: they carry no memory worth keeping."""
        for key, bucket in list(self._chats.items()):
            bucket.wait_time(now)
            if bucket.tokens >= bucket.burst:
                del self._chats[key]
