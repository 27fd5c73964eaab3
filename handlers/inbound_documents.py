"""Turning the files of an inbound message into checked, stored documents (or polite refusals).

Checks from the cheapest up: the channel can hand files over at all, a step wants one now,
the announced size, the announced name and type, then the bytes themselves (what they really
are, whatever the file is called). A file nothing wants is not even downloaded.
"""

from __future__ import annotations

import asyncio
import io
import logging
import zipfile
from typing import Protocol, runtime_checkable

from flows.documents import (
    DOCUMENT_DOWNLOAD_FAILED,
    DOCUMENT_EMPTY,
    DOCUMENT_NOT_NOW,
    DOCUMENT_NOT_ON_ZALO,
    DOCUMENT_TOO_LARGE,
    DOCUMENT_TYPES,
    DOCUMENT_WRONG_TYPE,
    base_mime,
    clean_file_name,
    declared_kinds,
    refused_by_its_label,
)
from flows.messages import DocumentAttachment, DocumentResult, RejectedDocument, StoredDocument
from handlers.ports import Channel, ChannelError, PhotoTooLarge
from storage.document_store import DocumentStore, DocumentTooLargeError
from storage.photo_metadata import document_without_metadata

log = logging.getLogger(__name__)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls
_ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_OOXML = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
_PDF_HEADER_WITHIN = 1024  # readers accept "%PDF-" anywhere in the first kilobyte
# A Word or Excel file of 20 MB unpacks to a few times that; a zip bomb to gigabytes. Beyond
# these the file is not taken: an officer's Word would choke on it (the sizes are as the
# archive declares them, read without unpacking anything).
MAX_UNPACKED = 256 * 1024 * 1024
MAX_MEMBERS = 10_000


@runtime_checkable
class DocumentChannel(Protocol):
    """A channel that can fetch a file a user sent (Telegram, the console; Zalo cannot)."""

    async def download_document(self, document: DocumentAttachment, max_bytes: int) -> bytes:
        """The file's bytes; `PhotoTooLarge` over `max_bytes`."""


def content_kinds(data: bytes) -> frozenset[str]:
    """The kinds (DOCUMENT_TYPES keys) the bytes can be, read from the content alone."""
    if b"%PDF-" in data[:_PDF_HEADER_WITHIN]:
        return frozenset({"pdf"})
    if data.startswith(_OLE):
        return frozenset({"doc", "xls"})
    if data.startswith(b"{\\rtf"):
        return frozenset({"doc"})  # Word and WPS save RTF under .doc, and Word opens it
    if data.startswith(b"PK\x03\x04"):
        return _zipped_kinds(data)
    return frozenset()


def _zipped_kinds(data: bytes) -> frozenset[str]:
    """Word, Excel and OpenDocument files are zip archives; a plain .zip is none of them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
                return frozenset()
            names = {m.filename for m in members}
            if "mimetype" in names:
                with archive.open("mimetype") as member:  # read a little: it may be a bomb
                    declared = member.read(100).decode("ascii", "replace").strip()
                kind = _ODF.get(declared)
                return frozenset({kind}) if kind else frozenset()
    # RuntimeError: an encrypted member, or (NotImplementedError) an unknown compression.
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return frozenset()
    return frozenset(kind for member, kind in _OOXML.items() if member in names)


def _kind_of(found: frozenset[str], declared: frozenset[str]) -> str | None:
    """One kind for the file: the one both name and content agree on, else the content's own
    when it is unambiguous (a Word file named .doc that is really .docx is still taken)."""
    agreed = found & declared
    if len(agreed) == 1:
        return next(iter(agreed))
    if len(found) == 1:
        return next(iter(found))
    return None


def _default_name(kind: str | None) -> str:
    return f"tai-lieu.{kind}" if kind else "tai-lieu"


async def process_document(
    channel: Channel, document: DocumentAttachment, store: DocumentStore, *, wanted: bool
) -> DocumentResult:
    """`wanted`: a step takes files now (`flows.conversation.takes_documents`)."""
    name = clean_file_name(document.file_name)
    if document.data is None and not isinstance(channel, DocumentChannel):
        return RejectedDocument(DOCUMENT_NOT_ON_ZALO, name)
    if not wanted:
        return RejectedDocument(DOCUMENT_NOT_NOW, name)
    if document.size is not None and document.size > store.max_bytes:
        return RejectedDocument(DOCUMENT_TOO_LARGE, name)
    if refused_by_its_label(name, document.mime):
        return RejectedDocument(DOCUMENT_WRONG_TYPE, name)
    try:
        if document.data is not None:
            data = document.data
        else:
            assert isinstance(channel, DocumentChannel)
            data = await channel.download_document(document, store.max_bytes)
    except PhotoTooLarge:
        return RejectedDocument(DOCUMENT_TOO_LARGE, name)
    except (ChannelError, OSError, TimeoutError) as exc:
        log.warning("document download failed on %s: %s", channel.name, exc)
        return RejectedDocument(DOCUMENT_DOWNLOAD_FAILED, name)
    if not data:
        return RejectedDocument(DOCUMENT_EMPTY, name)
    if len(data) > store.max_bytes:
        return RejectedDocument(DOCUMENT_TOO_LARGE, name)
    found = content_kinds(data)
    if not found:
        return RejectedDocument(DOCUMENT_WRONG_TYPE, name)
    kind = _kind_of(found, declared_kinds(name, document.mime))
    # The photos pasted into a Word or Excel file keep the phone's EXIF (GPS): not stored.
    data = await asyncio.to_thread(document_without_metadata, data, kind)
    try:
        sha256 = await store.save(data)
    except DocumentTooLargeError:
        return RejectedDocument(DOCUMENT_TOO_LARGE, name)
    mime = DOCUMENT_TYPES[kind][0] if kind else base_mime(document.mime) or None
    return StoredDocument(sha256, name or _default_name(kind), mime, len(data))


async def process_documents(
    channel: Channel,
    documents: tuple[DocumentAttachment, ...],
    store: DocumentStore,
    *,
    wanted: bool,
) -> tuple[DocumentResult, ...]:
    return tuple([await process_document(channel, d, store, wanted=wanted) for d in documents])
