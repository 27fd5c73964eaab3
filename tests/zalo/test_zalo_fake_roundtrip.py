"""The client and channel over real HTTP against the local fake Zalo Bot API."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.zalo.channel import ZaloChannel
from bot.zalo.client import ZaloAuthError, ZaloClient
from bot.zalo.media import ZaloMediaPublisher, add_zalo_media_routes
from bot.zalo.parse import parse_update
from flows.messages import Reply
from handlers.ports import RetryAfter
from tests.e2e.fake_zalo import FakeZalo

JPEG = b"\xff\xd8\xff\xe0" + b"photo" * 200


@pytest.mark.parametrize("http_408", [True, False])
async def test_one_update_per_poll_then_idle(http_408: bool) -> None:
    async with FakeZalo(idle_as_http_408=http_408, idle_wait=0.05) as zalo:
        user = zalo.user("u1")
        first, second = zalo.send_text(user, "1"), zalo.send_text(user, "2")
        async with ZaloClient(zalo.token, zalo.base_url) as client:
            got = [await client.get_updates(timeout=1) for _ in range(3)]
    assert [len(batch) for batch in got] == [1, 1, 0]
    ids = [parse_update(batch[0]) for batch in got[:2]]
    assert [i.message_id for i in ids if i] == [first, second]


async def test_wrong_token_is_a_clear_error() -> None:
    async with FakeZalo() as zalo, ZaloClient("1:wrong", zalo.base_url) as client:
        with pytest.raises(ZaloAuthError):
            await client.get_me()


@pytest.mark.parametrize("field", ["photo_url", "photo"])
async def test_inbound_photo_downloads_from_its_link(field: str) -> None:
    async with FakeZalo(photo_field=field) as zalo:
        zalo.send_photo(zalo.user("u1"), JPEG, caption="Mật ong")
        async with ZaloClient(zalo.token, zalo.base_url) as client:
            [update] = await client.get_updates(timeout=1)
            inbound = parse_update(update)
            assert inbound is not None and inbound.text == "Mật ong"
            channel = ZaloChannel(client)
            assert await channel.download(inbound.photos[0], 10_000) == JPEG


async def test_photo_reply_is_fetched_by_zalo_from_our_server(tmp_path: Path) -> None:
    sha = "cd" * 32
    (tmp_path / f"{sha}.jpg").write_bytes(JPEG)

    class Photos:
        def path_of(self, sha256: str) -> Path:
            return tmp_path / f"{sha256}.jpg"

    app = web.Application()
    async with FakeZalo() as zalo:
        # The route is added before the port is known; any publisher with the same bot token
        # can serve the URLs another one minted.
        add_zalo_media_routes(
            app, ZaloMediaPublisher.for_bot_token("http://x", zalo.token, Photos())
        )
        async with TestServer(app) as ours:
            publisher = ZaloMediaPublisher.for_bot_token(
                str(ours.make_url("")).rstrip("/"), zalo.token, Photos()
            )
            channel = ZaloChannel(ZaloClient(zalo.token, zalo.base_url), publisher)
            await channel.send("u1", Reply("Ảnh tem", photo=sha))
            await channel.aclose()
    [sent] = zalo.sent_to("u1")
    assert (sent.method, sent.text, sent.photo, sent.photo_content_type) == (
        "sendPhoto",
        "Ảnh tem",
        JPEG,
        "image/jpeg",
    )


async def test_injected_429_becomes_retry_after() -> None:
    async with FakeZalo() as zalo:
        zalo.fail_next_sends(1, 429)
        channel = ZaloChannel(ZaloClient(zalo.token, zalo.base_url))
        with pytest.raises(RetryAfter):
            await channel.send("u1", Reply("Xin chào"))
        await channel.send("u1", Reply("Xin chào"))
        await channel.aclose()
    assert [s.text for s in zalo.sent_to("u1")] == ["Xin chào"]


async def test_webhook_registration_and_info() -> None:
    async with FakeZalo() as zalo, ZaloClient(zalo.token, zalo.base_url) as client:
        assert await client.get_webhook_info() is None  # the fake answers 404, as one saw
        await client.set_webhook("https://bot.example/webhook/zalo", "s3cret-value")
        assert await client.get_webhook_info() == "https://bot.example/webhook/zalo"
        await client.delete_webhook()
        assert await client.get_webhook_info() is None


async def test_token_appears_only_in_api_paths() -> None:
    async with FakeZalo() as zalo, ZaloClient(zalo.token, zalo.base_url) as client:
        await client.get_me()
    assert zalo.paths == [f"/bot{zalo.token}/getMe"]
