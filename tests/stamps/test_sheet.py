"""Sheets: PNG labels decode back to their stamps; the PDF has the right pages."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

from PIL import Image

from stamps.decode import decode_qr
from stamps.fonts import LabelFonts, find_label_fonts, fold_ascii
from stamps.keys import StampKey, StampKeyring
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from stamps.sheet import (
    DEFAULT_DPI,
    LINES,
    SCAN_LINE,
    SheetLayout,
    StampLabel,
    render_label_png,
    stars_text,
    write_pdf,
    write_pngs,
)

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


def test_label_png_prints_at_its_size(tmp_path: Path) -> None:
    [path] = write_pngs(labels(1), tmp_path)
    layout = SheetLayout()
    with Image.open(path) as image:
        dpi = image.info["dpi"]
        size = image.size
    assert round(dpi[0]) == round(dpi[1]) == DEFAULT_DPI
    # 63.3 x 25.2 mm: the size the pixels make at the recorded dpi.
    assert abs(size[0] / dpi[0] * 25.4 - layout.label_w) < 0.2
    assert abs(size[1] / dpi[1] * 25.4 - layout.label_h) < 0.2


def test_label_says_whose_it_is_and_what_to_do() -> None:
    fonts = find_label_fonts()
    assert stars_text(4, fonts).startswith("OCOP Hà Tĩnh · 4 sao")
    assert stars_text(4, LabelFonts(None, None, False)) == "OCOP Ha Tinh - 4 sao"
    # The scan line is drawn on the bottom edge of the text column, under the producer.
    image = render_label_png(labels(1)[0], fonts=fonts)
    px = DEFAULT_DPI / 72
    pad = SheetLayout().padding * DEFAULT_DPI / 25.4
    baseline = round(LINES.scan_baseline(image.height / px, pad / px) * px)
    band = image.crop((image.width // 3, baseline - round(4 * px), image.width, baseline))
    assert band.getextrema()[0] == 0, "no scan line drawn"


def test_pdf_labels_hold_the_header_and_the_scan_line() -> None:
    buffer = io.BytesIO()
    write_pdf(labels(1), buffer, fonts=LabelFonts(None, None, False))  # plain Helvetica text
    streams = re.findall(rb"stream\r?\n(.*?)endstream", buffer.getvalue(), flags=re.DOTALL)
    text = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")
    assert b"(OCOP Ha Tinh - 4 sao)" in text
    assert f"({fold_ascii(SCAN_LINE)})".encode() in text
