"""A number of bytes that concurrent work may hold at once, claimed and given back by threads.

Photo checks claim what their decoding will hold at its peak (known from the image header)
before they decode, so that however many photos arrive together, the pixels held at once stay
under the budget. Claims are served first come, first served: a large photo is not passed over
for ever by a stream of small ones.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["MemoryBudget"]


class MemoryBudget:
    def __init__(self, total: int) -> None:
        if total <= 0:
            raise ValueError("a memory budget must be positive")
        self.total = total
        self._used = 0
        self._peak = 0
        self._queue: deque[object] = deque()
        self._changed = threading.Condition()

    @property
    def in_use(self) -> int:
        with self._changed:
            return self._used

    @property
    def peak(self) -> int:
        """The most ever claimed at once (benchmarks and tests read it)."""
        with self._changed:
            return self._peak

    def acquire(self, amount: int, timeout: float | None = None) -> bool:
        """Claim `amount` bytes, waiting in turn; False if `timeout` seconds passed first."""
        if amount > self.total:
            raise ValueError("the claim is larger than the whole budget")
        ticket = object()
        with self._changed:
            self._queue.append(ticket)
            try:
                granted = self._changed.wait_for(
                    lambda: self._queue[0] is ticket and self._used + amount <= self.total,
                    timeout,
                )
                if granted:
                    self._used += amount
                    self._peak = max(self._peak, self._used)
                return granted
            finally:
                self._queue.remove(ticket)
                self._changed.notify_all()  # the next in line may fit now

    def release(self, amount: int) -> None:
        with self._changed:
            self._used -= amount
            self._changed.notify_all()

    @contextmanager
    def claim(self, amount: int, timeout: float | None = None) -> Iterator[None]:
        """Hold `amount` bytes for the block; TimeoutError if they were not free in time."""
        if not self.acquire(amount, timeout):
            raise TimeoutError("the memory budget stayed full")
        try:
            yield
        finally:
            self.release(amount)
