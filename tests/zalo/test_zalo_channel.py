"""ZaloChannel: replies through the API (MockTransport), photo downloads with size limits."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from bot.zalo.channel import ZaloChannel
from bot.zalo.client import ZaloClient
from bot.zalo.media import ZaloMediaPublisher
from flows.messages import Option, PhotoAttachment, Reply
from handlers.ports import ChannelBadRequest, ChannelUnavailable, PhotoTooLarge, RetryAfter
from storage.database import Database
from storage.delivery_marks import StoredDeliveryMarks

SHA = "ab" * 32


class Api:
    """Records API calls; `fail` lists responses to give instead of success, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.fail: list[httpx.Response] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[1]
        if self.fail:
            return self.fail.pop(0)
        self.calls.append((method, json.loads(request.content)))
        return httpx.Response(200, json={"ok": True, "result": {"message_id": "m", "date": 1}})


class Photos:
    def path_of(self, sha256: str) -> Path:
        return Path("/nonexistent") / sha256


@pytest.fixture
def api() -> Api:
    return Api()


def make_channel(
    api: Api,
    download: Callable[[httpx.Request], httpx.Response] | None = None,
    publisher: ZaloMediaPublisher | None = None,
) -> ZaloChannel:
    client = ZaloClient("1:tok", "https://zalo.test", transport=httpx.MockTransport(api))
    transport = httpx.MockTransport(download) if download else None
    return ZaloChannel(client, publisher, download_transport=transport)


@pytest.fixture
async def channel(api: Api) -> AsyncIterator[ZaloChannel]:
    zalo = make_channel(api)
    yield zalo
    await zalo.aclose()


async def test_send_renders_options_as_numbers(channel: ZaloChannel, api: Api) -> None:
    assert channel.name == "zalo"
    await channel.send("c1", Reply("Chọn:", options=(Option("a", "Có"), Option("b", "Không"))))
    assert api.calls == [("sendMessage", {"chat_id": "c1", "text": "Chọn:\n1. Có\n2. Không"})]


async def test_photo_reply_is_published_and_sent_by_url(api: Api) -> None:
    publisher = ZaloMediaPublisher("https://bot.example", b"k" * 32, Photos())
    zalo = make_channel(api, publisher=publisher)
    await zalo.send("c1", Reply("Tem của anh/chị", photo=SHA))
    await zalo.aclose()
    [(method, params)] = api.calls
    assert method == "sendPhoto" and params["caption"] == "Tem của anh/chị"
    assert params["photo"].startswith("https://bot.example/media/zalo/")


async def test_photo_reply_without_public_url_sends_text(channel: ZaloChannel, api: Api) -> None:
    await channel.send("c1", Reply("Tem", photo=SHA))
    assert [m for m, _ in api.calls] == ["sendMessage"]


async def test_refused_photo_still_delivers_the_text(api: Api) -> None:
    publisher = ZaloMediaPublisher("https://bot.example", b"k" * 32, Photos())
    zalo = make_channel(api, publisher=publisher)
    api.fail = [
        httpx.Response(200, json={"ok": False, "error_code": 400, "description": "bad photo"})
    ]
    await zalo.send("c1", Reply("Tem", photo=SHA))
    await zalo.aclose()
    assert api.calls == [("sendMessage", {"chat_id": "c1", "text": "Tem"})]


async def test_retry_after_a_partial_send_resumes_without_duplicates(
    channel: ZaloChannel, api: Api
) -> None:
    reply = Reply("\n".join(f"Dòng {n} " + "x" * 90 for n in range(60)))  # three pieces
    original = api.__call__
    sent = 0

    def second_fails(request: httpx.Request) -> httpx.Response:
        nonlocal sent
        sent += 1
        if sent == 2:
            return httpx.Response(429, json={"ok": False, "error_code": 429})
        return original(request)

    api_transport = httpx.MockTransport(second_fails)
    zalo = ZaloChannel(ZaloClient("1:tok", "https://zalo.test", transport=api_transport))
    with pytest.raises(RetryAfter):
        await zalo.send("c1", reply)
    await zalo.send("c1", reply)  # what the outbox does after the wait
    await zalo.aclose()
    texts = [p["text"] for _, p in api.calls]
    assert len(texts) == 3 and len(set(texts)) == 3
    assert "\n".join(texts) == reply.text


async def test_another_process_resumes_where_a_dead_one_stopped(
    api: Api, database: Database
) -> None:
    """The process sending a long reply dies after its first piece; the one that takes the
    channel over sends the rest, not the first piece again (the pieces are in the database)."""
    reply = Reply("\n".join(f"Dòng {n} " + "x" * 90 for n in range(60)))  # three pieces
    original = api.__call__
    sent = 0

    def dies_after_the_first(request: httpx.Request) -> httpx.Response:
        nonlocal sent
        sent += 1
        if sent == 2:
            raise httpx.ConnectError("the process is gone")
        return original(request)

    first = ZaloChannel(
        ZaloClient(
            "1:tok", "https://zalo.test", transport=httpx.MockTransport(dies_after_the_first)
        ),
        marks=StoredDeliveryMarks(database),
    )
    with pytest.raises(ChannelUnavailable):
        await first.send("c1", reply)
    await first.aclose()
    second = ZaloChannel(
        ZaloClient("1:tok", "https://zalo.test", transport=httpx.MockTransport(original)),
        marks=StoredDeliveryMarks(database),
    )
    await second.send("c1", reply)
    await second.send("c1", reply)  # a reply sent whole once more is whole again
    await second.aclose()
    texts = [p["text"] for _, p in api.calls]
    assert "\n".join(texts[:3]) == reply.text and len(set(texts[:3])) == 3
    assert "\n".join(texts[3:]) == reply.text


async def test_bad_request_is_not_resumed_later(channel: ZaloChannel, api: Api) -> None:
    api.fail = [httpx.Response(200, json={"ok": False, "error_code": 400, "description": "x"})]
    with pytest.raises(ChannelBadRequest):
        await channel.send("c1", Reply("Xin chào"))
    await channel.send("c1", Reply("Xin chào"))
    assert api.calls == [("sendMessage", {"chat_id": "c1", "text": "Xin chào"})]


PHOTO = b"\xff\xd8\xff" + b"p" * 5000


def photo_host(
    status: int = 200, body: bytes = PHOTO, announce: bool = True
) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if announce:
            return httpx.Response(status, content=body)

        # A generator body has no Content-Length: the size is only known while streaming.
        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(body), 1000):
                yield body[start : start + 1000]

        return httpx.Response(status, content=chunks())

    return handler


async def download(api: Api, max_bytes: int, **host: object) -> bytes:
    zalo = make_channel(api, download=photo_host(**host))  # type: ignore[arg-type]
    try:
        return await zalo.download(PhotoAttachment(ref="https://photo.zadn.vn/x.jpg"), max_bytes)
    finally:
        await zalo.aclose()


async def test_download_fetches_the_link(api: Api) -> None:
    assert await download(api, 10_000) == PHOTO


async def test_download_refuses_an_announced_large_photo(api: Api) -> None:
    with pytest.raises(PhotoTooLarge):
        await download(api, 1000)


async def test_download_stops_a_large_unannounced_photo(api: Api) -> None:
    with pytest.raises(PhotoTooLarge):
        await download(api, 1000, announce=False)
    assert await download(api, 10_000, announce=False) == PHOTO


async def test_expired_link_is_a_bad_request(api: Api) -> None:
    with pytest.raises(ChannelBadRequest):
        await download(api, 10_000, status=404)


async def test_host_fault_is_unavailable(api: Api) -> None:
    with pytest.raises(ChannelUnavailable):
        await download(api, 10_000, status=503)


async def test_inline_bytes_and_non_urls(channel: ZaloChannel) -> None:
    assert await channel.download(PhotoAttachment(ref="x", data=b"abc"), 10) == b"abc"
    with pytest.raises(PhotoTooLarge):
        await channel.download(PhotoAttachment(ref="x", data=b"abc"), 2)
    with pytest.raises(ChannelBadRequest):
        await channel.download(PhotoAttachment(ref="file:///etc/passwd"), 10)
