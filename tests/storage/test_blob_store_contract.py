"""The blob store's contract, held by both stores: the local directory and an S3-style object
store (played by moto's server on 127.0.0.1, a real S3 protocol peer over HTTP)."""

from __future__ import annotations

import hashlib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from storage.blob_store import BlobStore, LocalBlobStore, S3Location
from tests.s3_server import s3_store


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "photos", suffix=".jpg")
    endpoint: str = request.getfixturevalue("s3_endpoint")
    return s3_store(endpoint, f"s3://ocop-{tmp_path.name.lower().replace('_', '-')}/photos")


def key_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_what_is_put_is_read_back_whole(store: BlobStore) -> None:
    content = b"\xff\xd8\xff" + bytes(range(256)) * 400
    key = key_of(content)
    assert not store.exists(key)
    store.put_once(key, content)
    assert store.exists(key)
    assert store.get(key) == content
    assert store.size(key) == len(content)


def test_missing_keys_raise_file_not_found(store: BlobStore) -> None:
    key = key_of(b"never stored")
    with pytest.raises(FileNotFoundError):
        store.get(key)
    with pytest.raises(FileNotFoundError):
        store.size(key)
    store.delete(key)  # nothing there is no error


def test_put_once_keeps_the_first_content(store: BlobStore) -> None:
    key = key_of(b"first")
    store.put_once(key, b"first")
    store.put_once(key, b"second")  # a content-addressed key never changes
    assert store.get(key) == b"first"


def test_delete_removes(store: BlobStore) -> None:
    key = key_of(b"gone")
    store.put_once(key, b"gone")
    store.delete(key)
    assert not store.exists(key)


def test_keys_that_could_escape_are_refused(store: BlobStore) -> None:
    for bad in ["", "../etc/passwd", "ab/cd", ".hidden"]:
        with pytest.raises(ValueError):
            store.put_once(bad, b"x")


def test_many_threads_writing_the_same_and_different_keys(store: BlobStore) -> None:
    contents = [f"photo {n}".encode() * 100 for n in range(20)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda c: store.put_once(key_of(c), c), contents * 3))
    assert all(store.get(key_of(c)) == c for c in contents)


def test_the_link_opens_the_content(store: BlobStore) -> None:
    content = b"linked photo"
    key = key_of(content)
    store.put_once(key, content)
    with urllib.request.urlopen(store.link(key), timeout=10) as response:
        assert response.read() == content


def test_two_processes_on_one_bucket_see_each_others_objects(s3_endpoint: str) -> None:
    one = s3_store(s3_endpoint, "s3://ocop-shared/p")
    other = s3_store(s3_endpoint, "s3://ocop-shared/p")
    one.put_once(key_of(b"a"), b"a")
    assert other.get(key_of(b"a")) == b"a"
    assert set(other.keys()) == {key_of(b"a")}
    elsewhere = s3_store(s3_endpoint, "s3://ocop-shared/q")
    assert not elsewhere.exists(key_of(b"a"))  # the prefix separates stores


def test_locations_are_parsed_strictly() -> None:
    assert S3Location.parse("s3://bucket") == S3Location("bucket", "")
    assert S3Location.parse("s3://bucket/a/b/") == S3Location("bucket", "a/b/")
    for bad in ["bucket", "http://bucket/x", "s3:///x"]:
        with pytest.raises(ValueError):
            S3Location.parse(bad)
