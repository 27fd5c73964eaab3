"""Cutting a long text into messages a platform accepts (Telegram 4,096, Zalo 2,000)."""

from __future__ import annotations


def utf16_len(text: str) -> int:
    """Length as the platforms count it: UTF-16 code units (an emoji outside the BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` UTF-16 units, cut after a line break, else after a space,
    else anywhere (never inside a character)."""
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if utf16_len(rest) <= limit:
            pieces.append(rest)
            break
        cut = _cut_point(rest[: _fit(rest, limit)])
        piece = rest[:cut].strip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:].strip()
    return pieces


def _cut_point(window: str) -> int:
    # A line break in the second half of the window wins; a short first piece reads badly.
    half = len(window) // 2
    for sep, earliest in (("\n", half), (" ", half), ("\n", 1), (" ", 1)):
        at = window.rfind(sep)
        if at >= earliest:
            return at + 1
    return len(window)


def _fit(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)
