"""Photos of our own stamps, degraded the way phones and shops degrade them."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageFilter

from stamps.decode import decode_qr
from stamps.keys import StampKey, StampKeyring
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from stamps.sheet import StampLabel, render_label_png

BASE = "https://ocop.hatinh.gov.vn"
RING = StampKeyring((StampKey("K1", bytes(range(32))),))
URL = make_stamp_url(BASE, RING, 271_828)


def printed_label() -> Image.Image:
    """A label as printed, on a slightly warm paper tone, with a border of table around it."""
    label = render_label_png(
        StampLabel(format_serial(271_828), URL, "Cam bù Hương Sơn", "HTX Cam Sơn Phú", 5),
        dpi=200,
    )
    tones = [[round(v * f) for v in range(256)] for f in (0.98, 0.95, 0.9)]
    paper = Image.merge("RGB", [label.point(tone) for tone in tones])
    table = Image.new("RGB", (paper.width + 160, paper.height + 160), (120, 90, 60))
    table.paste(paper, (80, 80))
    return table


def perspective(image: Image.Image) -> Image.Image:
    w, h = image.size
    # Map the output rectangle onto a trapezoid of the input: the label seen at an angle.
    src = [(0.12 * w, 0.0), (0.9 * w, 0.08 * h), (w, h), (0.0, 0.9 * h)]
    dst = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    matrix = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    coeffs = np.linalg.solve(np.array(matrix), np.array(src).reshape(8))
    return image.transform(
        (w, h), Image.Transform.PERSPECTIVE, tuple(coeffs), Image.Resampling.BICUBIC
    )


def blur(image: Image.Image) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(2.0))


def jpeg_30(image: Image.Image) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=30)
    return Image.open(io.BytesIO(buffer.getvalue()))


def low_light(image: Image.Image) -> Image.Image:
    dim = ImageEnhance.Brightness(image).enhance(0.22)
    noise = np.random.default_rng(7).normal(0, 6, (dim.height, dim.width, 3))
    return Image.fromarray(
        np.clip(np.asarray(dim, dtype=np.float64) + noise, 0, 255).astype(np.uint8)
    )


def shadow(image: Image.Image) -> Image.Image:
    """Half the label in shadow, the edge across the code."""
    a = np.asarray(image, dtype=np.float64)
    ramp = np.clip((np.arange(a.shape[1]) - 0.25 * a.shape[1]) / 30.0, 0, 1)
    shade = 0.35 + 0.65 * (1 - ramp)
    return Image.fromarray((a * shade[None, :, None]).astype(np.uint8))


def rotated(degrees: float) -> Callable[[Image.Image], Image.Image]:
    return lambda image: image.rotate(
        degrees, Image.Resampling.BICUBIC, expand=True, fillcolor=(120, 90, 60)
    )


def curved_jar(image: Image.Image) -> Image.Image:
    """The label wrapped round a jar whose axis runs through the code, seen from the front."""
    a = np.asarray(image)
    w = a.shape[1]
    centre, radius = 0.24 * w, 0.3 * w  # the code's centre is about 0.24 of the way across
    offset = (np.arange(w) - centre) / radius
    on_jar = np.abs(offset) < 1
    # A column seen at offset x shows the label at arc length radius * asin(x).
    source = centre + radius * np.arcsin(np.clip(offset, -1, 1))
    columns = np.clip(np.round(source), 0, w - 1).astype(int)
    out = a[:, columns].copy()
    out[:, ~on_jar] = (40, 40, 40)
    return Image.fromarray(out)


def small_in_large_photo(image: Image.Image) -> Image.Image:
    """A 12-megapixel shop photo with the label a small part of it."""
    rng = np.random.default_rng(3)
    noise = rng.integers(60, 200, (300, 400, 3), dtype=np.uint8)
    scene = Image.fromarray(noise).resize((4000, 3000), Image.Resampling.BICUBIC)
    label = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.Resampling.LANCZOS)
    scene.paste(label, (2600, 1900))
    return scene


DEGRADATIONS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "perspective": perspective,
    "blur": blur,
    "jpeg-30": jpeg_30,
    "low-light": low_light,
    "shadow": shadow,
    "rotated-33": rotated(33),
    "rotated-180": rotated(180),
    "curved-jar": curved_jar,
    "small-in-large-photo": small_in_large_photo,
    "perspective+blur+jpeg-30": lambda i: jpeg_30(blur(perspective(i))),
    "low-light+rotated-75+jpeg-30": lambda i: jpeg_30(rotated(75)(low_light(i))),
}


@pytest.mark.parametrize("name", DEGRADATIONS)
def test_degraded_stamp_decodes_to_its_url(name: str) -> None:
    photo = DEGRADATIONS[name](printed_label())
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=90)  # as a chat app delivers it
    assert decode_qr(buffer.getvalue()).texts == [URL]
