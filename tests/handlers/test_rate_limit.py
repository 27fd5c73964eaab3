"""The channel's limit is a sliding window: never more than N in any one second, and close
to N a second under load; a chat's own limit stays."""

from __future__ import annotations

import asyncio

from handlers.rate_limit import Limits, RateLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


def most_in_a_second(times: list[float]) -> int:
    times = sorted(times)
    return max(sum(1 for u in times[i:] if u - t < 1.0) for i, t in enumerate(times))


async def test_never_more_than_the_limit_in_any_second_and_close_to_it() -> None:
    clock = FakeTime()
    limiter = RateLimiter(
        {"telegram": Limits(per_second=30, chat_per_second=0)}, clock.monotonic, clock.sleep
    )
    times: list[float] = []

    async def one(n: int) -> None:
        await limiter.acquire("telegram", f"chat-{n}")
        times.append(clock.now)

    await asyncio.gather(*(one(n) for n in range(600)))
    assert most_in_a_second(times) <= 30
    span = max(times) - min(times)
    rate = (len(times) - 30) / span  # the first 30 go at once, the rest at the rate
    assert rate >= 0.95 * 30, rate


async def test_a_quiet_moment_gives_no_burst_above_the_limit() -> None:
    clock = FakeTime()
    limiter = RateLimiter(
        {"telegram": Limits(per_second=10, chat_per_second=0)}, clock.monotonic, clock.sleep
    )
    times: list[float] = []
    for n in range(25):
        await limiter.acquire("telegram", str(n))
        times.append(clock.now)
        if n == 12:
            clock.now += 0.6  # a pause: a bucket would have refilled part of its burst
    assert most_in_a_second(times) <= 10


async def test_a_new_holder_waits_a_window_first() -> None:
    clock = FakeTime()
    limiter = RateLimiter(
        {"telegram": Limits(per_second=5, chat_per_second=0)}, clock.monotonic, clock.sleep
    )
    limiter.hold_back("telegram")
    start = clock.now
    await limiter.acquire("telegram", "a")
    assert clock.now - start >= 1.0


async def test_one_chat_gets_about_one_a_second() -> None:
    clock = FakeTime()
    limiter = RateLimiter({"telegram": Limits(per_second=0)}, clock.monotonic, clock.sleep)
    times: list[float] = []
    for _ in range(8):
        await limiter.acquire("telegram", "chat")
        times.append(clock.now)
    # A burst of three, then one a second.
    assert times[2] - times[0] < 0.01
    assert abs((times[7] - times[3]) - 4.0) < 0.01


async def test_lifted_limits_never_wait() -> None:
    clock = FakeTime()
    limiter = RateLimiter(
        {"telegram": Limits(per_second=0, chat_per_second=0)}, clock.monotonic, clock.sleep
    )
    for n in range(1000):
        await limiter.acquire("telegram", str(n % 3))
    assert clock.now == 100.0


async def test_a_slow_call_keeps_its_place_until_a_second_after_its_answer() -> None:
    """The platform counts a message between the call and its answer: with calls taking
    0 to 0.4 s, what it counts still never passes the limit in any second."""
    clock = FakeTime()
    limiter = RateLimiter(
        {"telegram": Limits(per_second=10, chat_per_second=0)}, clock.monotonic, clock.sleep
    )
    counted: list[float] = []
    delays = [0.4 if n % 3 == 0 else 0.0 for n in range(60)]

    async def send(n: int) -> None:
        async with limiter.slot("telegram", str(n)):
            # The platform counts it at the end of the call (the worst case for the window).
            start = clock.now
            while clock.now - start < delays[n]:
                await clock.sleep(0.05)
            counted.append(clock.now)

    await asyncio.gather(*(send(n) for n in range(60)))
    assert len(counted) == 60
    assert most_in_a_second(counted) <= 10


async def test_a_reply_goes_before_a_queued_announcement() -> None:
    """An announcement's 100 messages wait for the window; a reply to someone writing now
    takes the next free place, not the 101st."""
    clock = FakeTime()
    limiter = RateLimiter(
        {"telegram": Limits(per_second=10, chat_per_second=0)}, clock.monotonic, clock.sleep
    )
    order: list[str] = []

    async def send(name: str, *, urgent: bool) -> None:
        async with limiter.slot("telegram", name, urgent=urgent):
            order.append(name)

    bulk = [asyncio.create_task(send(f"news-{n}", urgent=False)) for n in range(100)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    reply = asyncio.create_task(send("reply", urgent=True))
    await asyncio.gather(*bulk, reply)
    assert order.index("reply") <= 20, order.index("reply")
