"""Run work one chat at a time, many chats at once.

Updates of one chat must be handled in arrival order (an album's photos before the "done" that
follows them), yet a slow chat must not hold the others up. Each chat gets a queue drained by its
own task, which exists only while the queue has work.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Work = Callable[[], Awaitable[None]]


class PerChatTasks:
    def __init__(self, max_pending: int = 5000) -> None:
        self.max_pending = max_pending
        self._queues: dict[str, deque[Work]] = {}
        self._workers: set[asyncio.Task[None]] = set()
        self._pending = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._room = asyncio.Event()
        self._room.set()

    @property
    def pending(self) -> int:
        """Work items queued or running."""
        return self._pending

    @property
    def full(self) -> bool:
        return self._pending >= self.max_pending

    def submit(self, key: str, work: Work) -> None:
        self._pending += 1
        self._idle.clear()
        if self.full:
            self._room.clear()
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(work)
            return
        queue = deque([work])
        self._queues[key] = queue
        task = asyncio.create_task(self._drain(key, queue), name=f"chat {key}")
        self._workers.add(task)
        task.add_done_callback(self._workers.discard)

    async def _drain(self, key: str, queue: deque[Work]) -> None:
        try:
            while queue:
                # The item stays queued while it runs, so a submit meanwhile appends behind it.
                work = queue[0]
                try:
                    await work()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("work for %s failed", key)
                finally:
                    queue.popleft()
                    self._done_one()
        finally:
            if self._queues.get(key) is queue:
                del self._queues[key]
            # Items left behind by a cancellation are dropped: count them out.
            for _ in range(len(queue)):
                self._done_one()
            queue.clear()

    def _done_one(self) -> None:
        self._pending -= 1
        if self._pending < self.max_pending:
            self._room.set()
        if self._pending == 0:
            self._idle.set()

    async def wait_for_room(self) -> None:
        """Block the producer (the poller) while too much work is queued."""
        while self.full:
            await self._room.wait()

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for every queued item; on timeout cancel the rest. True when all finished."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            return True
        except TimeoutError:
            workers = list(self._workers)
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            return False
