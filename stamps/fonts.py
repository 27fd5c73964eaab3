"""A TrueType font with Vietnamese glyphs for stamp labels, found on this machine.

Debian's ``fonts-dejavu-core`` provides DejaVu Sans (CI installs it). Without any suitable
font, labels fall back to the PDF core font Helvetica (or Pillow's default font) and text is
folded to plain ASCII ("Mật ong" prints as "Mat ong"), so a sheet is still produced.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

FONT_DIRS: Final = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# (regular, bold) file names, best first: condensed faces fit more of a long product name.
CANDIDATES: Final = (
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
)
VIETNAMESE_PROBE: Final = (
    "ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệ"
    "ỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
)
STAR: Final = "★"


@dataclass(frozen=True, slots=True)
class LabelFonts:
    regular: Path | None  # None: no Vietnamese TrueType font found, fold text to ASCII
    bold: Path | None
    has_star: bool  # the font draws ★ (U+2605)

    @property
    def vietnamese(self) -> bool:
        return self.regular is not None


def _covers(path: Path, text: str) -> bool:
    from reportlab.pdfbase.ttfonts import TTFont  # only when fonts are looked for

    try:
        face = TTFont(f"probe-{path.name}", str(path)).face
    except Exception:  # a broken or unsupported font file is simply not a candidate
        return False
    return all(ord(ch) in face.charToGlyph for ch in text)


def _find(name: str, dirs: Sequence[Path]) -> Path | None:
    for folder in dirs:
        if folder.is_dir():
            for path in sorted(folder.rglob(name)):
                return path
    return None


@functools.cache
def find_label_fonts(dirs: tuple[Path, ...] = FONT_DIRS) -> LabelFonts:
    for regular_name, bold_name in CANDIDATES:
        regular = _find(regular_name, dirs)
        if regular is None or not _covers(regular, VIETNAMESE_PROBE):
            continue
        bold = _find(bold_name, dirs)
        if bold is not None and not _covers(bold, VIETNAMESE_PROBE):
            bold = None
        return LabelFonts(regular, bold or regular, _covers(regular, STAR))
    log.warning(
        "no TrueType font with Vietnamese glyphs found in %s: stamp labels fall back to "
        "ASCII text (Debian: apt-get install fonts-dejavu-core)",
        ", ".join(str(d) for d in dirs),
    )
    return LabelFonts(None, None, False)


def fold_ascii(text: str) -> str:
    """Vietnamese without diacritics, for fonts that cannot draw them."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return kept.encode("ascii", errors="replace").decode("ascii")
