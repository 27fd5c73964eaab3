"""Print-ready stamp sheets: an A4 PDF of labels with cut marks, or one PNG per stamp.

Each label holds the QR code (15 mm, quiet zone inside the label) and beside it, top to
bottom: the header with the star rating ("OCOP Hà Tĩnh · 4 sao ★★★★"), the short serial for
typing, the product, the producer, and what to do ("Quét mã để kiểm tra"). The PDF and the
PNG put each line on the same baseline (`_Lines`).

PDF speed: the QR modules go into the page as raw path operators (one ``re`` per run of
dark modules, one fill per code) and the label texts are wrapped once per distinct
product, so 10,000 stamps take a few seconds (bench/sheet.py measures it).
"""

from __future__ import annotations

import functools
import os
import re
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final

from PIL import Image, ImageDraw, ImageFont

from stamps.fonts import STAR, LabelFonts, find_label_fonts, fold_ascii
from stamps.qr_render import QUIET_ZONE, QrSymbol, make_symbol, symbol_image

# reportlab is imported when a PDF is written (several MB, at every start of the bot otherwise).
if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

Progress = Callable[[int, int], None]
MM: Final = 72 / 25.4  # PDF points per millimetre
# Printed in Vietnamese only (a label is read in Hà Tĩnh); folded to ASCII without a font.
HEADER: Final = "OCOP Hà Tĩnh"
SCAN_LINE: Final = "Quét mã để kiểm tra"
DEFAULT_DPI: Final = 300


@dataclass(frozen=True, slots=True)
class StampLabel:
    serial_text: str  # printed form, e.g. "0009-2X4K" (serial.format_serial)
    url: str  # what the QR code holds (payload.make_stamp_url)
    product: str
    producer: str
    stars: int


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """A4 in millimetres: 3 x 11 labels of 63.3 x 25.2 mm inside 10 mm margins."""

    columns: int = 3
    rows: int = 11
    margin: float = 10.0
    code_mm: float = 15.0  # the QR symbol itself, quiet zone excluded
    padding: float = 1.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def label_w(self) -> float:
        return (210.0 - 2 * self.margin) / self.columns

    @property
    def label_h(self) -> float:
        return (297.0 - 2 * self.margin) / self.rows


@dataclass(frozen=True, slots=True)
class SheetResult:
    labels: int
    pages: int


def stars_text(stars: int, fonts: LabelFonts) -> str:
    """The header line: who stands behind the stamp, and the product's rating."""
    glyphs = f" {STAR * stars}" if fonts.has_star else ""
    dot = "·" if fonts.vietnamese else "-"  # a font without Vietnamese may lack the dot too
    return _clean(f"{HEADER} {dot} {stars} sao{glyphs}", fonts)


@dataclass(frozen=True, slots=True)
class _Lines:
    """Sizes (points) and baselines (points from the label's top edge) of the text column.

    On 25.2 mm (71 points) of label: header 7, serial 10, product 2 x 7.5, producer
    2 x 6.5, and the scan line, 6, on the bottom edge's padding.
    """

    header: float = 7.0
    serial: float = 10.0
    product: float = 7.5
    producer: float = 6.5
    scan: float = 6.0
    leading: float = 1.2

    def header_baseline(self, pad: float) -> float:
        return pad + self.header

    def serial_baseline(self, pad: float) -> float:
        return self.header_baseline(pad) + self.serial * 1.15

    def block_start(self, pad: float) -> float:
        """The baseline before the product's first line (each line adds its leading)."""
        return self.serial_baseline(pad) + 1.0

    def scan_baseline(self, label_h: float, pad: float) -> float:
        return label_h - pad - 0.25 * self.scan  # room for descenders


LINES: Final = _Lines()


def _clean(text: str, fonts: LabelFonts) -> str:
    text = " ".join(text.split())
    return text if fonts.vietnamese else fold_ascii(text)


def _wrap(text: str, width: float, max_lines: int, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap into at most ``max_lines``; the last line ends in … if cut."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and measure(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if lines and (words or measure(lines[-1]) > width):
        last = lines[-1]
        while last and measure(last + "…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


# --- PDF -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PdfFonts:
    regular: str
    bold: str


def _pdf_fonts(fonts: LabelFonts) -> _PdfFonts:
    if fonts.regular is None or fonts.bold is None:
        return _PdfFonts("Helvetica", "Helvetica-Bold")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    names = []
    for path in (fonts.regular, fonts.bold):
        name = f"ocop-{path.stem}"
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        names.append(name)
    return _PdfFonts(names[0], names[1])


@functools.lru_cache(maxsize=256)
def _pdf_text_block(
    product: str, producer: str, names: _PdfFonts, width: float
) -> tuple[tuple[str, float, str], ...]:
    """(font, size, text) lines below the serial, wrapped to ``width`` points."""
    from reportlab.pdfbase import pdfmetrics

    def measure(font: str, size: float) -> Callable[[str], float]:
        return lambda s: float(pdfmetrics.stringWidth(s, font, size))

    size = LINES.product
    block = [(names.bold, size, ln) for ln in _wrap(product, width, 2, measure(names.bold, size))]
    size = LINES.producer
    block += [
        (names.regular, size, ln) for ln in _wrap(producer, width, 2, measure(names.regular, size))
    ]
    return tuple(block)


def _qr_operators(symbol: QrSymbol, x: float, y_top: float, module: float) -> str:
    """PDF operators filling the dark modules, top-left corner at (x, y_top).

    A flipping ``cm`` puts the origin at the code's top-left corner in module units, so each
    run of dark modules is written in small integers: quick to format, compact in the file.
    """
    runs = " ".join(f"{col} {row} {length} 1 re" for row, col, length in symbol.dark_runs())
    return f"q 0 g {module:.4f} 0 0 {-module:.4f} {x:.3f} {y_top:.3f} cm {runs} f Q"


def _cut_marks(canvas: Canvas, layout: SheetLayout) -> None:
    """Ticks in the margin on every grid line, clear of the labels themselves."""
    from reportlab.lib.pagesizes import A4

    m, w, h = layout.margin * MM, layout.label_w * MM, layout.label_h * MM
    page_w, page_h = A4
    gap, tick = 1.5 * MM, 6.0 * MM
    canvas.setLineWidth(0.3)
    canvas.setStrokeGray(0)
    for i in range(layout.columns + 1):
        x = m + i * w
        canvas.line(x, m - gap, x, m - gap - tick)
        canvas.line(x, page_h - m + gap, x, page_h - m + gap + tick)
    for j in range(layout.rows + 1):
        y = m + j * h
        canvas.line(m - gap, y, m - gap - tick, y)
        canvas.line(page_w - m + gap, y, page_w - m + gap + tick, y)


def _draw_label(
    canvas: Canvas,
    label: StampLabel,
    x: float,
    y: float,
    layout: SheetLayout,
    fonts: LabelFonts,
    names: _PdfFonts,
) -> None:
    """One label with its bottom-left corner at (x, y), in points."""
    h = layout.label_h * MM
    symbol = make_symbol(label.url)
    module = layout.code_mm * MM / symbol.size
    quiet = QUIET_ZONE * module
    code_side = symbol.size * module
    code_x = x + layout.padding * MM + quiet
    code_top = y + (h + code_side) / 2
    canvas.addLiteral(_qr_operators(symbol, code_x, code_top, module))

    text_x = code_x + code_side + quiet
    width = x + layout.label_w * MM - layout.padding * MM - text_x
    top, pad = y + h, layout.padding * MM
    canvas.setFillGray(0)
    canvas.setFont(names.bold, LINES.header)
    canvas.drawString(text_x, top - LINES.header_baseline(pad), stars_text(label.stars, fonts))
    canvas.setFont(names.bold, LINES.serial)
    canvas.drawString(text_x, top - LINES.serial_baseline(pad), label.serial_text)
    block = _pdf_text_block(
        _clean(label.product, fonts), _clean(label.producer, fonts), names, width
    )
    baseline = top - LINES.block_start(pad)
    for font, size, line in block:
        baseline -= size * LINES.leading
        canvas.setFont(font, size)
        canvas.drawString(text_x, baseline, line)
    canvas.setFont(names.regular, LINES.scan)
    canvas.drawString(text_x, y + pad + 0.25 * LINES.scan, _clean(SCAN_LINE, fonts))


def write_pdf(
    labels: Sequence[StampLabel],
    out: Path | BinaryIO,
    *,
    progress: Progress | None = None,
    layout: SheetLayout = SheetLayout(),
    fonts: LabelFonts | None = None,
    title: str = "OCOP stamps",
) -> SheetResult:
    """Write an A4 PDF sheet of ``labels`` to ``out`` (a path or a binary file)."""
    from reportlab import rl_config

    fonts = fonts or find_label_fonts()
    names = _pdf_fonts(fonts)
    # Without reportlab's optional C accelerator, ASCII85-encoding the pages in Python would
    # take longer than drawing them; plain binary streams are valid PDF and smaller too.
    saved_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        return _write_pdf(labels, out, progress, layout, fonts, names, title)
    finally:
        rl_config.useA85 = saved_a85


def _write_pdf(
    labels: Sequence[StampLabel],
    out: Path | BinaryIO,
    progress: Progress | None,
    layout: SheetLayout,
    fonts: LabelFonts,
    names: _PdfFonts,
    title: str,
) -> SheetResult:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    target = str(out) if isinstance(out, Path) else out
    canvas = Canvas(target, pagesize=A4, pageCompression=1, invariant=True)
    canvas.setTitle(title)
    total = len(labels)
    pages = 0
    m, w, h = layout.margin * MM, layout.label_w * MM, layout.label_h * MM
    for start in range(0, total, layout.per_page):
        pages += 1
        _cut_marks(canvas, layout)
        for i, label in enumerate(labels[start : start + layout.per_page]):
            col, row = i % layout.columns, i // layout.columns
            x = m + col * w
            y = A4[1] - m - (row + 1) * h
            _draw_label(canvas, label, x, y, layout, fonts, names)
            if progress is not None:
                progress(start + i + 1, total)
        canvas.showPage()
    canvas.save()
    return SheetResult(total, pages)


# --- PNG -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _pil_font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


@dataclass(frozen=True, slots=True)
class _PngGeometry:
    width: int
    height: int
    module_px: int
    code_left: int
    text_left: int
    pad: int


def _png_geometry(layout: SheetLayout, dpi: int, symbol_size: int) -> _PngGeometry:
    px = dpi / 25.4
    module_px = max(2, round(layout.code_mm * px / symbol_size))
    pad = round(layout.padding * px)
    code_full = (symbol_size + 2 * QUIET_ZONE) * module_px
    return _PngGeometry(
        round(layout.label_w * px),
        round(layout.label_h * px),
        module_px,
        pad,
        pad + code_full,
        pad,
    )


@functools.lru_cache(maxsize=64)
def _png_background(
    product: str, producer: str, stars: str, fonts: LabelFonts, geo: _PngGeometry, dpi: int
) -> Image.Image:
    """The label without code and serial: shared by every stamp of one product."""
    image = Image.new("L", (geo.width, geo.height), 255)
    draw = ImageDraw.Draw(image)
    pt = dpi / 72  # pixels per point
    pad = geo.pad / pt
    width = geo.width - geo.text_left - geo.pad

    def line(y_pt: float, text: str, path: Path | None, size: float) -> None:
        font = _pil_font(path, round(size * pt))
        draw.text((geo.text_left, round(y_pt * pt)), text, fill=0, font=font, anchor="ls")

    line(LINES.header_baseline(pad), stars, fonts.bold, LINES.header)
    baseline = LINES.block_start(pad)
    for path, size, text in (
        (fonts.bold, LINES.product, product),
        (fonts.regular, LINES.producer, producer),
    ):
        font = _pil_font(path, round(size * pt))
        for wrapped in _wrap(text, width, 2, font.getlength):
            baseline += size * LINES.leading
            line(baseline, wrapped, path, size)
    scan = _clean(SCAN_LINE, fonts)
    line(LINES.scan_baseline(geo.height / pt, pad), scan, fonts.regular, LINES.scan)
    return image


def _label_without_code(
    label: StampLabel, dpi: int, layout: SheetLayout, fonts: LabelFonts, symbol_size: int
) -> tuple[Image.Image, _PngGeometry]:
    geo = _png_geometry(layout, dpi, symbol_size)
    image = _png_background(
        _clean(label.product, fonts),
        _clean(label.producer, fonts),
        stars_text(label.stars, fonts),
        fonts,
        geo,
        dpi,
    ).copy()
    draw = ImageDraw.Draw(image)
    pt = dpi / 72
    font = _pil_font(fonts.bold, round(LINES.serial * pt))
    y = round(LINES.serial_baseline(geo.pad / pt) * pt)
    draw.text((geo.text_left, y), label.serial_text, fill=0, font=font, anchor="ls")
    return image, geo


def _add_code(image: Image.Image, symbol: QrSymbol, geo: _PngGeometry) -> Image.Image:
    code = symbol_image(symbol, geo.module_px)
    image.paste(code, (geo.code_left, (geo.height - code.height) // 2))
    return image


def render_label_png(
    label: StampLabel,
    *,
    dpi: int = DEFAULT_DPI,
    layout: SheetLayout = SheetLayout(),
    fonts: LabelFonts | None = None,
) -> Image.Image:
    """One stamp label as an image (grayscale), the same content as a PDF label.

    Saved, the image carries its ``dpi`` (see `_finish_png`), so it prints at the label's
    size: 63.3 x 25.2 mm, 748 x 297 pixels at 300 dpi."""
    fonts = fonts or find_label_fonts()
    symbol = make_symbol(label.url)
    image, geo = _label_without_code(label, dpi, layout, fonts, symbol.size)
    return _add_code(image, symbol, geo)


def png_name(label: StampLabel) -> str:
    return re.sub(r"[^0-9A-Za-z-]", "_", label.serial_text) + ".png"


def _finish_png(image: Image.Image, url: str, geo: _PngGeometry, path: Path, dpi: int) -> Path:
    _add_code(image, make_symbol(url), geo)
    # One bit a pixel, as label printers print: a third of the encoding time and size. The
    # dpi (the pHYs chunk) fixes the print size: at the default 300 dpi a label of the
    # default layout is 748 x 297 pixels, 63.3 x 25.2 mm with a 15 mm code.
    bilevel = image.convert("1", dither=Image.Dither.NONE)
    bilevel.save(path, "PNG", compress_level=1, dpi=(dpi, dpi))
    return path


def write_pngs(
    labels: Sequence[StampLabel],
    folder: Path,
    *,
    progress: Progress | None = None,
    dpi: int = DEFAULT_DPI,
    layout: SheetLayout = SheetLayout(),
    fonts: LabelFonts | None = None,
) -> list[Path]:
    """One PNG per stamp in ``folder`` (created), named by its printed serial.

    Text is drawn here (FreeType faces must not be shared across threads) while a few
    threads add the code and encode and write the files: zlib releases the GIL, and
    encoding is most of the work.
    """
    fonts = fonts or find_label_fonts()
    folder.mkdir(parents=True, exist_ok=True)
    total = len(labels)
    written: list[Path] = []
    pending: deque[Future[Path]] = deque()
    workers = min(4, os.cpu_count() or 1)
    sizes: dict[int, int] = {}  # QR size by URL length: a run's URLs are all one length
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for label in labels:
            size = sizes.get(len(label.url)) or make_symbol(label.url).size
            sizes[len(label.url)] = size
            image, geo = _label_without_code(label, dpi, layout, fonts, size)
            path = folder / png_name(label)
            pending.append(pool.submit(_finish_png, image, label.url, geo, path, dpi))
            # Bound the queue so memory stays flat on 10,000 stamps.
            while pending and (pending[0].done() or len(pending) > 4 * workers):
                written.append(pending.popleft().result())
                if progress is not None:
                    progress(len(written), total)
        while pending:
            written.append(pending.popleft().result())
            if progress is not None:
                progress(len(written), total)
    return written
