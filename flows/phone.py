"""Vietnamese phone numbers: what people type in, E.164 for storage, "0912 345 678" for show.

Accepted: mobiles (10 digits starting 03, 05, 07, 08, 09, or +84/84 and 9 digits) and Hà Tĩnh
landlines (0239 and 7 digits). Other provinces' landlines are refused on purpose: the bot
serves Hà Tĩnh, and a wrong area code is more often a typo than a real number.
"""

from __future__ import annotations

import re

from flows.text_match import normalize

__all__ = ["format_phone", "parse_phone"]

_SEPARATORS = re.compile(r"[\s.\-()/]")
_MOBILE_PREFIXES = frozenset("35789")
_HA_TINH_AREA = "239"


def _national(digits: str) -> str | None:
    """The number without its leading 0 ("912345678"), from any accepted spelling."""
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            return None
        digits = digits[2:]
    elif digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = digits[2:]
    elif digits.startswith("0"):
        return digits[1:]
    else:
        return None
    # "+84 (0) 912 345 678": the trunk 0 written after the country code.
    return digits[1:] if digits.startswith("0") else digits


def parse_phone(text: str) -> str | None:
    """E.164 ("+84912345678") for a valid mobile or Hà Tĩnh landline, else None."""
    compact = _SEPARATORS.sub("", normalize(text))
    if not re.fullmatch(r"\+?[0-9]+", compact):
        return None
    national = _national(compact)
    if national is None:
        return None
    if len(national) == 9 and national[0] in _MOBILE_PREFIXES:
        return "+84" + national
    if len(national) == 10 and national.startswith(_HA_TINH_AREA) and national[3] != "0":
        return "+84" + national
    return None


def format_phone(e164: str) -> str:
    """For people: "+84912345678" -> "0912 345 678", "+842393856789" -> "0239 3856 789".

    Anything else is returned unchanged, so a stored number is always shown somehow.
    """
    if not re.fullmatch(r"\+84[0-9]{9,10}", e164):
        return e164
    national = "0" + e164[3:]
    if len(national) == 10:
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    return f"{national[:4]} {national[4:8]} {national[8:]}"
