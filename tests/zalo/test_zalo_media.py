"""Short-lived photo URLs for Zalo: served as JPEG while valid, 404 once expired or forged."""

from __future__ import annotations

import base64
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


# The seal: AES-GCM under a key derived (HKDF) from the bot token.


def _raw(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_round_trip_with_a_short_url_safe_token(photos: Photos, clock: Clock) -> None:
    publisher = ZaloMediaPublisher.for_bot_token("https://p", "zalo-bot-token", photos, clock=clock)
    token = token_of(publisher.publish(SHA))
    assert len(token) == 86  # nonce 12 + expiry 4 + SHA-256 32 + tag 16 bytes
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert publisher.resolve(token) == photos.path_of(SHA)


def test_altering_any_byte_of_the_token_fails(photos: Photos, clock: Clock) -> None:
    publisher = ZaloMediaPublisher.for_bot_token("https://p", "zalo-bot-token", photos, clock=clock)
    raw = _raw(token_of(publisher.publish(SHA)))
    for index in range(len(raw)):
        for flip in (0x01, 0x80):
            altered = bytearray(raw)
            altered[index] ^= flip
            assert publisher.resolve(_b64(bytes(altered))) is None, (index, flip)
    assert publisher.resolve(_b64(raw[:-1])) is None
    assert publisher.resolve(_b64(raw + b"\x00")) is None


def test_altering_any_character_of_the_token_fails(photos: Photos, clock: Clock) -> None:
    publisher = ZaloMediaPublisher.for_bot_token("https://p", "zalo-bot-token", photos, clock=clock)
    token = token_of(publisher.publish(SHA))
    for index, char in enumerate(token):
        # The next letter of the alphabet, even one that differs only in the spare bits of the
        # last character (the same bytes spelt another way), and characters base64 would skip.
        for other in {"B" if char == "A" else "A", chr(ord(char) ^ 1), ".", "=", "+"} - {char}:
            altered = token[:index] + other + token[index + 1 :]
            assert publisher.resolve(altered) is None, (index, other)


def test_expired_after_the_ttl(photos: Photos, clock: Clock) -> None:
    publisher = ZaloMediaPublisher.for_bot_token("https://p", "zalo-bot-token", photos, clock=clock)
    token = token_of(publisher.publish(SHA))
    clock.now += 300
    assert publisher.resolve(token) == photos.path_of(SHA)
    clock.now += 1
    assert publisher.resolve(token) is None


def test_another_key_fails(photos: Photos, clock: Clock) -> None:
    minting = ZaloMediaPublisher.for_bot_token("https://p", "zalo-bot-token", photos, clock=clock)
    token = token_of(minting.publish(SHA))
    for other in (
        ZaloMediaPublisher.for_bot_token("https://p", "another-bot", photos, clock=clock),
        ZaloMediaPublisher("https://p", b"k" * 32, photos, clock=clock),
    ):
        assert other.resolve(token) is None


def test_the_key_must_be_an_aes_key(photos: Photos) -> None:
    for length in (0, 15, 20, 33):
        with pytest.raises(ValueError):
            ZaloMediaPublisher("https://p", b"k" * length, photos)
    for length in (16, 24, 32):
        ZaloMediaPublisher("https://p", b"k" * length, photos)
