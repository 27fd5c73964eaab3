"""Retrying a channel call at start-up until it works or the bot stops."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from handlers.ports import ChannelError

log = logging.getLogger(__name__)


async def retry_until_stopped(
    call: Callable[[], Awaitable[Any]], stop: asyncio.Event, what: str
) -> Any | None:
    """Call until it succeeds: a network fault (or a token being fixed) at start must not kill
    the service or the other channels. The result (True for None); None when stopped first."""
    delay = 1.0
    while not stop.is_set():
        try:
            result = await call()
            return True if result is None else result
        except ChannelError as exc:
            log.warning("%s failed (%s); again in %.0f s", what, exc, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=delay)
        delay = min(delay * 2, 60.0)
    return None
