"""`Reply` -> the Zalo Bot API requests that deliver it.

Zalo has no buttons and no phone-sharing button: options become numbered lines under the text
(the flows accept the number or the words), and the phone is typed. Texts and captions hold
1-2,000 characters, so long texts are split, preferring line breaks, then spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.messages import Reply

MAX_TEXT = 2000


@dataclass(frozen=True)
class ZaloRequest:
    method: str
    params: dict[str, Any]


def render(chat_id: str, reply: Reply, photo_url: str | None = None) -> list[ZaloRequest]:
    """The requests for one reply, in order. `photo_url` is where `reply.photo` is published;
    without it the photo is left out and only the text goes."""
    chunks = split_text(compose_text(reply))
    requests: list[ZaloRequest] = []
    if photo_url:
        params: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if chunks:
            params["caption"] = chunks.pop(0)
        requests.append(ZaloRequest("sendPhoto", params))
    requests.extend(ZaloRequest("sendMessage", {"chat_id": chat_id, "text": c}) for c in chunks)
    return requests


def compose_text(reply: Reply) -> str:
    lines = [reply.text.strip()] if reply.text.strip() else []
    lines.extend(f"{n}. {option.label}" for n, option in enumerate(reply.options, start=1))
    return "\n".join(lines)


def zalo_length(text: str) -> int:
    """Length as Zalo may count it: UTF-16 code units, never fewer than code points."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` (UTF-16 units), cut after a line break, else after a space,
    else anywhere (never inside a character)."""
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if zalo_length(rest) <= limit:
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
