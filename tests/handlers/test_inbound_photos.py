"""Inbound photos: downloaded, checked within the memory budget, stored or refused."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from PIL import Image

from flows.messages import PhotoAttachment, RejectedPhoto, StoredPhoto
from handlers.inbound_photos import process_photos
from handlers.ports import ChannelUnavailable
from storage.photo_store import PhotoStore
from tests.fakes import FakeChannel


def _png(width: int, height: int, seed: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 20 + seed).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


class FailingChannel(FakeChannel):
    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        raise ChannelUnavailable("502")


async def test_an_accepted_photo_is_kept_downscaled_and_a_non_photo_refused(
    tmp_path: Path,
) -> None:
    original = _png(3000, 1000)
    store = PhotoStore(tmp_path, max_side=600)
    channel = FakeChannel(files={"big": original, "text": b"hello"})
    photos = (PhotoAttachment("big"), PhotoAttachment("text"))
    accepted, refused = await process_photos(channel, photos, store)
    assert isinstance(accepted, StoredPhoto)
    assert (accepted.width, accepted.height) == (600, 200)  # the kept copy
    assert refused == RejectedPhoto("PHOTO_NOT_IMAGE")
    store.close()


async def test_a_photo_too_large_or_not_downloaded_is_refused(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, max_bytes=1000)
    announced_large = PhotoAttachment("x", size=1001)
    (too_large,) = await process_photos(FakeChannel(), (announced_large,), store)
    assert too_large == RejectedPhoto("PHOTO_TOO_LARGE")
    (failed,) = await process_photos(FailingChannel(), (PhotoAttachment("y"),), store)
    assert failed == RejectedPhoto("PHOTO_DOWNLOAD_FAILED")
    store.close()


async def test_a_photo_too_heavy_for_the_budget_is_refused_politely(tmp_path: Path) -> None:
    photo = _png(1000, 1000)
    store = PhotoStore(tmp_path, memory_budget=PhotoStore(tmp_path).plan(photo).memory - 1)
    (result,) = await process_photos(FakeChannel(), (PhotoAttachment("p", data=photo),), store)
    assert result == RejectedPhoto("PHOTO_TOO_HEAVY")
    store.close()


async def test_many_chats_sending_photos_at_once_share_the_budget(tmp_path: Path) -> None:
    photos = [_png(800, 700, seed) for seed in range(10)]
    one = PhotoStore(tmp_path).plan(photos[0]).memory
    store = PhotoStore(tmp_path, memory_budget=one * 3 // 2, workers=4)  # one at a time
    channel = FakeChannel(files={f"p{i}": photo for i, photo in enumerate(photos)})
    results = await asyncio.gather(
        *(process_photos(channel, (PhotoAttachment(f"p{i}"),), store) for i in range(10))
    )
    assert all(isinstance(r, StoredPhoto) for (r,) in results)
    assert one <= store.budget.peak < 2 * one
    store.close()


async def test_a_photo_that_waited_too_long_for_the_budget_is_refused(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, queue_seconds=0.1)
    assert store.budget.acquire(store.budget.total)  # a long check holds it all
    photo = PhotoAttachment("p", data=_png(50, 50))
    (result,) = await process_photos(FakeChannel(), (photo,), store)
    assert result == RejectedPhoto("PHOTO_BUSY")
    store.budget.release(store.budget.total)
    (result,) = await process_photos(FakeChannel(), (photo,), store)
    assert isinstance(result, StoredPhoto)
    store.close()
