"""Find every QR code in a photo: zxing-cpp first, pyzbar with preprocessing as fallback.

The pipeline stops at the first attempt that reads anything, so a clear photo costs one
zxing-cpp pass (well under a millisecond at 640x480). Harder photos walk down a ladder of
decoder and preprocessing variants (chosen on the zxing "blackbox" photos in
../shared/data/qr-photos: fabric wrinkles, glare, small codes), all on a grayscale copy
downscaled to at most ``WORK_SIDE`` pixels.

Time limit: neither decoder can be interrupted once called, so the limit is kept by never
starting an attempt whose estimated cost (from the cost per megapixel measured so far in
this process) would overrun the deadline, and by bounding the size of what each attempt
sees. A 12-megapixel photo with no code therefore costs one full-size zxing-cpp pass plus
whatever fits in the rest of the budget.

pyzbar needs the zbar shared library (Debian package ``libzbar0``). Without it the decoder
runs on zxing-cpp alone and logs that once.
"""

from __future__ import annotations

import functools
import io
import logging
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Final, Literal

from PIL import Image, ImageFilter, ImageOps

from stamps.deblur import BlurEstimate, Deconvolver, estimate_blur, kernels_for, to_gray8
from stamps.dewarp import Box, crop_around, unroll, unrolled_variants
from stamps.regrid import CELLS, BentCode

# zxing-cpp (and numpy for the erosion step) load with the first photo, not at every start.
if TYPE_CHECKING:
    import zxingcpp

    from stamps.deblur import Array

log = logging.getLogger(__name__)

Decoder = Literal["zxing-cpp", "pyzbar"]

DEFAULT_TIME_LIMIT: Final = 2.0
# zxing-cpp scans full resolution first (small codes in big photos need the pixels), but
# never more than this many pixels on the long side.
FULL_SIDE: Final = 4096
# Every fallback attempt works on a copy no larger than this.
WORK_SIDE: Final = 1280
# Photos up to this size are upscaled twice for the fallbacks (codes of two-pixel modules).
SMALL_SIDE: Final = 400
# A located box whose short side is less than this fraction of its long side is a sliver,
# not a code: a code on the tightest jar tried (dewarp.RADII) still shows about 0.8.
MIN_SQUARENESS: Final = 0.6
# A located code smaller than this (pixels a side) is too small to unroll: 21 modules of 3.
MIN_UNROLL_SIDE: Final = 63
# Refuse to even decode pixel data beyond this (decompression bombs); JPEGs are drafted down.
MAX_PIXELS: Final = 50_000_000


@dataclass(frozen=True, slots=True)
class DecodedText:
    """One QR code's text and the decoder (and preprocessing) that read it."""

    text: str
    decoder: Decoder
    variant: str


@dataclass(frozen=True, slots=True)
class PhotoSigns:
    """What a photo that nothing read shows, for advice on taking it again.

    Measured on the working copy (at most WORK_SIDE pixels on the long side)."""

    width: int
    height: int
    brightness: float  # mean gray level, 0-255
    contrast: float  # 99th minus 1st percentile of the gray levels, 0-255
    blur: BlurEstimate | None  # None when the blur was not estimated (out of time)
    code_side: float | None  # side in pixels of a code found but not read, else None


@dataclass(frozen=True, slots=True)
class DecodeResult:
    """Every distinct text found, in the order found, plus how the search ended."""

    codes: tuple[DecodedText, ...]
    elapsed: float
    timed_out: bool = False
    unreadable: bool = False  # the bytes were not an image we could open
    signs: PhotoSigns | None = None  # set when an image opened and nothing was read

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.codes]


class _Pyzbar:
    """Loads pyzbar lazily; remembers (and logs once) that the zbar library is missing."""

    def __init__(self) -> None:
        self._module: ModuleType | None = None
        self._tried = False

    def module(self) -> ModuleType | None:
        if not self._tried:
            self._tried = True
            try:
                from pyzbar import pyzbar

                self._module = pyzbar
            except (ImportError, OSError) as exc:
                log.warning(
                    "pyzbar unavailable (%s): QR decoding runs on zxing-cpp alone; "
                    "install the zbar library (Debian: apt-get install libzbar0)",
                    exc,
                )
        return self._module


_PYZBAR = _Pyzbar()


def pyzbar_available() -> bool:
    return _PYZBAR.module() is not None


def _qr_codes() -> zxingcpp.BarcodeFormats:
    """QR codes of model 2, what every phone prints: not the Micro QR and rMQR that
    zxing-cpp 3 counts among QR codes, whose short checksums let a distorted photo "read"
    as a few digits. Every zxing-cpp call here reads or locates these only."""
    import zxingcpp

    return zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCodeModel2)


def _zxing_found(
    gray: Image.Image, binarizer: zxingcpp.Binarizer | None, errors: bool
) -> list[zxingcpp.Barcode]:
    """zxing-cpp's one call: QR codes only (`_qr_codes`), text in plain mode (no ``<SOH>``
    renderings), the local-average binarizer unless told otherwise; with `errors`, also the
    codes located whose data failed its checks."""
    import zxingcpp

    if binarizer is None:
        binarizer = zxingcpp.Binarizer.LocalAverage
    return zxingcpp.read_barcodes(
        gray,
        formats=_qr_codes(),
        text_mode=zxingcpp.TextMode.Plain,
        binarizer=binarizer,
        return_errors=errors,
    )


def read_zxing(gray: Image.Image, binarizer: zxingcpp.Binarizer | None = None) -> list[str]:
    """zxing-cpp alone (`_zxing_found`): the texts read."""
    return [b.text for b in _zxing_found(gray, binarizer, errors=False)]


def scan_zxing(gray: Image.Image) -> tuple[list[str], list[Box]]:
    """`read_zxing`'s texts, and the boxes of the codes it located but could not read (their
    finder patterns found, their data not), from the one pass."""
    found = _zxing_found(gray, None, errors=True)
    return [b.text for b in found if b.valid], [_box(b.position) for b in found if not b.valid]


def read_pyzbar(gray: Image.Image) -> list[str]:
    """pyzbar alone, QR codes only; empty when the zbar library is missing."""
    pyzbar = _PYZBAR.module()
    if pyzbar is None:
        return []
    symbols = pyzbar.decode(
        (gray.tobytes(), gray.width, gray.height), symbols=[pyzbar.ZBarSymbol.QRCODE]
    )
    return [s.data.decode("utf-8", errors="replace") for s in symbols]


def open_gray(image: bytes | Image.Image) -> Image.Image | None:
    """A grayscale copy of the photo, or None for data that is not a usable image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(image)) if isinstance(image, bytes) else image
            if img.format == "JPEG":
                # libjpeg hands out its luma plane as gray, skipping the colour conversion
                # (a fifth of the time to open a phone photo); and decodes at 1/2, 1/4 or
                # 1/8 scale for a fraction of the time: draft keeps at least the requested
                # size, so small codes keep their pixels.
                scale = min(1.0, FULL_SIDE / max(img.size))
                img.draft("L", (int(img.width * scale), int(img.height * scale)))
            if img.width * img.height > MAX_PIXELS:
                return None  # only a JPEG can be decoded smaller; anything else that big is refused
            gray = _to_gray(img)
            gray.load()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None
    return gray


def _to_gray(img: Image.Image) -> Image.Image:
    """Grayscale, with transparent areas shown on white as a screen or print would."""
    if img.mode == "L":
        return img
    if (img.mode == "P" and "transparency" in img.info) or img.mode in ("RGBA", "LA", "PA"):
        rgba = img.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    return img.convert("L")


def _fit(gray: Image.Image, side: int) -> Image.Image:
    longest = max(gray.size)
    if longest <= side:
        return gray
    scale = side / longest
    size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
    return gray.resize(size, Image.Resampling.BOX)


def _scale(gray: Image.Image, factor: float) -> Image.Image:
    if factor == 1:
        return gray
    size = (round(gray.width * factor), round(gray.height * factor))
    return gray.resize(size, Image.Resampling.BICUBIC)


def _erode(gray: Image.Image) -> Image.Image:
    """3x3 minimum: dark modules grow by a pixel each way (PIL's MinFilter is 10x slower)."""
    import numpy as np  # about 15 MB: only once a photo gets this far down the ladder

    a = np.asarray(gray)
    rows = np.minimum(np.minimum(a[:-2], a[1:-1]), a[2:])
    both = np.minimum(np.minimum(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])
    return Image.fromarray(np.pad(both, 1, mode="edge"))


def _gamma(gray: Image.Image, gamma: float) -> Image.Image:
    lut = [round(255 * (v / 255) ** gamma) for v in range(256)]
    return gray.point(lut)


Prep = Callable[[Image.Image], Image.Image]
Reader = Callable[[Image.Image], list[str]]


def _zx_local(g: Image.Image) -> list[str]:
    return read_zxing(g)


def _zx_global(g: Image.Image) -> list[str]:
    import zxingcpp

    return read_zxing(g, zxingcpp.Binarizer.GlobalHistogram)


_READERS: Final[dict[str, tuple[Decoder, Reader]]] = {
    "zx": ("zxing-cpp", _zx_local),
    "zxg": ("zxing-cpp", _zx_global),
    "zb": ("pyzbar", read_pyzbar),
}


@dataclass(frozen=True, slots=True)
class Step:
    """One attempt of the cascade: a preprocessing of the working copy, read by one reader.

    `factor`: pixels read / working-copy pixels (the decoder's cost scales with it);
    `prep_cost`: the key under which an expensive preprocessing's own cost is learned."""

    name: str
    reader: str
    prep: Prep
    factor: float = 1.0
    prep_cost: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name}/{self.reader}"


class _Deblur:
    """The blur estimate and its deconvolutions of the working copy, computed when a step
    first asks for them (most photos are read before)."""

    def __init__(self, work: Image.Image) -> None:
        self.work = work
        self._deconvolver: Deconvolver | None = None
        self._estimate: BlurEstimate | None = None
        self._restored: dict[int, Image.Image] = {}

    @property
    def estimated(self) -> BlurEstimate | None:
        """The estimate if a step has made it (a photo that ran out of time may not have)."""
        return self._estimate

    @property
    def estimate(self) -> BlurEstimate:
        if self._estimate is None:
            self._estimate = estimate_blur(self._array())
        return self._estimate

    def _array(self) -> Array:
        import numpy as np

        if self._deconvolver is None:
            self._deconvolver = Deconvolver(np.asarray(self.work, dtype=np.float64))
        return self._deconvolver.gray

    def restored(self, index: int) -> Image.Image:
        """The photo deconvolved by the estimate's `index`-th kernel (blank if none)."""
        if index not in self._restored:
            kernels = kernels_for(self.estimate)
            if index >= len(kernels):
                self._restored[index] = Image.new("L", (1, 1), 255)
            else:
                self._array()
                assert self._deconvolver is not None
                restored = self._deconvolver.restore(kernels[index][1])
                self._restored[index] = Image.fromarray(to_gray8(restored))
        return self._restored[index]


class _Located:
    """Codes zxing-cpp finds in the working copy but cannot read, looked for once when a step
    or the advice first asks, unless the first pass read the working copy itself (`read`)."""

    def __init__(self, work: Image.Image) -> None:
        self.work = work
        self._boxes: list[Box] | None = None

    def read(self, gray: Image.Image) -> list[str]:
        """`read_zxing` of the working copy, keeping the boxes that pass located."""
        assert gray is self.work
        texts, self._boxes = scan_zxing(gray)
        return texts

    @property
    def boxes(self) -> list[Box]:
        if self._boxes is None:
            self._boxes = scan_zxing(self.work)[1]
        return self._boxes

    @property
    def likeliest(self) -> Box | None:
        """The largest box that is roughly square: zxing-cpp also reports thin slivers
        (three finder patterns matched askew across a curved code) that are no code's shape."""
        square = [b for b in self.boxes if b.squareness >= MIN_SQUARENESS]
        return max(square or self.boxes, key=lambda b: b.side, default=None)


def _box(position: zxingcpp.Position) -> Box:
    points = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    a, b, c, d = ((float(p.x), float(p.y)) for p in points)
    xs, ys = [p[0] for p in (a, b, c, d)], [p[1] for p in (a, b, c, d)]
    return Box(min(xs), min(ys), max(xs), max(ys), (a, b, c, d))


def cascade(
    work: Image.Image, deblur: _Deblur | None = None, located: _Located | None = None
) -> Iterator[Step]:
    """The attempts after the first full-size zxing-cpp pass, in order.

    Unrolling a located code (stamps/dewarp.py) flattens it off a jar; resampling it on a
    bent grid (stamps/regrid.py) follows the folds of a crumpled label or a warped print;
    deconvolution (stamps/deblur.py) undoes a shaking hand or a missed focus; upscaling only
    pays on small photos (modules of two or three pixels); eroding the light areas
    (MinFilter) thickens dark modules that blur and fabric thin out.
    """
    longest = max(work.size)
    up = 2.0 if longest <= SMALL_SIDE else 1.0
    deblur = deblur or _Deblur(work)
    located = located or _Located(work)

    def restored(index: int) -> Prep:
        return lambda g: deblur.restored(index)

    # Ordered by reads per second spent, measured by `bench/decode.py --steps` on the public
    # corpus and on our hard photos (bench/results/decode.md). Steps that added nothing on
    # either were dropped (pyzbar on blurred, turned and stretched copies went once the bent
    # grid read all they had), but for the cheap zxing-cpp ones: they are all an install
    # without zbar has.
    yield Step("gray", "zxg", lambda g: g)
    code = located.likeliest
    if code is not None and code.side >= MIN_UNROLL_SIDE:
        # Only for a code located but unread: on a jar, a bottle (stamps/dewarp.py).
        crop, inner = crop_around(work, code)
        share = crop.width * crop.height / (work.width * work.height)

        def unrolled(radius: float, offset: float, vertical: bool) -> Prep:
            return lambda g: unroll(crop, inner, radius, offset, vertical)

        for name, radius, offset, vertical in unrolled_variants():
            yield Step(name, "zx", unrolled(radius, offset, vertical), share)
        corners = code.corners
        if corners is not None:
            # A code whose paper bends every way: resampled on a grid bent to fit, its signal
            # and size made out by the first cell size tried.
            @functools.cache
            def bent() -> BentCode | None:
                return BentCode.located(work, corners)

            def regrid(cell: int) -> Prep:
                def prep(g: Image.Image) -> Image.Image:
                    code = bent()
                    return code.drawn(cell) if code else Image.new("L", (1, 1), 255)

                return prep

            for cell in CELLS:
                yield Step(f"regrid{cell}", "zx", regrid(cell), 0.1, prep_cost="regrid")
    yield Step("deblur1", "zx", restored(0), prep_cost="deblur")
    yield Step("deblur2", "zx", restored(1), prep_cost="deblur")
    yield Step("deblur1", "zb", restored(0))
    yield Step("thick", "zx", lambda g: _erode(_scale(work, up)), up * up)
    if longest <= SMALL_SIDE:
        yield Step("up3", "zxg", lambda g: _scale(g, 3), 9)
    yield Step("dark", "zx", lambda g: _gamma(g, 2.0))
    yield Step("bright", "zx", lambda g: _gamma(g, 0.5))
    yield Step("autocontrast", "zxg", lambda g: ImageOps.autocontrast(g, cutoff=2))
    # A blurred print that only sharpening brings back: without zbar this is the only try.
    yield Step("sharpen", "zx", lambda g: g.filter(ImageFilter.UnsharpMask(2, 150, 3)))


@dataclass
class _Budget:
    deadline: float
    # Seconds per megapixel per reader, learned as the process runs (first guesses are
    # deliberately pessimistic so a cold process does not overrun).
    cost: dict[str, float] = field(default_factory=dict)

    def fits(self, reader: str, pixels: int) -> bool:
        estimate = self.cost.get(reader, 0.1) * pixels / 1e6
        return time.monotonic() + estimate <= self.deadline

    def learn(self, reader: str, pixels: int, seconds: float) -> None:
        per_mp = seconds / max(pixels / 1e6, 0.01)
        old = self.cost.get(reader)
        self.cost[reader] = per_mp if old is None else max(per_mp, 0.8 * old + 0.2 * per_mp)


_COSTS: dict[str, float] = {}


def decode_qr(
    image: bytes | Image.Image,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    use_pyzbar: bool = True,
) -> DecodeResult:
    """Every distinct QR text in the photo (first decoder to read each), within time_limit.

    Never raises on bad input: data that is not an image gives ``unreadable=True``.
    ``use_pyzbar=False`` runs zxing-cpp alone, as happens anyway when zbar is missing.
    """
    start = time.monotonic()
    budget = _Budget(start + time_limit, _COSTS)
    gray = open_gray(image)
    if gray is None:
        return DecodeResult((), time.monotonic() - start, unreadable=True)

    def attempt(
        name: str, key: str, img: Image.Image, read: Reader | None = None
    ) -> list[DecodedText]:
        decoder, reader = _READERS[key]
        t0 = time.monotonic()
        texts = (read or reader)(img)
        budget.learn(key, img.width * img.height, time.monotonic() - t0)
        seen: dict[str, DecodedText] = {}
        for text in texts:
            seen.setdefault(text, DecodedText(text, decoder, name))
        return list(seen.values())

    full = _fit(gray, FULL_SIDE)
    work = _fit(full, WORK_SIDE)
    deblur, located = _Deblur(work), _Located(work)
    # When the working copy is the photo itself, the first pass also keeps the codes it
    # located but could not read: the ones the cascade would look for again.
    found = attempt("gray", "zx", full, located.read if work is full else None)
    if found:
        return DecodeResult(tuple(found), time.monotonic() - start)

    has_zbar = use_pyzbar and pyzbar_available()
    timed_out = False
    for step in cascade(work, deblur, located):
        if step.reader == "zb" and not has_zbar:
            continue
        pixels = round(work.width * work.height * step.factor)
        if not budget.fits(step.reader, pixels) or (
            step.prep_cost is not None and not budget.fits(step.prep_cost, pixels)
        ):
            timed_out = True
            break
        t0 = time.monotonic()
        prepared = step.prep(work)
        if step.prep_cost is not None:
            budget.learn(step.prep_cost, pixels, time.monotonic() - t0)
        found = attempt(step.name, step.reader, prepared)
        if found:
            return DecodeResult(tuple(found), time.monotonic() - start)
    # The advice needs the blur even when no step got to estimate it (a few tens of ms);
    # a photo out of time goes without.
    blur = deblur.estimated if timed_out else deblur.estimate
    signs = photo_signs(work, blur, located.likeliest)
    return DecodeResult((), time.monotonic() - start, timed_out=timed_out, signs=signs)


def photo_signs(work: Image.Image, blur: BlurEstimate | None, code: Box | None) -> PhotoSigns:
    """What the working copy shows, for advice: its light, its blur, and the size of a code
    zxing-cpp found but could not read."""
    import numpy as np

    a = np.asarray(work, dtype=np.float64)
    lo, hi = np.percentile(a, (1, 99))
    return PhotoSigns(
        width=work.width,
        height=work.height,
        brightness=float(a.mean()),
        contrast=float(hi - lo),
        blur=blur,
        code_side=code.side if code is not None else None,
    )
