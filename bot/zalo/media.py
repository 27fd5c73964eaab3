"""Short-lived public URLs for the photos the bot sends on Zalo.

Zalo's sendPhoto takes only a URL (no upload), so the web server publishes a stored photo at
`<OCOP_PUBLIC_URL>/media/zalo/<token>.jpg` for a few minutes; Zalo fetches it while handling
sendPhoto. The token is self-contained rather than a key into a table held in memory, so any
process sharing the Zalo token can serve a URL that another process minted (webhook server and
sender may be separate, or several behind a load balancer). It carries the photo's SHA-256
encrypted (so URLs reveal nothing about which photos exist), the expiry, and a MAC; anything
forged, altered or expired gets the same 404.
"""

from __future__ import annotations

import base64
import hmac
import logging
import re
import secrets
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from aiohttp import web

log = logging.getLogger(__name__)

DEFAULT_TTL = 300.0  # seconds; OpenClaw uses 2 minutes, Zalo fetches during the sendPhoto call
ROUTE = "/media/zalo/{token}.jpg"

_NONCE, _EXPIRY, _DIGEST, _MAC = 12, 8, 32, 16
_TOKEN_BYTES = _NONCE + _EXPIRY + _DIGEST + _MAC
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PhotoPaths(Protocol):
    """What the publisher needs of the photo store (storage.photo_store.PhotoStore)."""

    def path_of(self, sha256: str) -> Path: ...


class ZaloMediaPublisher:
    def __init__(
        self,
        public_url: str,
        key: bytes,
        photos: PhotoPaths,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if len(key) < 16:
            raise ValueError("the media key must have at least 16 bytes")
        if not public_url.startswith("https://"):
            log.warning("OCOP_PUBLIC_URL is not https: Zalo may refuse the photo URLs")
        self._base = public_url.rstrip("/")
        self._enc_key = hmac.digest(key, b"ocop zalo media: encrypt", "sha256")
        self._mac_key = hmac.digest(key, b"ocop zalo media: authenticate", "sha256")
        self._photos = photos
        self._ttl = ttl
        self._clock = clock

    @classmethod
    def for_bot_token(
        cls,
        public_url: str,
        zalo_token: str,
        photos: PhotoPaths,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
    ) -> ZaloMediaPublisher:
        """Key derived from the bot token: every process that talks to Zalo already has it."""
        key = hmac.digest(zalo_token.encode(), b"ocop zalo media key v1", "sha256")
        return cls(public_url, key, photos, ttl=ttl, clock=clock)

    def publish(self, sha256: str) -> str:
        """A URL serving the stored photo `sha256` until the TTL runs out."""
        if not _SHA256.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        nonce = secrets.token_bytes(_NONCE)
        expiry = struct.pack(">Q", int(self._clock() + self._ttl))
        sealed = _xor(bytes.fromhex(sha256), self._pad(nonce))
        body = nonce + expiry + sealed
        token = _b64(body + self._mac(body))
        return f"{self._base}{ROUTE.format(token=token)}"

    def resolve(self, token: str) -> Path | None:
        """The photo file for a token still valid, else None."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except ValueError:
            return None
        if len(raw) != _TOKEN_BYTES:
            return None
        body, mac = raw[:-_MAC], raw[-_MAC:]
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        nonce = body[:_NONCE]
        (expiry,) = struct.unpack(">Q", body[_NONCE : _NONCE + _EXPIRY])
        if self._clock() > expiry:
            return None
        sha256 = _xor(body[_NONCE + _EXPIRY :], self._pad(nonce)).hex()
        path = self._photos.path_of(sha256)
        return path if path.is_file() else None

    def _pad(self, nonce: bytes) -> bytes:
        return hmac.digest(self._enc_key, nonce, "sha256")

    def _mac(self, body: bytes) -> bytes:
        return hmac.digest(self._mac_key, body, "sha256")[:_MAC]


def add_zalo_media_routes(web_app: web.Application, publisher: ZaloMediaPublisher) -> None:
    """Serve the published photos at `/media/zalo/<token>.jpg` (GET and HEAD)."""

    async def serve(request: web.Request) -> web.StreamResponse:
        path = publisher.resolve(request.match_info["token"])
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(
            path,
            headers={
                "Content-Type": "image/jpeg",
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    web_app.router.add_get(ROUTE, serve)


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
