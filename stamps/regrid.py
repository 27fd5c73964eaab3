"""Sampling a bent code module by module: a label crumpled in a pocket and smoothed again.

zxing-cpp samples a located code on one perspective grid; where the paper bends, that grid
drifts off the modules by half a module or more and the data fails its checks. Here the grid
starts from zxing-cpp's corners and is then bent to fit: a coarse field of offsets, one
control point every few modules (CELLS), each moved (within SPAN of a module) to where the module
centres it governs look most black-or-white (a centre falls on a module's middle, an edge
falls on grey). The modules so sampled are drawn as a clean code and read again, so Reed-
Solomon still decides: a grid that fits badly reads as nothing, never as another text.

The module count comes from the finder patterns (each ends 7 modules from its corner). A
code on a cylinder (stamps/dewarp.py) bends one way only and is cheaper to unroll.
bench/decode.py measures it: crumpled and low-light+crumpled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PIL import Image, ImageFilter

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from stamps.dewarp import Corners

    Array = NDArray[np.float64]

# Modules between control points of the offset field, tried in turn: a finer field follows
# sharper bends, a coarser one is fooled less by a module's neighbours.
CELLS: Final = (6, 8)
# How far a control point may move, in modules, and in how many steps across that range.
SPAN: Final = 0.6
STEPS: Final = 7
# Passes over the control points (each sees its neighbours' latest offsets).
PASSES: Final = 2
# Shade along folds is removed by subtracting a box blur whose radius is this fraction of
# the code's side.
SHADE_SPAN: Final = 1 / 8
# Margin of the crop around the located code, as a fraction of its side.
MARGIN: Final = 0.15
# The code drawn for reading: pixels a module, and the quiet zone in modules.
DRAWN_MODULE: Final = 4
QUIET: Final = 4
# QR versions 1-10; a stamp's code is version 4 (33 modules) with the province's address.
MIN_MODULES: Final = 21
MAX_MODULES: Final = 57


class BentCode:
    """A located code's signal and module count, made out once for every cell size tried."""

    def __init__(self, signal: Array, corners: Corners, modules: int) -> None:
        self.signal, self.corners, self.modules = signal, corners, modules

    @classmethod
    def located(cls, gray: Image.Image, corners: Corners) -> BentCode | None:
        """None when the code's size (its module count) cannot be made out."""
        crop = signal_of(gray, corners)
        if crop is None:
            return None
        signal, inside = crop
        n = modules_across(signal, inside)
        return None if n is None else cls(signal, inside, n)

    def drawn(self, cell: int) -> Image.Image:
        """The code resampled on a grid bent to fit, control points `cell` modules apart,
        drawn clean."""
        import numpy as np

        n = self.modules
        bits = _fit(self.signal, self.corners, n, cell) < 0
        drawn = np.full((n + 2 * QUIET, n + 2 * QUIET), 255, np.uint8)
        drawn[QUIET : QUIET + n, QUIET : QUIET + n] = np.where(bits, 0, 255)
        side = (n + 2 * QUIET) * DRAWN_MODULE
        return Image.fromarray(drawn).resize((side, side), Image.Resampling.NEAREST)


def signal_of(gray: Image.Image, corners: Corners) -> tuple[Array, Corners] | None:
    """The code and a margin, its shade removed (negative is dark, about ±1 a module), and
    the corners within it."""
    import numpy as np

    xs = [p[0] for p in corners]
    ys = [p[1] for p in corners]
    side = max(max(xs) - min(xs), max(ys) - min(ys))
    margin = MARGIN * side
    left, top = max(0, int(min(xs) - margin)), max(0, int(min(ys) - margin))
    right = min(gray.width, int(max(xs) + margin) + 1)
    bottom = min(gray.height, int(max(ys) + margin) + 1)
    if right - left < MIN_MODULES or bottom - top < MIN_MODULES:
        return None
    part = gray.crop((left, top, right, bottom))
    shade = part.filter(ImageFilter.BoxBlur(max(2, round(side * SHADE_SPAN))))
    signal = np.asarray(part, np.float64) - np.asarray(shade, np.float64)
    scale = float(np.percentile(np.abs(signal), 95))
    if scale <= 0:
        return None
    a, b, c, d = ((x - left, y - top) for x, y in corners)
    return signal / scale, (a, b, c, d)


def modules_across(signal: Array, corners: Corners) -> int | None:
    """The module count, from the finder patterns: along the diagonal from each finder's
    outer corner, the pattern's fifth edge (dark to light) is 7 modules in."""
    import numpy as np

    estimates = []
    t = np.linspace(0.0, 0.45, 900)
    for a, b in ((0, 2), (1, 3), (3, 1)):  # the three corners that hold a finder
        (x0, y0), (x1, y1) = corners[a], corners[b]
        dark = _sample(signal, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) < 0
        first = np.flatnonzero(dark)
        if not len(first):
            continue
        edges = np.flatnonzero(np.diff(dark[first[0] :].astype(np.int8)))
        if len(edges) >= 5:
            estimates.append(7 / (t[first[0] + edges[4] + 1] - t[first[0]]))
    if not estimates:
        return None
    n = 21 + 4 * round((float(np.median(estimates)) - 21) / 4)  # versions step by 4
    return n if MIN_MODULES <= n <= MAX_MODULES else None


def _fit(signal: Array, corners: Corners, n: int, cell: int) -> Array:
    """Each module's sampled value on the grid bent to fit (n x n)."""
    import numpy as np

    bx, by = _centres(corners, n)
    top_left, top_right = corners[0], corners[1]
    module = float(np.hypot(top_right[0] - top_left[0], top_right[1] - top_left[1])) / n
    g = (n - 1) // cell + 2
    # Bilinear weights of the g control rows (or columns) for each module row (or column).
    u = (np.arange(n) + 0.5) / (n / (g - 1))
    low = np.minimum(u.astype(np.intp), g - 2)
    frac = u - low
    weights = np.zeros((g, n))
    weights[low, np.arange(n)] = 1 - frac
    weights[low + 1, np.arange(n)] += frac
    offset_x, offset_y = np.zeros((g, g)), np.zeros((g, g))
    steps = np.linspace(-SPAN, SPAN, STEPS) * module
    dx, dy = (s.ravel() for s in np.meshgrid(steps, steps))
    for _ in range(PASSES):
        for a in range(g):
            rows = np.flatnonzero(weights[a] > 0)
            for b in range(g):
                cols = np.flatnonzero(weights[b] > 0)
                w = np.outer(weights[a, rows], weights[b, cols]).ravel()
                # The modules this point moves, at their offsets without this point's own.
                fx = (weights[:, rows].T @ offset_x @ weights[:, cols]).ravel()
                fy = (weights[:, rows].T @ offset_y @ weights[:, cols]).ravel()
                px = bx[np.ix_(rows, cols)].ravel() + fx - w * offset_x[a, b]
                py = by[np.ix_(rows, cols)].ravel() + fy - w * offset_y[a, b]
                tried = _sample(signal, px + np.outer(dx, w), py + np.outer(dy, w))
                best = int(np.argmax(np.abs(tried).sum(axis=1)))
                offset_x[a, b], offset_y[a, b] = dx[best], dy[best]
    return _sample(signal, bx + weights.T @ offset_x @ weights, by + weights.T @ offset_y @ weights)


def _centres(corners: Corners, n: int) -> tuple[Array, Array]:
    """The module centres' pixel positions on the perspective grid through the corners."""
    import numpy as np

    square = ((0.0, 0.0), (float(n), 0.0), (float(n), float(n)), (0.0, float(n)))
    rows = []
    for (x, y), (u, v) in zip(square, corners, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, -u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, -v])
    h = np.linalg.svd(np.array(rows, np.float64))[2][-1].reshape(3, 3)
    c = np.arange(n) + 0.5
    cols, rws = np.meshgrid(c, c)
    p = h @ np.stack([cols.ravel(), rws.ravel(), np.ones(n * n)])
    return (p[0] / p[2]).reshape(n, n), (p[1] / p[2]).reshape(n, n)


def _sample(a: Array, x: Array, y: Array) -> Array:
    """`a` at fractional positions, bilinearly; positions outside are clamped to the edge."""
    import numpy as np

    h, w = a.shape
    x = np.clip(x, 0, w - 1.001)
    y = np.clip(y, 0, h - 1.001)
    x0, y0 = x.astype(np.intp), y.astype(np.intp)
    fx, fy = x - x0, y - y0
    out: Array = (
        a[y0, x0] * (1 - fx) * (1 - fy)
        + a[y0, x0 + 1] * fx * (1 - fy)
        + a[y0 + 1, x0] * (1 - fx) * fy
        + a[y0 + 1, x0 + 1] * fx * fy
    )
    return out
