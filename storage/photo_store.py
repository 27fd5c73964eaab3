"""Photos users send: checked, cleaned and stored once each, named by their SHA-256.

Every photo is decoded and re-encoded as a plain JPEG before it is kept: that is what proves it
is an image, turns it upright, and drops EXIF (phones put GPS positions there) and any other
metadata. A kept photo is at most `max_side` pixels on its long side: an officer's screen or a
printed file has no use for more, and a form's five photos stay a few megabytes.

The checks run from the cheapest up, so hostile input is refused before it costs memory: byte
size, then the type read from the content, then the pixel count from the header, then what the
decoding will hold at its peak (pixels x bytes per pixel, known from the header too) against
a memory budget shared by every check in the process. A check waits its turn for the budget
(up to `queue_seconds`); a photo that alone needs more than the whole budget is refused.
Decoding holds as little as the format allows: a JPEG is decoded at a reduced scale (libjpeg's
draft mode) when it is larger than what is kept; other formats are decoded whole, then laid on
white and reduced a tile at a time, so that only one full-size copy is ever held. A photo that
needs neither (no alpha, no reduction: most photos a chat sends) is encoded from the decoded
pixels as they are, without a copy.

The kept JPEG is written with the encoder's standard Huffman tables, not optimised ones: on
camera photos that is about 8 % more bytes for less than half the encoding time (the
encoding is the largest part of a check; see bench/results/verify.md).
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import hashlib
import io
import platform
import re
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from PIL import (
    BmpImagePlugin,
    ExifTags,
    GifImagePlugin,
    Image,
    ImageCms,
    ImageFile,
    ImageMode,
    JpegImagePlugin,
    PngImagePlugin,
    WebPImagePlugin,
)

from flows.messages import StoredPhoto
from storage.atomic_file import write_atomically
from storage.blob_store import BlobStore
from storage.memory_budget import MemoryBudget
from storage.photo_metadata import without_metadata

__all__ = [
    "PHOTO_BUSY",
    "PHOTO_NOT_IMAGE",
    "PHOTO_TOO_HEAVY",
    "PHOTO_TOO_LARGE",
    "PHOTO_TOO_MANY_PIXELS",
    "DecodePlan",
    "PhotoRejectedError",
    "PhotoStore",
]

PHOTO_NOT_IMAGE = "PHOTO_NOT_IMAGE"
PHOTO_TOO_LARGE = "PHOTO_TOO_LARGE"
PHOTO_TOO_MANY_PIXELS = "PHOTO_TOO_MANY_PIXELS"
PHOTO_TOO_HEAVY = "PHOTO_TOO_HEAVY"  # decoding it alone would need more than the budget
PHOTO_BUSY = "PHOTO_BUSY"  # the budget stayed full for longer than a photo may wait

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560
# The largest photo under MAX_PIXELS (40 Mpx, 4 bytes a pixel) needs about 200 MB at its peak:
# one such photo at a time, or several ordinary ones.
MEMORY_BUDGET = 256 * 1024 * 1024
WORKERS = 2
QUEUE_SECONDS = 60.0

JPEG_QUALITY = 85
_TILE_PIXELS = 1 << 18  # pixels converted at once while laying on white and reducing
_TILE_SIDE = 1024
_TILE_BYTES_PER_PIXEL = 16  # the tile, its RGBA copy, the white RGB and the alpha band
# WebP is decoded by libwebp into its own canvas (and the one before it), then copied twice.
_DECODER_COPIES: dict[type[ImageFile.ImageFile], int] = {WebPImagePlugin.WebPImageFile: 4}
_SHA256 = re.compile(r"[0-9a-f]{64}")
_WHITE = (255, 255, 255)
_ORIENTATION_FIX = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
_MMAP_THRESHOLD = 2 << 20  # above a tile (1 MB, reused from the heap), below Pillow's blocks


@functools.cache
def _give_large_blocks_back() -> None:
    """Have glibc map every block of 2 MB or more on its own and unmap it when freed.

    By default glibc raises that threshold to 32 MB after the first large free, and then
    serves Pillow's 16 MB blocks from per-thread arenas that keep them: two check threads in
    turn held twice the budget (480 MB instead of 270 MB in bench/photo_memory.py).
    """
    if platform.libc_ver()[0] != "glibc":
        return
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)


class PhotoRejectedError(Exception):
    """The photo failed a check; `reason` is a text catalogue key (PHOTO_...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodePlan:
    """How a photo is decoded and shrunk, and the bytes that takes at its peak; all known from
    the header, before any pixel is decoded. Sizes are (width, height) as stored in the file,
    before the EXIF orientation is applied."""

    decoded: tuple[int, int]  # what the decoder produces (a JPEG in draft mode: less)
    reduce_by: tuple[int, int]  # box reduction across and down, applied a tile at a time
    kept: tuple[int, int]  # what is stored, at most max_side on the long side
    memory: int


def _image_class(data: bytes) -> type[ImageFile.ImageFile] | None:
    """The decoder for the content's real type, whatever the file was called."""
    if data.startswith(b"\xff\xd8\xff"):
        return JpegImagePlugin.JpegImageFile
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PngImagePlugin.PngImageFile
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GifImagePlugin.GifImageFile
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WebPImagePlugin.WebPImageFile
    if data.startswith(b"BM"):
        return BmpImagePlugin.BmpImageFile
    return None


def bytes_per_pixel(mode: str) -> int:
    """What Pillow holds per pixel: one band in its own size ("I;16": 2), several in 4 bytes
    (RGB too is kept as RGBX)."""
    description = ImageMode.getmode(mode)
    if len(description.bands) > 1:
        return 4
    return max(1, int(description.typestr[-1]))


def _kept_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    if max(width, height) <= max_side:
        return size
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _tile_size(width: int, height: int, reduce_by: tuple[int, int]) -> tuple[int, int]:
    """A tile of about _TILE_PIXELS pixels, each side a multiple of its reduction."""
    across, down = reduce_by
    tile_width = min(width, across * max(1, _TILE_SIDE // across))
    tile_height = down * max(1, _TILE_PIXELS // (down * tile_width))
    return tile_width, min(height, tile_height)


def _plan(
    image: ImageFile.ImageFile, image_class: type[ImageFile.ImageFile], max_side: int
) -> DecodePlan:
    kept = _kept_size(image.size, max_side)
    if kept != image.size and image_class is JpegImagePlugin.JpegImageFile:
        image.draft(image.mode, kept)  # libjpeg decodes at 1/2, 1/4 or 1/8 scale, still >= kept
    width, height = decoded = image.size
    reduce_by = (max(1, width // kept[0]), max(1, height // kept[1]))
    reduced = -(-width // reduce_by[0]) * -(-height // reduce_by[1]) * 4
    tile_width, tile_height = _tile_size(width, height, reduce_by)
    tile = tile_width * tile_height * _TILE_BYTES_PER_PIXEL
    full = width * height * bytes_per_pixel(image.mode) * _DECODER_COPIES.get(image_class, 1)
    # The full-size image is let go once reduced; then the reduced one, its resized copy, the
    # upright copy and the colour-corrected copy are held at once.
    memory = max(full + tile + reduced, reduced + 3 * kept[0] * kept[1] * 4)
    return DecodePlan(decoded=decoded, reduce_by=reduce_by, kept=kept, memory=memory)


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # broken EXIF is no reason to refuse the picture itself
        return 1
    return value if isinstance(value, int) else 1


def _flat(image: Image.Image, mode: str) -> Image.Image:
    """`image` in `mode` (RGB, or CMYK to apply its profile later), alpha laid on white."""
    if _has_alpha(image, mode):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, _WHITE)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == mode else image.convert(mode)


def _has_alpha(image: Image.Image, mode: str) -> bool:
    """Would `_flat` lay this image on white?"""
    return mode == "RGB" and (image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info)


def _flat_and_reduced(image: Image.Image, mode: str, reduce_by: tuple[int, int]) -> Image.Image:
    """Lay on white and box-reduce a tile at a time: the only full-size pixels held are the
    decoded ones (laying a whole RGBA image on white would copy it three times). An image
    with nothing to lay on white nor to reduce is returned as it is (or converted whole: the
    copy is no larger than the tiled one)."""
    if reduce_by == (1, 1) and not _has_alpha(image, mode):
        return image if image.mode == mode else image.convert(mode)
    width, height = image.size
    across, down = reduce_by
    # Not initialised: every pixel is pasted below.
    out = Image.new(mode, (-(-width // across), -(-height // down)), None)
    tile_width, tile_height = _tile_size(width, height, reduce_by)
    for top in range(0, height, tile_height):
        for left in range(0, width, tile_width):
            box = (left, top, min(width, left + tile_width), min(height, top + tile_height))
            tile = _flat(image.crop(box), mode)
            if reduce_by != (1, 1):
                tile = tile.reduce(reduce_by)
            out.paste(tile, (left // across, top // down))
    return out


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB: colour profiles (phones use Display P3) applied."""
    if icc and image.mode in ("RGB", "CMYK"):
        with suppress(Exception):  # an unusable profile: keep the colours as they are
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
            if converted is not None:
                image = converted
    return image if image.mode == "RGB" else image.convert("RGB")


class PhotoStore:
    """Photos under `root`, as root/<sha[:2]>/<sha>.jpg; sha is the SHA-256 of the file."""

    def __init__(
        self,
        root: Path,
        max_bytes: int = MAX_BYTES,
        max_pixels: int = MAX_PIXELS,
        *,
        max_side: int = MAX_SIDE,
        memory_budget: int = MEMORY_BUDGET,
        workers: int = WORKERS,
        queue_seconds: float = QUEUE_SECONDS,
        shared: BlobStore | None = None,
    ) -> None:
        self.root = root
        # `shared`: an object store every process reaches (OCOP_PHOTO_STORE=s3://...). Then
        # it holds the truth and `root` is this machine's copy of the photos it has needed.
        self.shared = shared
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.max_side = max_side
        self.budget = MemoryBudget(memory_budget)
        self.queue_seconds = queue_seconds
        _give_large_blocks_back()
        # Checks run on their own few threads: waiting for the budget must not hold the
        # threads that asyncio.to_thread shares with everything else.
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="photo-check")

    async def check(self, data: bytes) -> StoredPhoto:
        """check_and_store on the store's own threads, waiting in turn for the memory budget
        (PHOTO_BUSY after queue_seconds, counted from now)."""
        deadline = time.monotonic() + self.queue_seconds
        run = functools.partial(self.check_and_store, data, deadline=deadline)
        return await asyncio.get_running_loop().run_in_executor(self._pool, run)

    def check_and_store(self, data: bytes, *, deadline: float | None = None) -> StoredPhoto:
        """Check, clean and store one photo; raise PhotoRejectedError when it fails a check.

        Blocking (decoding takes a while): call `check` from async code. `deadline` (a
        time.monotonic() value, default queue_seconds from now) bounds the wait for the budget.
        """
        if len(data) > self.max_bytes:
            raise PhotoRejectedError(PHOTO_TOO_LARGE)
        if deadline is None:
            deadline = time.monotonic() + self.queue_seconds
        image, plan = self._open(data)
        try:
            if plan.memory > self.budget.total:
                raise PhotoRejectedError(PHOTO_TOO_HEAVY)
            try:
                with self.budget.claim(plan.memory, max(0.0, deadline - time.monotonic())):
                    encoded, size = self._clean(image, plan)
            except TimeoutError as error:
                raise PhotoRejectedError(PHOTO_BUSY) from error
        finally:
            image.close()
        encoded = without_metadata(encoded)  # whatever the encoder wrote: no EXIF, XMP, GPS
        sha256 = hashlib.sha256(encoded).hexdigest()
        if self.shared is not None:
            self.shared.put_once(sha256, encoded)  # stored for every process before it is named
        self._write_once(self.path_of(sha256, fetch=False), encoded)
        return StoredPhoto(sha256=sha256, width=size[0], height=size[1])

    def plan(self, data: bytes) -> DecodePlan:
        """What checking `data` would take (from its header); PhotoRejectedError as the check."""
        image, plan = self._open(data)
        image.close()
        return plan

    def path_of(self, sha256: str, *, fetch: bool = True) -> Path:
        """The photo's file on this machine; ValueError for anything but a lower-case SHA-256
        in hex. With a shared store, a photo another process stored is fetched first (this
        blocks: async code calls it in a thread); the file does not exist when no store has it.
        """
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a SHA-256 hex digest")
        path = self.root / sha256[:2] / f"{sha256}.jpg"
        if fetch and self.shared is not None and not path.exists():
            with suppress(FileNotFoundError):
                self._write_once(path, self.shared.get(sha256))
        return path

    def read(self, sha256: str) -> bytes:
        """The stored JPEG; FileNotFoundError if there is none."""
        return self.path_of(sha256).read_bytes()

    def delete(self, sha256: str) -> None:
        """Forget the photo everywhere it is kept (pruning); a missing one is no error."""
        if self.shared is not None:
            self.shared.delete(sha256)
        self.path_of(sha256, fetch=False).unlink(missing_ok=True)

    def link(self, sha256: str) -> str:
        """An address an officer's spreadsheet can open: the file, or a signed URL."""
        if self.shared is not None:
            return self.shared.link(sha256)
        return self.path_of(sha256).resolve().as_uri()

    def size_of(self, sha256: str) -> tuple[int, int]:
        """(width, height) of a stored photo, read from its header only."""
        with Image.open(self.path_of(sha256)) as image:
            return image.size

    def close(self) -> None:
        """Let the check threads go (checks still queued are dropped)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _open(self, data: bytes) -> tuple[ImageFile.ImageFile, DecodePlan]:
        """The image with only its header read, and its plan."""
        image_class = _image_class(data)
        if image_class is None:
            raise PhotoRejectedError(PHOTO_NOT_IMAGE)
        try:
            # The plugin class directly, not Image.open: it only reads the header, and Pillow's
            # own bomb check (a warning below twice its limit) stays out of the way of ours.
            image = image_class(io.BytesIO(data))
        except _BOMB as error:
            raise PhotoRejectedError(PHOTO_TOO_MANY_PIXELS) from error
        except Exception as error:
            raise PhotoRejectedError(PHOTO_NOT_IMAGE) from error
        width, height = image.size
        if width * height > self.max_pixels:
            image.close()
            raise PhotoRejectedError(PHOTO_TOO_MANY_PIXELS)
        if width <= 0 or height <= 0:
            image.close()
            raise PhotoRejectedError(PHOTO_NOT_IMAGE)
        try:
            plan = _plan(image, image_class, self.max_side)
        except Exception as error:
            image.close()
            raise PhotoRejectedError(PHOTO_NOT_IMAGE) from error
        return image, plan

    @staticmethod
    def _clean(image: ImageFile.ImageFile, plan: DecodePlan) -> tuple[bytes, tuple[int, int]]:
        """Decode, shrink, turn upright and re-encode: (JPEG bytes, (width, height))."""
        try:
            image.load()  # truncated or corrupt data fails here
            fix = _ORIENTATION_FIX.get(_orientation(image))
            icc = image.info.get("icc_profile")
            profiled = bool(icc) and image.mode == "CMYK"  # its profile needs the CMYK values
            small = _flat_and_reduced(image, "CMYK" if profiled else "RGB", plan.reduce_by)
            if small is not image:
                image.close()  # the full-size pixels go before the small copies are made
            if small.size != plan.kept:
                small = small.resize(plan.kept, Image.Resampling.LANCZOS)
            upright = small.transpose(fix) if fix else small
            clean = _to_srgb(upright, icc if isinstance(icc, bytes) else None)
            clean.info.clear()
            buffer = io.BytesIO()
            clean.save(buffer, format="JPEG", quality=JPEG_QUALITY)
        except _BOMB as error:
            raise PhotoRejectedError(PHOTO_TOO_MANY_PIXELS) from error
        except Exception as error:  # whatever a decoder trips on, the file is no usable photo
            raise PhotoRejectedError(PHOTO_NOT_IMAGE) from error
        return buffer.getvalue(), clean.size

    @staticmethod
    def _write_once(path: Path, content: bytes) -> None:
        """Write atomically, and not at all if the same photo is already there."""
        if path.exists():
            return
        write_atomically(path, content, suffix=".jpg")
