"""`/file PATH` in the console: a document, read when handled (the inbox keeps the path)."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app import build_app
from bot.console.chat import ConsoleChannel, chat, parse_line
from bot.settings import Settings
from flows.messages import DocumentAttachment, Inbound
from handlers.inbound_documents import process_document
from storage.database import Database
from storage.document_store import DocumentStore
from tests.documents import PDF


def test_file_command_sends_the_path_as_a_document() -> None:
    inbound = parse_line('/file "/home/hoa/Phương án.pdf"\n', "u1")
    assert inbound is not None and inbound.text is None and inbound.command is None
    assert inbound.documents == (
        DocumentAttachment(ref="/home/hoa/Phương án.pdf", file_name="Phương án.pdf"),
    )
    assert Inbound.from_json(inbound.to_json()) == inbound
    other = parse_line("/files", "u1")
    assert other is not None and other.command == "files" and not other.documents


async def test_the_console_reads_the_file_within_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "ke hoach.pdf"
    path.write_bytes(PDF)
    channel = ConsoleChannel(io.StringIO(), tmp_path / "photos")
    inbound = parse_line(f"/file {path}", "u1")
    assert inbound is not None
    (document,) = inbound.documents
    store = DocumentStore(tmp_path / "documents")
    stored = await process_document(channel, document, store, wanted=True)
    assert stored.file_name == "ke hoach.pdf" and not hasattr(stored, "reason")
    small = DocumentStore(tmp_path / "documents", max_bytes=10)
    refused = await process_document(channel, document, small, wanted=True)
    assert getattr(refused, "reason", None) == "DOCUMENT_TOO_LARGE"
    missing = DocumentAttachment(ref=str(tmp_path / "nowhere.pdf"), file_name="nowhere.pdf")
    failed = await process_document(channel, missing, store, wanted=True)
    assert getattr(failed, "reason", None) == "DOCUMENT_DOWNLOAD_FAILED"


async def test_a_file_at_the_menu_is_answered_in_the_chat(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "ke hoach.pdf"
    path.write_bytes(PDF)
    settings = Settings(data_dir=tmp_path / "data", database_url=database.url)
    app = await build_app(settings, migrate=False)
    out = io.StringIO()
    try:
        await chat(app, "u1", "vi", io.StringIO(f"/file {path}\n"), out)
    finally:
        await app.close()
    said = out.getvalue()
    assert "Tôi đã nhận tệp «ke hoach.pdf», nhưng lúc này chưa cần tệp" in said
    assert "Anh/chị chọn một việc:" in said
    assert not (tmp_path / "data" / "documents").exists()  # nothing wanted it: not copied
