"""Small real documents for the tests (a PDF, Word and OpenDocument files, a plain zip), and
a two-step flow whose second step takes a file."""

from __future__ import annotations

import io
import zipfile

from flows.documents import document_refusal
from flows.engine import Ctx, Flow, Step, Transition, finish, goto, stay
from flows.messages import Reply, StoredDocument, UserMessage
from flows.registry import Entry, Registry

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # the container of .doc and .xls


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PLAIN_ZIP = _zip({"readme.txt": b"hello"})


# --- a flow whose one step takes a file (/tep) ------------------------------------------


def _ask_name(ctx: Ctx) -> Reply:
    return Reply("Tên cơ sở?")


def _on_name(ctx: Ctx, event: object) -> Transition:
    assert isinstance(event, UserMessage) and not event.documents  # never reaches this step
    return goto("file", data={"name": event.text})


def _ask_file(ctx: Ctx) -> Reply:
    return Reply("Gửi tệp phương án.")


def _on_file(ctx: Ctx, event: object) -> Transition:
    assert isinstance(event, UserMessage)
    refusals = []
    for document in event.documents:
        if isinstance(document, StoredDocument):
            return finish(Reply(f"kept {document.file_name} {document.sha256}"))
        refusals.append(Reply(document_refusal(ctx.env, document)))
    return stay(*refusals, reprompt=True)


PLAN_FILE = Flow(
    "plan_file",
    1,
    (
        Step("name", _ask_name, _on_name, ("file",)),
        Step("file", _ask_file, _on_file, ("END",), takes_documents=True),
    ),
)
REGISTRY = Registry((Entry("plan_file", PLAN_FILE, commands=("tep",)),))
