"""Amounts of Vietnamese đồng as people type them, and as the bot shows them ("150.000 đ").

Amounts (`parse_vnd`). Accepted: digits with "." "," or space between thousands ("150.000",
"150,000", "150 000"), multipliers "k", "nghìn"/"ngàn", "tr"/"triệu", "tỷ"/"tỉ" with a decimal
part ("1,5 triệu", "1.5tr"), sums in decreasing order ("1 triệu 500 nghìn"), the spoken short
forms "1tr5" and "1 triệu rưỡi", and a currency word before or after ("đ", "₫", "đồng", "VND").

Prices (`parse_price`): an amount or a range, then perhaps the unit it is for, as people write
a price: "150k/kg", "khoảng 150 ngàn một lít", "120-150k", "từ 120 đến 150 nghìn", "1,5
triệu/hộp", "50 nghìn đồng một gói". See `parse_price` for the units.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flows.text_match import normalize, strip_diacritics

__all__ = [
    "MAX_PRICE_VND",
    "MAX_UNIT_LENGTH",
    "MAX_VND",
    "Price",
    "format_price",
    "format_vnd",
    "parse_price",
    "parse_vnd",
]

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


# --- prices ------------------------------------------------------------------------------

MAX_PRICE_VND = 10**9  # a retail price above a billion đồng is a typo
MAX_UNIT_LENGTH = 30
# Longer text is a sentence, not a price (and keeps the matching below cheap).
_MAX_PRICE_TEXT = 100


@dataclass(frozen=True)
class Price:
    """A retail price: `amount` đồng, or from `amount` to `amount_high`, per `unit` if said."""

    amount: int
    unit: str | None = None  # "kg", "lít", "hộp", or what was typed ("hộp 500g")
    amount_high: int | None = None  # only for a range, and then above `amount`


# Units people write, by their folded spelling, with the spelling the bot keeps. "cân" is a
# kilogram in everyday speech today (the old 600 g "cân ta" is gone from shops), so it is kept
# as "kg"; only with its mark, because a plain "can" may be a jerrycan ("can 5 lít").
_UNITS = {
    "kg": "kg", "kgs": "kg", "ki": "kg", "ky": "kg", "ki lo": "kg", "kilo": "kg",
    "kilogam": "kg", "kilogram": "kg", "ki lo gam": "kg",
    "g": "g", "gr": "g", "gam": "g", "gram": "g",
    "l": "lít", "lit": "lít", "litre": "lít", "liter": "lít",
    "ml": "ml", "mililit": "ml",
    "chai": "chai", "hop": "hộp", "goi": "gói", "tui": "túi", "lo": "lọ", "hu": "hũ",
    "con": "con", "qua": "quả", "trai": "trái", "bo": "bó", "cai": "cái", "chiec": "chiếc",
    "binh": "bình", "thung": "thùng", "lon": "lon", "vi": "vỉ", "bao": "bao", "tan": "tấn",
    "suat": "suất", "phan": "phần", "set": "set", "cap": "cặp", "doi": "đôi",
}  # fmt: skip
_UNITS_AS_TYPED = {"cân": "kg"}
# Words of the amount itself, never a unit ("2 tỷ 1 triệu" is not "2 tỷ per triệu").
_AMOUNT_WORDS = frozenset({*_MULTIPLIERS, _HALF, "d", "dong", "vnd"})

# Before the amount: "giá", "khoảng", "tầm", "chừng", "cỡ", "từ" (of "từ ... đến ...").
_LEADING = re.compile(
    r"(?:(?:gia(?: ban)?(?: le)?|khoang|tam|chung|co|du kien|la|tu)(?:\s*:\s*|\s+)|[~≈]\s*)*"
)
# After it: "thôi", "nhé", "ạ", a full stop.
_TRAILING_WORDS = frozenset({"thoi", "nhe", "nha", "a"})
_TRAILING_MARKS = " .!,;"
# Between the amount and the unit. A bare space only before a known unit ("150k kg").
_PER = re.compile(
    r"\s*/\s*(?:(?:1(?![0-9])|mot)\s*)?|\s+(?:(?:cho|tren)\s+)?(?:1|mot|moi|per)\s+|\s+"
)
_RANGE = re.compile(r"\s*(?:->|-|–|—|~|\s(?:den|toi)\s)\s*")
# A low end written short takes the high end's multiplier: "120-150k", "1,5-2 triệu".
_SHORT_NUMBER = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{1,2})?", re.ASCII)
_AMOUNT_IN_UNIT = re.compile(r"[0-9]\s*(?:k|nghin|ngan|tr|trieu|ty|ti|d|dong|vnd)(?![a-z])")
# A word or a few, perhaps with a size ("100g", "hộp 500g"), but some letter in it.
_BARE_AMOUNT = re.compile(r"[0-9., ]+", re.ASCII)
_UNIT_SHAPE = re.compile(r"(?=.*[^\W\d_])\w[\w .]*")


def _fold_chars(text: str) -> str:
    """Lower-case text without diacritics, one character for each character of `text`."""
    out = []
    for char in text:
        bare = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        bare = bare.replace("đ", "d")
        out.append(bare if len(bare) == 1 else char)
    return "".join(out)


def _end_of_price(folded: str) -> int:
    """Where the price ends, before trailing particles and marks ("150k/kg nhé ạ.")."""
    end = len(folded)
    while True:
        trimmed = folded[:end].rstrip(_TRAILING_MARKS)
        head, _, last = trimmed.rpartition(" ")
        if head and last in _TRAILING_WORDS:
            trimmed = head
        if len(trimmed) == end:
            return end
        end = len(trimmed)


def _unit(typed: str, folded: str, bare_space: bool) -> str | None:
    """The unit to keep for the text after the separator, or None when it is not a unit."""
    typed, folded = typed.strip().rstrip("."), folded.strip().rstrip(".")
    words = folded.split()
    if not words or not _UNIT_SHAPE.fullmatch(folded) or len(typed) > MAX_UNIT_LENGTH:
        return None
    if words[0] in _AMOUNT_WORDS or _AMOUNT_IN_UNIT.search(folded):
        return None
    spaced = " ".join(typed.split())
    key = " ".join(words)
    known = _UNITS_AS_TYPED.get(spaced) or _UNITS.get(key)
    if bare_space and known is None:
        return None
    if known is not None and not spaced.isascii() and _fold_chars(known) == key:
        # Marks typed that differ from the known unit's make another word: "bộ" (a set) is
        # not "bó" (a bunch), "ví" not "vỉ". Keep what was typed.
        return spaced
    return known or spaced


def _multiplier_of(folded: str) -> str | None:
    for kind, raw in _tokens(folded.replace("₫", "d")) or []:
        if kind == "unit" and raw in _MULTIPLIERS:
            return raw
    return None


def _amounts(folded: str) -> tuple[int, int | None] | None:
    """The amount or range in the folded text: (low, high or None)."""
    parts = _RANGE.split(folded)
    if len(parts) == 1:
        single = parse_vnd(folded)
        return (single, None) if single is not None else None
    if len(parts) != 2:
        return None
    low_text, high_text = (p.strip() for p in parts)
    if _SHORT_NUMBER.fullmatch(low_text):
        multiplier = _multiplier_of(high_text)
        if multiplier is not None:
            low_text = f"{low_text} {multiplier}"
    elif _SHORT_NUMBER.fullmatch(high_text):
        multiplier = _multiplier_of(low_text)
        if multiplier is not None:
            high_text = f"{high_text} {multiplier}"
    low, high = parse_vnd(low_text), parse_vnd(high_text)
    if low is None or high is None or high < low:
        return None
    return (low, None) if high == low else (low, high)


def parse_price(text: str) -> Price | None:
    """The price typed, or None when there is no clear amount.

    Units: kg (also "ký", "kí", "kilo", and "cân": a kilogram in everyday speech), g, lít
    ("l", "lit"), ml, chai, hộp, gói, túi, lọ, hũ, con, quả, trái, bó, cái, chiếc, bình, thùng,
    lon, vỉ, bao, tấn, suất, phần, cặp, đôi, written with or without marks. Any other word after
    "/", "một", "1" or "mỗi" is kept as typed (lower case, "hộp 500g"). Refused: no amount,
    zero, a range whose high end is below its low end, an amount above MAX_PRICE_VND, a unit
    longer than MAX_UNIT_LENGTH, two prices ("150k/kg hoặc 200k/hộp"), a sentence.
    """
    typed = normalize(text).lower()
    if len(typed) > _MAX_PRICE_TEXT:
        return None
    folded = _fold_chars(typed)
    start = _LEADING.match(folded)
    begin, stop = (start.end() if start else 0), _end_of_price(folded)
    typed, folded = typed[begin:stop], folded[begin:stop]
    if not folded:
        return None
    found: tuple[tuple[int, int | None], str | None] | None = None
    for per in _PER.finditer(folded):
        if per.start() == 0 or per.end() == len(folded):
            continue
        amount_text = folded[: per.start()]
        bare_space = per.group().isspace()
        if bare_space and _BARE_AMOUNT.fullmatch(amount_text):
            continue  # "150 kg" is a weight more likely than 150 đồng per kilogram
        unit = _unit(typed[per.end() :], folded[per.end() :], bare_space)
        amounts = _amounts(amount_text) if unit is not None else None
        if amounts is not None:
            found = (amounts, unit)
            break
    if found is None:
        amounts = _amounts(folded)
        if amounts is None:
            return None
        found = (amounts, None)
    (low, high), unit = found
    if max(low, high or 0) > MAX_PRICE_VND:
        return None
    return Price(low, unit, high)


def _digits(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def format_price(price: Price) -> str:
    """ "150.000 đ/kg", "120.000–150.000 đ", "150.000 đ"."""
    shown = _digits(price.amount)
    if price.amount_high is not None:
        shown += "–" + _digits(price.amount_high)
    shown += " đ"
    return shown + "/" + price.unit if price.unit else shown
