"""Files sent as files: checked and stored before a flow sees them, refused politely, and
answered with the question again when nothing wants a file (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from flows.documents import DOCUMENT_TYPES
from flows.messages import DocumentAttachment, Inbound, StoredDocument
from handlers.inbound_documents import content_kinds, process_document
from handlers.inbox import Inbox
from handlers.ports import ChannelUnavailable, PhotoTooLarge
from storage.database import Database
from storage.document_store import DocumentStore
from tests.documents import DOCX, ODT, OLE, PDF, PLAIN_ZIP, REGISTRY, XLSX
from tests.fakes import FakeChannel, FakeClock
from tests.harness import Bot, make_bot


class FileChannel(FakeChannel):
    """A channel that can fetch files (as Telegram can); counts the downloads."""

    def __init__(self, name: str = "telegram") -> None:
        super().__init__(name)
        self.downloads = 0
        self.fail_with: Exception | None = None

    async def download_document(self, document: DocumentAttachment, max_bytes: int) -> bytes:
        self.downloads += 1
        if self.fail_with is not None:
            raise self.fail_with
        data = self.files[document.ref]
        if len(data) > max_bytes:
            raise PhotoTooLarge(document.ref)
        return data


REAL_SIZE = -1


def attachment(
    channel: FakeChannel,
    data: bytes,
    name: str | None,
    *,
    mime: str | None = None,
    size: int | None = REAL_SIZE,
) -> DocumentAttachment:
    """A file the channel holds, announced as Telegram does (`size` None: not announced)."""
    ref = f"f{len(channel.files)}"
    channel.files[ref] = data
    announced = len(data) if size == REAL_SIZE else size
    return DocumentAttachment(ref=ref, size=announced, mime=mime, file_name=name)


# --- the checks, one file at a time ---------------------------------------------------------


def test_kinds_are_read_from_the_content() -> None:
    assert content_kinds(PDF) == {"pdf"}
    assert content_kinds(b"\r\n" + PDF) == {"pdf"}  # junk before the header is allowed
    assert content_kinds(DOCX) == {"docx"}
    assert content_kinds(XLSX) == {"xlsx"}
    assert content_kinds(ODT) == {"odt"}
    assert content_kinds(OLE) == {"doc", "xls"}
    assert content_kinds(b"{\\rtf1 Ke hoach}") == {"doc"}
    assert content_kinds(PLAIN_ZIP) == set()
    assert content_kinds(b"PK\x03\x04 broken") == set()
    assert content_kinds(b"MZ\x90\x00 an exe") == set()


async def test_a_pdf_is_stored_once_under_its_senders_name(tmp_path: Path) -> None:
    channel, store = FileChannel(), DocumentStore(tmp_path)
    document = attachment(channel, PDF, "Phương án.pdf", mime="application/pdf")
    first = await process_document(channel, document, store, wanted=True)
    again = await process_document(channel, document, store, wanted=True)
    sha = hashlib.sha256(PDF).hexdigest()
    assert first == again == StoredDocument(sha, "Phương án.pdf", "application/pdf", len(PDF))
    assert store.read(sha) == PDF
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


async def test_forgiving_about_names_and_types(tmp_path: Path) -> None:
    channel, store = FileChannel(), DocumentStore(tmp_path)
    # A Word file called .doc that is really .docx, with a vague type: taken as what it is.
    misnamed = attachment(channel, DOCX, "ke hoach.DOC", mime="application/octet-stream")
    result = await process_document(channel, misnamed, store, wanted=True)
    assert isinstance(result, StoredDocument)
    assert result.mime_type == DOCUMENT_TYPES["docx"][0]
    # No name at all, no type: the content decides, and the file gets a plain name.
    anonymous = attachment(channel, PDF, None)
    result = await process_document(channel, anonymous, store, wanted=True)
    assert isinstance(result, StoredDocument) and result.file_name == "tai-lieu.pdf"
    # A folder in the name (the console's path) is not kept.
    excel = "application/vnd.ms-excel"
    pathed = attachment(channel, OLE, "C:\\Users\\Hoa\\so lieu.xls", mime=excel)
    result = await process_document(channel, pathed, store, wanted=True)
    assert isinstance(result, StoredDocument)
    assert (result.file_name, result.mime_type) == ("so lieu.xls", excel)


async def test_refusals_and_what_they_cost(tmp_path: Path) -> None:
    channel, store = FileChannel(), DocumentStore(tmp_path, max_bytes=1000)

    async def reason(document: DocumentAttachment, wanted: bool = True) -> str:
        result = await process_document(channel, document, store, wanted=wanted)
        assert not isinstance(result, StoredDocument)
        return result.reason

    # Refused before any download: too large as announced, a kind named that is not taken,
    # or nothing wants a file now.
    assert await reason(attachment(channel, PDF, "plan.pdf", size=5000)) == "DOCUMENT_TOO_LARGE"
    assert await reason(attachment(channel, b"\x00" * 10, "clip.mp4", mime="video/mp4")) == (
        "DOCUMENT_WRONG_TYPE"
    )
    assert await reason(attachment(channel, PDF, "plan.pdf"), wanted=False) == "DOCUMENT_NOT_NOW"
    assert channel.downloads == 0
    # Refused once fetched: larger than announced, not what it says, a plain zip, empty.
    assert await reason(attachment(channel, b"%PDF-" + b"x" * 2000, "a.pdf", size=None)) == (
        "DOCUMENT_TOO_LARGE"
    )
    assert await reason(attachment(channel, b"MZ exe", "plan.pdf")) == "DOCUMENT_WRONG_TYPE"
    assert await reason(attachment(channel, PLAIN_ZIP, "plan.docx")) == "DOCUMENT_WRONG_TYPE"
    assert await reason(attachment(channel, b"", "plan.pdf")) == "DOCUMENT_EMPTY"
    channel.fail_with = ChannelUnavailable("down")
    assert await reason(attachment(channel, PDF, "plan.pdf")) == "DOCUMENT_DOWNLOAD_FAILED"
    assert not any(tmp_path.rglob("*"))


async def test_a_channel_that_cannot_fetch_files_says_so(tmp_path: Path) -> None:
    zalo = FakeChannel("zalo")  # no download_document, as on Zalo
    document = DocumentAttachment(ref="", file_name="plan.pdf")
    for wanted in (True, False):
        result = await process_document(zalo, document, DocumentStore(tmp_path), wanted=wanted)
        assert not isinstance(result, StoredDocument)
        assert (result.reason, result.file_name) == ("DOCUMENT_NOT_ON_ZALO", "plan.pdf")


# --- through the dispatcher, with a flow whose one step takes a file -------------------------


def _bot(database: Database, tmp_path: Path) -> tuple[Bot, FileChannel]:
    telegram = FileChannel()
    return make_bot(database, tmp_path, registry=REGISTRY, others=(telegram,)), telegram


async def _send(
    bot: Bot,
    channel: FileChannel,
    text: str | None = None,
    documents: tuple[DocumentAttachment, ...] = (),
) -> list[str]:
    before = len(channel.sent)
    message_id = f"m{before}-{len(channel.files)}"
    command = text[1:] if text and text.startswith("/") else None
    inbound = Inbound(
        "telegram", "c1", "c1", message_id, text=text, command=command, documents=documents
    )
    await bot.dispatcher.handle(inbound)
    return [s.reply.text for s in channel.sent[before:]]


async def test_a_file_where_none_is_asked_is_answered_with_the_question_again(
    database: Database, tmp_path: Path
) -> None:
    bot, tg = _bot(database, tmp_path)
    # Outside any form: said so, then the menu.
    outside = await _send(bot, tg, documents=(attachment(tg, PDF, "ho so.pdf"),))
    assert "«ho so.pdf»" in outside[0] and "chưa cần tệp" in outside[0]
    await _send(bot, tg, text="/tep")
    # At a step that takes text: said so, then that step's question; the caption is no answer.
    at_name = await _send(bot, tg, text="Mật ong", documents=(attachment(tg, PDF, None),))
    assert "«không tên»" in at_name[0]
    assert "Tên cơ sở?" in at_name[-1]
    assert tg.downloads == 0 and not (tmp_path / "documents").exists()
    assert "Gửi tệp phương án." in (await _send(bot, tg, text="HTX Ân Phú"))[-1]
    # At the step that takes it: stored, and the flow has it.
    kept = await _send(bot, tg, documents=(attachment(tg, DOCX, "phuong an.docx"),))
    sha = hashlib.sha256(DOCX).hexdigest()
    assert kept[0].startswith(f"kept phuong an.docx {sha}")
    assert bot.dispatcher.document_store.read(sha) == DOCX


async def test_refusals_state_the_limits_in_force(database: Database, tmp_path: Path) -> None:
    bot, tg = _bot(database, tmp_path)
    await _send(bot, tg, text="/tep")
    await _send(bot, tg, text="HTX Ân Phú")
    big = attachment(tg, PDF, "ban scan.pdf", size=25 * 1024 * 1024)
    too_big = await _send(bot, tg, documents=(big,))
    assert "«ban scan.pdf» quá lớn (tối đa 20 MB)" in too_big[0]
    assert "Gửi tệp phương án." in too_big[-1]
    wrong = await _send(bot, tg, documents=(attachment(tg, PLAIN_ZIP, "anh.zip"),))
    assert "PDF, DOC, DOCX, XLS, XLSX, ODT, ODS" in wrong[0]
    assert tg.downloads == 0  # both refused from what the update announced


async def test_a_redelivered_file_is_not_fetched_again(database: Database, tmp_path: Path) -> None:
    bot, tg = _bot(database, tmp_path)
    await _send(bot, tg, text="/tep")
    await _send(bot, tg, text="HTX Ân Phú")
    inbound = Inbound("telegram", "c1", "c1", "u77", documents=(attachment(tg, PDF, "a.pdf"),))
    await bot.dispatcher.handle(inbound)
    await bot.dispatcher.handle(inbound)
    assert tg.downloads == 1


async def test_a_file_on_zalo_is_answered_with_how_to_send_the_pages(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "zalo", registry=REGISTRY)
    document = DocumentAttachment(ref="", file_name="phuong an.pdf")
    sent = Inbound("zalo", "z1", "z1", "zm1", documents=(document,))
    at_menu = await bot.send(sent)
    await bot.send(Inbound("zalo", "z1", "z1", "zm2", text="/tep", command="tep"))
    await bot.send(Inbound("zalo", "z1", "z1", "zm3", text="HTX Ân Phú"))
    at_step = await bot.send(replace(sent, message_id="zm4"))  # where a file is taken
    for replies in (at_menu, at_step):
        assert "Trên Zalo, tôi chưa nhận được tệp" in replies[0].text
        assert "chụp ảnh từng trang" in replies[0].text
    assert "Gửi tệp phương án." in at_step[-1].text


# --- the inbox keeps parsed inbound as JSON --------------------------------------------------


def test_documents_survive_the_inbox_json_and_old_rows_still_load() -> None:
    document = DocumentAttachment("f1", 5, "application/pdf", "Phương án.pdf", b"%PDF-")
    inbound = Inbound("telegram", "c1", "c1", "u1", text="kèm", documents=(document,))
    assert Inbound.from_json(inbound.to_json()) == inbound
    old = inbound.to_json()
    del old["documents"]  # a row recorded before files were taken
    assert Inbound.from_json(old) == replace(inbound, documents=())


async def test_a_recorded_file_is_handed_back_after_a_restart(database: Database) -> None:
    inbox = Inbox(database, FakeClock())
    document = DocumentAttachment("BQACAgUAAxkBAAIBdocpdf", 88231, "application/pdf", "a.pdf")
    inbound = Inbound("telegram", "c1", "c1", "u9", documents=(document,))
    assert await inbox.record([inbound]) == [inbound]
    assert await inbox.unhandled() == [inbound]
