"""QR symbols for stamps: error correction level Q, alphanumeric mode, no logo inside.

A centre logo eats into the error correction and, on a dark disc, defeated zxing-cpp's
default settings in a test here: the OCOP emblem goes beside the code, never on it.

Two encoders give the same symbol size (both pick alphanumeric mode when the text allows):

- ``segno`` (pure Python, the reference): about 13 ms a code, mostly choosing the mask, which
  alone would take two minutes for a sheet of 10,000 stamps;
- ``zxing-cpp``'s writer (C++, zxing-cpp 3 or later): about 0.4 ms a code.

``encoder="auto"`` uses zxing-cpp when it can write, segno otherwise.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

from PIL import Image

MAX_STAMP_VERSION: Final = 5
QUIET_ZONE: Final = 4  # modules of light margin that the QR standard asks for
Encoder = Literal["auto", "segno", "zxing-cpp"]
_ALPHANUMERIC: Final = re.compile(r"[0-9A-Z $%*+\-./:]*")
_DARK_RUN: Final = re.compile(rb"\x01+")


class StampUrlTooLong(ValueError):
    """The stamp URL needs a QR version above 5: shorten or uppercase OCOP_PUBLIC_URL."""


@dataclass(frozen=True, slots=True)
class QrSymbol:
    """A QR code as rows of modules (1 dark, 0 light), quiet zone not included."""

    rows: tuple[bytes, ...]
    version: int
    error: str
    mode: str  # "alphanumeric" for every stamp URL built from an uppercase base URL

    @property
    def size(self) -> int:
        return len(self.rows)

    def dark_runs(self) -> Iterator[tuple[int, int, int]]:
        """(row, first column, length) of each horizontal run of dark modules."""
        for y, row in enumerate(self.rows):
            for match in _DARK_RUN.finditer(row):
                yield y, match.start(), match.end() - match.start()


def zxing_can_write() -> bool:
    import zxingcpp  # loaded with the first stamp drawn, not at every start of the bot

    return hasattr(zxingcpp, "create_barcode")


def _with_segno(text: str) -> QrSymbol:
    import segno  # the fallback encoder: only when zxing-cpp cannot write

    qr = segno.make_qr(text, error="q", boost_error=False)
    rows = tuple(bytes(row) for row in qr.matrix)
    return QrSymbol(rows, int(qr.version), "Q", str(qr.mode))


def _with_zxing(text: str) -> QrSymbol:
    import numpy as np  # about 15 MB: only once a stamp is drawn, not at every start
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    pixels = np.asarray(barcode.to_image(scale=1, add_quiet_zones=False))
    dark = (pixels < 128).astype(np.uint8)
    rows = tuple(row.tobytes() for row in dark)
    mode = "alphanumeric" if _ALPHANUMERIC.fullmatch(text) else "byte"
    return QrSymbol(rows, (len(rows) - 17) // 4, "Q", mode)


def make_symbol(
    text: str, *, max_version: int = MAX_STAMP_VERSION, encoder: Encoder = "auto"
) -> QrSymbol:
    """Encode ``text`` at level Q; raise StampUrlTooLong above ``max_version``."""
    use_zxing = encoder == "zxing-cpp" or (encoder == "auto" and zxing_can_write())
    symbol = _with_zxing(text) if use_zxing else _with_segno(text)
    if symbol.version > max_version:
        raise StampUrlTooLong(
            f"a {len(text)}-character stamp URL needs QR version {symbol.version} "
            f"({symbol.mode} mode); at most {max_version} prints well at 15 mm"
        )
    return symbol


def symbol_image(symbol: QrSymbol, module_px: int, *, border: int = QUIET_ZONE) -> Image.Image:
    """A black-and-white ("L") image of the symbol with its quiet zone, sharp edges."""
    light = bytes.maketrans(b"\x00\x01", b"\xff\x00")
    small = Image.frombytes("L", (symbol.size, symbol.size), b"".join(symbol.rows).translate(light))
    side = symbol.size + 2 * border
    framed = Image.new("L", (side, side), 255)
    framed.paste(small, (border, border))
    return framed.resize((side * module_px, side * module_px), Image.Resampling.NEAREST)


def render_png(text: str, *, module_px: int = 8, encoder: Encoder = "auto") -> bytes:
    """PNG bytes of the QR code for ``text`` (for the web page or a chat reply)."""
    buffer = io.BytesIO()
    image = symbol_image(make_symbol(text, encoder=encoder), module_px).convert("1")
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
