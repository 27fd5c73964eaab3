"""Where Zalo updates enter the bot, from polling or the webhook alike.

Each update is parsed and its handling queued on its chat (`PerChatTasks`): a webhook must be
answered at once, one slow conversation must not hold up the others, and one chat's updates
still run in the order they came.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.per_chat import PerChatTasks
from bot.zalo.parse import parse_update, split_updates
from flows.messages import Inbound

log = logging.getLogger(__name__)

Handle = Callable[[Inbound], Awaitable[None]]


class ZaloIntake:
    def __init__(self, handle: Handle, tasks: PerChatTasks | None = None) -> None:
        self._handle = handle
        self.tasks = tasks or PerChatTasks()
        self.received = 0

    def submit(self, body: Any) -> int:
        """Queue every update in `body` (enveloped or bare, one or many); return how many
        were messages to handle. Never raises on a malformed body."""
        count = 0
        for update in split_updates(body):
            self.received += 1
            # Raw payloads help settle the open questions on their shape; DEBUG only, as
            # they hold what users wrote.
            log.debug("Zalo update: %s", update)
            try:
                inbound = parse_update(update)
            except Exception:
                log.exception("Zalo update could not be parsed")
                continue
            if inbound is not None:
                self.tasks.submit(inbound.conversation_key, self._work(inbound))
                count += 1
        return count

    def _work(self, inbound: Inbound) -> Callable[[], Awaitable[None]]:
        async def work() -> None:
            await self._handle(inbound)

        return work

    @property
    def pending(self) -> int:
        return self.tasks.pending

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for the updates in hand (on shutdown); True when all finished in time."""
        return await self.tasks.drain(timeout)
