"""The short serial printed under the QR code, for typing when the photo fails.

A serial is an integer 0 <= n < 2**32 (allocated by storage). Its printed form is seven
Crockford base32 characters and one check character, in two groups: ``0009-2X4K``.

- Crockford's alphabet has no I, L, O or U, so reading is forgiving: parsing ignores case,
  spaces, hyphens and dots, and reads O as 0 and I or L as 1.
- The check character is a weighted sum in GF(32) with distinct non-zero weights, which
  catches every single wrong character and every swap of two neighbours (including the
  check character itself), so a typo is never taken for another serial.
"""

from __future__ import annotations

from typing import Final

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_CHARS: Final = 7
MAX_SERIAL: Final = 2**32 - 1
_VALUES: Final = {c: i for i, c in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}
_IGNORED: Final = str.maketrans("", "", " -._\t")
_POLY: Final = 0b100101  # x^5 + x^2 + 1, primitive: x generates all 31 non-zero elements


def _gf_mul(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _POLY
    return product


def _check_value(values: list[int]) -> int:
    total = 0
    weight = 1
    for value in values:
        weight = _gf_mul(weight, 2)  # weights x, x^2, ... x^7: distinct, none equal to 1
        total ^= _gf_mul(weight, value)
    return total


def format_serial(n: int) -> str:
    """``0009-2X4K``-style printed form of serial ``n``."""
    if not 0 <= n <= MAX_SERIAL:
        raise ValueError(f"serial {n} out of range 0..{MAX_SERIAL}")
    values = [(n >> (5 * i)) & 31 for i in reversed(range(DATA_CHARS))]
    chars = "".join(ALPHABET[v] for v in [*values, _check_value(values)])
    return f"{chars[:4]}-{chars[4:]}"


def parse_serial(text: str) -> int | None:
    """The serial number typed as ``text``, or None if it is not a valid printed serial."""
    cleaned = text.strip().upper().translate(_IGNORED)
    if len(cleaned) != DATA_CHARS + 1:
        return None
    try:
        values = [_VALUES[c] for c in cleaned]
    except KeyError:
        return None
    if _check_value(values[:DATA_CHARS]) != values[DATA_CHARS]:
        return None
    n = 0
    for value in values[:DATA_CHARS]:
        n = (n << 5) | value
    return n if n <= MAX_SERIAL else None


def looks_like_serial(text: str) -> bool:
    """True when ``text`` parses as a printed serial (for routing typed messages)."""
    return parse_serial(text) is not None
