"""Sheets: PNG labels decode back to their stamps; the PDF has the right pages."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from stamps.decode import decode_qr
from stamps.fonts import LabelFonts, find_label_fonts, fold_ascii
from stamps.keys import StampKey, StampKeyring
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from stamps.sheet import SheetLayout, StampLabel, render_label_png, write_pdf, write_pngs

BASE = "https://ocop.hatinh.gov.vn"
RING = StampKeyring((StampKey("K1", bytes(range(32))),))


def labels(count: int, first: int = 1) -> list[StampLabel]:
    return [
        StampLabel(
            format_serial(n),
            make_stamp_url(BASE, RING, n),
            "Nhung hươu Hương Sơn sấy khô thượng hạng loại đặc biệt",
            "HTX Nhung hươu Sơn Trường",
            4,
        )
        for n in range(first, first + count)
    ]


def test_pngs_decode_back_to_their_serials(tmp_path: Path) -> None:
    batch = labels(12, first=1000)
    seen: list[tuple[int, int]] = []
    paths = write_pngs(batch, tmp_path / "out", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (12, 12) and len(seen) == 12
    assert [p.name for p in paths] == [f"{label.serial_text}.png" for label in batch]
    for label, path in zip(batch, paths, strict=True):
        result = decode_qr(path.read_bytes())
        assert result.texts == [label.url]


def test_pdf_page_count_and_progress(tmp_path: Path) -> None:
    layout = SheetLayout()
    count = layout.per_page * 2 + 1
    seen: list[int] = []
    out = tmp_path / "sheet.pdf"
    result = write_pdf(labels(count), out, progress=lambda d, t: seen.append(d))
    assert (result.labels, result.pages) == (count, 3)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") == 3
    assert seen == list(range(1, count + 1))


def test_pdf_to_a_binary_file() -> None:
    buffer = io.BytesIO()
    assert write_pdf(labels(1), buffer).pages == 1
    assert buffer.getvalue().startswith(b"%PDF")


def test_vietnamese_font_found_and_fallback_is_ascii(tmp_path: Path) -> None:
    fonts = find_label_fonts()
    # CI installs fonts-dejavu-core; the sheet still works without it, in plain ASCII.
    assert fonts.vietnamese, "install fonts-dejavu-core for Vietnamese labels"
    assert fold_ascii("Nhung hươu Đức Thọ") == "Nhung huou Duc Tho"
    bare = LabelFonts(None, None, False)
    label = labels(1)[0]
    image = render_label_png(label, fonts=bare)
    assert decode_qr(image).texts == [label.url]
    assert write_pdf([label], tmp_path / "ascii.pdf", fonts=bare).pages == 1


def test_label_image_is_grayscale_300_dpi() -> None:
    image = render_label_png(labels(1)[0])
    assert image.mode == "L"
    assert abs(image.width - round(SheetLayout().label_w / 25.4 * 300)) <= 1
    assert isinstance(image, Image.Image)
