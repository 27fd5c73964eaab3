"""The document store: the bytes as sent, once each by SHA-256, written atomically."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from storage.document_store import DocumentStore, DocumentTooLargeError
from tests.documents import DOCX, PDF


def test_the_same_file_twice_is_stored_once(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    first = store.store(PDF)
    assert store.store(PDF) == first == hashlib.sha256(PDF).hexdigest()
    assert store.read(first) == PDF
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [store.path_of(first)]  # no temporary file left behind
    assert store.path_of(first) == tmp_path / first[:2] / first


async def test_saved_off_the_loop_and_refused_over_the_limit(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path, max_bytes=len(PDF))
    sha = await store.save(PDF)
    assert store.exists(sha)
    with pytest.raises(DocumentTooLargeError):
        store.store(DOCX + DOCX)
    assert not any(p.name.startswith(".incoming") for p in tmp_path.rglob("*"))


def test_only_a_hex_digest_names_a_path(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    for bad in ("../../etc/passwd", "A" * 64, "abc"):
        with pytest.raises(ValueError):
            store.path_of(bad)


def test_upload_path_carries_the_senders_name_over_the_same_bytes(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    sha = store.store(PDF)
    path = store.upload_path(sha, "Phương án SXKD.pdf")
    assert path.name == "Phương án SXKD.pdf" and path.read_bytes() == PDF
    assert path.stat().st_ino == store.path_of(sha).stat().st_ino  # a link, not a copy
    assert store.upload_path(sha, "Phương án SXKD.pdf") == path
    sneaky = store.upload_path(sha, "../../x/evil.pdf")
    assert sneaky.parent == path.parent and sneaky.read_bytes() == PDF
    with pytest.raises(FileNotFoundError):
        store.upload_path(hashlib.sha256(b"never sent").hexdigest(), "a.pdf")
