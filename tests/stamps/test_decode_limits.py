"""The decoder's guards: time limit, bad input, several codes, zxing-cpp alone."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from stamps.decode import decode_qr
from stamps.qr_render import render_png


def test_large_noise_photo_returns_with_nothing() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (3000, 4000), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise).save(buffer, "JPEG", quality=85)
    result = decode_qr(buffer.getvalue(), time_limit=2.0)
    assert result.codes == () and not result.unreadable


def test_tiny_time_limit_still_runs_the_first_pass() -> None:
    image = Image.open(io.BytesIO(render_png("HELLO", module_px=4)))
    assert decode_qr(image, time_limit=0.0).texts == ["HELLO"]
    blank = Image.new("L", (640, 480), 200)
    result = decode_qr(blank, time_limit=0.0)
    assert result.codes == () and result.timed_out


def test_not_an_image() -> None:
    assert decode_qr(b"not an image").unreadable
    assert decode_qr(b"").unreadable


def test_transparent_png_is_read_on_white() -> None:
    code = Image.open(io.BytesIO(render_png("OCOP", module_px=6))).convert("L")
    rgba = Image.new("RGBA", code.size, (0, 0, 0, 0))  # transparent black background
    rgba.putalpha(code.point(lambda v: 255 - v))  # only the dark modules are opaque
    assert decode_qr(rgba).texts == ["OCOP"]


def test_every_code_in_the_photo_once() -> None:
    first = Image.open(io.BytesIO(render_png("FIRST", module_px=5)))
    second = Image.open(io.BytesIO(render_png("SECOND", module_px=5)))
    photo = Image.new("L", (first.width * 3, first.height * 2), 255)
    photo.paste(first, (0, 0))
    photo.paste(second, (first.width * 2, first.height))
    photo.paste(first, (first.width * 2, 0))
    result = decode_qr(photo)
    assert sorted(result.texts) == ["FIRST", "SECOND"]
    assert {c.decoder for c in result.codes} == {"zxing-cpp"}


def test_control_characters_come_through_plain() -> None:
    text = "A\x01B\x1dC"
    image = Image.open(io.BytesIO(render_png(text, module_px=5)))
    assert decode_qr(image).texts == [text]


def test_zxing_alone() -> None:
    image = Image.open(io.BytesIO(render_png("ALONE", module_px=4)))
    assert decode_qr(image, use_pyzbar=False).texts == ["ALONE"]
    assert decode_qr(Image.new("L", (300, 300), 255), use_pyzbar=False).codes == ()
