"""Photos on an object store that every process reaches: a photo one process checked and
stored is read by another, on another machine's disk (its own data directory)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from storage.blob_store import S3BlobStore
from storage.photo_store import PhotoStore
from tests.s3_server import s3_store


def jpeg(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (seed % 256, 90, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def process_store(root: Path, shared: S3BlobStore) -> PhotoStore:
    return PhotoStore(root, shared=shared)


def test_a_photo_stored_by_one_process_is_read_by_another(s3_endpoint: str, tmp_path: Path) -> None:
    bucket = s3_store(s3_endpoint, "s3://ocop-photos/ha-tinh")
    one = process_store(tmp_path / "one", bucket)
    other = process_store(tmp_path / "other", bucket)
    stored = one.check_and_store(jpeg(1))
    assert bucket.exists(stored.sha256)  # in the object store, not only on one's disk
    assert not (tmp_path / "other").exists()
    data = other.read(stored.sha256)
    assert data == one.read(stored.sha256)
    assert other.size_of(stored.sha256) == (stored.width, stored.height)
    assert other.path_of(stored.sha256).is_file()  # kept on this machine once fetched
    assert other.link(stored.sha256).startswith(s3_endpoint)


def test_deleting_removes_the_photo_from_the_shared_store(s3_endpoint: str, tmp_path: Path) -> None:
    bucket = s3_store(s3_endpoint, "s3://ocop-photos/pruned")
    one = process_store(tmp_path / "one", bucket)
    stored = one.check_and_store(jpeg(2))
    one.delete(stored.sha256)
    assert not bucket.exists(stored.sha256)
    assert not one.path_of(stored.sha256).exists()  # nowhere to fetch it from either


def test_without_a_shared_store_photos_stay_in_the_directory(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    stored = store.check_and_store(jpeg(3))
    path = store.path_of(stored.sha256)
    assert path.is_file() and path.is_relative_to(tmp_path / "photos")
    assert store.link(stored.sha256) == path.resolve().as_uri()
