"""The webhook route, the health check and long polling, in-process with the real dispatcher
and the fake Bot API."""

from __future__ import annotations

import asyncio
import stat
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App, build_app
from bot.per_chat import PerChatTasks
from bot.secret_files import load_or_create_secret
from bot.settings import Settings
from bot.telegram.channel import TelegramChannel
from bot.telegram.intake import TelegramIntake
from bot.telegram.polling import TelegramPoller
from bot.telegram.webhook import SECRET_FILE, SECRET_HEADER, TelegramWebhook
from bot.web.server import build_web_app
from tests.e2e.fake_telegram import DEFAULT_TOKEN, FakeTelegram, FakeUser

SECRET = "s3cret-token_for-tests"


@dataclass
class Stack:
    tg: FakeTelegram
    app: App
    intake: TelegramIntake


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    async with FakeTelegram() as tg:
        app = await build_app(Settings(data_dir=tmp_path / "var", _env_file=None))  # type: ignore[call-arg]
        channel = TelegramChannel(DEFAULT_TOKEN, tg.base_url, photo_path=app.photo_store.path_of)
        await channel.start()
        app.add_channel(channel)
        intake = TelegramIntake(channel, app.dispatcher, PerChatTasks())
        yield Stack(tg, app, intake)
        await intake.tasks.drain(10)
        await channel.close()
        await app.close()


def start_update(user: FakeUser, update_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": user.as_json(),
            "chat": user.chat(),
            "date": int(time.time()),
            "text": "/start",
        },
    }


@pytest.fixture
async def client(stack: Stack) -> AsyncIterator[TestClient[Any, Any]]:
    webhook = TelegramWebhook(stack.intake, SECRET)
    async with TestClient(TestServer(build_web_app(stack.app, [webhook.routes()]))) as c:
        yield c


async def test_webhook_needs_the_secret(stack: Stack, client: TestClient[Any, Any]) -> None:
    user = stack.tg.user(11)
    for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}):
        resp = await client.post("/webhook/telegram", json=start_update(user, 1), headers=headers)
        assert resp.status == 401
    await asyncio.sleep(0.2)
    assert stack.intake.received == 0 and stack.tg.sent == []


async def test_webhook_answers_at_once_and_handles_once(
    stack: Stack, client: TestClient[Any, Any]
) -> None:
    user = stack.tg.user(12)
    headers = {SECRET_HEADER: SECRET}
    for _ in range(2):  # Telegram redelivers
        resp = await client.post("/webhook/telegram", json=start_update(user, 7), headers=headers)
        assert resp.status == 200
    replies = await stack.tg.settle(user.id, quiet=0.5)
    # One reply (the greeting with the menu), once, although the update came twice.
    assert len(replies) == 1 and "xin chào" in (replies[0].text or "")
    bad = await client.post("/webhook/telegram", data=b"{not json", headers=headers)
    assert bad.status == 400


async def test_healthz(stack: Stack, client: TestClient[Any, Any]) -> None:
    resp = await client.get("/healthz")
    assert resp.status == 200
    body = await resp.json()
    assert body["ok"] is True
    assert body["database"]["ok"] is True
    assert body["channels"]["telegram"]["mode"] == "webhook"


def test_secret_is_made_once_and_private(tmp_path: Path) -> None:
    first = load_or_create_secret(tmp_path, SECRET_FILE)
    assert first == load_or_create_secret(tmp_path, SECRET_FILE)
    assert len(first) >= 32 and all(c.isalnum() or c in "_-" for c in first)
    mode = (tmp_path / "telegram-webhook-secret").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


async def test_polling_feeds_the_dispatcher_and_confirms(stack: Stack) -> None:
    poller = TelegramPoller(stack.intake, poll_timeout=1)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    users = [stack.tg.user(20 + i) for i in range(3)]
    for user in users:
        stack.tg.send_text(user, "/start")
    for user in users:
        assert len(await stack.tg.settle(user.id, quiet=0.3)) == 1
    stop.set()
    await asyncio.wait_for(task, 2.0)  # a long poll in progress does not hold the stop
    await stack.intake.tasks.drain(5)
    await poller.confirm()
    assert stack.tg.pending_updates == 0
    assert poller.status()["ok"] is True


async def test_polling_survives_api_errors(stack: Stack) -> None:
    poller = TelegramPoller(stack.intake, poll_timeout=1)
    stop = asyncio.Event()
    stack.tg.token = "1:other"  # every call now answers 401
    task = asyncio.create_task(poller.run(stop))
    await asyncio.sleep(0.3)
    assert poller.status()["ok"] is False and "401" in (poller.last_error or "")
    stack.tg.token = DEFAULT_TOKEN
    user = stack.tg.user(30)
    stack.tg.send_text(user, "/start")
    assert len(await stack.tg.settle(user.id, quiet=0.3, timeout=10)) == 1
    stop.set()
    await asyncio.wait_for(task, 2.0)
