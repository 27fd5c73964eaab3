"""The one backoff policy of every retry: polling, start-up and the outbox.

Exponential from `INITIAL` seconds, doubling up to a cap, plus up to `JITTER` seconds at random
so that retries that failed together (every chat's reply when the network came back) do not
come back together. The loops retry through tenacity (`retrying`); the outbox, which keeps its
retries in the database rather than in a loop, asks for one delay at a time (`backoff_delay`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    wait_exponential,
    wait_random,
)
from tenacity.wait import wait_base

from handlers.ports import ChannelError, RetryAfter

INITIAL = 1.0  # seconds before the first retry
MAX_DELAY = 60.0  # the longest wait of a loop (the outbox passes its own cap)
JITTER = 1.0


def wait_policy(cap: float = MAX_DELAY) -> wait_base:
    return wait_exponential(multiplier=INITIAL, max=cap) + wait_random(0, JITTER)


class wait_asked_or_policy(wait_base):
    """The wait a platform asked for (429 retry_after), else the policy's."""

    def __init__(self, cap: float = MAX_DELAY) -> None:
        self.policy = wait_policy(cap)

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None and outcome.failed else None
        if isinstance(exc, RetryAfter):
            return float(exc.seconds)
        return float(self.policy(retry_state))


def backoff_delay(attempt: int, cap: float = MAX_DELAY) -> float:
    """Seconds to wait after the `attempt`-th failure in a row (from 1)."""
    state = RetryCallState(Retrying(), None, (), {})
    state.attempt_number = max(1, attempt)
    return float(wait_policy(cap)(state))


def backoff(attempt: int, cap: dt.timedelta = dt.timedelta(seconds=MAX_DELAY)) -> dt.timedelta:
    """`backoff_delay` as a timedelta (for a retry scheduled in the database)."""
    return dt.timedelta(seconds=backoff_delay(attempt, cap.total_seconds()))


async def sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    """Sleep, but wake at once when `stop` is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


def retrying(
    stop: asyncio.Event,
    *,
    retry_on: type[BaseException] | tuple[type[BaseException], ...] = ChannelError,
    on_retry: Callable[[RetryCallState], Awaitable[None] | None] | None = None,
    cap: float = MAX_DELAY,
) -> AsyncRetrying:
    """Retry while the failure is one of `retry_on`, until `stop` is set (then the last
    failure is raised). Waits follow the policy, or a 429's retry_after; `on_retry` sees each
    failure before its wait (to log it, to show it on /healthz)."""

    def stopped(_: RetryCallState) -> bool:
        return stop.is_set()

    async def sleep(seconds: float) -> None:
        await sleep_unless(stop, seconds)

    return AsyncRetrying(
        sleep=sleep,
        stop=stopped,
        wait=wait_asked_or_policy(cap),
        retry=retry_if_exception_type(retry_on),
        before_sleep=on_retry,
        reraise=True,
    )
