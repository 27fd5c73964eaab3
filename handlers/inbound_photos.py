"""Turning the photos of an inbound message into checked, stored photos (or polite refusals)."""

from __future__ import annotations

import asyncio
import logging

from flows.messages import PhotoAttachment, PhotoResult, RejectedPhoto
from handlers.ports import Channel, ChannelError, PhotoTooLarge
from storage.photo_store import PhotoRejectedError, PhotoStore

log = logging.getLogger(__name__)


async def process_photo(channel: Channel, photo: PhotoAttachment, store: PhotoStore) -> PhotoResult:
    if photo.size is not None and photo.size > store.max_bytes:
        return RejectedPhoto("PHOTO_TOO_LARGE")
    try:
        data = (
            photo.data if photo.data is not None else await channel.download(photo, store.max_bytes)
        )
    except PhotoTooLarge:
        return RejectedPhoto("PHOTO_TOO_LARGE")
    except (ChannelError, OSError, TimeoutError) as exc:
        log.warning("photo download failed on %s: %s", channel.name, exc)
        return RejectedPhoto("PHOTO_DOWNLOAD_FAILED")
    try:
        return await asyncio.to_thread(store.check_and_store, data)
    except PhotoRejectedError as exc:
        return RejectedPhoto(exc.reason)


async def process_photos(
    channel: Channel, photos: tuple[PhotoAttachment, ...], store: PhotoStore
) -> tuple[PhotoResult, ...]:
    return tuple([await process_photo(channel, p, store) for p in photos])
