"""Files people send as files (a business plan in PDF or Word): the kinds the bot takes, and
what a refused or unwanted file is told.

The dispatcher checks and stores a file before a flow sees it (handlers/inbound_documents.py
enforces these kinds and the size in `Env.limits`); the messages state both from here, so
what a message says is what is enforced.

A step takes files by declaring `Step(..., takes_documents=True)`; its handler then finds
`UserMessage.documents` (each a `StoredDocument` or a `RejectedDocument`) and answers a refusal
with `document_refusal`. A file sent to any other step, or outside a form, is answered by the
conversation (flows/conversation.py) with `DOCUMENT_NOT_NOW` and the question again.
"""

from __future__ import annotations

import unicodedata

from flows.engine import Env
from flows.messages import DocumentResult, RejectedDocument

# Extension -> the MIME types it goes by. The order is the order the messages list them.
DOCUMENT_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf", "application/x-pdf"),
    "doc": ("application/msword",),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "xls": ("application/vnd.ms-excel",),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    "odt": ("application/vnd.oasis.opendocument.text",),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet",),
}

# What a platform says when it does not know the type: no hint either way.
_VAGUE_MIME = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/zip"})

# Reasons a file is not taken (catalogue keys, as `RejectedDocument.reason`).
DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"
DOCUMENT_WRONG_TYPE = "DOCUMENT_WRONG_TYPE"
DOCUMENT_EMPTY = "DOCUMENT_EMPTY"
DOCUMENT_DOWNLOAD_FAILED = "DOCUMENT_DOWNLOAD_FAILED"
# The channel cannot hand files over (Zalo): photos of the pages instead.
DOCUMENT_NOT_ON_ZALO = "DOCUMENT_NOT_ON_ZALO"
# Nothing open wants a file now: it was neither downloaded nor kept.
DOCUMENT_NOT_NOW = "DOCUMENT_NOT_NOW"

MAX_NAME = 200  # characters of a file's name kept (the column holding it is that wide)


def extension_of(file_name: str | None) -> str:
    """ "Kế hoạch.PDF" -> "pdf"; "" when the name has none."""
    if not file_name or "." not in file_name:
        return ""
    return file_name.rsplit(".", 1)[1].strip().lower()


def base_mime(mime: str | None) -> str:
    """ "Application/PDF; charset=binary" -> "application/pdf"."""
    return (mime or "").split(";", 1)[0].strip().lower()


def declared_kinds(file_name: str | None, mime: str | None) -> frozenset[str]:
    """The kinds (DOCUMENT_TYPES keys) the name or the MIME type claims, either will do."""
    kinds = set()
    extension = extension_of(file_name)
    if extension in DOCUMENT_TYPES:
        kinds.add(extension)
    wanted = base_mime(mime)
    kinds.update(kind for kind, mimes in DOCUMENT_TYPES.items() if wanted in mimes)
    return frozenset(kinds)


def refused_by_its_label(file_name: str | None, mime: str | None) -> bool:
    """A file whose name and type both say it is something else (a video, a .zip): refused
    before it is downloaded. A file that says nothing useful is downloaded and looked at."""
    if declared_kinds(file_name, mime):
        return False
    return bool(extension_of(file_name)) or base_mime(mime) not in _VAGUE_MIME


def clean_file_name(file_name: str | None) -> str | None:
    """The name as the sender gave it, without folders, control characters or excess length."""
    if not file_name:
        return None
    name = unicodedata.normalize("NFC", file_name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        keep = MAX_NAME - len(dot + extension)
        name = stem[:keep] + dot + extension if dot and keep > 0 else name[:MAX_NAME]
    return name or None


def kinds_text() -> str:
    """ "PDF, DOC, DOCX, ..." as the messages list the kinds taken."""
    return ", ".join(kind.upper() for kind in DOCUMENT_TYPES)


def _megabytes(size: int, lang: str) -> str:
    value = round(size / (1024 * 1024), 1)
    shown = str(int(value)) if value == int(value) else f"{value:.1f}"
    return shown.replace(".", ",") if lang == "vi" else shown


def document_name(env: Env, document: DocumentResult) -> str:
    return document.file_name or env.t("DOCUMENT_NO_NAME")


def document_refusal(env: Env, document: RejectedDocument) -> str:
    """What a refused file is told (its `reason` is a catalogue key), with the limits in force."""
    return env.t(
        document.reason,
        name=document_name(env, document),
        max_mb=_megabytes(env.limits.max_document_bytes, env.lang),
        kinds=kinds_text(),
    )


def not_wanted_now(env: Env, document: DocumentResult) -> str:
    """A file sent where no step takes one: said so, unless the channel cannot take files at
    all (then how to send the pages instead)."""
    if isinstance(document, RejectedDocument) and document.reason == DOCUMENT_NOT_ON_ZALO:
        return document_refusal(env, document)
    return document_refusal(env, RejectedDocument(DOCUMENT_NOT_NOW, document.file_name))
