"""The conversation scenarios (tests/e2e/scenarios.py) on every channel: the console, and the
real `ocop-bot run` process over the fake Telegram and Zalo Bot APIs.

Each channel gets one data directory and, for Telegram and Zalo, one bot process for the whole
module (starting aiogram costs seconds); every test talks as a user of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e import scenarios
from tests.e2e.drivers import ChatDriver, TelegramDriver, ZaloDriver, console_chat
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.support import (
    BotProcess,
    base_env,
    export_ideas,
    issue_demo_stamp,
    telegram_bot,
    zalo_bot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

OpenChat = Callable[[int], AbstractAsyncContextManager[ChatDriver]]


@dataclass
class Stage:
    """One channel ready for the scenarios: `open_chat(n)` is the n-th user's chat."""

    channel: str
    workdir: Path
    env: dict[str, str]
    stamp_png: bytes  # a genuine stamp of the demo product 3, issued before the bot started
    open_chat: OpenChat

    async def export(self) -> list[dict[str, str]]:
        return await export_ideas(self.env, self.workdir)


@asynccontextmanager
async def console_stage(workdir: Path) -> AsyncIterator[Stage]:
    env = base_env(workdir / "var")
    stamp = await issue_demo_stamp(env, workdir)
    yield Stage("console", workdir, env, stamp, lambda n: console_chat(env, workdir, f"u{n}"))


@asynccontextmanager
async def _running(bot: BotProcess, secrets: list[str]) -> AsyncIterator[bytes]:
    """The stamp issued, then the bot started; at the end it stops cleanly, secrets unlogged."""
    try:
        stamp = await issue_demo_stamp(bot.env(), bot.workdir)
        await bot.start()
        yield stamp
        assert await bot.stop() == 0
        assert not [s for s in secrets if s in bot.log()]
    finally:
        await bot.kill()


@asynccontextmanager
async def _explained(bot: BotProcess, driver: ChatDriver) -> AsyncIterator[ChatDriver]:
    """A failing conversation reports what became of the bot process, with its log's end."""
    try:
        yield driver
    except (AssertionError, TimeoutError) as failure:
        assert bot.proc is not None
        state = "running" if bot.proc.returncode is None else f"exited {bot.proc.returncode}"
        told = f"{failure}\n-- the bot is {state}; its log ends:\n{bot.tail()}"
        raise AssertionError(told) from failure


@asynccontextmanager
async def telegram_stage(workdir: Path) -> AsyncIterator[Stage]:
    async with FakeTelegram() as tg:
        bot = telegram_bot(tg, workdir / "var")

        def open_chat(n: int) -> AbstractAsyncContextManager[ChatDriver]:
            return _explained(bot, TelegramDriver(tg, tg.user(5200000000 + n)))

        async with _running(bot, [tg.token]) as stamp:
            yield Stage("telegram", workdir, bot.env(), stamp, open_chat)


@asynccontextmanager
async def zalo_stage(workdir: Path) -> AsyncIterator[Stage]:
    async with FakeZalo() as zalo:
        bot = zalo_bot(zalo, workdir / "var")

        def open_chat(n: int) -> AbstractAsyncContextManager[ChatDriver]:
            return _explained(bot, ZaloDriver(zalo, zalo.user(f"5a10{n:016x}")))

        async with _running(bot, [zalo.token, zalo.token.split(":")[1]]) as stamp:
            yield Stage("zalo", workdir, bot.env(), stamp, open_chat)


STAGES = {"console": console_stage, "telegram": telegram_stage, "zalo": zalo_stage}


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=list(STAGES))
async def stage(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stage]:
    name = str(request.param)
    async with STAGES[name](tmp_path_factory.mktemp(name)) as ready:
        yield ready


async def test_a_registration_is_exported_and_listed_in_my_ideas(stage: Stage) -> None:
    async with stage.open_chat(1) as chat:
        number = await scenarios.register_idea(chat)
        if isinstance(chat, TelegramDriver):
            chat.check_keyboards_after_registration()
        scenarios.check_exported(await stage.export(), number, stage.channel)
        await scenarios.my_ideas_list(chat, number)


async def test_wrong_answers_are_corrected_then_answers_go_back_and_get_edited(
    stage: Stage,
) -> None:
    async with stage.open_chat(2) as chat:
        await scenarios.wrong_answers_are_corrected(chat)
        number = await scenarios.go_back_and_edit(chat)
    scenarios.check_edited_export(await stage.export(), number, stage.channel)


async def test_a_stamp_photo_is_checked_outside_any_form(stage: Stage) -> None:
    async with stage.open_chat(3) as chat:
        await scenarios.check_a_stamp(chat, stage.stamp_png)


async def test_a_photo_nothing_reads_in_is_answered_with_what_to_change(stage: Stage) -> None:
    async with stage.open_chat(7) as chat:
        await scenarios.unreadable_photos_get_advice(chat)


async def test_an_unknown_message_gets_the_hint_and_the_menu(stage: Stage) -> None:
    async with stage.open_chat(4) as chat:
        await scenarios.unknown_message_gets_a_hint(chat)
