"""No token and no phone number in any log line: a whole Telegram registration (the phone
shared as a contact) through the real `ocop-bot run` against the fake Telegram API, logging at
DEBUG, every line the process wrote read back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.drivers import TelegramDriver
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.scenarios import register_idea
from tests.e2e.support import telegram_bot
from tests.privacy.logs_support import assert_clean, everything_logged

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


async def test_a_telegram_registration_at_debug_logs_no_token_and_no_phone(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    bot = telegram_bot(tg, tmp_path / "var")
    bot.channel_env = {**bot.channel_env, "OCOP_LOG_LEVEL": "DEBUG"}
    try:
        await bot.start()
        await register_idea(TelegramDriver(tg, tg.user(5100000042)))
        assert await bot.stop() == 0
    finally:
        await bot.kill()
    assert_clean(everything_logged(bot), tg.token)
