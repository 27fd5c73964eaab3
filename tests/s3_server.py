"""An S3 protocol peer on 127.0.0.1 for the photo store's tests: moto's server (a real HTTP
S3 API, in a thread), and a store on a bucket of it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from storage.blob_store import S3BlobStore, S3Location
from tests.e2e.support import free_port


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_store(endpoint: str, url: str) -> S3BlobStore:
    store = S3BlobStore(
        S3Location.parse(url),
        endpoint_url=endpoint,
        access_key="test",
        secret_key="test",
        suffix=".jpg",
    )
    with contextlib.suppress(store.client.exceptions.BucketAlreadyOwnedByYou):
        store.client.create_bucket(Bucket=store.location.bucket)
    return store
