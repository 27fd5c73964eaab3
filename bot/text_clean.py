"""Strings from a platform's JSON made safe to store and to send on.

JSON may carry a lone UTF-16 surrogate ("\\ud83d" without its pair: a client that cut an
emoji in half). Python's json keeps it in the str, and it fails much later, far from its
cause: writing the idea's row, measuring the text for Telegram, logging it. Each is replaced
by U+FFFD where the update is parsed.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, TypeVar

from flows.messages import DocumentAttachment, Inbound, PhotoAttachment

T = TypeVar("T", Inbound, PhotoAttachment, DocumentAttachment)


def clean_text(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (pairs are joined by json)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def clean_strings(value: T) -> T:
    """`value` with every string field cleaned; itself when nothing needed it."""
    changes: dict[str, Any] = {}
    for f in fields(value):
        current = getattr(value, f.name)
        if isinstance(current, str):
            cleaned: Any = clean_text(current)
        elif isinstance(current, tuple) and current and not isinstance(current[0], float):
            cleaned = tuple(clean_strings(item) for item in current)
        else:
            continue
        if cleaned != current:
            changes[f.name] = cleaned
    return replace(value, **changes) if changes else value
