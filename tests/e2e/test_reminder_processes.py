"""Reminders and replies through real `ocop-bot run` processes and the fake Telegram server.

- Two processes on one PostgreSQL database, updates pushed to each in turn: producers chat
  while 200 reminders fall due; every reply and every reminder arrives, none twice.
- A SIGKILL after the outbox claimed its rows and while the sends are in the air (the fake
  holds them, then answers nobody): after the restart each message is sent, once.
- An announcement to 2,000 producers: all delivered, once each, and the channel's limit never
  exceeded in any one-second window.

The fake counts what it accepted; the outbox table says what the bot meant to send.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import Database, sqlite_url
from tests.e2e.drivers import TelegramDriver
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.support import (
    STEP_TIMEOUT,
    BotProcess,
    free_port,
    is_postgresql,
    reset_postgresql,
    seed_due_reminders,
)

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("signals", allow_module_level=True)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PG_URL = os.environ.get("OCOP_TEST_DATABASE_URL")
DATABASES = ["sqlite", "postgresql"] if is_postgresql(PG_URL) else ["sqlite"]
needs_postgresql = pytest.mark.skipif(
    not is_postgresql(PG_URL), reason="OCOP_TEST_DATABASE_URL is not PostgreSQL"
)
ANNOUNCEMENT = "Tập huấn OCOP sáng thứ Năm tại UBND huyện Vũ Quang."
SECRET = "e2e-webhook-secret-shared"


class Bots:
    """The processes of one test, on one database, killed at its end whatever happened."""

    def __init__(self, tg: FakeTelegram, root: Path, url: str) -> None:
        self.tg = tg
        self.root = root
        self.url = url
        self.started: list[BotProcess] = []

    def new(
        self, name: str, *, webhook: bool = False, settings: Mapping[str, str] | None = None
    ) -> BotProcess:
        env = {
            "OCOP_TELEGRAM_TOKEN": self.tg.token,
            "OCOP_TELEGRAM_API_URL": self.tg.base_url,
            "OCOP_DATABASE_URL": self.url,
            "OCOP_QUIET_HOURS": "0-0",  # the tests run at any hour
            "OCOP_REMINDER_SWEEP_SECONDS": "1",
            "OCOP_WEBHOOK_SECRET": SECRET,
            **(settings or {}),
        }
        data_dir = self.root / name / "var"
        data_dir.mkdir(parents=True, exist_ok=True)
        bot = BotProcess(data_dir, free_port(), env, self.tg.calls, webhook=webhook)
        self.started.append(bot)
        return bot

    def logs(self) -> str:
        return "\n".join(f"--- {b.data_dir.parent.name}\n{b.tail()}" for b in self.started)

    async def kill_all(self) -> None:
        for bot in self.started:
            await bot.kill()


async def _database_url(kind: str, tmp_path: Path) -> str:
    if kind == "postgresql":
        assert PG_URL is not None
        await reset_postgresql(PG_URL)
        return PG_URL
    url = sqlite_url(tmp_path / "ocop.sqlite3")
    db = Database(url)
    await db.upgrade()
    await db.dispose()
    return url


async def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            return [tuple(row) for row in await conn.execute(text(sql))]
    finally:
        await db.dispose()


async def _outbox_per_chat(url: str) -> dict[int, int]:
    rows = await _query(
        url, "SELECT chat_id, COUNT(*) FROM outbox WHERE channel = 'telegram' GROUP BY chat_id"
    )
    return {int(str(chat)): int(str(n)) for chat, n in rows}


async def _until(what: str, check: Callable[[], bool], timeout: float, bots: Bots) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not in {timeout} s\n{bots.logs()}")
        await asyncio.sleep(0.1)


def _each_once(tg: FakeTelegram, chats: list[int]) -> tuple[list[int], list[int]]:
    """The chats that got nothing, and those that got more than one message."""
    counts = tg.accepted_per_chat()
    return (
        [c for c in chats if counts.get(c, 0) == 0],
        [c for c in chats if counts.get(c, 0) > 1],
    )


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(webhook_fanout=True) as fake:
        yield fake


# ------------------------------------------------------------------ the fake's own measures


async def test_the_fake_measures_windows_and_drops_sends_of_a_client_gone() -> None:
    """What the process tests rely on: the sliding window count, and a held send whose
    client went away left unrecorded while one whose client waited is recorded."""
    import aiohttp

    async with FakeTelegram() as fake:
        fake.stall_sends([1])
        url = f"{fake.base_url}/bot{fake.token}/sendMessage"
        async with aiohttp.ClientSession() as http:
            waiting = asyncio.create_task(http.post(url, json={"chat_id": 2, "text": "b"}))
            gone = asyncio.create_task(http.post(url, json={"chat_id": 1, "text": "a"}))
            await fake.wait_stalled(1)
            gone.cancel()  # the client gives up: its connection is closed
            await asyncio.sleep(0.2)
            fake.release_sends()
            async with await waiting as resp:
                assert resp.status == 200
            await asyncio.sleep(0.2)
        assert fake.accepted_per_chat() == {2: 1}
        assert fake.abandoned == [1]
    times = [0.0, 0.1, 0.5, 0.99, 1.0, 1.5, 3.0]
    fake.accepted_at = times
    assert fake.max_in_window(1.0) == 4  # 0.1 .. 1.0 (1.0 - 0.0 is a whole window: out)


# ------------------------------------------------------------------ two processes


async def _chat(driver: TelegramDriver, n: int) -> list[str]:
    """A producer starting a registration: four messages, four different answers."""
    answers = [await driver.say("/start")]
    assert "Đăng ký ý tưởng" in answers[0], answers[0]
    answers.append(await driver.choose("Đăng ký ý tưởng"))
    answers.append(await driver.say(f"Nguyễn Thị Hoa {n}"))
    answers.append(await driver.choose("Hợp tác xã"))
    return answers


@needs_postgresql
async def test_two_processes_send_no_reply_and_no_reminder_twice(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    bots = Bots(tg, tmp_path, await _database_url("postgresql", tmp_path))
    try:
        first, second = bots.new("p1", webhook=True), bots.new("p2", webhook=True)
        await asyncio.gather(first.start(), second.start())
        assert len(tg.webhook_targets) == 2
        reminded = [6_300_000_001 + i for i in range(200)]
        producers = [TelegramDriver(tg, tg.user(6_200_000_001 + i)) for i in range(20)]
        chatting = [asyncio.create_task(_chat(d, i)) for i, d in enumerate(producers)]
        await seed_due_reminders(
            bots.url, reminded, subject="announcement:e2e-two", text_for=ANNOUNCEMENT
        )
        answers = await asyncio.wait_for(asyncio.gather(*chatting), 6 * STEP_TIMEOUT)
        await _until(
            "every reminder delivered",
            lambda: all(tg.count_to(c) for c in reminded),
            120,
            bots,
        )
        await asyncio.sleep(3)  # a message sent twice would come now

        # Both processes took updates, and all 80 were answered.
        targets = {url for url, _ in tg.webhook_targets}
        assert set(tg.delivered_to.values()) == targets, Counter(tg.delivered_to.values())
        for n, replies in enumerate(answers):
            assert len(replies) == 4 and all(replies), (n, replies)
        missing, doubled = _each_once(tg, reminded)
        assert not missing and not doubled, (missing, doubled)
        for driver in producers:
            texts = Counter(s.text for s in tg.sent_to(driver.user.id))
            assert max(texts.values()) == 1, texts
        # What the outbox meant to send, each row once: not a message more, not one less.
        assert await _outbox_per_chat(bots.url) == tg.accepted_per_chat()
        assert ANNOUNCEMENT in (tg.sent_to(reminded[0])[0].text or "")
        assert await first.stop() == 0 and await second.stop() == 0
    finally:
        await bots.kill_all()


# ------------------------------------------------------------------ SIGKILL in the air


@pytest.mark.parametrize("kind", DATABASES)
async def test_a_sigkill_between_claim_and_send_sends_each_once_after_restart(
    tg: FakeTelegram, tmp_path: Path, kind: str
) -> None:
    bots = Bots(tg, tmp_path, await _database_url(kind, tmp_path))
    short = {"OCOP_OUTBOX_CLAIM_SECONDS": "2", "OCOP_OUTBOX_CHANNEL_LEASE_SECONDS": "2"}
    chats = [6_400_000_001 + i for i in range(5)]
    try:
        bot = bots.new("p1", settings=short)
        await bot.start()
        tg.stall_sends()
        await seed_due_reminders(bots.url, chats, subject="announcement:e2e-kill")
        await tg.wait_stalled(1, timeout=60)
        claimed = await _query(bots.url, "SELECT id FROM outbox WHERE claimed_by IS NOT NULL")
        assert claimed, "the outbox sends rows it has not claimed"
        await bot.stop(signal.SIGKILL)
        await asyncio.sleep(0.5)  # the kernel closes the dead process's connections
        held = tg.stalled
        tg.release_sends()
        await _until("the held sends answered", lambda: tg.stalled == 0, 10, bots)
        assert len(tg.abandoned) == held >= 1 and tg.sent_count == 0

        await bot.start()
        await _until("each chat reminded", lambda: all(tg.count_to(c) for c in chats), 90, bots)
        await asyncio.sleep(3)  # the claim (2 s) passes again: nothing may go twice
        missing, doubled = _each_once(tg, chats)
        assert not missing and not doubled, (missing, doubled, bots.logs())
        assert await _outbox_per_chat(bots.url) == {c: 1 for c in chats}
        assert await bot.stop() == 0
    finally:
        tg.release_sends()
        await bots.kill_all()


# ------------------------------------------------------------------ 2,000 at the limit


@pytest.mark.parametrize("kind", DATABASES)
async def test_an_announcement_to_2000_producers_keeps_the_rate_limit(
    tmp_path: Path, kind: str
) -> None:
    limit = 100
    async with FakeTelegram(record_sends=False) as tg:
        bots = Bots(tg, tmp_path, await _database_url(kind, tmp_path))
        chats = [6_500_000_001 + i for i in range(2000)]
        try:
            limits = {"OCOP_TELEGRAM_PER_SECOND": str(limit), "OCOP_LOG_LEVEL": "WARNING"}
            bot = bots.new("p1", settings=limits)
            await bot.start()
            await seed_due_reminders(
                bots.url, chats, subject="announcement:e2e-2000", text_for=ANNOUNCEMENT
            )
            started = time.monotonic()
            await _until("2,000 delivered", lambda: tg.sent_count >= len(chats), 120, bots)
            took = time.monotonic() - started
            await asyncio.sleep(2)
            missing, doubled = _each_once(tg, chats)
            assert not missing and not doubled, (len(missing), len(doubled))
            assert tg.max_in_window(1.0) <= limit, tg.max_in_window(1.0)
            assert tg.max_in_window_per_chat(1.0) == 1
            # Not only under the limit: near it (the sweep and the outbox keep up).
            assert len(chats) / took >= 0.8 * limit, f"{len(chats) / took:.0f}/s"
            assert await bot.stop() == 0
        finally:
            await bots.kill_all()
