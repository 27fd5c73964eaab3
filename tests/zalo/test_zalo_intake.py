"""Polling and the webhook feed updates to the handler: in order per chat, secret checked."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.zalo.client import ZaloClient
from bot.zalo.intake import ZaloIntake
from bot.zalo.polling import run_zalo_polling
from bot.zalo.webhook import WEBHOOK_PATH, add_zalo_webhook_route, zalo_webhook_secret
from flows.messages import Inbound
from tests.e2e.fake_zalo import FakeZalo

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
    intake.submit(zalo.message(hoa, "message.text.received", text="slow"))
    intake.submit(zalo.message(hoa, "message.text.received", text="after"))
    intake.submit(zalo.message(lan, "message.text.received", text="other"))
    await handled.wait(3)
    assert [i.text for i in handled.seen] == ["other", "slow", "after"]
    await intake.drain()
    assert intake.pending == 0


async def test_a_failing_handler_does_not_stop_the_intake() -> None:
    seen: list[str] = []

    async def handle(inbound: Inbound) -> None:
        seen.append(inbound.text or "")
        if inbound.text == "boom":
            raise RuntimeError("handler bug")

    intake = ZaloIntake(handle)
    zalo = FakeZalo()
    intake.submit(zalo.message(zalo.user("u"), "message.text.received", text="boom"))
    intake.submit(zalo.message(zalo.user("u"), "message.text.received", text="next"))
    await intake.drain()
    assert seen == ["boom", "next"]


@pytest.fixture
async def webhook() -> AsyncIterator[tuple[TestServer, Recorder]]:
    handled = Recorder()
    app = web.Application()
    add_zalo_webhook_route(app, SECRET, ZaloIntake(handled))
    server = TestServer(app)
    async with server:
        yield server, handled


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
    async with httpx.AsyncClient() as http:
        response = await http.post(
            str(server.make_url(WEBHOOK_PATH)),
            content=b"{not json",
            headers={"X-Bot-Api-Secret-Token": SECRET},
        )
    assert response.status_code == 400


def test_derived_secret_fits_zalo_and_differs_from_the_shared_one() -> None:
    derived = zalo_webhook_secret("tg_secret", "1:token")
    assert 8 <= len(derived) <= 256 and derived != "tg_secret"
    assert derived == zalo_webhook_secret("tg_secret", "other token")
    assert zalo_webhook_secret(None, "1:token") != zalo_webhook_secret(None, "2:token")
