"""Hostile files sent where a photo or a document is asked for: each answered politely in the
person's language (the catalogue's words), nothing stored, memory bounded.

Through the real dispatcher at the registration's photo question, and for the zip bomb named
.docx, through the document intake."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from flows.documents import DOCUMENT_WRONG_TYPE
from flows.engine import Env
from flows.messages import PhotoAttachment, RejectedDocument
from flows.registration import photo_refusal
from handlers.inbound_documents import process_document
from storage.admin_units_source import load_default_admin_units
from storage.database import Database
from storage.document_store import DocumentStore
from storage.models import PhotoRecord
from storage.photo_store import (
    MAX_BYTES,
    PHOTO_NOT_IMAGE,
    PHOTO_TOO_LARGE,
    PHOTO_TOO_MANY_PIXELS,
    PhotoRejectedError,
    PhotoStore,
)
from tests.handlers.test_inbound_documents import FileChannel, attachment
from tests.harness import REGISTRATION_ANSWERS, Bot, make_bot

UNITS = load_default_admin_units()


def _jpeg(size: tuple[int, int] = (320, 240)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 30)).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int) -> bytes:
    """A PNG claiming `width` x `height` whose data compresses to almost nothing."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
    )


def jpeg_bomb(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims `width` x `height`."""
    data = bytearray(_jpeg((16, 16)))
    at = data.index(b"\xff\xc0") + 5  # marker, length (2), precision (1): then height, width
    data[at : at + 4] = struct.pack(">HH", height, width)
    return bytes(data)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb_docx(megabytes: int = 300) -> bytes:
    """A .docx whose document.xml unpacks to `megabytes` of zeros (a few hundred kB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1 << 20)
            for _ in range(megabytes):
                member.write(block)
    return buffer.getvalue()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# name -> (bytes, the refusal's catalogue key)
HOSTILE: dict[str, tuple[bytes, str]] = {
    "png-50000x50000": (png_bomb(50_000, 50_000), PHOTO_TOO_MANY_PIXELS),
    "jpeg-50000x50000": (jpeg_bomb(50_000, 50_000), PHOTO_TOO_MANY_PIXELS),
    "jpeg-truncated": (_jpeg()[:700], PHOTO_NOT_IMAGE),
    "pdf-named-jpg": (PDF, PHOTO_NOT_IMAGE),
    "svg-named-jpg": (SVG, PHOTO_NOT_IMAGE),
    "30-mb": (b"\xff\xd8\xff" + bytes(30 * 1024 * 1024), PHOTO_TOO_LARGE),
}


@contextmanager
def peak_rss() -> Iterator[list[int]]:
    """The process's peak resident memory while the block runs, in bytes ([] where Linux's
    clear_refs cannot reset the peak)."""
    peak: list[int] = []
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        yield peak
        return
    yield peak
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak.append(int(line.split()[1]) * 1024)


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


async def _at_the_photo_question(bot: Bot, chat: str, lang: str) -> None:
    await bot.say("/start", chat=chat)
    if lang == "en":
        await bot.say("/lang en", chat=chat)
    await bot.press("menu::register", chat=chat)
    for answer in REGISTRATION_ANSWERS:
        await bot.say(answer, chat=chat)


async def _photos_kept(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(PhotoRecord)) or 0)


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_each_hostile_photo_is_refused_politely_and_nothing_is_kept(
    database: Database, tmp_path: Path, lang: str
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    env = Env(lang=lang, now=bot.clock.now(), units=UNITS)
    await _at_the_photo_question(bot, "p", lang)
    for name, (data, reason) in HOSTILE.items():
        ref = f"{name}.jpg"
        bot.channel.files[ref] = data
        # As Telegram announces a file sent as a document: named .jpg, typed as a JPEG.
        photo = PhotoAttachment(ref=ref, size=None, mime="image/jpeg", filename=ref)
        replies = await bot.send(bot.inbound(photos=(photo,), chat="p"))
        assert replies and photo_refusal(env, reason) in replies[0].text, (name, replies)
        assert replies[-1].text.strip()  # and the question again
    announced = PhotoAttachment(ref="big", size=30 * 1024 * 1024, mime="image/jpeg")
    replies = await bot.send(bot.inbound(photos=(announced,), chat="p"))
    assert photo_refusal(env, PHOTO_TOO_LARGE) in replies[0].text  # refused before downloading
    assert await _photos_kept(database) == 0 and _files(bot.photo_store.root) == []


def test_a_bomb_is_refused_from_its_header_with_bounded_memory(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path)
    for name in ("png-50000x50000", "jpeg-50000x50000"):
        data = HOSTILE[name][0]
        before = _rss()
        with peak_rss() as peak, pytest.raises(PhotoRejectedError) as refused:
            store.check_and_store(data)
        assert refused.value.reason == PHOTO_TOO_MANY_PIXELS
        if peak:  # 50000 x 50000 decoded would be 10 GB; the header alone is read
            assert peak[0] - before < 64 * 1024 * 1024, name
    store.close()


def test_a_strip_one_pixel_wide_is_taken_small_and_bounded(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (1, 100_000), (10, 200, 10)).save(buffer, format="PNG")
    store = PhotoStore(tmp_path)
    before = _rss()
    with peak_rss() as peak:
        stored = store.check_and_store(buffer.getvalue())
    assert max(stored.width, stored.height) <= store.max_side
    if peak:
        assert peak[0] - before < 64 * 1024 * 1024
    store.close()


@pytest.mark.parametrize(
    "tail",
    [_zip({"evil.html": b"<script>alert(1)</script>"}), b"<html><script>alert(1)</script>"],
    ids=["jpeg+zip", "jpeg+html"],
)
def test_a_polyglot_is_kept_as_the_picture_only(tmp_path: Path, tail: bytes) -> None:
    store = PhotoStore(tmp_path)
    stored = store.check_and_store(_jpeg() + tail)
    kept = store.read(stored.sha256)
    assert kept.startswith(b"\xff\xd8") and b"PK\x03\x04" not in kept and b"<script" not in kept
    store.close()


async def test_a_zip_bomb_named_docx_is_refused_and_not_kept(tmp_path: Path) -> None:
    channel = FileChannel()
    store = DocumentStore(tmp_path / "documents")
    bomb = zip_bomb_docx()
    assert len(bomb) < store.max_bytes
    document = attachment(channel, bomb, "ke-hoach.docx")
    before = _rss()
    with peak_rss() as peak:
        result = await process_document(channel, document, store, wanted=True)
    assert result == RejectedDocument(DOCUMENT_WRONG_TYPE, "ke-hoach.docx")
    assert _files(store.root) == []
    if peak:
        assert peak[0] - before < 64 * 1024 * 1024


async def test_an_svg_or_a_photo_named_docx_is_refused_as_a_document(tmp_path: Path) -> None:
    channel = FileChannel()
    store = DocumentStore(tmp_path / "documents")
    for data, name in ((SVG, "ke-hoach.docx"), (_jpeg(), "ke-hoach.pdf")):
        result = await process_document(
            channel, attachment(channel, data, name), store, wanted=True
        )
        assert isinstance(result, RejectedDocument) and result.reason == DOCUMENT_WRONG_TYPE
    assert _files(store.root) == []


def test_the_size_a_refusal_states_is_the_one_enforced() -> None:
    env = Env(lang="en", now=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), units=UNITS)
    assert env.limits.max_photo_bytes == MAX_BYTES
    assert f"{MAX_BYTES // (1024 * 1024)} MB" in photo_refusal(env, PHOTO_TOO_LARGE)
