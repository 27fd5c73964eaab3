"""Short-lived photo URLs for Zalo: served as JPEG while valid, 404 once expired or forged."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.zalo.media import ZaloMediaPublisher, add_zalo_media_routes

SHA = "0f" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"jpeg body" * 100


class Photos:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        return self.root / f"{sha256}.jpg"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def photos(tmp_path: Path) -> Photos:
    (tmp_path / f"{SHA}.jpg").write_bytes(JPEG)
    return Photos(tmp_path)


async def get(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.get(url)


async def test_published_url_serves_the_jpeg(photos: Photos, clock: Clock) -> None:
    app = web.Application()
    publisher = ZaloMediaPublisher("http://placeholder", b"k" * 32, photos, clock=clock)
    add_zalo_media_routes(app, publisher)
    async with TestServer(app) as test_server:
        url = publisher.publish(SHA).replace(
            "http://placeholder", str(test_server.make_url("")).rstrip("/")
        )
        response = await get(url)
    assert response.status_code == 200
    assert response.content == JPEG
    assert response.headers["content-type"] == "image/jpeg"
    assert "no-store" in response.headers["cache-control"]


async def test_urls_are_unguessable_and_reveal_no_hash(photos: Photos, clock: Clock) -> None:
    publisher = ZaloMediaPublisher("https://bot.example/", b"k" * 32, photos, clock=clock)
    first, second = publisher.publish(SHA), publisher.publish(SHA)
    assert first != second
    assert first.startswith("https://bot.example/media/zalo/") and first.endswith(".jpg")
    assert SHA not in first and bytes.fromhex(SHA).hex() not in first


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".jpg")


async def test_expired_url_is_404(photos: Photos, clock: Clock) -> None:
    app = web.Application()
    publisher = ZaloMediaPublisher("http://p", b"k" * 32, photos, ttl=300, clock=clock)
    add_zalo_media_routes(app, publisher)
    token = token_of(publisher.publish(SHA))
    async with TestServer(app) as test_server:
        url = str(test_server.make_url(f"/media/zalo/{token}.jpg"))
        assert (await get(url)).status_code == 200
        clock.now += 301
        assert (await get(url)).status_code == 404


async def test_forged_or_altered_tokens_are_404(photos: Photos, clock: Clock) -> None:
    app = web.Application()
    publisher = ZaloMediaPublisher("http://p", b"k" * 32, photos, clock=clock)
    other_key = ZaloMediaPublisher("http://p", b"x" * 32, photos, clock=clock)
    add_zalo_media_routes(app, publisher)
    token = token_of(publisher.publish(SHA))
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    async with TestServer(app) as test_server:
        for bad in (flipped, token_of(other_key.publish(SHA)), "abc", token + "AAAA"):
            url = str(test_server.make_url(f"/media/zalo/{bad}.jpg"))
            assert (await get(url)).status_code == 404, bad


async def test_another_process_with_the_same_token_serves_the_url(
    photos: Photos, clock: Clock
) -> None:
    minting = ZaloMediaPublisher.for_bot_token("http://p", "1:token", photos, clock=clock)
    serving = ZaloMediaPublisher.for_bot_token("http://p", "1:token", photos, clock=clock)
    assert serving.resolve(token_of(minting.publish(SHA))) == photos.path_of(SHA)


async def test_a_photo_no_longer_stored_is_404(photos: Photos, clock: Clock) -> None:
    publisher = ZaloMediaPublisher("http://p", b"k" * 32, photos, clock=clock)
    assert publisher.resolve(token_of(publisher.publish("ab" * 32))) is None


def test_publish_refuses_what_is_not_a_sha256(photos: Photos, clock: Clock) -> None:
    publisher = ZaloMediaPublisher("http://p", b"k" * 32, photos, clock=clock)
    with pytest.raises(ValueError):
        publisher.publish("../../etc/passwd")
