"""Long polling of the Zalo Bot API: getUpdates returns one update per call, 408 when idle.

There is no offset: an update is presumably consumed when it is returned, so it is recorded in
the inbox right after receipt, before the next poll; while the database refuses it, polling
waits and recording is retried (nothing more is fetched that could be lost). A webhook and
polling exclude each other, so the webhook is deleted first. Failures are retried with the one
backoff policy (handlers/retry_policy.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from tenacity import RetryCallState

from bot.zalo.client import POLL_TIMEOUT, ZaloAuthError, ZaloClient
from bot.zalo.intake import ZaloIntake
from flows.messages import Inbound
from handlers.ports import ChannelError
from handlers.retry_policy import retrying

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass
class PollStatus:
    """For the health check: is polling getting through to Zalo?"""

    ok: bool = True
    failures: int = 0
    last_error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "mode": "polling",
            "failures": self.failures,
            "last_error": self.last_error,
        }

    def failed(self, error: str) -> None:
        self.failures += 1
        self.ok, self.last_error = self.failures < 3, error

    def succeeded(self) -> None:
        self.ok, self.failures, self.last_error = True, 0, None


async def run_zalo_polling(
    client: ZaloClient,
    intake: ZaloIntake,
    stop: asyncio.Event,
    *,
    poll_timeout: int = POLL_TIMEOUT,
    status: PollStatus | None = None,
) -> None:
    """Poll until `stop` is set; errors are logged and retried with backoff, never raised."""
    poller = _Poller(client, intake, stop, poll_timeout, status or PollStatus())
    await poller.run()
    log.info("Zalo: polling stopped")


class _Poller:
    def __init__(
        self,
        client: ZaloClient,
        intake: ZaloIntake,
        stop: asyncio.Event,
        poll_timeout: int,
        status: PollStatus,
    ) -> None:
        self.client = client
        self.intake = intake
        self.stop = stop
        self.poll_timeout = poll_timeout
        self.status = status
        self.need_delete = True

    async def run(self) -> None:
        while not self.stop.is_set():
            await _unless_stopped(self.intake.wait_for_room(), self.stop)
            updates = await self._fetch()
            if updates is None:  # stopped
                return
            await self._record(self.intake.parse(updates))

    async def _fetch(self) -> list[dict[str, Any]] | None:
        updates: list[dict[str, Any]] | None = None
        try:
            async for attempt in retrying(self.stop, retry_on=Exception, on_retry=self._failed):
                if self.stop.is_set():
                    return None
                with attempt:
                    if self.need_delete:
                        await self.client.delete_webhook()
                        self.need_delete = False
                        log.info("Zalo: polling for updates")
                    updates = await _unless_stopped(
                        self.client.get_updates(self.poll_timeout), self.stop
                    )
        except Exception:  # stopped while failing
            return None
        self.status.succeeded()
        return updates

    def _failed(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, ZaloAuthError):
            log.error("%s", exc)
        elif isinstance(exc, ChannelError):
            # A 400 may mean a webhook was set meanwhile (by another process or by hand).
            log.warning("Zalo getUpdates failed: %s", exc)
            self.need_delete = True
        else:
            log.error("Zalo polling failed: %r", exc)
        self.status.failed(str(exc) if isinstance(exc, ChannelError) else type(exc).__name__)

    async def _record(self, inbounds: list[Inbound]) -> None:
        """Record what was received (Zalo will not send it again), retrying while the
        database refuses; then queue it. Stopped first, it is handled unrecorded."""

        def failed(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome is not None else None
            log.error("Zalo: %d updates not recorded (%r); trying again", len(inbounds), exc)
            self.status.failed(f"not recorded: {type(exc).__name__}")

        fresh: list[Inbound] = inbounds
        try:
            async for attempt in retrying(self.stop, retry_on=Exception, on_retry=failed):
                with attempt:
                    fresh = await self.intake.record(inbounds)
        except Exception:
            log.error("Zalo: stopping with %d updates unrecorded; handling them", len(inbounds))
        for inbound in fresh:
            self.intake.submit(inbound)


async def _unless_stopped(work: Coroutine[Any, Any, T], stop: asyncio.Event) -> T | None:
    """The result of `work`, or None when `stop` is set first (`work` is then cancelled)."""
    task = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        raise
    finally:
        stopped.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None
