"""Officers' one-time invitation codes, as people type them on a cheap phone.

A code is eight characters of Crockford's base32 (no I, L, O or U), shown in two groups:
``K7QM-3XPA``. Reading forgives what a hurried thumb does: lower case, spaces, dashes and dots,
O for 0 and I or L for 1. Eight characters are 40 bits: with a handful of codes outstanding and
failed attempts rate-limited, guessing one is hopeless. Making a code needs randomness, so it
happens in storage (storage/officers.py); this module only reads and writes the text.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH: Final = 8
# An invitation is good for this long after it is made.
INVITE_VALID_FOR: Final = dt.timedelta(days=7)
_READ_AS: Final = {"O": "0", "I": "1", "L": "1"}
_IGNORED: Final = str.maketrans("", "", " -._\t\n")


def parse_code(text: str) -> str | None:
    """The code typed as `text`, in its canonical form (eight characters, no dash), or None
    when it cannot be a code at all."""
    cleaned = text.strip().upper().translate(_IGNORED)
    cleaned = "".join(_READ_AS.get(c, c) for c in cleaned)
    if len(cleaned) != CODE_LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned


def format_code(code: str) -> str:
    """``K7QM-3XPA``: the canonical code in two groups, as printed and read aloud."""
    return f"{code[:4]}-{code[4:]}"
