"""Turning the photos of an inbound message into checked, stored photos (or polite refusals)."""

from __future__ import annotations

import logging

from flows.messages import PhotoAttachment, PhotoResult, RejectedPhoto
from handlers.ports import Channel, ChannelError, PhotoTooLarge
from storage.photo_store import PhotoRejectedError, PhotoStore

log = logging.getLogger(__name__)


async def download_photo(
    channel: Channel, photo: PhotoAttachment, store: PhotoStore
) -> bytes | RejectedPhoto:
    """The photo's bytes as sent, or why there are none (announced or found too large, the
    download failed)."""
    if photo.size is not None and photo.size > store.max_bytes:
        return RejectedPhoto("PHOTO_TOO_LARGE")
    try:
        if photo.data is not None:
            return photo.data
        return await channel.download(photo, store.max_bytes)
    except PhotoTooLarge:
        return RejectedPhoto("PHOTO_TOO_LARGE")
    except (ChannelError, OSError, TimeoutError) as exc:
        log.warning("photo download failed on %s: %s", channel.name, exc)
        return RejectedPhoto("PHOTO_DOWNLOAD_FAILED")


async def check_photo(data: bytes, store: PhotoStore) -> PhotoResult:
    """Checked, cleaned and stored (on the store's own threads, within its memory budget
    shared by every chat), or refused with the reason."""
    try:
        return await store.check(data)
    except PhotoRejectedError as exc:
        return RejectedPhoto(exc.reason)


async def process_photo(channel: Channel, photo: PhotoAttachment, store: PhotoStore) -> PhotoResult:
    data = await download_photo(channel, photo, store)
    if isinstance(data, RejectedPhoto):
        return data
    return await check_photo(data, store)


async def process_photos(
    channel: Channel, photos: tuple[PhotoAttachment, ...], store: PhotoStore
) -> tuple[PhotoResult, ...]:
    return tuple([await process_photo(channel, p, store) for p in photos])
