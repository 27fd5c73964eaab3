"""The real `ocop-bot run` process against the local fake Zalo Bot API, over HTTP: what is
Zalo's own (the webhook and its secret, redeliveries, stickers, quota errors, media URLs).

Zalo has no buttons: the user answers a list by its number or by typing the words, as a
person would. Where the real API's behaviour is an open question (envelope, photo field, how
an idle poll ends) the polling and webhook runs take different answers, so both are covered.
The conversations a user has (a registration by polling, corrections, stamps...) run on every
channel in test_scenarios.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.e2e.drivers import ZaloDriver
from tests.e2e.fake_zalo import FakeUser, FakeZalo
from tests.e2e.scenarios import check_exported, register_idea
from tests.e2e.support import STEP_TIMEOUT, BotProcess, zalo_bot

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def text_update(zalo: FakeZalo, user: FakeUser, text: str) -> dict[str, Any]:
    return zalo.message(user, "message.text.received", text=text)


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def bot(zalo: FakeZalo, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = zalo_bot(zalo, tmp_path / "var")
    yield process
    await process.kill()


async def test_registration_by_webhook_with_the_other_payload_shapes(
    zalo: FakeZalo, bot: BotProcess
) -> None:
    # The shapes the polling run does not use: bare webhook bodies, the legacy `photo`
    # field, idle polls answered HTTP 200 with ok:false.
    zalo.webhook_envelope, zalo.photo_field, zalo.idle_as_http_408 = False, "photo", False
    bot.webhook = True
    await bot.start()
    assert zalo.webhook_url == f"{bot.url}/webhook/zalo"
    assert zalo.webhook_secret is not None and 8 <= len(zalo.webhook_secret) <= 256
    number = await register_idea(ZaloDriver(zalo, zalo.user("b1b2c3d4e5f6a7b8c9d0")))
    assert zalo.webhook_statuses and all(s == 200 for s in zalo.webhook_statuses)
    assert not zalo.calls_of("getUpdates")
    assert await bot.stop() == 0
    rows = await bot.export_ideas()
    assert len(rows) == 1
    check_exported(rows, number, "zalo")
    assert zalo.token not in bot.log() and zalo.webhook_secret not in bot.log()


async def test_webhook_refuses_a_wrong_secret_and_handles_a_redelivery_once(
    zalo: FakeZalo, bot: BotProcess
) -> None:
    bot.webhook = True
    await bot.start()
    user = zalo.user("c1b2c3d4e5f6a7b8c9d0")
    update = text_update(zalo, user, "/start")
    assert await zalo.push_webhook(update, secret="wrong-secret-value") == 401
    assert await zalo.push_webhook(update, secret="") == 401
    await asyncio.sleep(1.0)
    assert zalo.sent_to(user.id) == []
    assert await zalo.push_webhook(update) == 200
    first = await zalo.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    assert first and "xin chào" in first[0].text
    assert await zalo.push_webhook(update) == 200  # the same message_id again
    await asyncio.sleep(1.5)
    assert zalo.sent_to(user.id) == first
    assert await bot.stop() == 0


async def test_polling_redelivery_is_handled_once(zalo: FakeZalo, bot: BotProcess) -> None:
    await bot.start()
    methods = [m for m, _ in zalo.calls]
    assert methods[0] == "getMe"
    assert methods.index("deleteWebhook") < methods.index("getUpdates")
    user = zalo.user("d1b2c3d4e5f6a7b8c9d0")
    update = text_update(zalo, user, "/start")
    zalo.add_update(update)
    first = await zalo.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    zalo.add_update(update)
    await asyncio.sleep(1.5)
    assert zalo.pending_updates() == 0
    assert zalo.sent_to(user.id) == first
    assert await bot.stop() == 0
    assert zalo.token not in bot.log()
    assert zalo.token.split(":")[1] not in bot.log()


async def test_stickers_and_protected_users_get_a_polite_hint(
    zalo: FakeZalo, bot: BotProcess
) -> None:
    await bot.start()
    sticker_fan, protected = zalo.user("e1b2c3d4e5f6a7b8c9d0"), zalo.user("f1b2c3d4e5f6a7b8c9d0")
    zalo.send_sticker(sticker_fan)
    zalo.send_unsupported(protected)
    for user in (sticker_fan, protected):
        replies = await zalo.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
        assert replies and all(r.method == "sendMessage" for r in replies)
        assert "chưa đọc được" in replies[0].text, replies[0].text
    assert await bot.stop() == 0


async def test_quota_exceeded_backs_off_and_sends_once(zalo: FakeZalo, bot: BotProcess) -> None:
    await bot.start()
    user = zalo.user("a2b2c3d4e5f6a7b8c9d0")
    zalo.fail_next_sends(1, 429, http_status=200)  # ok:false inside an HTTP 200
    zalo.send_text(user, "/start")
    replies = await zalo.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    texts = [r.text for r in replies]
    assert texts and "xin chào" in texts[0]
    assert len(texts) == len(set(texts))  # nothing twice
    # Zalo gives no retry_after: the channel's default backoff (10 s) was waited.
    assert replies[0].at - zalo.failed_at[0] >= 9.5
    assert await bot.stop() == 0


async def test_media_urls_are_not_guessable(zalo: FakeZalo, bot: BotProcess) -> None:
    await bot.start()
    async with aiohttp.ClientSession() as http:
        for path in ("/media/zalo/abc.jpg", "/media/zalo/" + "A" * 91 + ".jpg"):
            async with http.get(bot.url + path) as resp:
                assert resp.status == 404
    assert await bot.stop() == 0
