"""One chat's updates keep their order across processes on a shared database: the proxy may
hand a person's first message to one process and the second to another. The second waits
for the first to be handled there; a first update whose process died is taken over."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from flows.messages import Reply
from flows.texts import t
from handlers.inbox import Inbox
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from tests.harness import Bot, make_bot

MENU_FIRST = t("MENU_REGISTER", "vi")
STEP_1 = "Bước 1/"


def shows_menu(replies: list[Reply]) -> bool:
    return any(MENU_FIRST in [o.label for o in r.options] for r in replies)


def two_processes(database: Database, tmp_path: Path, wait: float) -> tuple[Bot, Bot]:
    bots = make_bot(database, tmp_path / "a"), make_bot(database, tmp_path / "b")
    # Both talk to the one platform: what either delivers reaches the same chat, in order.
    bots[1].channel = bots[0].channel
    bots[1].dispatcher.channels["fake"] = bots[0].channel  # type: ignore[index]
    for bot in bots:
        bot.dispatcher.ordered_across_processes = True
        bot.dispatcher.order_wait = dt.timedelta(seconds=wait)
    return bots


async def test_the_second_message_waits_for_the_first_in_another_process(
    database: Database, tmp_path: Path
) -> None:
    one, other = two_processes(database, tmp_path, wait=30)
    first, second = one.inbound(text="/start"), one.inbound(text="1")
    await Inbox(database, one.clock).record([first])  # process one took the first message
    await Inbox(database, other.clock).record([second])  # the second went to the other
    answered = asyncio.create_task(other.send(second))
    await asyncio.sleep(0.5)
    assert not answered.done() and other.channel.sent == []  # "1" means nothing before /start
    assert shows_menu(await one.send(first))
    await asyncio.wait_for(answered, 10)
    texts = one.channel.texts()
    assert len(texts) == 2 and STEP_1 in texts[1]  # "1" chose the menu's first line


async def test_a_dead_processs_earlier_message_is_taken_over_once(
    database: Database, tmp_path: Path
) -> None:
    dead, alive = two_processes(database, tmp_path, wait=0.3)
    first, second = dead.inbound(text="/start"), dead.inbound(text="1")
    await Inbox(database, dead.clock).record([first])  # its process died before handling it
    await Inbox(database, alive.clock).record([second])
    replies = await alive.send(second)
    assert shows_menu(replies[:-1]) and STEP_1 in replies[-1].text
    assert await dead.send(first) == []  # restarted, it finds the update handled: no repeat
    async with UnitOfWork(database) as uow:
        assert await uow.inbox.unhandled() == []


async def test_without_a_shared_database_nothing_is_waited_for(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    assert bot.dispatcher.ordered_across_processes is False
    first, second = bot.inbound(text="/start"), bot.inbound(text="help")
    await Inbox(database, bot.clock).record([first, second])
    assert await bot.send(second)  # the chat's queue keeps the order in one process
