"""Long polling: getUpdates with offsets feeding the intake.

An update is confirmed to Telegram by the next getUpdates (offset past it). On stop, the poll
in progress is abandoned (whatever it would have returned stays unconfirmed on the server and
comes again next start), the updates in hand are finished, then confirmed.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

from bot.telegram.intake import TelegramIntake
from handlers.ports import ChannelError, ChannelUnavailable, RetryAfter

log = logging.getLogger(__name__)

T = TypeVar("T")

POLL_TIMEOUT = 25  # seconds the Bot API holds a getUpdates open
MAX_BACKOFF = 30.0


class TelegramPoller:
    def __init__(self, intake: TelegramIntake, poll_timeout: int = POLL_TIMEOUT) -> None:
        self.intake = intake
        self.poll_timeout = poll_timeout
        self.offset: int | None = None
        self.last_ok: dt.datetime | None = None
        self.last_error: str | None = None

    def status(self) -> dict[str, Any]:
        return {
            "mode": "polling",
            "ok": self.last_error is None and self.last_ok is not None,
            "last_poll": self.last_ok.isoformat() if self.last_ok else None,
            "error": self.last_error,
            "received": self.intake.received,
            "in_hand": self.intake.tasks.pending,
        }

    async def run(self, stop: asyncio.Event) -> None:
        channel = self.intake.channel
        failures = 0
        while not stop.is_set():
            await _until(self.intake.tasks.wait_for_room(), stop)
            if stop.is_set():
                break
            try:
                updates = await _until(
                    channel.get_updates(self.offset, timeout=self.poll_timeout), stop
                )
            except RetryAfter as exc:
                self.last_error = str(exc)
                await _sleep(exc.seconds, stop)
                continue
            except ChannelError as exc:
                failures += 1
                self.last_error = str(exc)
                delay = min(MAX_BACKOFF, 0.5 * 2**failures)
                log.warning("getUpdates failed (%s); again in %.1f s", exc, delay)
                await _sleep(delay, stop)
                continue
            if updates is None:  # stopped while waiting
                break
            failures = 0
            self.last_ok = dt.datetime.now(dt.UTC)
            self.last_error = None
            for update in updates:
                update_id = update.get("update_id")
                if isinstance(update_id, int):
                    self.offset = max(self.offset or 0, update_id + 1)
                self.intake.accept(update)

    async def confirm(self) -> None:
        """Tell Telegram the updates handled so far are done (after the work drained)."""
        if self.offset is None:
            return
        try:
            await self.intake.channel.get_updates(self.offset, timeout=0, limit=1)
        except ChannelError as exc:  # they will come again and be deduplicated
            log.info("could not confirm updates up to %s: %s", self.offset, exc)


async def _until(awaitable: Awaitable[T], stop: asyncio.Event) -> T | None:
    """Await `awaitable` unless `stop` is set first (then cancel it and return None)."""
    work: asyncio.Task[T] = asyncio.ensure_future(awaitable)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({work, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if work.done():
        return work.result()
    work.cancel()
    with contextlib.suppress(asyncio.CancelledError, ChannelUnavailable):
        await work
    return None


async def _sleep(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
