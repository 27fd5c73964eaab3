"""The Zalo channel: `Reply` out through the Zalo Bot API, photo bytes in from Zalo's links."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging

import httpx

from bot.zalo.client import ZaloClient
from bot.zalo.media import ZaloMediaPublisher
from bot.zalo.parse import CHANNEL
from bot.zalo.render import ZaloRequest, render
from flows.messages import PhotoAttachment, Reply
from handlers.delivery_marks import MemoryDeliveryMarks
from handlers.ports import (
    ChannelBadRequest,
    ChannelError,
    ChannelUnavailable,
    Clock,
    DeliveryMarks,
    PhotoTooLarge,
    RetryAfter,
    SystemClock,
)

log = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DOWNLOAD_DEADLINE = 60.0  # seconds for a whole photo, however slowly it trickles in
# A reply's delivered pieces are remembered this long: the outbox retries within minutes,
# and a reply retried after an hour is better whole than cut.
PIECES_KEPT = dt.timedelta(hours=1)


class ZaloChannel:
    """Implements `handlers.ports.Channel` for Zalo."""

    def __init__(
        self,
        client: ZaloClient,
        publisher: ZaloMediaPublisher | None = None,
        *,
        download_transport: httpx.AsyncBaseTransport | None = None,
        marks: DeliveryMarks | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._client = client
        self._publisher = publisher
        self._clock = clock or SystemClock()
        # Photo links need no token; a separate client keeps the API one's base and logs apart.
        self._http = httpx.AsyncClient(
            transport=download_transport,
            timeout=DOWNLOAD_TIMEOUT,
            follow_redirects=True,
            max_redirects=5,
        )
        # The pieces already delivered of a reply sent in several requests: when a later
        # piece fails (or the process dies) the outbox sends the whole reply again, perhaps
        # from another process, and resending the first piece would show the person the same
        # text twice (Zalo has no edit or delete). In the database, so every process knows.
        self._marks: DeliveryMarks = marks or MemoryDeliveryMarks()

    @property
    def name(self) -> str:
        return CHANNEL

    @property
    def client(self) -> ZaloClient:
        return self._client

    async def aclose(self) -> None:
        await self._http.aclose()
        await self._client.aclose()

    async def send(self, chat_id: str, reply: Reply) -> None:
        requests = render(
            chat_id, reply, self._photo_url(reply.photo), self._document_url(reply.document)
        )
        if len(requests) == 1:
            await self._deliver(chat_id, requests[0])
            return
        mark = "pieces:" + _fingerprint(reply)[:40]
        newer_than = self._clock.now() - PIECES_KEPT
        done = await self._marks.get(CHANNEL, chat_id, mark, newer_than=newer_than) or 0
        for index, request in enumerate(requests):
            if index < done:
                continue
            try:
                await self._deliver(chat_id, request)
            except (RetryAfter, ChannelUnavailable):
                raise  # the mark says where the retry starts
            except ChannelError:
                await self._marks.drop(CHANNEL, chat_id, mark)
                raise
            if index + 1 < len(requests):
                await self._marks.put(CHANNEL, chat_id, mark, index + 1, self._clock.now())
        await self._marks.drop(CHANNEL, chat_id, mark)

    async def _deliver(self, chat_id: str, request: ZaloRequest) -> None:
        try:
            await self._client.call(request.method, request.params)
        except ChannelBadRequest:
            if request.method != "sendPhoto":
                raise
            caption = request.params.get("caption")
            # Zalo could not fetch our photo URL (public URL misconfigured, say): the text
            # matters more than the picture, so it still goes.
            log.error("Zalo refused a photo for chat %s; sending the text alone", chat_id)
            if caption:
                await self._client.send_message(chat_id, caption)

    def _photo_url(self, sha256: str | None) -> str | None:
        if sha256 is None:
            return None
        if self._publisher is None:
            log.warning("no OCOP_PUBLIC_URL: a photo reply on Zalo goes as text only")
            return None
        try:
            return self._publisher.publish(sha256)
        except ValueError:
            log.error("cannot publish photo %s for Zalo", sha256[:12])
            return None

    def _document_url(self, path: str | None) -> str | None:
        if path is None or self._publisher is None:
            return None
        url = self._publisher.publish_document(path)
        if url is None:
            log.warning("document %s is outside the documents directory: named only", path)
        return url

    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        """GET the photo link at once (Zalo's links expire), never keeping more than
        `max_bytes`; a network fault is retried once, since the link may not last."""
        if photo.data is not None:
            if len(photo.data) > max_bytes:
                raise PhotoTooLarge(f"{len(photo.data)} bytes")
            return photo.data
        if photo.size is not None and photo.size > max_bytes:
            raise PhotoTooLarge(f"announced {photo.size} bytes")
        if not photo.ref.lower().startswith(("https://", "http://")):
            raise ChannelBadRequest("a Zalo photo reference that is not a URL")
        for attempt in (1, 2):
            try:
                async with asyncio.timeout(DOWNLOAD_DEADLINE):
                    return await self._fetch(photo.ref, max_bytes)
            except (ChannelUnavailable, TimeoutError) as exc:
                if attempt == 2:
                    if isinstance(exc, ChannelError):
                        raise
                    raise ChannelUnavailable("Zalo photo download too slow") from None
                await asyncio.sleep(0.5)
        raise AssertionError("unreachable")

    async def _fetch(self, url: str, max_bytes: int) -> bytes:
        try:
            async with self._http.stream("GET", url) as response:
                status = response.status_code
                if status in (403, 404, 410):
                    raise ChannelBadRequest(f"Zalo photo link refused ({status}); expired?")
                if status == 429 or status >= 500:
                    raise ChannelUnavailable(f"Zalo photo host answered {status}")
                if status >= 300:
                    raise ChannelBadRequest(f"Zalo photo host answered {status}")
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise PhotoTooLarge(f"announced {length} bytes")
                data = bytearray()
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > max_bytes:
                        raise PhotoTooLarge(f"more than {max_bytes} bytes")
                return bytes(data)
        except httpx.HTTPError as exc:
            raise ChannelUnavailable(f"Zalo photo download: {type(exc).__name__}") from None


def _fingerprint(reply: Reply) -> str:
    canonical = json.dumps(reply.to_json(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
