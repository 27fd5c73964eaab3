"""Photos users send: checked, cleaned and stored once each, named by their SHA-256.

Every photo is decoded and re-encoded as a plain JPEG before it is kept: that is what proves it
is an image, turns it upright, and drops EXIF (phones put GPS positions there) and any other
metadata. The checks run from the cheapest up, so hostile input is refused before it costs
memory: byte size, then the type read from the content, then the pixel count from the header,
and only then the decoding.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from contextlib import suppress
from pathlib import Path

from PIL import (
    BmpImagePlugin,
    ExifTags,
    GifImagePlugin,
    Image,
    ImageCms,
    ImageFile,
    JpegImagePlugin,
    PngImagePlugin,
    WebPImagePlugin,
)

from flows.messages import StoredPhoto

__all__ = [
    "PHOTO_NOT_IMAGE",
    "PHOTO_TOO_LARGE",
    "PHOTO_TOO_MANY_PIXELS",
    "PhotoRejectedError",
    "PhotoStore",
]

PHOTO_NOT_IMAGE = "PHOTO_NOT_IMAGE"
PHOTO_TOO_LARGE = "PHOTO_TOO_LARGE"
PHOTO_TOO_MANY_PIXELS = "PHOTO_TOO_MANY_PIXELS"


JPEG_QUALITY = 85
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


class PhotoRejectedError(Exception):
    """The photo failed a check; `reason` is a text catalogue key (PHOTO_...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # broken EXIF is no reason to refuse the picture itself
        return 1
    return value if isinstance(value, int) else 1


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB in sRGB: alpha laid on white, colour profiles (phones use Display P3) applied."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, _WHITE)
        image.paste(rgba, mask=rgba.getchannel("A"))
    icc = image.info.get("icc_profile")
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
        self, root: Path, max_bytes: int = 20 * 1024 * 1024, max_pixels: int = 40_000_000
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def check_and_store(self, data: bytes) -> StoredPhoto:
        """Check, clean and store one photo; raise PhotoRejectedError when it fails a check.

        Blocking (decoding takes a while): call it from a worker thread.
        """
        if len(data) > self.max_bytes:
            raise PhotoRejectedError(PHOTO_TOO_LARGE)
        image = self._decode(data)
        try:
            upright = image.transpose(method) if (method := _fix(image)) else image
            clean = _to_srgb(upright)
            clean.info.clear()
            buffer = io.BytesIO()
            clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        except _BOMB as error:
            raise PhotoRejectedError(PHOTO_TOO_MANY_PIXELS) from error
        except Exception as error:  # whatever a decoder trips on, the file is no usable photo
            raise PhotoRejectedError(PHOTO_NOT_IMAGE) from error
        finally:
            image.close()
        encoded = buffer.getvalue()
        sha256 = hashlib.sha256(encoded).hexdigest()
        self._write_once(self.path_of(sha256), encoded)
        return StoredPhoto(sha256=sha256, width=clean.width, height=clean.height)

    def path_of(self, sha256: str) -> Path:
        """Where the photo lives; ValueError for anything but a lower-case SHA-256 in hex."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / f"{sha256}.jpg"

    def read(self, sha256: str) -> bytes:
        """The stored JPEG; FileNotFoundError if there is none."""
        return self.path_of(sha256).read_bytes()

    def size_of(self, sha256: str) -> tuple[int, int]:
        """(width, height) of a stored photo, read from its header only."""
        with Image.open(self.path_of(sha256)) as image:
            return image.size

    def _decode(self, data: bytes) -> Image.Image:
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
            image.load()  # truncated or corrupt data fails here
        except _BOMB as error:
            image.close()
            raise PhotoRejectedError(PHOTO_TOO_MANY_PIXELS) from error
        except Exception as error:
            image.close()
            raise PhotoRejectedError(PHOTO_NOT_IMAGE) from error
        return image

    @staticmethod
    def _write_once(path: Path, content: bytes) -> None:
        """Write atomically, and not at all if the same photo is already there."""
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-", suffix=".jpg")
        try:
            with os.fdopen(fd, "wb") as file:
                os.fchmod(file.fileno(), 0o644)
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
            raise


def _fix(image: Image.Image) -> Image.Transpose | None:
    """The transposition that makes the picture upright, from its EXIF orientation."""
    return _ORIENTATION_FIX.get(_orientation(image))
