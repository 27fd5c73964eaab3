"""Photos are checked, cleaned (upright, no metadata, RGB JPEG) and stored once."""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import time
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from flows.messages import StoredPhoto
from flows.texts import TEXTS
from storage.photo_store import (
    PHOTO_NOT_IMAGE,
    PHOTO_TOO_LARGE,
    PHOTO_TOO_MANY_PIXELS,
    PhotoRejectedError,
    PhotoStore,
)

RED = (255, 0, 0)
BLUE = (0, 0, 255)


def _two_colour_image(width: int = 80, height: int = 40) -> Image.Image:
    """Left half red, right half blue: easy to tell which way up it came out."""
    image = Image.new("RGB", (width, height), RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    return image


def _phone_jpeg(orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: EXIF with orientation, camera and GPS position, and XMP."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Cheap Phone 2"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (18.0, 20.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 54.0, 10.0)
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><secret>18.34,105.90</secret></x:xmpmeta>'
    _two_colour_image().save(buffer, format="JPEG", quality=95, exif=exif.tobytes(), xmp=xmp)
    return buffer.getvalue()


def _encoded(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_bomb(width: int, height: int) -> bytes:
    """A PNG of huge dimensions that compresses to little: one-bit black rows."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    rows = b"".join(compressor.compress(row) for _ in range(min(height, 2000)))
    data = rows + compressor.flush()  # the rest is missing: the header alone must stop it
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def _gif_bomb() -> bytes:
    """A GIF whose logical screen claims 65535 x 65535 pixels."""
    header = b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x80\x00\x00"
    palette = b"\x00\x00\x00\xff\xff\xff"
    frame = b"," + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00" + b"\x02\x02\x4c\x01\x00"
    return header + palette + frame + b";"


def _stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def store(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path / "photos")


def _reason(store: PhotoStore, data: bytes) -> str:
    with pytest.raises(PhotoRejectedError) as caught:
        store.check_and_store(data)
    return caught.value.reason


def test_phone_photo_comes_out_upright_without_metadata(store: PhotoStore) -> None:
    original = _phone_jpeg(orientation=6)
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test input has GPS
    stored = store.check_and_store(original)

    # Orientation 6: the camera was turned; shown upright the picture is portrait and the
    # red left half of the sensor image is at the top.
    assert (stored.width, stored.height) == (40, 80)
    content = store.read(stored.sha256)
    with Image.open(io.BytesIO(content)) as after:
        assert after.format == "JPEG"
        assert after.mode == "RGB"
        assert after.size == (40, 80)
        assert not after.getexif()
        assert "exif" not in after.info
        assert "xmp" not in after.info
        red = after.getpixel((20, 10))
        blue = after.getpixel((20, 70))
    assert isinstance(red, tuple)
    assert isinstance(blue, tuple)
    assert red[0] > 200 and red[2] < 60
    assert blue[2] > 200 and blue[0] < 60
    assert b"Exif" not in content
    assert b"PhoneMaker" not in content
    assert b"secret" not in content


@pytest.mark.parametrize(
    ("orientation", "size"),
    [(1, (80, 40)), (2, (80, 40)), (3, (80, 40)), (5, (40, 80)), (6, (40, 80)), (8, (40, 80))],
)
def test_every_orientation(store: PhotoStore, orientation: int, size: tuple[int, int]) -> None:
    stored = store.check_and_store(_phone_jpeg(orientation))
    assert (stored.width, stored.height) == size


def test_result_and_file_agree(store: PhotoStore, tmp_path: Path) -> None:
    stored = store.check_and_store(_phone_jpeg())
    path = store.path_of(stored.sha256)
    assert path == tmp_path / "photos" / stored.sha256[:2] / f"{stored.sha256}.jpg"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == stored.sha256
    assert store.read(stored.sha256) == path.read_bytes()
    assert isinstance(stored, StoredPhoto)


def test_same_photo_twice_is_stored_once(store: PhotoStore, tmp_path: Path) -> None:
    photo = _phone_jpeg()
    first = store.check_and_store(photo)
    path = store.path_of(first.sha256)
    written = path.stat().st_mtime_ns
    second = store.check_and_store(photo)
    assert first == second
    assert _stored_files(tmp_path) == [path]
    assert path.stat().st_mtime_ns == written  # not written again


def test_same_photo_from_many_threads(store: PhotoStore, tmp_path: Path) -> None:
    photo = _phone_jpeg()
    results: list[StoredPhoto] = []
    threads = [
        threading.Thread(target=lambda: results.append(store.check_and_store(photo)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert len(set(results)) == 1
    assert len(_stored_files(tmp_path)) == 1  # no temporary files left behind


def test_encoding_is_deterministic(tmp_path: Path) -> None:
    photo = _phone_jpeg()
    one = PhotoStore(tmp_path / "one").check_and_store(photo)
    two = PhotoStore(tmp_path / "two").check_and_store(photo)
    assert one == two


@pytest.mark.parametrize(
    ("fmt", "params"),
    [
        ("PNG", {}),
        ("WEBP", {"quality": 90}),
        ("BMP", {}),
        ("GIF", {}),
        ("JPEG", {}),
    ],
)
def test_accepted_formats_become_jpeg(
    store: PhotoStore, fmt: str, params: dict[str, object]
) -> None:
    stored = store.check_and_store(_encoded(_two_colour_image(), fmt, **params))
    assert (stored.width, stored.height) == (80, 40)
    with Image.open(io.BytesIO(store.read(stored.sha256))) as result:
        assert result.format == "JPEG"
        assert result.mode == "RGB"


def test_animated_gif_keeps_the_first_frame(store: PhotoStore) -> None:
    frames = [Image.new("RGB", (30, 30), RED), Image.new("RGB", (30, 30), BLUE)]
    data = _encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    stored = store.check_and_store(data)
    with Image.open(io.BytesIO(store.read(stored.sha256))) as result:
        pixel = result.getpixel((15, 15))
    assert isinstance(pixel, tuple)
    assert pixel[0] > 200 and pixel[2] < 60


def test_transparency_becomes_white(store: PhotoStore) -> None:
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 10, 20))
    stored = store.check_and_store(_encoded(image, "PNG"))
    with Image.open(io.BytesIO(store.read(stored.sha256))) as result:
        transparent = result.getpixel((15, 10))
    assert isinstance(transparent, tuple)
    assert min(transparent) > 240


@pytest.mark.parametrize("mode", ["L", "P", "CMYK", "1", "LA", "I;16"])
def test_other_colour_modes_become_rgb(store: PhotoStore, mode: str) -> None:
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    data = _encoded(_two_colour_image().convert(mode), fmt)
    stored = store.check_and_store(data)
    with Image.open(io.BytesIO(store.read(stored.sha256))) as result:
        assert result.mode == "RGB"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is a text file named photo.jpg\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n",
        b"PK\x03\x04" + b"\x00" * 100,  # a zip (or .docx)
        b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100,  # HEIC is not taken
        b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>",
        b"BM this only starts like a bitmap",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        b"GIF89a",
        b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8,
        b"\xff\xd8\xff\xe0" + b"\x00" * 50,
    ],
)
def test_not_an_image_is_refused(store: PhotoStore, tmp_path: Path, data: bytes) -> None:
    assert _reason(store, data) == PHOTO_NOT_IMAGE
    assert _stored_files(tmp_path) == []


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_truncated_jpeg_is_refused(store: PhotoStore, fraction: float) -> None:
    # A large enough picture that the cut falls inside the compressed pixels.
    noisy = Image.effect_noise((200, 200), 80).convert("RGB")
    data = _encoded(noisy, "JPEG", quality=90)
    assert _reason(store, data[: int(len(data) * fraction)]) == PHOTO_NOT_IMAGE


def test_truncated_png_is_refused(store: PhotoStore) -> None:
    data = _encoded(Image.effect_noise((200, 200), 80), "PNG")
    assert _reason(store, data[: len(data) // 2]) == PHOTO_NOT_IMAGE


def test_corrupt_png_checksum_is_refused(store: PhotoStore) -> None:
    data = bytearray(_encoded(_two_colour_image(), "PNG"))
    data[29] ^= 0xFF  # inside the IHDR chunk: its CRC no longer matches
    assert _reason(store, bytes(data)) == PHOTO_NOT_IMAGE


def test_too_many_bytes_is_refused_before_decoding(tmp_path: Path) -> None:
    small_store = PhotoStore(tmp_path, max_bytes=1000)
    assert _reason(small_store, b"\x00" * 1001) == PHOTO_TOO_LARGE
    photo = _phone_jpeg()
    assert len(photo) > 1000
    assert _reason(small_store, photo) == PHOTO_TOO_LARGE
    assert small_store.check_and_store(_encoded(Image.new("RGB", (4, 4)), "PNG")).width == 4


def test_default_limits() -> None:
    store = PhotoStore(Path("unused"))
    assert store.max_bytes == 20 * 1024 * 1024
    assert store.max_pixels == 40_000_000


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (20_000, 20_000),  # 400 Mpx: Pillow itself would raise DecompressionBombError
        (10_000, 10_000),  # 100 Mpx: Pillow itself would only warn
        (8_000, 6_000),  # 48 Mpx: over our own limit
        (1, 40_000_001),
    ],
)
def test_decompression_bomb_is_refused_quickly(
    store: PhotoStore, tmp_path: Path, width: int, height: int
) -> None:
    bomb = _png_bomb(width, height)
    assert len(bomb) < 200_000
    started = time.monotonic()
    assert _reason(store, bomb) == PHOTO_TOO_MANY_PIXELS  # and no warning (they are errors)
    assert time.monotonic() - started < 1.0
    assert _stored_files(tmp_path) == []


def test_gif_bomb_is_refused(store: PhotoStore) -> None:
    assert _reason(store, _gif_bomb()) == PHOTO_TOO_MANY_PIXELS


def test_pixel_limit_is_configurable(tmp_path: Path) -> None:
    photo = _encoded(_two_colour_image(80, 40), "PNG")
    assert _reason(PhotoStore(tmp_path, max_pixels=3199), photo) == PHOTO_TOO_MANY_PIXELS
    assert PhotoStore(tmp_path, max_pixels=3200).check_and_store(photo).width == 80


@pytest.mark.parametrize(
    "name", ["", "abc", "../../etc/passwd", "A" * 64, "g" * 64, "0" * 63, "0" * 65]
)
def test_path_of_takes_only_a_sha256(store: PhotoStore, name: str) -> None:
    with pytest.raises(ValueError):
        store.path_of(name)
    with pytest.raises(ValueError):
        store.read(name)


def test_read_of_a_missing_photo(store: PhotoStore) -> None:
    with pytest.raises(FileNotFoundError):
        store.read("0" * 64)


def test_every_reason_has_texts() -> None:
    for reason in (PHOTO_NOT_IMAGE, PHOTO_TOO_LARGE, PHOTO_TOO_MANY_PIXELS):
        vietnamese, english = TEXTS[reason]
        assert "anh/chị" in vietnamese.lower()
        assert english
    assert PhotoRejectedError(PHOTO_TOO_LARGE).reason == PHOTO_TOO_LARGE
