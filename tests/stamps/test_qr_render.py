"""QR symbols: level Q, alphanumeric mode, version 5 or lower for a realistic base URL."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from stamps.keys import StampKey, StampKeyring
from stamps.payload import make_stamp_url
from stamps.qr_render import (
    MAX_STAMP_VERSION,
    StampUrlTooLong,
    make_symbol,
    render_png,
    zxing_can_write,
)

RING = StampKeyring((StampKey("K7", bytes(range(32))),))
BASE_30 = "https://ocop.hatinhprovince.vn"  # 30 characters


def test_base_is_30_characters() -> None:
    assert len(BASE_30) == 30


@pytest.mark.parametrize("encoder", ["segno", "zxing-cpp"])
def test_stamp_url_fits_version_5_at_q_in_alphanumeric_mode(encoder: str) -> None:
    if encoder == "zxing-cpp" and not zxing_can_write():
        pytest.skip("this zxing-cpp cannot write QR codes")
    url = make_stamp_url(BASE_30, RING, 2**32 - 1)
    symbol = make_symbol(url, encoder=encoder)  # type: ignore[arg-type]
    assert symbol.version <= MAX_STAMP_VERSION
    assert symbol.error == "Q" and symbol.mode == "alphanumeric"
    assert symbol.size == 17 + 4 * symbol.version


def test_both_encoders_give_the_same_size() -> None:
    if not zxing_can_write():
        pytest.skip("this zxing-cpp cannot write QR codes")
    url = make_stamp_url(BASE_30, RING, 1)
    assert make_symbol(url, encoder="segno").size == make_symbol(url, encoder="zxing-cpp").size


def test_png_reads_back_at_level_q() -> None:
    url = make_stamp_url(BASE_30, RING, 31337)
    image = Image.open(io.BytesIO(render_png(url, module_px=4)))
    found = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    assert [b.text for b in found] == [url]
    assert found[0].ec_level == "Q"
    extra = found[0].extra
    assert isinstance(extra, dict) and int(extra["Version"]) <= MAX_STAMP_VERSION


def test_too_long_url_is_refused() -> None:
    long_base = "https://" + "very-long-subdomain." * 4 + "example.vn/a/lowercase/path"
    with pytest.raises(StampUrlTooLong):
        make_symbol(make_stamp_url(long_base, RING, 1))
