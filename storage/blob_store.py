"""Where stored files' bytes live: a local directory by default, an S3-style object store
(`OCOP_PHOTO_STORE=s3://bucket/prefix`) when several machines run the bot.

The stores above (photos) name their files by content (SHA-256), so a blob is written once
and never changed: writing the same key twice is a no-op, and any process may read a key
another wrote. Calls block (file or network I/O): async code calls them in a thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from storage.atomic_file import write_atomically

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


class BlobStore(Protocol):
    def put_once(self, key: str, content: bytes) -> None:
        """Store `content` under `key` unless something is already there."""

    def get(self, key: str) -> bytes:
        """The bytes under `key`; FileNotFoundError when there are none."""

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int:
        """The size in bytes; FileNotFoundError when there is nothing under `key`."""

    def delete(self, key: str) -> None:
        """Remove `key`; nothing under it is no error."""

    def local_path(self, key: str) -> Path | None:
        """The file holding `key` on this machine, for a store that has one; else None."""

    def link(self, key: str) -> str:
        """An address an officer can open (a file URI, or a signed URL of limited life)."""


class LocalBlobStore:
    """Files under `root`, each written whole (atomic rename), never half."""

    def __init__(self, root: Path, suffix: str = "") -> None:
        self.root = root
        self.suffix = suffix

    def _path(self, key: str) -> Path:
        if not key or "/" in key or key.startswith("."):
            raise ValueError("not a blob key")
        return self.root / key[:2] / f"{key}{self.suffix}"

    def put_once(self, key: str, content: bytes) -> None:
        path = self._path(key)
        if not path.exists():
            write_atomically(path, content, suffix=self.suffix)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def link(self, key: str) -> str:
        return self._path(key).resolve().as_uri()


@dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> S3Location:
        """`s3://bucket` or `s3://bucket/some/prefix`; ValueError otherwise."""
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"not an s3://bucket/prefix address: {url!r}")
        prefix = parts.path.strip("/")
        return cls(parts.netloc, f"{prefix}/" if prefix else "")


# A signed link in an export lasts a week, the longest S3's signature version 4 allows.
LINK_SECONDS = 7 * 24 * 3600


class S3BlobStore:
    """Objects in one bucket under a prefix, through boto3 (any S3-compatible service:
    AWS, MinIO, Ceph, a provincial data centre's). The endpoint and keys come from settings."""

    def __init__(
        self,
        location: S3Location,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        suffix: str = "",
    ) -> None:
        self.location = location
        self.suffix = suffix
        self._config: dict[str, Any] = {
            "endpoint_url": endpoint_url,
            "region_name": region or "us-east-1",
            "aws_access_key_id": access_key,
            "aws_secret_access_key": secret_key,
        }
        # boto3 clients are thread-safe once made, but making one is not: made once, lazily
        # (importing boto3 costs start-up time a local store never pays).
        self._client: S3Client | None = None
        self._lock = threading.Lock()

    @property
    def client(self) -> S3Client:
        with self._lock:
            if self._client is None:
                import boto3
                from botocore.config import Config

                retries = Config(retries={"max_attempts": 5, "mode": "standard"})
                self._client = boto3.client("s3", config=retries, **self._config)
            return self._client

    def _key(self, key: str) -> str:
        if not key or "/" in key or key.startswith("."):
            raise ValueError("not a blob key")
        return f"{self.location.prefix}{key[:2]}/{key}{self.suffix}"

    def put_once(self, key: str, content: bytes) -> None:
        if self.exists(key):
            return
        # One PUT is atomic in S3: a reader never sees half an object.
        self.client.put_object(Bucket=self.location.bucket, Key=self._key(key), Body=content)

    def get(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.location.bucket, Key=self._key(key))
        except self.client.exceptions.NoSuchKey as error:
            raise FileNotFoundError(key) from error
        body: bytes = response["Body"].read()
        return body

    def _head(self, key: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        try:
            head: dict[str, Any] = dict(
                self.client.head_object(Bucket=self.location.bucket, Key=self._key(key))
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return head

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def size(self, key: str) -> int:
        head = self._head(key)
        if head is None:
            raise FileNotFoundError(key)
        return int(head["ContentLength"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.location.bucket, Key=self._key(key))

    def local_path(self, key: str) -> Path | None:
        return None

    def link(self, key: str) -> str:
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.location.bucket, "Key": self._key(key)},
            ExpiresIn=LINK_SECONDS,
        )

    def keys(self) -> Iterator[str]:
        """Every key stored (for backups and checks), in no particular order."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.location.bucket, Prefix=self.location.prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                name = item["Key"].rsplit("/", 1)[-1]
                yield name.removesuffix(self.suffix) if self.suffix else name
