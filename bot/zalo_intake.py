"""Where Zalo updates enter the bot, from polling or the webhook alike.

Each update is parsed and handed to the dispatcher in a background task: a webhook must be
answered at once, and one slow conversation must not hold up the others. Updates of one chat
still run in the order they came, each after the previous one finished.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.zalo_parse import parse_update, split_updates
from flows.messages import Inbound

log = logging.getLogger(__name__)

Handle = Callable[[Inbound], Awaitable[None]]

MAX_CONCURRENT = 32


class ZaloIntake:
    def __init__(self, handle: Handle, *, max_concurrent: int = MAX_CONCURRENT) -> None:
        self._handle = handle
        self._slots = asyncio.Semaphore(max_concurrent)
        self._last: dict[str, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, body: Any) -> int:
        """Schedule every update in `body` (enveloped or bare, one or many); return how many
        were message updates. Never raises on a malformed body."""
        count = 0
        for update in split_updates(body):
            # Raw payloads help settle the open questions on their shape; DEBUG only, as
            # they hold what users wrote.
            log.debug("Zalo update: %s", update)
            try:
                inbound = parse_update(update)
            except Exception:
                log.exception("Zalo update could not be parsed")
                continue
            if inbound is not None:
                self._schedule(inbound)
                count += 1
        return count

    def _schedule(self, inbound: Inbound) -> None:
        key = inbound.conversation_key
        task = asyncio.create_task(self._run(inbound, self._last.get(key)))
        self._last[key] = task
        self._tasks.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            self._tasks.discard(finished)
            if self._last.get(key) is finished:
                del self._last[key]

        task.add_done_callback(done)

    async def _run(self, inbound: Inbound, previous: asyncio.Task[None] | None) -> None:
        if previous is not None:
            await asyncio.gather(previous, return_exceptions=True)
        async with self._slots:
            try:
                await self._handle(inbound)
            except Exception:
                log.exception("Zalo message %s failed", inbound.message_id)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait for the updates already taken in (on shutdown), cancelling what overruns."""
        if not self._tasks:
            return
        _, late = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            log.warning("%d Zalo updates cancelled at shutdown", len(late))
            await asyncio.gather(*late, return_exceptions=True)
