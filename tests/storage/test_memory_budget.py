"""The memory budget: claims wait their turn, first come first served, and time out."""

from __future__ import annotations

import threading
import time

import pytest

from storage.memory_budget import MemoryBudget


def test_claims_up_to_the_total_and_gives_back() -> None:
    budget = MemoryBudget(100)
    assert budget.acquire(60, timeout=0)
    assert budget.acquire(40, timeout=0)
    assert not budget.acquire(1, timeout=0)
    budget.release(40)
    with budget.claim(40, timeout=0):
        assert budget.in_use == 100
    assert budget.in_use == 60
    assert budget.peak == 100


def test_a_claim_larger_than_the_whole_budget_is_an_error() -> None:
    with pytest.raises(ValueError):
        MemoryBudget(100).acquire(101)
    with pytest.raises(ValueError):
        MemoryBudget(0)


def test_a_claim_that_is_not_served_in_time_raises() -> None:
    budget = MemoryBudget(100)
    budget.acquire(100)
    started = time.monotonic()
    with pytest.raises(TimeoutError), budget.claim(1, timeout=0.1):
        pass
    assert time.monotonic() - started >= 0.1
    assert budget.in_use == 100


def test_claims_are_served_in_turn() -> None:
    """A large claim is not passed over by small ones that arrive after it."""
    budget = MemoryBudget(100)
    budget.acquire(50)
    served: list[str] = []

    def claim(name: str, amount: int) -> None:
        with budget.claim(amount, timeout=5):
            served.append(name)

    large = threading.Thread(target=claim, args=("large", 100))
    large.start()
    time.sleep(0.05)  # the large claim is first in line
    small = threading.Thread(target=claim, args=("small", 10))
    small.start()
    time.sleep(0.05)
    assert served == []  # 10 would fit beside the 50 held, but the large claim is ahead
    budget.release(50)
    large.join(5)
    small.join(5)
    assert served == ["large", "small"]
    assert budget.in_use == 0
