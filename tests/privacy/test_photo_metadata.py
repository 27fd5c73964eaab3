"""No stored copy of a photo keeps its metadata: a phone photo with GPS, XMP and a comment,
sent through the dispatcher during a registration and as a stamp check, is stored upright
and bare; a Word file with such a photo pasted in is stored with the picture cleaned and its
orientation kept (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import ExifTags, Image
from sqlalchemy import select

from flows.messages import DocumentAttachment, StoredDocument
from handlers.inbound_documents import process_document
from storage.database import Database
from storage.document_store import DocumentStore
from storage.models import IdeaPhotoRecord, StampCheckRecord
from storage.photo_metadata import (
    document_without_metadata,
    jpeg_metadata,
    jpeg_without_metadata,
    png_metadata,
    without_metadata,
)
from tests.fakes import FakeChannel
from tests.harness import REGISTRATION_ANSWERS, make_bot

HERE = (18.3428, 105.9057)  # somewhere in Hà Tĩnh
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="18,20.568N"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo(size: tuple[int, int] = (400, 300), orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: GPS position, camera, orientation, XMP, a comment."""
    image = Image.new("RGB", size, (180, 120, 40))
    image.paste((20, 60, 200), (0, 0, size[0] // 4, size[1]))  # a band on the left edge
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = orientation
    gps = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (18.0, 20.0, 34.08),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (105.0, 54.0, 20.52),
    }
    exif[ExifTags.IFD.GPSInfo] = gps
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), xmp=XMP, comment=b"Nha cua Hoa")
    data = buffer.getvalue()
    assert {"exif", "xmp", "comment"} <= set(jpeg_metadata(data))
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def assert_bare(data: bytes) -> None:
    assert jpeg_metadata(data) == []
    assert b"Exif" not in data and b"xmpmeta" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert "xmp" not in image.info and "comment" not in image.info


async def test_a_registration_photo_with_gps_is_stored_upright_and_bare(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start")
    await bot.press("register")
    for answer in REGISTRATION_ANSWERS:
        await bot.say(answer)
    await bot.photo(phone_photo())
    await bot.say("xong")
    await bot.press("submit")
    async with database.session() as session:
        [sha] = list(await session.scalars(select(IdeaPhotoRecord.photo_sha256)))
    stored = bot.photo_store.read(sha)
    assert_bare(stored)
    with Image.open(io.BytesIO(stored)) as image:
        # Orientation 6 (turn right) applied: 400x300 as shot, 300x400 upright, the band that
        # was on the left now along the top.
        assert image.size == (300, 400)
        top, bottom = image.getpixel((150, 10)), image.getpixel((150, 390))
        assert isinstance(top, tuple) and isinstance(bottom, tuple)
        assert top[2] > 150 and bottom[2] < 100
    for path in (tmp_path / "photos").rglob("*"):
        if path.is_file():
            assert_bare(path.read_bytes())


async def test_a_stamp_check_photo_is_decoded_but_stored_bare(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start")
    await bot.photo(phone_photo(orientation=1))  # no form open: taken as a stamp check
    async with database.session() as session:
        shas = [s for s in await session.scalars(select(StampCheckRecord.photo_sha256)) if s]
    assert shas
    for sha in shas:
        assert_bare(bot.photo_store.read(sha))


def test_lossless_cleaning_keeps_only_the_orientation_when_asked() -> None:
    data = phone_photo()
    kept = jpeg_without_metadata(data, keep_orientation=True)
    assert jpeg_metadata(kept) == ["exif"]
    with Image.open(io.BytesIO(kept)) as image:
        exif = image.getexif()
        assert dict(exif) == {ExifTags.Base.Orientation: 6}
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        image.load()  # still a whole, decodable picture
    bare = without_metadata(data)
    assert jpeg_metadata(bare) == []
    # The scan is untouched: the same pixels.
    with Image.open(io.BytesIO(bare)) as a, Image.open(io.BytesIO(data)) as b:
        assert a.tobytes() == b.tobytes()


def test_png_text_and_exif_chunks_are_dropped() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "18.34,105.90")
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Phone 12"
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="PNG", pnginfo=info, exif=exif.tobytes())
    data = buffer.getvalue()
    assert {"tEXt", "eXIf"} <= set(png_metadata(data))
    clean = without_metadata(data)
    assert png_metadata(clean) == []
    with Image.open(io.BytesIO(clean)) as image:
        image.load()
        assert image.size == (20, 20)


def _docx_with(picture: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/image1.jpeg", picture, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


async def test_a_word_file_is_stored_with_its_pictures_cleaned(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "documents")
    data = _docx_with(phone_photo())
    attachment = DocumentAttachment(ref="f1", file_name="phuong-an.docx", data=data)
    result = await process_document(FakeChannel("telegram"), attachment, store, wanted=True)
    assert isinstance(result, StoredDocument)
    with zipfile.ZipFile(io.BytesIO(store.read(result.sha256))) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        picture = archive.read("word/media/image1.jpeg")
        assert archive.read("word/document.xml") == b"<w:document/>"
    assert jpeg_metadata(picture) == ["exif"]  # the orientation alone
    with Image.open(io.BytesIO(picture)) as image:
        assert dict(image.getexif()) == {ExifTags.Base.Orientation: 6}
    # Nothing to clean: the very bytes are kept.
    plain = _docx_with(jpeg_without_metadata(phone_photo(orientation=1)))
    assert document_without_metadata(plain, "docx") == plain
    assert document_without_metadata(b"%PDF-1.4 ...", "pdf") == b"%PDF-1.4 ..."
