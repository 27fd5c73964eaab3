"""The zxing "blackbox" photos in ../shared/data/qr-photos (see its README)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "qr-photos"
READ_SETS = (
    "zxing-qrcode-1",
    "zxing-qrcode-3",
    "zxing-qrcode-4",
    "zxing-qrcode-5",
    "zxing-qrcode-6",
)
NO_CODE_SET = "zxing-falsepositives-2"
TURNS = (0, 90, 180, 270)


@dataclass(frozen=True)
class Try:
    name: str  # "set/file.png@90"
    image: Image.Image
    expected: str | None  # None: no code in the photo

    @property
    def set_name(self) -> str:
        return self.name.split("/", 1)[0]


def same_text(a: str, b: str) -> bool:
    """The .txt files write line ends as \\n where several codes hold \\r\\n."""
    return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")


def tries(sets: tuple[str, ...], root: Path = PHOTOS) -> Iterator[Try]:
    """Every photo of the sets, each also turned 90, 180 and 270 degrees."""
    for set_name in sets:
        for path in sorted((root / set_name).glob("*.png")):
            text_file = path.with_suffix(".txt")
            expected = text_file.read_text(encoding="utf-8") if text_file.exists() else None
            with Image.open(path) as opened:
                image = opened.convert("RGBA" if "transparency" in opened.info else "RGB")
            for turn in TURNS:
                turned = image.rotate(turn, expand=True) if turn else image
                yield Try(f"{set_name}/{path.name}@{turn}", turned, expected)
