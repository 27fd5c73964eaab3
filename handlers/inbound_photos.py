"""Turning the photos of an inbound message into checked, stored photos (or polite refusals)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flows.messages import PhotoAttachment, PhotoResult, RejectedPhoto
from handlers.ports import Channel, ChannelError, PhotoTooLarge
from storage.photo_store import PhotoRejectedError, PhotoStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProcessedPhoto:
    """What the flow is told of a photo, and for an accepted one the bytes as downloaded: a
    stamp is decoded from the original, not from the re-encoded, downscaled copy kept."""

    result: PhotoResult
    original: bytes | None = None


async def process_photo(
    channel: Channel, photo: PhotoAttachment, store: PhotoStore
) -> ProcessedPhoto:
    if photo.size is not None and photo.size > store.max_bytes:
        return ProcessedPhoto(RejectedPhoto("PHOTO_TOO_LARGE"))
    try:
        data = (
            photo.data if photo.data is not None else await channel.download(photo, store.max_bytes)
        )
    except PhotoTooLarge:
        return ProcessedPhoto(RejectedPhoto("PHOTO_TOO_LARGE"))
    except (ChannelError, OSError, TimeoutError) as exc:
        log.warning("photo download failed on %s: %s", channel.name, exc)
        return ProcessedPhoto(RejectedPhoto("PHOTO_DOWNLOAD_FAILED"))
    try:
        # On the store's own threads, within its memory budget shared by every chat.
        return ProcessedPhoto(await store.check(data), data)
    except PhotoRejectedError as exc:
        return ProcessedPhoto(RejectedPhoto(exc.reason))


async def process_photos(
    channel: Channel, photos: tuple[PhotoAttachment, ...], store: PhotoStore
) -> tuple[ProcessedPhoto, ...]:
    return tuple([await process_photo(channel, p, store) for p in photos])
