"""Polling and the webhook feed updates to the handler: recorded first, in order per chat,
secret checked; and Zalo serves while Telegram cannot start."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app import build_app
from bot.runtime import Runtime
from bot.settings import Settings
from bot.telegram.service import telegram_service
from bot.zalo.client import ZaloClient
from bot.zalo.intake import ZaloIntake
from bot.zalo.polling import run_zalo_polling
from bot.zalo.service import zalo_service
from bot.zalo.webhook import WEBHOOK_PATH, add_zalo_webhook_route, zalo_webhook_secret
from flows.messages import Inbound
from handlers.inbox import Inbox
from storage.database import Database, sqlite_url
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.support import free_port
from tests.fakes import FakeClock

SECRET = "a-webhook-secret-of-some-length"


class Recorder:
    def __init__(self, delay: float = 0.0) -> None:
        self.seen: list[Inbound] = []
        self.delay = delay

    async def __call__(self, inbound: Inbound) -> None:
        if self.delay and inbound.text == "slow":
            await asyncio.sleep(self.delay)
        self.seen.append(inbound)

    async def wait(self, count: int, timeout: float = 5.0) -> list[Inbound]:
        deadline = time.monotonic() + timeout
        while len(self.seen) < count:
            assert time.monotonic() < deadline, f"{count} expected, got {len(self.seen)}"
            await asyncio.sleep(0.02)
        return self.seen


async def test_polling_deletes_the_webhook_then_feeds_every_update() -> None:
    handled = Recorder()
    async with FakeZalo(idle_wait=0.05) as zalo, ZaloClient(zalo.token, zalo.base_url) as client:
        zalo.webhook_url = "https://stale.example/webhook/zalo"  # left over from a webhook run
        user = zalo.user("u1")
        ids = [zalo.send_text(user, str(n)) for n in range(3)]
        stop = asyncio.Event()
        polling = asyncio.create_task(run_zalo_polling(client, ZaloIntake(handled), stop))
        await handled.wait(3)
        stop.set()
        await asyncio.wait_for(polling, 5)
    assert zalo.calls[0][0] == "deleteWebhook"
    assert [i.message_id for i in handled.seen] == ids


async def test_polling_stops_promptly_while_a_poll_is_open() -> None:
    async with FakeZalo(idle_wait=30) as zalo, ZaloClient(zalo.token, zalo.base_url) as client:
        stop = asyncio.Event()
        polling = asyncio.create_task(run_zalo_polling(client, ZaloIntake(Recorder()), stop))
        await asyncio.sleep(0.2)
        stop.set()
        await asyncio.wait_for(polling, 2)


async def test_one_chat_stays_in_order_while_others_go_ahead() -> None:
    handled = Recorder(delay=0.3)
    intake = ZaloIntake(handled)
    zalo = FakeZalo()
    hoa, lan = zalo.user("hoa"), zalo.user("lan")
    for user, words in ((hoa, "slow"), (hoa, "after"), (lan, "other")):
        await intake.take(intake.parse(zalo.message(user, "message.text.received", text=words)))
    await handled.wait(3)
    assert [i.text for i in handled.seen] == ["other", "slow", "after"]
    await intake.close()
    assert intake.pending == 0


async def test_a_failing_handler_does_not_stop_the_intake() -> None:
    seen: list[str] = []

    async def handle(inbound: Inbound) -> None:
        seen.append(inbound.text or "")
        if inbound.text == "boom":
            raise RuntimeError("handler bug")

    intake = ZaloIntake(handle)
    zalo = FakeZalo()
    for words in ("boom", "next"):
        await intake.take(
            intake.parse(zalo.message(zalo.user("u"), "message.text.received", text=words))
        )
    await intake.close()
    assert seen == ["boom", "next"]


@pytest.fixture
async def unmigrated(tmp_path: Path) -> AsyncIterator[Inbox]:
    """An inbox whose database has no tables: every write fails, as when it is down."""
    database = Database(sqlite_url(tmp_path / "unmigrated.sqlite3"))
    yield Inbox(database, FakeClock())
    await database.dispose()


@pytest.fixture
async def webhook() -> AsyncIterator[tuple[TestServer, Recorder]]:
    handled = Recorder()
    app = web.Application()
    add_zalo_webhook_route(app, SECRET, ZaloIntake(handled))
    server = TestServer(app)
    async with server:
        yield server, handled


async def post(server: TestServer, content: bytes) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(
            str(server.make_url(WEBHOOK_PATH)),
            content=content,
            headers={"X-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"},
        )


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-value", SECRET + "x"])
async def test_webhook_refuses_a_wrong_secret(
    webhook: tuple[TestServer, Recorder], secret: str | None
) -> None:
    server, handled = webhook
    zalo = FakeZalo()
    headers = {} if secret is None else {"X-Bot-Api-Secret-Token": secret}
    body = zalo.envelope(zalo.message(zalo.user("u"), "message.text.received", text="hi"))
    async with httpx.AsyncClient() as http:
        response = await http.post(str(server.make_url(WEBHOOK_PATH)), json=body, headers=headers)
    assert response.status_code == 401
    await asyncio.sleep(0.05)
    assert handled.seen == []


@pytest.mark.parametrize("enveloped", [True, False])
async def test_webhook_pushes_from_zalo_are_handled(
    webhook: tuple[TestServer, Recorder], enveloped: bool
) -> None:
    server, handled = webhook
    async with FakeZalo(webhook_envelope=enveloped) as zalo:
        async with ZaloClient(zalo.token, zalo.base_url) as client:
            await client.set_webhook(str(server.make_url(WEBHOOK_PATH)), SECRET)
        sent = zalo.send_text(zalo.user("u1"), "Xin chào")
        [inbound] = await handled.wait(1)
    assert (inbound.message_id, inbound.text) == (sent, "Xin chào")
    assert zalo.webhook_statuses == [200]


async def test_webhook_answers_bad_json_with_400(webhook: tuple[TestServer, Recorder]) -> None:
    server, _ = webhook
    assert (await post(server, b"{not json")).status_code == 400


@pytest.mark.parametrize("depth", [500, 60])
async def test_webhook_refuses_deeply_nested_json_with_one_line(
    webhook: tuple[TestServer, Recorder], depth: int, caplog: pytest.LogCaptureFixture
) -> None:
    server, handled = webhook
    body = b'{"ok": true, "result": ' + b'{"message": ' * depth + b"1" + b"}" * (depth + 1)
    assert (await post(server, body)).status_code == 400
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage().split(": ")[-1] for r in lines] == ["JSON nested too deep"]
    assert lines[0].exc_info is None and handled.seen == []


async def test_webhook_that_cannot_record_answers_503_and_handles_nothing(
    unmigrated: Inbox,
) -> None:
    handled = Recorder()
    app = web.Application()
    add_zalo_webhook_route(app, SECRET, ZaloIntake(handled, unmigrated))
    zalo = FakeZalo()
    update = zalo.envelope(zalo.message(zalo.user("u"), "message.text.received", text="hi"))
    async with TestServer(app) as server:
        response = await post(server, json.dumps(update).encode())
    assert response.status_code == 503
    await asyncio.sleep(0.05)
    assert handled.seen == []


async def test_webhook_records_before_it_answers(database: Database) -> None:
    handled = Recorder(delay=30)  # "slow": still in hand when the answer is given
    inbox = Inbox(database, FakeClock())
    intake = ZaloIntake(handled, inbox)
    app = web.Application()
    add_zalo_webhook_route(app, SECRET, intake)
    zalo = FakeZalo()
    update = zalo.message(zalo.user("u"), "message.text.received", text="slow")
    async with TestServer(app) as server:
        body = json.dumps(zalo.envelope(update)).encode()
        assert (await post(server, body)).status_code == 200
        assert (await post(server, body)).status_code == 200  # redelivered: once
        [recorded] = await inbox.unhandled()
    assert recorded.text == "slow" and intake.pending == 1
    await intake.close(timeout=0.1)  # cancelled in hand: stays in the inbox for the next start
    assert await inbox.unhandled() == [recorded]


async def test_polling_waits_while_the_database_refuses_and_loses_nothing(
    database: Database, unmigrated: Inbox
) -> None:
    handled = Recorder()
    intake = ZaloIntake(handled, unmigrated)
    async with FakeZalo(idle_wait=0.05) as zalo, ZaloClient(zalo.token, zalo.base_url) as client:
        user = zalo.user("u1")
        ids = [zalo.send_text(user, str(n)) for n in range(2)]
        stop = asyncio.Event()
        polling = asyncio.create_task(run_zalo_polling(client, intake, stop))
        deadline = time.monotonic() + 5
        while not zalo.calls_of("getUpdates") and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.5)
        # Received and not recordable: held, and nothing more fetched that could be lost.
        assert len(zalo.calls_of("getUpdates")) == 1 and zalo.pending_updates() == 1
        assert handled.seen == []
        inbox = intake.inbox = Inbox(database, FakeClock())  # the database is back
        await handled.wait(2, timeout=10)
        stop.set()
        await asyncio.wait_for(polling, 5)
    assert [i.message_id for i in handled.seen] == ids
    assert [i.message_id for i in await inbox.unhandled()] == ids  # not marked by Recorder


def test_derived_secret_fits_zalo_and_differs_from_the_shared_one() -> None:
    derived = zalo_webhook_secret("tg_secret", "1:token")
    assert 8 <= len(derived) <= 256 and derived != "tg_secret"
    assert derived == zalo_webhook_secret("tg_secret", "other token")
    assert zalo_webhook_secret(None, "1:token") != zalo_webhook_secret(None, "2:token")


async def test_zalo_serves_while_telegram_cannot_start(tmp_path: Path) -> None:
    """The Telegram API unreachable at start: Zalo and the outbox start all the same, and
    /healthz tells which is which."""
    async with FakeZalo(idle_wait=0.05) as zalo:
        settings = Settings(
            data_dir=tmp_path / "var",
            telegram_token="1:unreachable",
            telegram_api_url=f"http://127.0.0.1:{free_port()}",  # nothing listens there
            zalo_token=zalo.token,
            zalo_api_url=zalo.base_url,
            web_port=free_port(),
            _env_file=None,  # type: ignore[call-arg]
        )
        app = await build_app(settings)
        services = [s for f in (telegram_service, zalo_service) if (s := await f(app, False))]
        runtime = Runtime(app, services)
        try:
            await runtime.start()
            user = zalo.user("u1")
            zalo.send_text(user, "/start")
            [greeting] = await zalo.wait_sent(user.id, 1, timeout=10)
            assert "Xin chào" in greeting.text or "xin chào" in greeting.text
            async with httpx.AsyncClient() as http:
                health = (await http.get(f"http://127.0.0.1:{settings.web_port}/healthz")).json()
            telegram, zalo_status = health["channels"]["telegram"], health["channels"]["zalo"]
            assert telegram["ok"] is False and telegram["state"] == "starting"
            assert "start_error" in telegram
            assert zalo_status["ok"] is True and zalo_status["state"] == "running"
        finally:
            await runtime.shutdown()
            await app.close()
