"""Flattening a code printed on a curved surface: a jar, a bottle, a can.

Seen from the front, a label wrapped round a cylinder keeps its rows straight but crowds its
columns towards the cylinder's edges (a column at angle t from the middle shows at
R·sin(t)). zxing-cpp samples a code on a grid that may bend only by perspective, so a tight
curve defeats it even when the code is sharp and located. Unrolling the located code's crop
for a few guessed radii and axes brings most such codes back (bench/decode.py: curved-jar).

A crumpled label bends every way at once, which no one mapping undoes: stamps/regrid.py
resamples it module by module instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from PIL import Image

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

Point = tuple[float, float]
# A located code's corners: top left, top right, bottom right, bottom left.
Corners = tuple[Point, Point, Point, Point]

# The cylinder's radius, as a multiple of the located code's side: a smaller radius is a
# tighter curve (0.6 is a code wrapped a third of the way round).
RADII: Final = (0.6, 0.8, 1.1)
# Where the cylinder's axis lies, as a fraction of the code's side from the code's middle:
# the located corners of a curved code are themselves off by about this much.
OFFSETS: Final = (-0.1, 0.0, 0.1)
# Margin kept around the located code, as a fraction of its side.
MARGIN: Final = 0.3


@dataclass(frozen=True, slots=True)
class Box:
    """A located code's bounding box in the working copy's pixels."""

    left: float
    top: float
    right: float
    bottom: float
    # Where zxing-cpp put the code's corners: the box is their bounds; None when the box was
    # made otherwise.
    corners: Corners | None = None

    @property
    def side(self) -> float:
        return max(self.right - self.left, self.bottom - self.top)

    @property
    def squareness(self) -> float:
        """The short side over the long one: 1 for a code seen flat and square on."""
        return min(self.right - self.left, self.bottom - self.top) / max(self.side, 1e-9)


def crop_around(gray: Image.Image, box: Box) -> tuple[Image.Image, Box]:
    """The code and a margin round it, and the code's box within that crop."""
    margin = MARGIN * box.side
    left = max(0, math.floor(box.left - margin))
    top = max(0, math.floor(box.top - margin))
    right = min(gray.width, math.ceil(box.right + margin))
    bottom = min(gray.height, math.ceil(box.bottom + margin))
    inner = Box(box.left - left, box.top - top, box.right - left, box.bottom - top)
    return gray.crop((left, top, right, bottom)), inner


def unroll(
    crop: Image.Image, box: Box, radius: float, offset: float, vertical: bool
) -> Image.Image:
    """The crop as if the cylinder under it were flattened: `radius` and `offset` in units of
    the code's side; `vertical`: the cylinder's axis runs up and down the photo."""
    import numpy as np

    a = np.asarray(crop, dtype=np.float32)
    if not vertical:
        a = a.T
        box = Box(box.top, box.left, box.bottom, box.right)
    side = box.right - box.left
    r = max(1.0, radius * side)
    centre = (box.left + box.right) / 2 + offset * side
    # Each output column, laid flat at arc length s from the axis, shows the photo's column
    # at centre + R·sin(s / R); beyond a quarter turn the cylinder is out of sight.
    s = np.arange(a.shape[1], dtype=np.float32) - centre
    source = centre + r * np.sin(np.clip(s / r, -math.pi / 2, math.pi / 2))
    out = _columns(a, source)
    if not vertical:
        out = out.T
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _columns(a: NDArray[np.float32], source: NDArray[np.float32]) -> NDArray[np.float32]:
    """Column `j` of the result is column `source[j]` of `a`, linearly interpolated."""
    import numpy as np

    x = np.clip(source, 0, a.shape[1] - 1)
    lo = np.floor(x).astype(np.intp)
    hi = np.minimum(lo + 1, a.shape[1] - 1)
    f = (x - lo).astype(np.float32)
    out: NDArray[np.float32] = a[:, lo] * (1 - f) + a[:, hi] * f
    return out


def unrolled_variants() -> list[tuple[str, float, float, bool]]:
    """(name, radius, offset, vertical) of every unrolling tried, upright jars first."""
    return [
        (f"jar-{'v' if vertical else 'h'}{radius:.1f}{offset:+.1f}", radius, offset, vertical)
        for vertical in (True, False)
        for radius in RADII
        for offset in OFFSETS
    ]
