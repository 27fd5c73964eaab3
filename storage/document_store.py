"""Files users send as files (a business plan in PDF or Word), kept once each by their SHA-256.

The bytes are kept as they came (unlike photos, nothing is re-encoded): root/<sha[:2]>/<sha>.
Which kinds are taken is checked before they get here (handlers/inbound_documents.py).

A file sent on to someone (an officer reading a plan) should carry a name they can open, not a
hash: `upload_path` gives the same bytes under the sender's name, as a hard link beside them.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import secrets
from contextlib import suppress
from pathlib import Path

from storage.atomic_file import write_atomically

__all__ = ["MAX_BYTES", "DocumentStore", "DocumentTooLargeError"]

MAX_BYTES = 20 * 1024 * 1024  # what Telegram's public Bot API lets a bot download
_SHA256 = re.compile(r"[0-9a-f]{64}")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


class DocumentTooLargeError(Exception):
    """More bytes than the store takes."""


class DocumentStore:
    """Documents under `root`; at most `max_bytes` each."""

    def __init__(self, root: Path, max_bytes: int = MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes

    async def save(self, data: bytes) -> str:
        """`store` off the event loop (writing and syncing megabytes takes a while)."""
        return await asyncio.to_thread(self.store, data)

    def store(self, data: bytes) -> str:
        """Keep `data`; its SHA-256 (hex). The same bytes twice are written once."""
        if len(data) > self.max_bytes:
            raise DocumentTooLargeError(f"{len(data)} bytes")
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha256)
        if not path.exists():
            write_atomically(path, data)
        return sha256

    def path_of(self, sha256: str) -> Path:
        """Where the document lives; ValueError for anything but a lower-case SHA-256 in hex."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256

    def read(self, sha256: str) -> bytes:
        """The stored bytes; FileNotFoundError if there are none."""
        return self.path_of(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def delete(self, sha256: str) -> None:
        """The document and its named copies gone (`ocop-bot forget`); missing is no error."""
        path = self.path_of(sha256)
        named = path.parent / f"{sha256}.named"
        if named.is_dir():
            for copy in named.iterdir():
                copy.unlink(missing_ok=True)
            named.rmdir()
        path.unlink(missing_ok=True)

    def upload_path(self, sha256: str, file_name: str) -> Path:
        """The stored document under `file_name` (for `Reply.document`: a channel uploads a file
        under its path's name). FileNotFoundError when the document is not stored."""
        source = self.path_of(sha256)
        if not source.is_file():
            raise FileNotFoundError(source)
        name = _UNSAFE.sub("_", file_name).strip().lstrip(".") or sha256
        target = source.parent / f"{sha256}.named" / name
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.parent / f".incoming-{secrets.token_hex(8)}"
        try:
            try:
                os.link(source, temporary)  # no second copy of the bytes
            except OSError:
                write_atomically(temporary, source.read_bytes())
            os.replace(temporary, target)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
        return target
