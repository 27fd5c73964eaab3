"""The real `ocop-bot run` process against the local fake Telegram Bot API, over HTTP:
what is Telegram's own (the webhook and its secret, 429s, shutdown and crash recovery).

Each test starts the bot as a subprocess with its own data directory. The conversations a user
has (a registration by polling, corrections, stamps...) run on every channel in
test_scenarios.py.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.drivers import TelegramDriver
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.scenarios import check_exported, register_idea
from tests.e2e.support import STEP_TIMEOUT, BotProcess, telegram_bot

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = telegram_bot(tg, tmp_path / "var")
    yield process
    await process.kill()


async def test_registration_by_webhook(tg: FakeTelegram, bot: BotProcess) -> None:
    bot.webhook = True
    await bot.start()
    assert tg.webhook_url == f"{bot.url}/webhook/telegram"
    secret_file = bot.data_dir / "telegram-webhook-secret"
    assert tg.webhook_secret == secret_file.read_text().strip()
    assert "not https" in bot.log()
    chat = TelegramDriver(tg, tg.user(5100000002))
    number = await register_idea(chat)
    assert all(200 <= status < 300 for status in tg.webhook_deliveries)
    assert not any(m == "getUpdates" for m, _ in tg.calls)
    assert await bot.stop() == 0
    rows = await bot.export_ideas()
    assert len(rows) == 1
    check_exported(rows, number, "telegram")
    chat.check_keyboards_after_registration()


async def test_webhook_refuses_a_wrong_secret_and_dedupes(
    tg: FakeTelegram, bot: BotProcess
) -> None:
    bot.webhook = True
    await bot.start()
    user = tg.user(5100000003)
    update = {
        "update_id": 900000001,
        "message": {
            "message_id": 1,
            "from": user.as_json(),
            "chat": user.chat(),
            "date": int(time.time()),
            "text": "/start",
        },
    }
    assert await tg.push_webhook(update, secret="wrong-secret") == 401
    assert await tg.push_webhook(update, secret=None) == 401
    await asyncio.sleep(1.0)
    assert tg.sent_to(user.id) == []
    assert await tg.push_webhook(update) == 200
    first = await tg.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    assert await tg.push_webhook(update) == 200  # Telegram redelivers: handled once
    await asyncio.sleep(1.0)
    assert tg.sent_to(user.id) == first
    assert await bot.stop() == 0


async def test_429_retry_after_is_honoured(tg: FakeTelegram, bot: BotProcess) -> None:
    await bot.start()
    user = tg.user(5100000004)
    tg.fail_next_sends(1, retry_after=2)
    tg.send_text(user, "/start")
    replies = await tg.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    assert len(tg.failed_at) == 1
    assert replies[0].at - tg.failed_at[0] >= 1.9
    assert "xin chào" in (replies[0].text or "")
    assert [r.text for r in replies] == [r.text for r in tg.sent_to(user.id)]  # none twice
    assert await bot.stop() == 0


async def test_sigterm_finishes_the_update_in_hand(tg: FakeTelegram, bot: BotProcess) -> None:
    await bot.start()
    user = tg.user(5100000005)
    tg.send_delay = 1.0
    tg.send_text(user, "/start")
    deadline = time.monotonic() + STEP_TIMEOUT
    while tg.sends_in_flight == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert await bot.stop(signal.SIGTERM) == 0
    sent = tg.sent_to(user.id)
    # The greeting carries the menu in one message: it went out whole before the exit.
    assert len(sent) == 1 and sent[0].buttons, sent
    assert "xin chào" in (sent[0].text or "") and "chọn một việc" in (sent[0].text or "")


async def test_sigkill_loses_no_queued_reply(tg: FakeTelegram, bot: BotProcess) -> None:
    await bot.start()
    users = [tg.user(5100000010 + i) for i in range(3)]
    tg.send_delay = 5.0  # replies hang in flight
    for user in users:
        tg.send_text(user, "/start")
    deadline = time.monotonic() + STEP_TIMEOUT
    while tg.sends_in_flight < len(users) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert tg.sends_in_flight == len(users)
    await bot.stop(signal.SIGKILL)
    tg.send_delay = 0.0
    await bot.start()
    for user in users:
        await tg.settle(user.id, quiet=1.0, timeout=STEP_TIMEOUT, at_least=2)
        texts = [m.text or "" for m in tg.sent_to(user.id)]
        greeting = next(i for i, t in enumerate(texts) if "xin chào" in t)
        menu = max(i for i, t in enumerate(texts) if "chọn một việc" in t)
        # In order, none lost (a repeat is allowed); the menu may ride in the greeting.
        assert greeting <= menu, texts
    assert await bot.stop() == 0


if sys.platform == "win32":  # pragma: no cover
    pytest.skip("signals", allow_module_level=True)
