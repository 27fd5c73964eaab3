"""Outgoing rate limits: a sliding window per channel and a token bucket per chat.

Telegram asks for about 30 messages a second in total and about one a second per chat; a 429
still can happen, and the outbox honours its retry_after. The channel's limit is a sliding
window of send times, not a bucket: a bucket lets a burst through after a quiet moment, and
then some one-second window holds more than the limit. One process sends a channel's messages
at a time (handlers/sender_lease.py), so a limit kept in memory holds across processes.

A send holds its place in the window from the moment it is let through until a second after
the platform answered (`slot`): the platform counts a message somewhere between the two, so
however long a call takes, no one-second window there holds more than the limit. Counting
from the moment a send leaves instead lets a slow call land in the next burst's second.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

# The window is a little longer than a second: a send is timed when it leaves, and the next
# one may reach the platform a few milliseconds sooner than it left (network jitter).
WINDOW = 1.02
# How often the queue looks again while an urgent send waits for its place.
URGENT_POLL = 0.005


@dataclass(frozen=True)
class Limits:
    """Messages a second for the whole channel and for one chat; 0 lifts that limit."""

    per_second: float
    chat_per_second: float = 1
    chat_burst: float = 3


DEFAULT_LIMITS: dict[str, Limits] = {
    "telegram": Limits(per_second=30),
    # Zalo documents no limits; stay polite and rely on 429 backoff.
    "zalo": Limits(per_second=20),
}


def configured_limits(
    telegram_per_second: float, zalo_per_second: float, chat_per_second: float
) -> dict[str, Limits]:
    """The limits of the settings (bot/settings.py)."""
    return {
        "telegram": Limits(telegram_per_second, chat_per_second),
        "zalo": Limits(zalo_per_second, chat_per_second),
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


class _Window:
    """The send times of the last window; at most `size` of them."""

    __slots__ = ("gate", "in_flight", "size", "times", "urgent")

    def __init__(self, per_second: float) -> None:
        self.size = max(1, int(per_second))
        self.times: deque[float] = deque()
        self.in_flight = 0  # let through, not answered yet: each holds a place
        self.urgent = 0  # urgent sends waiting: the queue behind the gate lets them first
        # Senders wait their turn in order (asyncio's lock is fair): the first in line sleeps
        # until a slot frees, the others behind it.
        self.gate = asyncio.Lock()

    def wait_time(self, now: float) -> float:
        # The tolerance: a wait computed as WINDOW - (now - t) and slept exactly may land a
        # rounding error short of WINDOW, and a zero-length wait would never end.
        while self.times and now - self.times[0] >= WINDOW - 1e-9:
            self.times.popleft()
        if len(self.times) + self.in_flight < self.size:
            return 0.0
        if not self.times:
            return 0.005  # every place is a call in flight: wait for one to be answered
        return WINDOW - (now - self.times[0])


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
        self._windows: dict[str, _Window] = {}
        self._chats: dict[tuple[str, str], _Bucket] = {}

    def per_second(self, channel: str) -> float:
        """The channel's limit; 0 when none."""
        limits = self.limits.get(channel)
        return limits.per_second if limits is not None else 0.0

    def hold_back(self, channel: str) -> None:
        """Send nothing on `channel` for a window: another process may have sent at its full
        rate until it gave the channel to us, and that second counts too."""
        limits = self.limits.get(channel)
        if limits is None or limits.per_second <= 0:
            return
        window = self._windows.get(channel)
        if window is None:
            window = self._windows[channel] = _Window(limits.per_second)
        window.times = deque([self._monotonic()] * window.size)

    async def acquire(self, channel: str, chat_id: str) -> None:
        """Wait until one more message may go to this chat on this channel."""
        limits = self.limits.get(channel)
        if limits is None:
            return
        if limits.chat_per_second > 0:
            await self._chat_turn(channel, chat_id, limits)
        if limits.per_second > 0:
            await self._channel_turn(channel, limits)

    @asynccontextmanager
    async def slot(
        self, channel: str, chat_id: str, *, urgent: bool = False
    ) -> AsyncIterator[None]:
        """Hold a place for one send to this chat, from now until a second after the send
        (the block) returns or fails. `urgent` sends (a reply to someone writing now) take the
        next free place before the queue of the others (an announcement to thousands)."""
        limits = self.limits.get(channel)
        if limits is None:
            yield
            return
        if limits.chat_per_second > 0:
            await self._chat_turn(channel, chat_id, limits)
        if limits.per_second <= 0:
            yield
            return
        window = self._window(channel, limits)
        if urgent:
            window.urgent += 1
            try:
                while (wait := window.wait_time(self._monotonic())) > 0:
                    await self._sleep(wait)
            finally:
                window.urgent -= 1
            window.in_flight += 1
        else:
            async with window.gate:
                while (wait := window.wait_time(self._monotonic())) > 0 or window.urgent:
                    await self._sleep(wait or URGENT_POLL)
                window.in_flight += 1
        try:
            yield
        finally:
            window.in_flight -= 1
            window.times.append(self._monotonic())

    def _window(self, channel: str, limits: Limits) -> _Window:
        window = self._windows.get(channel)
        if window is None:
            window = self._windows[channel] = _Window(limits.per_second)
        return window

    async def _chat_turn(self, channel: str, chat_id: str, limits: Limits) -> None:
        while True:
            now = self._monotonic()
            chat = self._chats.get((channel, chat_id))
            if chat is None:
                if len(self._chats) >= self.MAX_CHATS:
                    self._forget_full(now)
                chat = _Bucket(limits.chat_per_second, limits.chat_burst, now)
                self._chats[(channel, chat_id)] = chat
            wait = chat.wait_time(now)
            if wait <= 0:
                chat.take()
                return
            await self._sleep(wait)

    async def _channel_turn(self, channel: str, limits: Limits) -> None:
        window = self._windows.get(channel)
        if window is None:
            window = self._windows[channel] = _Window(limits.per_second)
        async with window.gate:
            while (wait := window.wait_time(self._monotonic())) > 0:
                await self._sleep(wait)
            window.times.append(self._monotonic())

    def _forget_full(self, now: float) -> None:
        """Drop chats whose bucket has refilled: they carry no memory worth keeping."""
        for key, bucket in list(self._chats.items()):
            bucket.wait_time(now)
            if bucket.tokens >= bucket.burst:
                del self._chats[key]
