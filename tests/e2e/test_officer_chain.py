"""The officers' whole chain (tests/e2e/officer_chain.py) on every channel: the console, with
the people taking turns at `ocop-bot chat --user NAME` on one data directory, and the real
`ocop-bot run` process over the fake Telegram and Zalo Bot APIs.

The console's transcript of the five people is kept in
tests/e2e/transcripts/officers.chain.console.txt and compared exactly (dates, codes, serials and
paths masked); after changing a text, regenerate it with OCOP_REGENERATE_TRANSCRIPTS=1 and
read the diff.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from tests.e2e import officer_chain
from tests.e2e.drivers import ChatDriver, TelegramDriver, ZaloDriver, console_chat
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.officer_chain import PUBLIC_URL, Person, Transcript, visiting
from tests.e2e.support import REPO, BotProcess, base_env, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TRANSCRIPT = REPO / "tests" / "e2e" / "transcripts" / "officers.chain.console.txt"
REGENERATE = os.environ.get("OCOP_REGENERATE_TRANSCRIPTS") == "1"


@dataclass
class ConsoleRoom:
    """One data directory; each visit is one `ocop-bot chat --user WHO` run to its end."""

    workdir: Path
    channel: str = "console"
    transcript: Transcript = field(default_factory=Transcript)

    @property
    def env(self) -> dict[str, str]:
        return {**base_env(self.workdir / "var"), "OCOP_PUBLIC_URL": PUBLIC_URL}

    @asynccontextmanager
    async def visit(self, who: str) -> AsyncIterator[Person]:
        async with (
            console_chat(self.env, self.workdir, who) as chat,
            visiting(self, who, chat) as person,
        ):
            yield person

    async def sheet(self, person: Person) -> bytes:
        found = re.search(r"\[tệp/file: ([^\]]+)\]", person.last_reply())
        assert found is not None, person.last_reply()
        return Path(found.group(1)).read_bytes()


@dataclass
class PublicBot(BotProcess):
    """The bot with a public https address for its stamps (see officer_chain.PUBLIC_URL)."""

    def env(self) -> dict[str, str]:
        return {**super().env(), "OCOP_PUBLIC_URL": PUBLIC_URL}


@dataclass
class ChatRoom:
    """A running bot; each person keeps their chat open the whole time."""

    channel: str
    bot: PublicBot
    chats: dict[str, ChatDriver]
    transcript: Transcript = field(default_factory=Transcript)

    @property
    def workdir(self) -> Path:
        return self.bot.workdir

    @property
    def env(self) -> dict[str, str]:
        return self.bot.env()

    def visit(self, who: str) -> AbstractAsyncContextManager[Person]:
        return self._explained(visiting(self, who, self.chats[who]))

    @asynccontextmanager
    async def _explained(self, visit: AbstractAsyncContextManager[Person]) -> AsyncIterator[Person]:
        """A failing step reports what became of the bot process, with its log's end."""
        try:
            async with visit as person:
                yield person
        except (AssertionError, TimeoutError) as failure:
            assert self.bot.proc is not None
            code = self.bot.proc.returncode
            state = "running" if code is None else f"exited {code}"
            told = f"{failure}\n-- the bot is {state}; its log ends:\n{self.bot.tail()}"
            raise AssertionError(told) from failure

    async def sheet(self, person: Person) -> bytes:
        if isinstance(person.chat, TelegramDriver):
            documents = person.chat.documents()
            assert len(documents) == 1, person.last_reply()
            return documents[0]
        # Zalo takes no files from bots: the answer links to the sheet on the bot's public
        # address, reached here at the bot's own web server (as FakeZalo.served_at does).
        found = re.search(rf"{re.escape(PUBLIC_URL)}(/\S+\.pdf)", person.last_reply())
        assert found is not None, person.last_reply()
        async with (
            aiohttp.ClientSession() as session,
            session.get(self.bot.url + found.group(1)) as response,
        ):
            assert response.status == 200, (response.status, found.group(0))
            return await response.read()


@asynccontextmanager
async def running(bot: PublicBot, secrets: list[str]) -> AsyncIterator[None]:
    try:
        await bot.start()
        yield
        assert await bot.stop() == 0
        assert not [s for s in secrets if s in bot.log()]
    finally:
        await bot.kill()


PEOPLE = list(officer_chain.WHO)


async def test_the_whole_chain_on_the_console(tmp_path: Path) -> None:
    room = ConsoleRoom(tmp_path)
    room.transcript.masks.append((str(tmp_path), "<thư mục>"))
    try:
        day = await officer_chain.talk_chain(room)
    finally:  # what the people saw up to a failure, to read beside the test's report
        (tmp_path / TRANSCRIPT.name).write_text(room.transcript.text(), encoding="utf-8")
    told = room.transcript.text()
    if REGENERATE or not TRANSCRIPT.exists():
        TRANSCRIPT.write_text(told, encoding="utf-8")
    assert told == TRANSCRIPT.read_text(encoding="utf-8")
    await officer_chain.check_monthly_report(room, day)


async def test_the_whole_chain_on_telegram(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        channel = {"OCOP_TELEGRAM_TOKEN": tg.token, "OCOP_TELEGRAM_API_URL": tg.base_url}
        bot = PublicBot(tmp_path / "var", free_port(), channel, tg.calls)
        names = ["Hoa", "Xã", "Huyền", "Tĩnh", "Khách"]
        chats: dict[str, ChatDriver] = {
            who: TelegramDriver(tg, tg.user(5300000001 + n, name))
            for n, (who, name) in enumerate(zip(PEOPLE, names, strict=True))
        }
        async with running(bot, [tg.token]):
            await officer_chain.run_chain(ChatRoom("telegram", bot, chats))


async def test_the_whole_chain_on_zalo(tmp_path: Path) -> None:
    async with FakeZalo() as zalo:
        channel = {"OCOP_ZALO_TOKEN": zalo.token, "OCOP_ZALO_API_URL": zalo.base_url}
        bot = PublicBot(tmp_path / "var", free_port(), channel, zalo.calls)
        zalo.served_at[PUBLIC_URL] = bot.url  # the bot's photo links, behind its TLS proxy
        chats: dict[str, ChatDriver] = {
            who: ZaloDriver(zalo, zalo.user(f"5b30{n:016x}")) for n, who in enumerate(PEOPLE)
        }
        async with running(bot, [zalo.token, zalo.token.split(":")[1]]):
            await officer_chain.run_chain(ChatRoom("zalo", bot, chats))
