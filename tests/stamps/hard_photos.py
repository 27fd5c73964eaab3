"""Photos of our own stamps at the edge of readability, generated reproducibly.

A consumer in a shop photographs the stamp once: the code small in the frame (5 to 7 pixels
a module), then blurred (out of focus, or a shaking hand), crumpled, seen at an angle, on a
curved jar, in poor light. Every photo is made from a real signed label (stamps.sheet) with
its own serial, from a seed, so the set is the same on every machine and each photo says
what text it holds.

Three sets:
- `hard_set()`: 12 photos for each of the CONDITIONS (120);
- `no_code_set()`: the same scenes and conditions with no QR code in them (the label's code
  painted over, or a grid of random modules that is no valid code): nothing may be read;
- `forged_set()`: labels whose codes are forged (signed with a key the province does not
  hold, or a signed URL with its serial changed): only the exact printed text may be read.

    from tests.stamps.hard_photos import hard_set
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from scipy import ndimage, signal

from stamps.keys import StampKey, StampKeyring
from stamps.payload import make_stamp_url
from stamps.qr_render import make_symbol
from stamps.serial import format_serial
from stamps.sheet import StampLabel, render_label_png

BASE = "https://ocop.hatinh.gov.vn"
RING = StampKeyring((StampKey("K1", bytes(range(32))),))
IMPOSTOR = StampKeyring((StampKey("K1", bytes(range(1, 33))),))
SCENE = (1280, 960)  # a photo as Telegram and Zalo pass it on: 1,280 px on the long side
PER_CONDITION = 12
SEED = 12
CRUMPLE_MODULES = 0.45  # the folds' displacement, in modules (its standard deviation)

Array = NDArray[np.float64]
Rng = np.random.Generator


@dataclass(frozen=True)
class HardPhoto:
    name: str  # "condition/index"
    condition: str
    image: Image.Image  # RGB, as a phone's JPEG decodes
    expected: str | None  # the code's text; None: there is no code
    module_px: float  # pixels per module before the condition was applied

    def jpeg(self, quality: int = 88) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, "JPEG", quality=quality)
        return buffer.getvalue()


# -- the blurs and warps ---------------------------------------------------------------


def gaussian(a: Array, sigma: float) -> Array:
    out: Array = ndimage.gaussian_filter(a, sigma=(sigma, sigma, 0), mode="nearest")
    return out


def motion_kernel(length: float, degrees: float) -> Array:
    """A straight streak of `length` pixels at `degrees`, antialiased, summing to one."""
    size = int(np.ceil(length)) | 1
    k = np.zeros((size * 4, size * 4))
    c = (size * 4 - 1) / 2
    t = np.linspace(-(length * 2 - 1), length * 2 - 1, int(length * 16))
    rad = np.deg2rad(degrees)
    xs, ys = c + t * np.cos(rad), c - t * np.sin(rad)
    np.add.at(k, (np.round(ys).astype(int), np.round(xs).astype(int)), 1.0)
    small = k.reshape(size, 4, size, 4).sum(axis=(1, 3))
    out: Array = small / small.sum()
    return out


def motion(a: Array, length: float, degrees: float) -> Array:
    k = motion_kernel(length, degrees)
    return np.stack(
        [signal.fftconvolve(a[..., i], k, mode="same") for i in range(a.shape[2])], axis=-1
    )


def _remap(a: Array, ys: Array, xs: Array) -> Array:
    return np.stack(
        [
            ndimage.map_coordinates(a[..., i], (ys, xs), order=1, mode="nearest")
            for i in range(a.shape[2])
        ],
        axis=-1,
    )


def crumple(a: Array, rng: Rng, module: float) -> Array:
    """A label crushed in a pocket and smoothed again: the paper's surface bends in a few
    places (pixels moved by up to about half a module), with light and shade along the folds."""
    h, w = a.shape[:2]
    coarse = rng.normal(0, 1, (2, h // 64 + 2, w // 64 + 2))
    field = np.stack([ndimage.zoom(c, (h / c.shape[0], w / c.shape[1]), order=3) for c in coarse])
    field = field[:, :h, :w] * module * CRUMPLE_MODULES
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    out = _remap(a, ys + field[0], xs + field[1])
    folds = ndimage.gaussian_filter(rng.normal(0, 1, (h, w)), 18)
    light = 1 + 0.35 * folds / max(1e-9, np.abs(folds).max())
    return np.clip(gaussian(out * light[..., None], 1.2), 0, 255)


def cylinder(a: Array, rng: Rng, box: tuple[int, int, int, int]) -> Array:
    """The label wrapped round a jar standing up (or, one time in three, a bottle lying
    down): the code's columns (or rows) crowd together towards the sides, which also fall
    into shade; beyond them, the table."""
    if rng.random() < 1 / 3:
        x0, y0, x1, y1 = box
        return np.swapaxes(_upright_cylinder(np.swapaxes(a, 0, 1), rng, (y0, x0, y1, x1)), 0, 1)
    return _upright_cylinder(a, rng, box)


def _upright_cylinder(a: Array, rng: Rng, box: tuple[int, int, int, int]) -> Array:
    h, w = a.shape[:2]
    x0, _, x1, _ = box
    cx = (x0 + x1) / 2 + rng.uniform(-0.1, 0.1) * (x1 - x0)
    # A small vial or a spice tube: the code wraps a third to nearly half of the way round.
    # (A 5 cm jar is about 1.7 code sides across, and zxing-cpp alone reads it.)
    radius = (x1 - x0) * rng.uniform(0.5, 0.7)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    u = (xs - cx) / radius
    inside = np.abs(u) < 1
    u = np.clip(u, -1, 1)
    wrapped = _remap(a, ys, cx + radius * np.arcsin(u))
    shade = 0.55 + 0.45 * np.sqrt(1 - u**2)
    out = np.where(inside[..., None], wrapped * shade[..., None], a * 0.6)
    return gaussian(out, 0.8)


def perspective(image: Image.Image, rng: Rng) -> Image.Image:
    """The shop's shelf seen from the side: the far edge a third of the frame shorter."""
    w, h = image.size
    inset = w / 6
    far_left = rng.random() < 0.5
    if far_left:
        src = [(0, inset / 2), (w, 0), (w, h), (0, h - inset / 2)]
    else:
        src = [(0, 0), (w, inset / 2), (w, h - inset / 2), (0, h)]
    # Shrinking the far side shows more of the scene there: map the output rectangle to a
    # quadrilateral of the input that is wider on the far side.
    dst = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    coeffs = np.linalg.solve(np.array(rows, dtype=float), np.array(src, dtype=float).reshape(8))
    return image.transform(
        (w, h), Image.Transform.PERSPECTIVE, tuple(coeffs), Image.Resampling.BICUBIC
    )


def low_light(a: Array, rng: Rng) -> Array:
    """A dim shop: a quarter of the light, with the sensor noise a phone adds to lift it."""
    dim = a * rng.uniform(0.2, 0.3) + rng.normal(0, 7, a.shape)
    return np.clip(dim, 0, 255)


# -- scenes ----------------------------------------------------------------------------


@cache
def _symbol_modules(url: str) -> int:
    return make_symbol(url).size


def _label(url: str, serial: int, module_px: float) -> Image.Image:
    label = render_label_png(
        StampLabel(format_serial(serial), url, "Mật ong rừng Vũ Quang", "HTX Ân Phú", 4),
        dpi=300,
    )
    # At 300 dpi the 15 mm code is 177 pixels across, quiet zone included.
    side = _symbol_modules(url) + 8
    scale = module_px * side / (15 / 25.4 * 300)
    size = (round(label.width * scale), round(label.height * scale))
    return label.resize(size, Image.Resampling.LANCZOS)


def _table(rng: Rng) -> Array:
    h, w = SCENE[1], SCENE[0]
    base = np.array(rng.choice([(150, 110, 80), (90, 95, 100), (200, 195, 185), (60, 120, 70)]))
    grain = ndimage.gaussian_filter(rng.normal(0, 18, (h, w)), 3)[..., None]
    light = np.linspace(rng.uniform(0.8, 1.1), rng.uniform(0.8, 1.1), w)[None, :, None]
    out: Array = np.clip((base[None, None, :] + grain) * light, 0, 255)
    return out


def _code_box(label: Image.Image, module: float) -> tuple[int, int, int, int]:
    """Where the code is on the label: the leftmost block of dark columns, and its rows."""
    dark = np.asarray(label.convert("L")) < 128
    columns = np.flatnonzero(dark.any(axis=0))
    gaps = np.flatnonzero(np.diff(columns) > 3 * module)
    right = columns[gaps[0]] if len(gaps) else columns[-1]
    rows = np.flatnonzero(dark[:, columns[0] : right + 1].any(axis=1))
    return int(columns[0]), int(rows[0]), int(right) + 1, int(rows[-1]) + 1


def _scene(label: Image.Image, rng: Rng, module: float) -> tuple[Array, tuple[int, int, int, int]]:
    """The label on a table, framed on its code (returned: the code's box in the scene). The
    rest of the label may run out of the photo, as it does when a consumer aims at the code."""
    table = _table(rng)
    tone = np.array([0.98, 0.95, 0.9]) * rng.uniform(0.9, 1.0)
    paper = np.asarray(label.convert("L"), dtype=np.float64)[..., None] * tone
    h, w = paper.shape[:2]
    left, top, right, bottom = _code_box(label, module)
    framed = right + round(4 * module)  # the code and its quiet zone stay in the photo
    x = int(rng.uniform(0.1, 0.9) * (SCENE[0] - framed))
    y = int(rng.uniform(0.1, 0.9) * (SCENE[1] - h))
    shown = min(w, SCENE[0] - x)
    table[y : y + h, x : x + shown] = paper[:, :shown]
    return table, (x + left, y + top, x + right, y + bottom)


def _image(a: Array) -> Image.Image:
    return Image.fromarray(np.clip(a, 0, 255).round().astype(np.uint8), "RGB")


def _array(image: Image.Image) -> Array:
    return np.asarray(image, dtype=np.float64)


def _as_phone_jpeg(image: Image.Image) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    with Image.open(io.BytesIO(buffer.getvalue())) as decoded:
        return decoded.convert("RGB")


Condition = Callable[[Array, Rng, float, tuple[int, int, int, int]], Array]


def _c_gauss(sigma_low: float, sigma_high: float) -> Condition:
    return lambda a, rng, m, box: gaussian(a, rng.uniform(sigma_low, sigma_high))


def _c_motion(angles: tuple[float, ...]) -> Condition:
    def apply(a: Array, rng: Rng, m: float, box: tuple[int, int, int, int]) -> Array:
        angle = float(rng.choice(angles)) + rng.uniform(-4, 4)
        return motion(a, rng.uniform(18, 25), angle)

    return apply


def _c_crumpled(a: Array, rng: Rng, m: float, box: tuple[int, int, int, int]) -> Array:
    return crumple(a, rng, m)


def _c_perspective(a: Array, rng: Rng, m: float, box: tuple[int, int, int, int]) -> Array:
    return gaussian(_array(perspective(_image(a), rng)), 0.8)


def _c_curved(a: Array, rng: Rng, m: float, box: tuple[int, int, int, int]) -> Array:
    return cylinder(a, rng, box)


def _c_dark_gauss(a: Array, rng: Rng, m: float, box: tuple[int, int, int, int]) -> Array:
    return low_light(gaussian(a, rng.uniform(3.0, 3.5)), rng)


def _c_dark_motion(a: Array, rng: Rng, m: float, box: tuple[int, int, int, int]) -> Array:
    return low_light(_c_motion((0.0, 45.0, 135.0))(a, rng, m, box), rng)


def _c_dark_crumpled(a: Array, rng: Rng, m: float, box: tuple[int, int, int, int]) -> Array:
    return low_light(crumple(a, rng, m), rng)


CONDITIONS: dict[str, Condition] = {
    "gaussian-3.0": _c_gauss(2.9, 3.1),
    "gaussian-3.5": _c_gauss(3.4, 3.6),
    "motion-horizontal": _c_motion((0.0, 180.0)),
    "motion-diagonal": _c_motion((45.0, 135.0)),
    "crumpled": _c_crumpled,
    "perspective": _c_perspective,
    "curved-jar": _c_curved,
    "low-light+gaussian": _c_dark_gauss,
    "low-light+motion": _c_dark_motion,
    "low-light+crumpled": _c_dark_crumpled,
}


def _photo(condition: str, index: int, url: str | None, serial: int, kind: str) -> HardPhoto:
    rng = np.random.default_rng([SEED, index, len(condition), sum(map(ord, condition + kind))])
    module = float(rng.uniform(5.0, 7.0))
    label = _label(url or make_stamp_url(BASE, RING, serial), serial, module)
    if url is None:
        label = _without_code(label, rng, module, random_grid=index % 2 == 1)
    scene, box = _scene(label, rng, module)
    degraded = CONDITIONS[condition](scene, rng, module, box)
    return HardPhoto(
        f"{condition}/{kind}{index:02d}", condition, _as_phone_jpeg(_image(degraded)), url, module
    )


def _without_code(label: Image.Image, rng: Rng, module: float, *, random_grid: bool) -> Image.Image:
    """The label with its code painted over in paper white, or replaced by a grid of random
    modules (finder-like corners included) that is no valid QR code."""
    out = label.copy()
    side = round(module * 33)
    # The code sits at the label's left, centred vertically (stamps.sheet's layout).
    top = (label.height - side) // 2
    left = round(module * 2)
    if random_grid:
        cells = (rng.random((29, 29)) < 0.5).astype(np.uint8)
        for r0, c0 in ((0, 0), (0, 22), (22, 0)):
            cells[r0 : r0 + 7, c0 : c0 + 7] = 1
            cells[r0 + 1 : r0 + 6, c0 + 1 : c0 + 6] = 0
            cells[r0 + 2 : r0 + 5, c0 + 2 : c0 + 5] = 1
        grid = Image.fromarray(((1 - cells) * 255).astype(np.uint8), "L")
        patch = grid.resize((round(module * 29), round(module * 29)), Image.Resampling.NEAREST)
        blank = Image.new("L", (side, side), 255)
        blank.paste(patch, (round(module * 2), round(module * 2)))
        out.paste(blank, (left, top))
    else:
        out.paste(Image.new("L", (side, side), 250), (left, top))
    return out


def hard_set(per_condition: int = PER_CONDITION) -> Iterator[HardPhoto]:
    """12 photos a condition, each of a stamp with its own serial."""
    for c, condition in enumerate(CONDITIONS):
        for i in range(per_condition):
            serial = 500_000 + 1000 * c + i
            yield _photo(condition, i, make_stamp_url(BASE, RING, serial), serial, "stamp")


def no_code_set(per_condition: int = 6) -> Iterator[HardPhoto]:
    for c, condition in enumerate(CONDITIONS):
        for i in range(per_condition):
            yield _photo(condition, i, None, 600_000 + 1000 * c + i, "blank")


def forged_set(per_condition: int = 6) -> Iterator[HardPhoto]:
    """Codes a forger could print: a MAC from the wrong key, or a real stamp's URL with
    another serial. Read, each must come back exactly as printed (and fail verification)."""
    for c, condition in enumerate(CONDITIONS):
        for i in range(per_condition):
            serial = 700_000 + 1000 * c + i
            if i % 2 == 0:
                url = make_stamp_url(BASE, IMPOSTOR, serial)
            else:
                real = make_stamp_url(BASE, RING, serial)
                url = real.replace(format_serial(serial), format_serial(serial + 1))
                if url == real:  # the serial is not in the URL as printed: change its MAC
                    url = real[:-1] + ("A" if real[-1] != "A" else "B")
            yield _photo(condition, i, url, serial, "forged")
