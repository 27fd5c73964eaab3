"""Where a channel's updates enter the bot, whatever the channel and however they come.

Every intake has the same shape:

    fresh = await intake.record(inbounds)   # durable first (raises when it cannot)
    ...                                     # only now tell the platform: offset, 200
    for inbound in fresh: intake.submit(inbound)   # queued on its chat, handled in order
    ...
    await intake.close(timeout)             # on stop: finish what is in hand, then side work

Recording comes before the acknowledgement so that a crash loses nothing: what was recorded
and not handled is handled after the restart (`bot/runtime.py`, `handlers/inbox.py`). A
channel's intake (`bot/telegram/intake.py`, `bot/zalo/intake.py`) adds only its parsing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from bot.per_chat import PerChatTasks
from flows.messages import Inbound
from handlers.inbox import Inbox

log = logging.getLogger(__name__)

Handle = Callable[[Inbound], Awaitable[None]]


class Intake:
    def __init__(
        self, handle: Handle, inbox: Inbox | None = None, tasks: PerChatTasks | None = None
    ) -> None:
        self._handle = handle
        # None: updates are handled without being recorded (tests of parsing and ordering).
        self.inbox = inbox
        self.tasks = tasks or PerChatTasks()
        self.received = 0
        self._side_tasks: set[asyncio.Task[Any]] = set()

    async def record(self, inbounds: Sequence[Inbound]) -> list[Inbound]:
        """Record durably; the updates not recorded before, in order. Raises when the
        database cannot take them: do not acknowledge them then."""
        if self.inbox is None:
            return list(inbounds)
        return await self.inbox.record(inbounds)

    def submit(self, inbound: Inbound) -> None:
        """Queue the handling of one update on its chat; returns at once."""

        async def work() -> None:
            await self._handle(inbound)

        self.tasks.submit(inbound.conversation_key, work)

    async def take(self, inbounds: Sequence[Inbound]) -> int:
        """Record, then queue the new ones; how many were new. Raises like `record`."""
        fresh = await self.record(inbounds)
        for inbound in fresh:
            self.submit(inbound)
        return len(fresh)

    def side_task(self, work: Coroutine[Any, Any, Any]) -> None:
        """Run something beside the handling (a button's spinner answered at once); `close`
        waits for it."""
        task = asyncio.create_task(work)
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    @property
    def pending(self) -> int:
        return self.tasks.pending

    @property
    def full(self) -> bool:
        return self.tasks.full

    async def wait_for_room(self) -> None:
        await self.tasks.wait_for_room()

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for the updates in hand; True when all finished in time (the rest are
        cancelled, and stay unhandled in the inbox for the next start)."""
        return await self.tasks.drain(timeout)

    async def close(self, timeout: float | None = None) -> bool:
        """On stop: finish the updates in hand, then the side work. True when all finished."""
        finished = await self.drain(timeout)
        await asyncio.gather(*self._side_tasks, return_exceptions=True)
        return finished
