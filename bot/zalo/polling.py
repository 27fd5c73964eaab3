"""Long polling of the Zalo Bot API: getUpdates returns one update per call, 408 when idle.

There is no offset: an update is presumably consumed when it is returned, so delivery is at
most once. A webhook and polling exclude each other, so the webhook is deleted first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from bot.zalo.client import POLL_TIMEOUT, ZaloAuthError, ZaloClient
from bot.zalo.intake import ZaloIntake
from handlers.ports import ChannelError, RetryAfter

log = logging.getLogger(__name__)

MAX_BACKOFF = 60.0


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


async def run_zalo_polling(
    client: ZaloClient,
    intake: ZaloIntake,
    stop: asyncio.Event,
    *,
    poll_timeout: int = POLL_TIMEOUT,
    status: PollStatus | None = None,
) -> None:
    """Poll until `stop` is set; errors are logged and retried with backoff, never raised."""
    status = status or PollStatus()
    failures = 0
    need_delete = True
    while not stop.is_set():
        try:
            if need_delete:
                await client.delete_webhook()
                need_delete = False
                log.info("Zalo: polling for updates")
            await intake.tasks.wait_for_room()  # back-pressure when handling lags behind
            updates = await _unless_stopped(client.get_updates(poll_timeout), stop)
            if updates is None:
                break
            intake.submit(updates)
            failures = 0
            status.ok, status.failures, status.last_error = True, 0, None
            continue
        except RetryAfter as exc:
            error, delay = str(exc), exc.seconds
        except ZaloAuthError as exc:
            log.error("%s", exc)
            error, delay = str(exc), MAX_BACKOFF
        except ChannelError as exc:
            # A 400 may mean a webhook was set meanwhile (by another process or by hand).
            log.warning("Zalo getUpdates failed: %s", exc)
            need_delete = True
            error, delay = str(exc), min(MAX_BACKOFF, 2.0**failures)
        except Exception as exc:
            log.exception("Zalo polling failed")
            error, delay = type(exc).__name__, min(MAX_BACKOFF, 2.0**failures)
        failures += 1
        status.ok, status.failures = failures < 3, failures
        status.last_error = error
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=delay)
    log.info("Zalo: polling stopped")


async def _unless_stopped(
    work: Coroutine[Any, Any, list[dict[str, Any]]], stop: asyncio.Event
) -> list[dict[str, Any]] | None:
    """The poll's result, or None when `stop` is set first (the poll is then cancelled)."""
    poll = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        poll.cancel()
        raise
    finally:
        stopped.cancel()
    if poll.done():
        return poll.result()
    poll.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await poll
    return None
