"""The one backoff policy: growing, capped, jittered; a loop that stops when told and waits
as long as a platform asks."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest

from bot.retrying import retry_until_stopped
from handlers.ports import ChannelUnavailable, RetryAfter
from handlers.retry_policy import INITIAL, JITTER, MAX_DELAY, backoff, backoff_delay, retrying


def test_the_delay_doubles_up_to_the_cap_with_jitter() -> None:
    for attempt in range(1, 20):
        delays = {backoff_delay(attempt) for _ in range(20)}
        floor = min(INITIAL * 2 ** (attempt - 1), MAX_DELAY)
        assert all(floor <= d <= floor + JITTER for d in delays), (attempt, delays)
        assert len(delays) > 1  # jittered, also at the cap
    ten_minutes = dt.timedelta(minutes=10)
    assert ten_minutes <= backoff(30, cap=ten_minutes) <= ten_minutes + dt.timedelta(seconds=1)


async def test_a_retry_loop_waits_as_asked_and_stops_when_told() -> None:
    stop = asyncio.Event()
    calls: list[float] = []

    async def flaky() -> str:
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise RetryAfter(0.2)  # a 429: its retry_after, not the policy's second
        if len(calls) == 2:
            stop.set()  # the bot stops while the next wait runs
            raise ChannelUnavailable("down")
        return "never"

    with pytest.raises(ChannelUnavailable):
        async for attempt in retrying(stop):
            with attempt:
                await flaky()
    assert len(calls) == 2 and 0.19 <= calls[1] - calls[0] < 0.5


async def test_start_up_retries_until_it_works_or_the_bot_stops() -> None:
    stop = asyncio.Event()
    failures: list[str] = []
    answers: list[object] = [ChannelUnavailable("no network"), "@ocop_bot"]

    async def get_me() -> object:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    started = time.monotonic()
    assert await retry_until_stopped(get_me, stop, "getMe", failures.append) == "@ocop_bot"
    assert failures == ["no network"] and time.monotonic() - started >= INITIAL

    async def down() -> None:
        raise ChannelUnavailable("still down")

    waiting = asyncio.create_task(retry_until_stopped(down, stop, "getMe"))
    await asyncio.sleep(0.1)
    stop.set()
    assert await asyncio.wait_for(waiting, 1.0) is None
