"""Vietnamese phone numbers: what people type in, E.164 for storage, "0912 345 678" for show.

Accepted: mobiles (10 digits starting 03, 05, 07, 08, 09, or +84/84 and 9 digits) and Hà Tĩnh
landlines (0239 and 7 digits), alone or with words around them ("sdt 0912345678", "số của tôi
là 0912 345 678 nhé"). Other provinces' landlines are refused on purpose: the bot serves Hà
Tĩnh, and a wrong area code is more often a typo than a real number. The constants below are
what the messages about a wrong number must say.
"""

from __future__ import annotations

import re

from flows.text_match import normalize

__all__ = [
    "LANDLINE_AREA_CODE",
    "LANDLINE_DIGITS",
    "MOBILE_DIGITS",
    "MOBILE_PREFIXES",
    "format_phone",
    "looks_like_phone",
    "parse_phone",
]

MOBILE_DIGITS = 10  # with the leading 0: "0912345678"
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
LANDLINE_AREA_CODE = "0239"  # Hà Tĩnh
LANDLINE_DIGITS = 11  # with the area code: "0239 3856 789"

_SEPARATORS = re.compile(r"[\s.\-()/]")
# A number as written inside a sentence: digits with spaces, dots, dashes or brackets between
# them, perhaps "+" or "(" before. ASCII digits only: other scripts' digits are not ours.
_CANDIDATE = re.compile(r"(?:\+|\(\+?)?[0-9](?:[\s.\-()]*[0-9])*\)?", re.ASCII)
_MOBILE_FIRST = frozenset(p[1] for p in MOBILE_PREFIXES)
_AREA = LANDLINE_AREA_CODE[1:]
# Text that is a number and nothing else: at least this many digits, only separators around.
_PHONE_LIKE_MIN_DIGITS = 8
_PHONE_LIKE = re.compile(r"[0-9+\s.\-()/]*", re.ASCII)


def _national(digits: str) -> str | None:
    """The number without its leading 0 ("912345678"), from any accepted spelling."""
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            return None
        digits = digits[2:]
    elif digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) in (MOBILE_DIGITS + 1, LANDLINE_DIGITS + 1):
        digits = digits[2:]
    elif digits.startswith("0"):
        return digits[1:]
    else:
        return None
    # "+84 (0) 912 345 678": the trunk 0 written after the country code.
    return digits[1:] if digits.startswith("0") else digits


def _parse_number(written: str) -> str | None:
    compact = _SEPARATORS.sub("", written)
    if not re.fullmatch(r"\+?[0-9]+", compact, re.ASCII):
        return None
    national = _national(compact)
    if national is None:
        return None
    if len(national) == MOBILE_DIGITS - 1 and national[0] in _MOBILE_FIRST:
        return "+84" + national
    if (
        len(national) == LANDLINE_DIGITS - 1
        and national.startswith(_AREA)
        and national[len(_AREA)] != "0"
    ):
        return "+84" + national
    return None


def parse_phone(text: str) -> str | None:
    """E.164 ("+84912345678") for a valid mobile or Hà Tĩnh landline, else None.

    The number may have words around it ("ĐT: +84 912 345 678"), but only one number: a
    second one, a digit elsewhere or a "+" left over means the text is not clear, so None.
    """
    typed = normalize(text)
    numbers = list(_CANDIDATE.finditer(typed))
    if len(numbers) != 1:
        return None
    found = numbers[0]
    around = typed[: found.start()] + " " + typed[found.end() :]
    if "+" in around or any(c.isdigit() for c in around):
        return None
    return _parse_number(found.group())


def looks_like_phone(text: str) -> bool:
    """Whether the text is a phone number (valid or not) rather than, say, a person's name.

    True for anything `parse_phone` accepts ("sdt 0912345678") and for a run of digits with
    separators only ("0912 345 67", one digit short, is still not a name).
    """
    typed = normalize(text)
    if parse_phone(typed) is not None:
        return True
    digits = sum(c.isdigit() for c in typed)
    return digits >= _PHONE_LIKE_MIN_DIGITS and _PHONE_LIKE.fullmatch(typed) is not None


def format_phone(e164: str) -> str:
    """For people: "+84912345678" -> "0912 345 678", "+842393856789" -> "0239 3856 789".

    Anything else is returned unchanged, so a stored number is always shown somehow.
    """
    if not re.fullmatch(r"\+84[0-9]{9,10}", e164):
        return e164
    national = "0" + e164[3:]
    if len(national) == MOBILE_DIGITS:
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    return f"{national[:4]} {national[4:8]} {national[8:]}"
