"""Retrying a channel call at start-up until it works or the bot stops."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tenacity import RetryCallState

from handlers.ports import ChannelError
from handlers.retry_policy import retrying

log = logging.getLogger(__name__)


async def retry_until_stopped(
    call: Callable[[], Awaitable[Any]],
    stop: asyncio.Event,
    what: str,
    on_failure: Callable[[str], None] | None = None,
) -> Any | None:
    """Call until it succeeds: a network fault (or a token being fixed) at start must not kill
    the service or the other channels. The result (True for None); None when stopped first.
    `on_failure` hears each failure (for the health check)."""

    def note(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        delay = state.upcoming_sleep
        log.warning("%s failed (%s); again in %.0f s", what, exc, delay)
        if on_failure is not None:
            on_failure(str(exc))

    result: Any = None
    try:
        async for attempt in retrying(stop, retry_on=ChannelError, on_retry=note):
            if stop.is_set():
                return None
            with attempt:
                result = await call()
    except ChannelError:  # stopped while failing
        return None
    return True if result is None else result
