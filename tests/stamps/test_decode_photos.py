"""The decoder over real photos: a floor on the read rate, no false decode."""

from __future__ import annotations

import pytest

from stamps.decode import decode_qr, pyzbar_available
from tests.stamps.photos import NO_CODE_SET, PHOTOS, READ_SETS, same_text, tries

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PHOTOS.is_dir(), reason=f"photo benchmark absent: {PHOTOS}"),
]

# Measured 552 of 576 with zxing-cpp and pyzbar (zxing-cpp alone reads 536; the union of
# every decoder tried when the set was made, 547). Without zbar the floor is zxing-cpp's.
FLOOR_WITH_PYZBAR = 549
FLOOR_ZXING_ONLY = 536


def test_read_rate_floor() -> None:
    read = total = 0
    missed = []
    for t in tries(READ_SETS):
        total += 1
        assert t.expected is not None
        texts = decode_qr(t.image).texts
        if any(same_text(text, t.expected) for text in texts):
            read += 1
        else:
            missed.append(t.name)
    assert total == 576
    floor = FLOOR_WITH_PYZBAR if pyzbar_available() else FLOOR_ZXING_ONLY
    assert read >= floor, f"read {read}/{total}; missed: {missed}"


def test_no_false_decode_on_photos_without_codes() -> None:
    false = [(t.name, decode_qr(t.image).texts) for t in tries((NO_CODE_SET,))]
    assert false and all(name for name, _ in false)
    assert [f for f in false if f[1]] == []
