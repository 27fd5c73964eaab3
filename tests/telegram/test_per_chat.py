"""PerChatTasks: one chat in order, chats side by side, a drain that waits."""

from __future__ import annotations

import asyncio

from bot.per_chat import PerChatTasks


async def test_one_chat_in_order_chats_concurrently() -> None:
    tasks = PerChatTasks()
    log: list[str] = []
    release = asyncio.Event()

    def work(name: str, wait: bool = False) -> object:
        async def run() -> None:
            if wait:
                await release.wait()
            log.append(name)

        return run

    tasks.submit("a", work("a1", wait=True))  # type: ignore[arg-type]
    tasks.submit("a", work("a2"))  # type: ignore[arg-type]
    tasks.submit("b", work("b1"))  # type: ignore[arg-type]
    await asyncio.sleep(0.05)
    assert log == ["b1"]  # chat b did not wait for chat a
    assert tasks.pending == 2
    release.set()
    assert await tasks.drain(1.0)
    assert log == ["b1", "a1", "a2"]
    assert tasks.pending == 0


async def test_failure_does_not_stop_the_chat() -> None:
    tasks = PerChatTasks()
    done: list[int] = []

    async def boom() -> None:
        raise RuntimeError("boom")

    async def ok() -> None:
        done.append(1)

    tasks.submit("a", boom)
    tasks.submit("a", ok)
    assert await tasks.drain(1.0)
    assert done == [1]


async def test_drain_gives_up_after_timeout() -> None:
    tasks = PerChatTasks()

    async def forever() -> None:
        await asyncio.Event().wait()

    tasks.submit("a", forever)
    tasks.submit("a", forever)
    assert not await tasks.drain(0.05)
    assert tasks.pending == 0


async def test_producer_waits_for_room() -> None:
    tasks = PerChatTasks(max_pending=2)
    gate = asyncio.Event()

    async def slow() -> None:
        await gate.wait()

    tasks.submit("a", slow)
    tasks.submit("b", slow)
    assert tasks.full
    waiter = asyncio.create_task(tasks.wait_for_room())
    await asyncio.sleep(0.02)
    assert not waiter.done()
    gate.set()
    await asyncio.wait_for(waiter, 1.0)
    assert await tasks.drain(1.0)
