"""The webhook route, the health check and long polling, in-process with the real dispatcher
and the fake Bot API: nothing acknowledged to Telegram before it is recorded."""

from __future__ import annotations

import asyncio
import logging
import stat
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App, build_app
from bot.per_chat import PerChatTasks
from bot.runtime import Runtime
from bot.secret_files import load_or_create_secret
from bot.settings import Settings
from bot.telegram.channel import TelegramChannel
from bot.telegram.intake import TelegramIntake
from bot.telegram.parse import parse_update
from bot.telegram.polling import TelegramPoller
from bot.telegram.service import telegram_service
from bot.telegram.webhook import SECRET_FILE, SECRET_HEADER, TelegramWebhook
from bot.web.server import build_web_app
from bot.webhook_body import MAX_BODY
from handlers.inbox import Inbox
from storage.database import Database, sqlite_url
from tests.e2e.fake_telegram import DEFAULT_TOKEN, FakeTelegram, FakeUser
from tests.e2e.support import free_port

SECRET = "s3cret-token_for-tests"


@dataclass
class Stack:
    tg: FakeTelegram
    app: App
    intake: TelegramIntake
    # A database without its tables: every write fails, as when the database is down.
    broken: Inbox

    @property
    def inbox(self) -> Inbox:
        assert self.intake.inbox is not None
        return self.intake.inbox


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    async with FakeTelegram() as tg:
        app = await build_app(Settings(data_dir=tmp_path / "var", _env_file=None))  # type: ignore[call-arg]
        channel = TelegramChannel(DEFAULT_TOKEN, tg.base_url, photo_path=app.photo_store.path_of)
        await channel.start()
        app.add_channel(channel)
        inbox = Inbox(app.database, app.clock)
        intake = TelegramIntake(channel, app.dispatcher.handle, inbox, PerChatTasks())
        unmigrated = Database(sqlite_url(tmp_path / "unmigrated.sqlite3"))
        yield Stack(tg, app, intake, Inbox(unmigrated, app.clock))
        await intake.close(10)
        await channel.close()
        await unmigrated.dispose()
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


async def test_webhook_that_cannot_record_answers_503_for_a_retry(
    stack: Stack, client: TestClient[Any, Any]
) -> None:
    user = stack.tg.user(13)
    headers = {SECRET_HEADER: SECRET}
    good, stack.intake.inbox = stack.inbox, stack.broken
    resp = await client.post("/webhook/telegram", json=start_update(user, 8), headers=headers)
    assert resp.status == 503
    await asyncio.sleep(0.3)
    assert stack.tg.sent_to(user.id) == []  # not handled unrecorded either
    stack.intake.inbox = good  # the database is back; Telegram sends the update again
    resp = await client.post("/webhook/telegram", json=start_update(user, 8), headers=headers)
    assert resp.status == 200
    assert len(await stack.tg.settle(user.id, quiet=0.5)) == 1
    assert await good.unhandled() == []


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 990 + b"]" * 990,
        b'{"update_id": 1, "message": ' + b'{"a": ' * 990 + b"1" + b"}" * 991,
        b'{"update_id": 1, "message": ' + b"[" * 100 + b"]" * 100 + b"}",
    ],
    ids=["list-990", "object-990", "list-100"],
)
async def test_deeply_nested_json_is_refused_with_one_line(
    stack: Stack,
    client: TestClient[Any, Any],
    body: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    resp = await client.post("/webhook/telegram", data=body, headers={SECRET_HEADER: SECRET})
    assert resp.status == 400
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "telegram webhook: refused a body from 127.0.0.1: JSON nested too deep"
    ]
    assert all(r.exc_info is None for r in caplog.records)


async def test_a_body_over_the_cap_is_refused_unread(
    stack: Stack, client: TestClient[Any, Any]
) -> None:
    big = b'{"update_id": 1, "pad": "' + b"x" * MAX_BODY + b'"}'
    resp = await client.post("/webhook/telegram", data=big, headers={SECRET_HEADER: SECRET})
    assert resp.status == 413

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted while read
        for _ in range(MAX_BODY // 65536 + 2):
            yield b" " * 65536

    resp = await client.post("/webhook/telegram", data=chunks(), headers={SECRET_HEADER: SECRET})
    assert resp.status == 413


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
    await poller.confirm()
    await stack.intake.close(5)
    assert stack.tg.pending_updates == 0
    assert poller.status()["ok"] is True


async def test_polling_is_healthy_while_its_first_long_poll_waits(stack: Stack) -> None:
    stack.tg.max_poll_wait = 30.0  # Telegram holds an idle getUpdates for its whole timeout
    poller = TelegramPoller(stack.intake, poll_timeout=25)
    assert poller.status()["ok"] is False  # not polling yet
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    deadline = time.monotonic() + 10
    while not offsets(stack.tg) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    status = poller.status()
    assert (status["ok"], status["last_poll"], status["error"]) == (True, None, None)
    stop.set()
    await asyncio.wait_for(task, 2.0)


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


def offsets(tg: FakeTelegram) -> list[int]:
    """The offset of every getUpdates so far (0 for none)."""
    return [int(p.get("offset") or 0) for m, p in tg.calls if m == "getUpdates"]


async def test_polling_confirms_nothing_it_could_not_record(stack: Stack) -> None:
    good, stack.intake.inbox = stack.inbox, stack.broken
    poller = TelegramPoller(stack.intake, poll_timeout=1)
    stop = asyncio.Event()
    users = [stack.tg.user(40 + i) for i in range(3)]
    first = min(stack.tg.send_text(user, "/start") for user in users)
    task = asyncio.create_task(poller.run(stop))
    deadline = time.monotonic() + 10
    while len(offsets(stack.tg)) < 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    # The batch was fetched at least twice, and never confirmed (no offset past it).
    assert len(offsets(stack.tg)) >= 2 and max(offsets(stack.tg)) <= first
    assert poller.status()["ok"] is False and stack.tg.pending_updates == 3
    assert all(stack.tg.sent_to(u.id) == [] for u in users)
    stack.intake.inbox = good  # the database is back
    for user in users:
        assert len(await stack.tg.settle(user.id, quiet=0.3, timeout=10)) == 1
    stop.set()
    await asyncio.wait_for(task, 2.0)
    await poller.confirm()
    assert max(offsets(stack.tg)) > first + 2 and stack.tg.pending_updates == 0
    assert await good.unhandled() == []


async def test_after_a_crash_what_was_in_hand_goes_first(tmp_path: Path) -> None:
    """Updates recorded by the run that was killed are handled at start, before the new ones
    of the same chat, and only once although Telegram sends them again."""
    async with FakeTelegram() as tg:
        settings = Settings(
            data_dir=tmp_path / "var",
            telegram_token=DEFAULT_TOKEN,
            telegram_api_url=tg.base_url,
            web_port=free_port(),
            _env_file=None,  # type: ignore[call-arg]
        )
        user = tg.user(50)
        left = [tg.send_text(user, "/start"), tg.send_text(user, "/help")]
        app = await build_app(settings)
        # What the killed run had recorded: the first confirmed (Telegram will not send it
        # again), the second not yet (it comes again, and must be handled once).
        parsed = [parse_update(tg.injected[u]) for u in left]
        await Inbox(app.database, app.clock).record([i for i in parsed if i is not None])
        async with aiohttp.ClientSession() as http:
            confirm = f"{tg.base_url}/bot{DEFAULT_TOKEN}/getUpdates?offset={left[0] + 1}"
            async with http.get(confirm) as resp:
                assert resp.status == 200
        assert tg.pending_updates == 1
        service = await telegram_service(app, False)
        assert service is not None
        runtime = Runtime(app, [service])
        try:
            runtime_started = asyncio.create_task(runtime.start())
            tg.send_text(user, "/start")  # new, after the restart
            await runtime_started
            assert runtime.recovered == 2
            replies = await tg.settle(user.id, quiet=1.0, timeout=10, at_least=3)
        finally:
            await runtime.shutdown()
            await app.close()
    texts = [m.text or "" for m in replies]
    assert len(texts) == 3, texts
    assert "xin chào" in texts[0] and texts[1].startswith("Hướng dẫn") and "xin chào" in texts[2]
