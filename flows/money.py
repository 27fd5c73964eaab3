"""Amounts of Vietnamese đồng as people type them, and as the bot shows them ("150.000 đ").

Accepted: digits with "." "," or space between thousands ("150.000", "150,000", "150 000"),
multipliers "k", "nghìn"/"ngàn", "tr"/"triệu", "tỷ"/"tỉ" with a decimal part ("1,5 triệu",
"1.5tr"), sums in decreasing order ("1 triệu 500 nghìn"), the spoken short forms "1tr5" and
"1 triệu rưỡi", and a currency word before or after ("đ", "₫", "đồng", "VND").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flows.text_match import strip_diacritics

__all__ = ["MAX_VND", "format_vnd", "parse_vnd"]

MAX_VND = 10**12

_CURRENCY_AFTER = re.compile(r"\s*(?:vnd|dong|d)\.?$")
_CURRENCY_BEFORE = re.compile(r"^(?:vnd|d)\s*(?=[0-9])")
# Thousands groups must use one separator throughout and exactly three digits per group;
# otherwise "." or "," is a decimal point ("1,5 triệu", "1.5tr").
_NUMBER = re.compile(
    r"\d{1,3}(?P<sep>[., ])\d{3}(?:(?P=sep)\d{3})*(?!\d)|\d+(?:[.,]\d+)?", re.ASCII
)
_UNIT = re.compile(r"(?:trieu|tr|ty|ti|nghin|ngan|k|ruoi)(?![a-z])")
_MULTIPLIERS = {
    "k": Decimal(1000),
    "nghin": Decimal(1000),
    "ngan": Decimal(1000),
    "tr": Decimal(10**6),
    "trieu": Decimal(10**6),
    "ty": Decimal(10**9),
    "ti": Decimal(10**9),
}
_HALF = "ruoi"  # "rưỡi": and a half (of the unit just said)

_Token = tuple[str, str]  # kind ("number" or "unit"), text


def _tokens(text: str) -> list[_Token] | None:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos] == " ":
            pos += 1
            continue
        number = _NUMBER.match(text, pos)
        unit = None if number else _UNIT.match(text, pos)
        found = number or unit
        if found is None:
            return None
        tokens.append(("number" if number else "unit", found.group()))
        pos = found.end()
    return tokens


def _is_grouped(raw: str) -> bool:
    match = _NUMBER.fullmatch(raw)
    return match is not None and match.group("sep") is not None


def _value(raw: str) -> Decimal:
    if _is_grouped(raw):
        return Decimal(re.sub(r"[., ]", "", raw))
    return Decimal(raw.replace(",", "."))


def _total(tokens: list[_Token]) -> Decimal | None:
    total = Decimal(0)
    last_unit: Decimal | None = None  # the multiplier of the previous group
    i = 0
    while i < len(tokens):
        kind, raw = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if kind == "unit":
            # Only "rưỡi" may follow a group directly, and only at the end.
            if raw != _HALF or last_unit is None or following is not None:
                return None
            total += last_unit / 2
            i += 1
        elif following is not None and following[0] == "unit" and following[1] != _HALF:
            unit = _MULTIPLIERS[following[1]]
            if last_unit is not None and unit >= last_unit:
                return None
            total += _value(raw) * unit
            last_unit = unit
            i += 2
        elif last_unit is None:
            if len(tokens) != 1:
                return None
            total = _value(raw)
            i += 1
        else:
            # "1tr5", "1 triệu 250": the tail is the fraction of the last unit.
            if following is not None or not raw.isdigit() or len(raw) > 3:
                return None
            total += Decimal(raw) / 10 ** len(raw) * last_unit
            i += 1
    return total


def parse_vnd(text: str) -> int | None:
    """A positive whole number of đồng up to MAX_VND, or None."""
    cleaned = strip_diacritics(text).replace("₫", "d")
    cleaned = _CURRENCY_BEFORE.sub("", _CURRENCY_AFTER.sub("", cleaned))
    tokens = _tokens(cleaned)
    if not tokens:
        return None
    try:
        total = _total(tokens)
    except InvalidOperation:
        return None
    if total is None or total != total.to_integral_value() or not 0 < total <= MAX_VND:
        return None
    return int(total)


def format_vnd(amount: int) -> str:
    """150000 -> "150.000 đ"."""
    return f"{amount:,}".replace(",", ".") + " đ"
