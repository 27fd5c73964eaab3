"""No token and no phone number in any log line: a whole Zalo registration (the phone typed)
through the real `ocop-bot run` against the fake Zalo API, logging at DEBUG, every line the
process wrote read back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.drivers import ZaloDriver
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.scenarios import register_idea
from tests.e2e.support import zalo_bot
from tests.privacy.logs_support import assert_clean, everything_logged

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


async def test_a_zalo_registration_at_debug_logs_no_token_and_no_phone(
    zalo: FakeZalo, tmp_path: Path
) -> None:
    bot = zalo_bot(zalo, tmp_path / "var")
    bot.channel_env = {**bot.channel_env, "OCOP_LOG_LEVEL": "DEBUG"}
    try:
        await bot.start()
        await register_idea(ZaloDriver(zalo, zalo.user("c1b2c3d4e5f6a7b8c9d0")))
        assert await bot.stop() == 0
    finally:
        await bot.kill()
    assert_clean(everything_logged(bot), zalo.token)
