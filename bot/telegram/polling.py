"""Long polling: getUpdates with offsets feeding the intake.

An update is confirmed to Telegram by the next getUpdates (offset past it), so each batch is
recorded in the inbox before the offset moves: when recording fails, the same batch is asked
for again (Telegram keeps updates for a day) and nothing is confirmed that a crash could lose.
Failures are retried with the one backoff policy (handlers/retry_policy.py). On stop, the poll
in progress is abandoned (what it would have returned stays unconfirmed and comes again next
start), and what was recorded is confirmed.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

from tenacity import RetryCallState

from bot.telegram.intake import TelegramIntake
from handlers.ports import ChannelError, ChannelUnavailable
from handlers.retry_policy import retrying

log = logging.getLogger(__name__)

T = TypeVar("T")

POLL_TIMEOUT = 25  # seconds the Bot API holds a getUpdates open


class NotRecorded(Exception):
    """A batch could not be written to the inbox; its offset was not moved."""


class TelegramPoller:
    def __init__(self, intake: TelegramIntake, poll_timeout: int = POLL_TIMEOUT) -> None:
        self.intake = intake
        self.poll_timeout = poll_timeout
        self.offset: int | None = None
        self.last_ok: dt.datetime | None = None
        self.last_error: str | None = None
        # Healthy from the first getUpdates sent, not answered: an idle one is held for
        # `poll_timeout` seconds, and /healthz would say "down" all that while after a start.
        self.started = False

    def status(self) -> dict[str, Any]:
        return {
            "mode": "polling",
            "ok": self.last_error is None and self.started,
            "last_poll": self.last_ok.isoformat() if self.last_ok else None,
            "error": self.last_error,
            "received": self.intake.received,
            "in_hand": self.intake.pending,
        }

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await _until(self.intake.wait_for_room(), stop)
            try:
                async for attempt in retrying(
                    stop, retry_on=(ChannelError, NotRecorded), on_retry=self._failed
                ):
                    if stop.is_set():
                        return
                    with attempt:
                        await self._poll_once(stop)
            except (ChannelError, NotRecorded):  # stopped while failing
                return

    async def _poll_once(self, stop: asyncio.Event) -> None:
        channel = self.intake.channel
        self.started = True
        updates = await _until(channel.get_updates(self.offset, timeout=self.poll_timeout), stop)
        if updates is None:  # stopped while waiting
            return
        inbounds = self.intake.parse(updates)
        try:
            fresh = await self.intake.record(inbounds)
        except Exception as exc:
            log.error("telegram: %d updates not recorded (%r); offset kept", len(inbounds), exc)
            raise NotRecorded(type(exc).__name__) from exc
        for inbound in fresh:
            self.intake.submit(inbound)
        for update in updates:
            update_id = update.get("update_id")
            if isinstance(update_id, int):
                self.offset = max(self.offset or 0, update_id + 1)
        self.last_ok = dt.datetime.now(dt.UTC)
        self.last_error = None

    def _failed(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        self.last_error = str(exc) or type(exc).__name__
        if not isinstance(exc, NotRecorded):  # that one was logged already
            log.warning("getUpdates failed (%s); again in %.1f s", exc, state.upcoming_sleep)

    async def confirm(self) -> None:
        """Tell Telegram the updates recorded so far need not come again."""
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
