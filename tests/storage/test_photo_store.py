"""Photos are checked, cleaned (upright, no metadata, RGB JPEG) and stored once."""

from __future__ import annotations

import asyncio
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
    MAX_SIDE,
    MEMORY_BUDGET,
    PHOTO_BUSY,
    PHOTO_NOT_IMAGE,
    PHOTO_TOO_HEAVY,
    PHOTO_TOO_LARGE,
    PHOTO_TOO_MANY_PIXELS,
    PhotoRejectedError,
    PhotoStore,
    bytes_per_pixel,
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
    assert store.max_side == MAX_SIDE == 2560
    assert store.budget.total == MEMORY_BUDGET


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
    for reason in (
        PHOTO_NOT_IMAGE,
        PHOTO_TOO_LARGE,
        PHOTO_TOO_MANY_PIXELS,
        PHOTO_TOO_HEAVY,
        PHOTO_BUSY,
    ):
        vietnamese, english = TEXTS[reason]
        assert "anh/chị" in vietnamese.lower()
        assert english
    assert PhotoRejectedError(PHOTO_TOO_LARGE).reason == PHOTO_TOO_LARGE


# Memory: what a check holds is bounded per photo (reduced before or right after decoding) and
# in total (a budget shared by all checks).


def _stored_size(store: PhotoStore, sha256: str) -> tuple[int, int]:
    with Image.open(io.BytesIO(store.read(sha256))) as image:
        return image.size


@pytest.mark.parametrize(
    ("size", "kept"),
    [
        ((800, 400), (200, 100)),
        ((400, 800), (100, 200)),
        ((201, 10), (200, 10)),
        ((200, 50), (200, 50)),
    ],
)
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP", "GIF"])
def test_a_large_photo_is_kept_at_most_max_side_on_its_long_side(
    tmp_path: Path, fmt: str, size: tuple[int, int], kept: tuple[int, int]
) -> None:
    store = PhotoStore(tmp_path, max_side=200)
    stored = store.check_and_store(_encoded(_two_colour_image(*size), fmt))
    assert (stored.width, stored.height) == kept == _stored_size(store, stored.sha256)


def test_a_downscaled_phone_photo_is_still_upright_and_the_right_colours(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, max_side=20)
    stored = store.check_and_store(_phone_jpeg(orientation=6))  # 80 x 40, turned
    assert (stored.width, stored.height) == (10, 20)
    with Image.open(io.BytesIO(store.read(stored.sha256))) as after:
        red, blue = after.getpixel((5, 2)), after.getpixel((5, 17))
    assert isinstance(red, tuple) and isinstance(blue, tuple)
    assert red[0] > 200 and red[2] < 60
    assert blue[2] > 200 and blue[0] < 60


def test_a_large_transparent_photo_is_laid_on_white_tile_by_tile(tmp_path: Path) -> None:
    # Wide enough for several tiles across and down; the right third is transparent.
    image = Image.new("RGBA", (3000, 1200), (255, 0, 0, 255))
    image.paste((0, 0, 0, 0), (2000, 0, 3000, 1200))
    store = PhotoStore(tmp_path, max_side=300)
    stored = store.check_and_store(_encoded(image, "PNG"))
    assert (stored.width, stored.height) == (300, 120)
    with Image.open(io.BytesIO(store.read(stored.sha256))) as after:
        for x, y in ((10, 10), (150, 60), (190, 110)):
            pixel = after.getpixel((x, y))
            assert isinstance(pixel, tuple) and pixel[0] > 200 and pixel[1] < 60
        for x, y in ((210, 10), (290, 110)):
            pixel = after.getpixel((x, y))
            assert isinstance(pixel, tuple) and min(pixel) > 240


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, max_side=600)
    jpeg = store.plan(_encoded(_two_colour_image(4000, 2000), "JPEG"))
    png = store.plan(_encoded(_two_colour_image(4000, 2000), "PNG"))
    assert jpeg.decoded == (1000, 500)  # libjpeg's 1/4 scale, still no smaller than kept
    assert png.decoded == (4000, 2000)  # other formats are decoded whole ...
    assert png.reduce_by == (6, 6)  # ... and box-reduced right after
    assert jpeg.kept == png.kept == (600, 300)
    assert jpeg.memory < png.memory / 4


def test_the_memory_counted_is_pixels_times_bytes_per_pixel(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, max_side=250)
    size = (2000, 2000)
    memory = {
        mode: store.plan(_encoded(Image.new(mode, size), "PNG")).memory
        for mode in ("L", "I;16", "RGB", "RGBA")
    }
    assert memory["L"] < memory["I;16"] < memory["RGB"] == memory["RGBA"]
    assert memory["RGBA"] - memory["L"] == 3 * 2000 * 2000
    assert [bytes_per_pixel(m) for m in ("1", "L", "P", "I;16", "I", "LA", "RGB", "RGBA")] == [
        1,
        1,
        1,
        2,
        4,
        4,
        4,
        4,
    ]


def test_the_largest_photo_allowed_fits_the_default_budget() -> None:
    # 6000 x 6600 RGBA, just under max_pixels (the security probe's photo), from the header.
    probe = _encoded(Image.new("RGBA", (6000, 6600), (200, 100, 50, 128)), "PNG", compress_level=1)
    plan = PhotoStore(Path("unused")).plan(probe)
    assert 6000 * 6600 * 4 < plan.memory <= MEMORY_BUDGET
    assert plan.kept == (2327, 2560)


def test_a_photo_that_alone_needs_more_than_the_budget_is_refused(tmp_path: Path) -> None:
    photo = _encoded(_two_colour_image(400, 300), "PNG")
    needs = PhotoStore(tmp_path).plan(photo).memory
    assert _reason(PhotoStore(tmp_path, memory_budget=needs - 1), photo) == PHOTO_TOO_HEAVY
    assert _stored_files(tmp_path) == []
    assert PhotoStore(tmp_path, memory_budget=needs).check_and_store(photo).width == 400


def test_a_photo_waits_for_the_budget_and_is_refused_when_it_stays_full(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, memory_budget=10_000_000, queue_seconds=0.2)
    photo = _encoded(_two_colour_image(), "PNG")
    assert store.budget.acquire(store.budget.total - 100)  # someone else holds nearly all
    started = time.monotonic()
    assert _reason(store, photo) == PHOTO_BUSY
    assert 0.15 < time.monotonic() - started < 2
    threading.Timer(0.05, store.budget.release, [store.budget.total - 100]).start()
    assert store.check_and_store(photo).width == 80  # given back in time: it goes through
    assert store.budget.in_use == 0


async def test_concurrent_checks_hold_no_more_than_the_budget(tmp_path: Path) -> None:
    photos = [
        _encoded(Image.effect_noise((600, 500), 10 + i).convert("RGB"), "PNG") for i in range(8)
    ]
    one = PhotoStore(tmp_path).plan(photos[0]).memory
    store = PhotoStore(tmp_path, memory_budget=one * 2 + one // 2, workers=4)
    stored = await asyncio.gather(*(store.check(photo) for photo in photos))
    assert len({s.sha256 for s in stored}) == 8
    assert one * 2 <= store.budget.peak <= store.budget.total  # two at a time, never three
    assert store.budget.in_use == 0
    store.close()


async def test_the_async_check_refuses_as_the_blocking_one(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path)
    with pytest.raises(PhotoRejectedError) as caught:
        await store.check(b"not a photo")
    assert caught.value.reason == PHOTO_NOT_IMAGE
    store.close()
