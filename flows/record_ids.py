"""A record's number as a person types it or a button carries it.

Typed text and button data come from anyone: "2147483648" or thirty digits would reach the
database as a number its INTEGER column cannot hold (PostgreSQL's is 32 bits, SQLite's 64)
and fail the step. Every record number is read here, and one beyond what a record can have
is no record: the caller answers it as it answers a number that names nothing.
"""

from __future__ import annotations

from typing import Final

# The largest id an INTEGER primary key holds on PostgreSQL (the smaller of our databases).
MAX_RECORD_ID: Final = 2**31 - 1
_MAX_DIGITS: Final = len(str(MAX_RECORD_ID))


def record_id(text: str) -> int | None:
    """``text`` as a record number from 1 to MAX_RECORD_ID, or None.

    Only ASCII digits count: ``str.isdigit`` also accepts "²" and other digits ``int``
    refuses, and a long run of digits is refused before it is converted."""
    if not text.isascii() or not text.isdigit() or len(text.lstrip("0")) > _MAX_DIGITS:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_RECORD_ID else None
