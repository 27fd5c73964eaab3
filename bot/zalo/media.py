"""Short-lived public URLs for the photos and documents the bot sends on Zalo.

Zalo's sendPhoto takes only a URL (no upload), so the web server publishes a stored photo at
`<OCOP_PUBLIC_URL>/media/zalo/<token>.jpg` for a few minutes; Zalo fetches it while handling
sendPhoto. The token is self-contained rather than a key into a table held in memory, so any
process sharing the Zalo token can serve a URL that another process minted (webhook server and
sender may be separate, or several behind a load balancer). It is the photo's SHA-256 and the
expiry sealed with AES-256-GCM (so URLs reveal nothing about which photos exist and cannot be
altered), under a key derived with HKDF from the bot token; anything forged, altered or expired
gets the same 404.

    token = base64url(nonce 12 | AES-GCM(expiry as 4 bytes, big-endian seconds | sha256 32) 36
                      | tag 16), 64 bytes in 86 characters

Zalo's Bot API sends no files at all, so a document the bot wrote (a stamp sheet's PDF, a
report) is offered as a download link instead, `<OCOP_PUBLIC_URL>/media/zalo/doc/<token>/<name>`,
valid for `DOCUMENT_TTL` (the officer may open the chat hours later). Its token seals the
expiry and the file's path under the documents directory the same way (another key use, so a
photo's token never opens a document and the reverse); the name in the URL must be the file's.
"""

from __future__ import annotations

import base64
import binascii
import logging
import mimetypes
import re
import secrets
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

from aiohttp import web

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

log = logging.getLogger(__name__)

DEFAULT_TTL = 300.0  # seconds; OpenClaw uses 2 minutes, Zalo fetches during the sendPhoto call
ROUTE = "/media/zalo/{token}.jpg"
DOCUMENT_TTL = 24 * 3600.0  # seconds a document's link stays valid (the message states it)
DOCUMENT_ROUTE = "/media/zalo/doc/{token}/{filename}"
MAX_DOCUMENT_PATH = 240  # bytes of a document's path under the documents directory

_NONCE, _TAG = 12, 16
_PLAIN = struct.Struct(">I32s")  # expiry (Unix seconds, good until 2106) and the SHA-256
_TOKEN_BYTES = _NONCE + _PLAIN.size + _TAG
_AAD = b"ocop zalo media v2"  # a token sealed for anything else does not open here
_KEY_INFO = b"ocop zalo media key v2"
_DOC_AAD = b"ocop zalo document v1"
_EXPIRY = struct.Struct(">I")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PhotoPaths(Protocol):
    """What the publisher needs of the photo store (storage.photo_store.PhotoStore)."""

    def path_of(self, sha256: str) -> Path: ...


class ZaloMediaPublisher:
    def __init__(
        self,
        public_url: str,
        key: bytes | Callable[[], bytes],
        photos: PhotoPaths,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
        documents: Path | None = None,
    ) -> None:
        """`key` is an AES key: 16, 24 or 32 bytes, or what makes it at the first link
        (for_bot_token derives one). `documents`: the directory whose files may be offered
        for download (None: none may)."""
        if isinstance(key, bytes) and len(key) not in (16, 24, 32):
            raise ValueError("the media key must be an AES key of 16, 24 or 32 bytes")
        if not public_url.startswith("https://"):
            log.warning("OCOP_PUBLIC_URL is not https: Zalo may refuse the photo URLs")
        self._base = public_url.rstrip("/")
        self._key = key
        self._cipher: AESGCM | None = None
        self._photos = photos
        self._ttl = ttl
        self._clock = clock
        self._documents = documents.resolve() if documents is not None else None

    @classmethod
    def for_bot_token(
        cls,
        public_url: str,
        zalo_token: str,
        photos: PhotoPaths,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
        documents: Path | None = None,
    ) -> ZaloMediaPublisher:
        """Key derived from the bot token: every process that talks to Zalo already has it."""

        def derive() -> bytes:
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.kdf.hkdf import HKDF

            hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO)
            return hkdf.derive(zalo_token.encode())

        return cls(public_url, derive, photos, ttl=ttl, clock=clock, documents=documents)

    def _open(self, raw: bytes, aad: bytes) -> bytes | None:
        """The token's plain content, or None when it was not sealed by us."""
        from cryptography.exceptions import InvalidTag

        try:
            return self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], aad)
        except InvalidTag:
            return None

    @property
    def _aead(self) -> AESGCM:
        # Made at the first link: the cipher's library costs megabytes a process serving no
        # Zalo photo never needs.
        if self._cipher is None:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            self._cipher = AESGCM(self._key if isinstance(self._key, bytes) else self._key())
        return self._cipher

    def publish(self, sha256: str) -> str:
        """A URL serving the stored photo `sha256` until the TTL runs out."""
        if not _SHA256.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        nonce = secrets.token_bytes(_NONCE)
        plain = _PLAIN.pack(int(self._clock() + self._ttl), bytes.fromhex(sha256))
        token = _b64(nonce + self._aead.encrypt(nonce, plain, _AAD))
        return f"{self._base}{ROUTE.format(token=token)}"

    def resolve(self, token: str) -> Path | None:
        """The photo file for a token still valid, else None."""
        raw = _unb64(token)
        if raw is None or len(raw) != _TOKEN_BYTES:
            return None
        plain = self._open(raw, _AAD)
        if plain is None:
            return None
        expiry, digest = _PLAIN.unpack(plain)
        if self._clock() > expiry:
            return None
        path = self._photos.path_of(digest.hex())
        return path if path.is_file() else None

    def publish_document(self, path: str) -> str | None:
        """A download URL for the file at `path` until DOCUMENT_TTL runs out; None for a file
        outside the documents directory (or when there is none)."""
        found = self._document_path(Path(path))
        if found is None:
            return None
        relative = found.relative_to(self._documents or found).as_posix().encode()
        if len(relative) > MAX_DOCUMENT_PATH:
            return None
        nonce = secrets.token_bytes(_NONCE)
        plain = _EXPIRY.pack(int(self._clock() + DOCUMENT_TTL)) + relative
        token = _b64(nonce + self._aead.encrypt(nonce, plain, _DOC_AAD))
        name = quote(found.name)
        return f"{self._base}{DOCUMENT_ROUTE.format(token=token, filename=name)}"

    def resolve_document(self, token: str, filename: str) -> Path | None:
        """The document for a token still valid whose file is named `filename`, else None."""
        raw = _unb64(token)
        if self._documents is None or raw is None or len(raw) <= _NONCE + _EXPIRY.size + _TAG:
            return None
        plain = self._open(raw, _DOC_AAD)
        if plain is None:
            return None
        (expiry,) = _EXPIRY.unpack(plain[: _EXPIRY.size])
        if self._clock() > expiry:
            return None
        try:
            relative = plain[_EXPIRY.size :].decode()
        except UnicodeDecodeError:
            return None
        found = self._document_path(self._documents / relative)
        if found is None or found.name != filename:
            return None
        return found

    def _document_path(self, path: Path) -> Path | None:
        """`path` resolved, if it is a file inside the documents directory."""
        if self._documents is None:
            return None
        resolved = path.resolve()
        if not resolved.is_relative_to(self._documents) or not resolved.is_file():
            return None
        return resolved


def add_zalo_media_routes(web_app: web.Application, publisher: ZaloMediaPublisher) -> None:
    """Serve the published photos at `/media/zalo/<token>.jpg` and the documents at
    `/media/zalo/doc/<token>/<name>` (GET and HEAD)."""

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

    async def serve_document(request: web.Request) -> web.StreamResponse:
        found = publisher.resolve_document(
            request.match_info["token"], request.match_info["filename"]
        )
        if found is None:
            raise web.HTTPNotFound()
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return web.FileResponse(
            found,
            headers={
                "Content-Type": kind,
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.name)}",
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    web_app.router.add_get(ROUTE, serve)
    web_app.router.add_get(DOCUMENT_ROUTE, serve_document)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(token: str) -> bytes | None:
    """The bytes of a token in its one canonical spelling, else None (base64 decoders skip
    stray characters and ignore the last character's spare bits: another spelling of the same
    bytes is an altered URL all the same)."""
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if _b64(raw) == token else None
