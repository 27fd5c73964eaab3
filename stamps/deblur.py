"""Undoing the blur of a stamp photo: estimate the blur, then Wiener-deconvolve it.

Two blurs spoil most unreadable shop photos: a shaking hand (a streak of 15 to 30 pixels in
one direction) and a lens focused on the shelf behind (a round blur). Both are estimated from
the photo itself, so the deconvolution tries one or two kernels instead of a grid of them:

- direction: a streak smooths the picture along it, so the mean squared derivative is least
  along the streak and largest across it; their ratio (`anisotropy`) tells a shake (well
  above 1) from a focus blur (about 1);
- length: the derivative along the streak is a pair of opposite edges `length` apart for each
  edge of the code, so its autocorrelation along the streak is most negative at that lag.

Both are read on a half-size copy: it halves the sensor noise that would otherwise hide the
direction in a dim photo, and costs a quarter of the time (about 8 ms at 1,280 x 960).

The filter is Wiener's with a Laplacian regulariser (as scikit-image's
`restoration.wiener`), written here on numpy's FFT because every kernel tried shares the one
forward transform of the photo: a third of the cost per kernel, and no scipy or scikit-image
in the production install for these few lines. On the photo set of tests/stamps/hard_photos.py,
a constant regulariser read half as many dim photos (it lets the sensor noise through).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

# Below this ratio of the derivative energies across and along, the blur is taken as round.
ROUND_BELOW: Final = 1.3
# Wiener's balance against the Laplacian: measured best of 0.01, 0.05, 0.1, 0.2 on the set.
BALANCE: Final = 0.05
# Streak lengths looked for, in pixels of the full-size photo (a round blur shows as 6-12).
MIN_LENGTH: Final = 6
MAX_LENGTH: Final = 40
DIRECTIONS: Final = tuple(range(0, 180, 15))


@dataclass(frozen=True, slots=True)
class BlurEstimate:
    degrees: int  # the streak's direction, 0 = horizontal, counter-clockwise
    length: float  # the streak's length (or for a round blur, about 2.8 sigma), full-size px
    anisotropy: float  # derivative energy across / along: about 1 for a round blur

    @property
    def is_motion(self) -> bool:
        return self.anisotropy >= ROUND_BELOW

    @property
    def sigma(self) -> float:
        """The round blur's standard deviation that gives the same autocorrelation dip."""
        return self.length / 2.8


def normalized(gray: Array) -> Array:
    """Black at the 1st percentile, white at the 99th, not clipped: clipping would break the
    linear model of blur that deconvolution inverts (and a dim photo's noise is small then)."""
    import numpy as np

    lo, hi = np.percentile(gray, (1, 99))
    out: Array = (gray - lo) / max(float(hi - lo), 1.0)
    return out


def _half(a: Array) -> Array:
    h, w = a.shape[0] // 2 * 2, a.shape[1] // 2 * 2
    out: Array = a[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
    return out


def estimate_blur(gray: Array) -> BlurEstimate:
    """The blur of a grayscale photo (any scale of values), from a half-size copy."""
    import numpy as np

    half = _half(gray)
    gy, gx = np.gradient(half)
    energy = {}
    for degrees in DIRECTIONS:
        r = math.radians(degrees)
        d = gx * math.cos(r) - gy * math.sin(r)
        energy[degrees] = float(np.mean(d * d))
    along = min(energy, key=lambda k: energy[k])
    across = max(energy.values())
    r = math.radians(along)
    d = gx * math.cos(r) - gy * math.sin(r)
    d = d - d.mean()
    rows, cols = d.shape
    best_lag, best = MIN_LENGTH // 2, math.inf
    for lag in range(MIN_LENGTH // 2, MAX_LENGTH // 2 + 1):
        dx, dy = round(lag * math.cos(r)), round(-lag * math.sin(r))
        a = d[max(0, dy) : rows + min(0, dy), max(0, dx) : cols + min(0, dx)]
        b = d[max(0, -dy) : rows + min(0, -dy), max(0, -dx) : cols + min(0, -dx)]
        value = float(np.mean(a * b))
        if value < best:
            best_lag, best = lag, value
    return BlurEstimate(along, 2.0 * best_lag, across / max(energy[along], 1e-12))


def motion_kernel(length: float, degrees: float) -> Array:
    """A straight streak of `length` pixels at `degrees`, antialiased (drawn at four times
    the resolution), summing to one."""
    import numpy as np

    size = max(3, math.ceil(length) | 1)
    fine = np.zeros((size * 4, size * 4))
    centre = (size * 4 - 1) / 2
    t = np.linspace(-(length * 2 - 1), length * 2 - 1, max(2, int(length * 16)))
    r = math.radians(degrees)
    xs = np.clip(np.round(centre + t * math.cos(r)).astype(int), 0, size * 4 - 1)
    ys = np.clip(np.round(centre - t * math.sin(r)).astype(int), 0, size * 4 - 1)
    np.add.at(fine, (ys, xs), 1.0)
    small = fine.reshape(size, 4, size, 4).sum(axis=(1, 3))
    out: Array = small / small.sum()
    return out


def gaussian_kernel(sigma: float) -> Array:
    import numpy as np

    radius = max(1, math.ceil(3 * sigma))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    g = np.exp(-(x**2) / (2 * sigma * sigma))
    k = np.outer(g, g)
    out: Array = k / k.sum()
    return out


def kernels_for(blur: BlurEstimate) -> list[tuple[str, Array]]:
    """The kernels worth trying for this estimate, most likely first (named for the logs and
    the benchmark). Two each: the estimate is good to about two pixels, and a little long
    reads more often than a little short (68 against 61 of the 120 hard photos)."""
    if blur.is_motion:
        lengths = (blur.length + 1, blur.length - 2)
        return [
            (f"motion{length:.0f}@{blur.degrees}", motion_kernel(length, blur.degrees))
            for length in lengths
        ]
    return [
        (f"round{sigma:.1f}", gaussian_kernel(sigma))
        for sigma in (blur.sigma + 0.4, blur.sigma - 0.4)
        if sigma > 0.5
    ]


class Deconvolver:
    """Wiener deconvolution of one photo by any number of kernels: the photo's forward FFT
    and the regulariser are computed once, at the first kernel."""

    def __init__(self, gray: Array, balance: float = BALANCE) -> None:
        self.gray = gray
        self.balance = balance
        self._spectrum: NDArray[np.complex128] | None = None
        self._laplacian: Array | None = None

    def restore(self, kernel: Array) -> Array:
        import numpy as np

        shape = self.gray.shape
        spectrum, laplacian = self._spectrum, self._laplacian
        if spectrum is None or laplacian is None:
            spectrum = self._spectrum = np.fft.rfft2(normalized(self.gray))
            wy = 2 * np.pi * np.fft.fftfreq(shape[0])[:, None]
            wx = 2 * np.pi * np.fft.rfftfreq(shape[1])[None, :]
            laplacian = self._laplacian = (4 - 2 * np.cos(wx) - 2 * np.cos(wy)) ** 2
        h = np.fft.rfft2(kernel, s=shape)
        wiener = np.conj(h) / (np.abs(h) ** 2 + self.balance * laplacian)
        restored = np.fft.irfft2(spectrum * wiener, s=shape)
        # The kernel's centre sits at its middle, not at the origin: move the picture back.
        out: Array = np.roll(restored, (kernel.shape[0] // 2, kernel.shape[1] // 2), axis=(0, 1))
        return out


def to_gray8(a: Array) -> NDArray[np.uint8]:
    """A deconvolved picture as 8-bit gray for the decoders: its 1st-99th percentiles
    stretched over 0-255 (the ringing beyond them clipped)."""
    import numpy as np

    lo, hi = np.percentile(a, (1, 99))
    scaled = (a - lo) * (255.0 / max(float(hi - lo), 1e-6))
    out: NDArray[np.uint8] = np.clip(scaled, 0, 255).astype(np.uint8)
    return out
