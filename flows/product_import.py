"""The province's list of products certified in 2019, as an officer keeps it in a spreadsheet,
read into rows the catalogue can hold (`ocop-bot import products-2019`, bot/cli/
import_products.py; stored by storage/product_import.py).

Headers are Vietnamese as people write them, in any order, with or without diacritics ("Tên
sản phẩm", "Ten SP", "Hạng sao (3-5)"); a title row above them is skipped. Communes and
districts are found by name in the 2020 structure (the list's). Every bad row is named with
its row number and why; the caller writes nothing unless every row is good.

Pure: cells in (str, int, float, date, datetime or None), rows and reasons out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from flows.admin_units import AdminUnits
from flows.choices import APPLICANT_TYPES, PRODUCT_GROUPS, find_choice
from flows.phone import parse_phone
from flows.text_match import fold, normalize, strip_diacritics
from flows.texts import t

Cell = str | int | float | dt.date | dt.datetime | None

NAME, PRODUCER, KIND, COMMUNE, DISTRICT = "name", "producer", "kind", "commune", "district"
STARS, CERTIFICATE, DECIDED, GROUP, PHONE = "stars", "certificate", "decided", "group", "phone"
REQUIRED: Final = (NAME, PRODUCER, COMMUNE, STARS, DECIDED)
NAME_MAX: Final = 200  # products.name and producers.name are String(200)
CERTIFICATE_MAX: Final = 60  # products.certificate_number is String(60)
HEADER_ROWS_SEARCHED: Final = 10  # a title and a blank line may sit above the headers
CERTIFIED_STARS: Final = (3, 4, 5)

# How people head each column, folded (no diacritics, lower case, punctuation as spaces). A
# header names a field when it begins with one of its words; the longest words win.
HEADER_WORDS: Final[dict[str, tuple[str, ...]]] = {
    NAME: ("ten san pham", "ten sp", "san pham", "ten hang hoa"),
    PRODUCER: (
        "chu the",
        "ten chu the",
        "chu the san xuat",
        "ten co so",
        "co so san xuat",
    ),
    KIND: ("loai hinh", "loai hinh chu the", "hinh thuc to chuc", "loai chu the"),
    COMMUNE: ("xa", "xa phuong", "phuong xa", "xa phuong thi tran", "phuong"),
    DISTRICT: ("huyen", "huyen thi xa", "huyen thi", "huyen thanh pho", "thi xa"),
    STARS: ("so sao", "hang sao", "xep hang", "sao", "ket qua xep hang"),
    CERTIFICATE: (
        "so giay chung nhan",
        "so gcn",
        "giay chung nhan",
        "so chung nhan",
        "so quyet dinh",
        "so qd",
    ),
    DECIDED: (
        "ngay quyet dinh",
        "ngay cong nhan",
        "ngay chung nhan",
        "ngay cap",
        "ngay qd",
        "ngay cap giay chung nhan",
    ),
    GROUP: ("nhom san pham", "nhom", "nganh hang", "nhom nganh"),
    PHONE: ("dien thoai", "so dien thoai", "sdt", "dt"),
}
# How a field is named in a message (the headers an officer would write).
FIELD_KEYS: Final = {
    NAME: "IMPORT_FIELD_NAME",
    PRODUCER: "IMPORT_FIELD_PRODUCER",
    KIND: "IMPORT_FIELD_KIND",
    COMMUNE: "IMPORT_FIELD_COMMUNE",
    DISTRICT: "IMPORT_FIELD_DISTRICT",
    STARS: "IMPORT_FIELD_STARS",
    CERTIFICATE: "IMPORT_FIELD_CERTIFICATE",
    DECIDED: "IMPORT_FIELD_DECIDED",
    GROUP: "IMPORT_FIELD_GROUP",
    PHONE: "IMPORT_FIELD_PHONE",
}
# Words a list uses for the kind of producer that the registration's choices do not know.
_KIND_WORDS: Final = {
    "dn": "enterprise",
    "cty": "enterprise",
    "ho": "household",
    "cn": "individual",
}


@dataclass(frozen=True)
class ImportRow:
    row: int  # the spreadsheet's row number, as the officer sees it
    name: str
    producer: str
    kind: str  # an APPLICANT_TYPES id
    district_code: str
    commune_code: str
    stars: int
    certificate: str | None
    decided: dt.date
    group: str  # a PRODUCT_GROUPS id
    phone: str | None  # E.164


@dataclass(frozen=True)
class RowProblem:
    """Why a row (0: the sheet) cannot be imported: a catalogue key and its values."""

    row: int
    key: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedSheet:
    rows: tuple[ImportRow, ...]
    problems: tuple[RowProblem, ...]
    blank_rows: int = 0


def header_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def field_of(header: str) -> str | None:
    """The field a header names ("Hạng sao (3-5)" is the stars); None for any other."""
    words = header_key(header).split()
    best: tuple[int, str] | None = None
    for name, phrases in HEADER_WORDS.items():
        for phrase in phrases:
            wanted = phrase.split()
            if words[: len(wanted)] == wanted and (best is None or len(wanted) > best[0]):
                best = (len(wanted), name)
    return best[1] if best else None


def find_header(rows: Sequence[Sequence[Cell]]) -> tuple[int, dict[str, int]] | None:
    """The header row's index and field → column, the first row naming every required field
    (a column named twice keeps its first)."""
    for index, row in enumerate(rows[:HEADER_ROWS_SEARCHED]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            name = field_of(str(cell)) if isinstance(cell, str) else None
            if name is not None and name not in columns:
                columns[name] = column
        if all(f in columns for f in REQUIRED):
            return index, columns
    return None


def missing_headers(rows: Sequence[Sequence[Cell]]) -> tuple[str, ...]:
    """The required fields the best-looking header row lacks (for saying what is wrong)."""
    best: set[str] = set()
    for row in rows[:HEADER_ROWS_SEARCHED]:
        found = {field_of(str(c)) for c in row if isinstance(c, str)} - {None}
        if len(found) > len(best):
            best = {f for f in found if f is not None}
    return tuple(f for f in REQUIRED if f not in best)


# --- one cell ---------------------------------------------------------------------------


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(normalize(str(cell)).split())


_STARS: Final = re.compile(r"^(?:(?:xep )?hang )?(\d)(?:[.,]0+)?\s*(?:sao|\*|★)?$")
_STAR_SIGNS: Final = re.compile(r"[⭐★\ufe0f\s]|sao")


def parse_stars(cell: Cell) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return int(cell) if float(cell).is_integer() else None
    text = _text(cell)
    stars = text.count("⭐") + text.count("★")
    if stars and not _STAR_SIGNS.sub("", strip_diacritics(text)):
        return stars
    found = _STARS.match(strip_diacritics(text))
    return int(found[1]) if found else None


_DAY: Final = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO: Final = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$")
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)


def parse_day(cell: Cell) -> dt.date | None:
    """A date cell, "15/03/2019", "2019-03-15", or Excel's day number (a cell formatted as a
    number)."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if 20000 < cell < 80000:  # 1954..2119
            return _EXCEL_EPOCH + dt.timedelta(days=int(cell))
        return None
    text = strip_diacritics(_text(cell)).removeprefix("ngay").strip()
    found = _DAY.match(text)
    parts = (found[3], found[2], found[1]) if found else None
    iso = _ISO.match(text)
    if iso:
        parts = (iso[1], iso[2], iso[3])
    if parts is None:
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _kind_of(typed: str) -> str | None:
    words = fold(typed).split()
    if len(words) == 1 and words[0] in _KIND_WORDS:
        return _KIND_WORDS[words[0]]
    found = find_choice(APPLICANT_TYPES, typed, "vi")
    return found.id if found else None


def parse_kind(text: str, producer: str) -> str | None:
    """The kind of producer as the list writes it ("DN", "HTX", "Hộ kinh doanh"), or, when
    the column is empty, as the producer's name says it ("HTX Nuôi ong Ân Phú")."""
    return _kind_of(text or producer)


def parse_group(text: str, product: str) -> str | None:
    """The product group as written; when the column is empty, as the product's name says it
    ("Mật ong" is food), else food, the group most of the list belongs to."""
    if text:
        found = find_choice(PRODUCT_GROUPS, text, "vi")
        return found.id if found else None
    found = find_choice(PRODUCT_GROUPS, product, "vi")
    return found.id if found else "food"


# --- one row ----------------------------------------------------------------------------


def _cell(row: Sequence[Cell], columns: dict[str, int], name: str) -> Cell:
    column = columns.get(name)
    return row[column] if column is not None and column < len(row) else None


def _place(
    units: AdminUnits, number: int, commune: str, district: str
) -> tuple[str, str] | RowProblem:
    district_code: str | None = None
    if district:
        districts = units.find_districts(district)
        if len(districts) != 1:
            key = "IMPORT_DISTRICT_UNKNOWN" if not districts else "IMPORT_DISTRICT_SEVERAL"
            names = ", ".join(d.name for d in districts[:4])
            return RowProblem(number, key, {"place": district, "names": names})
        district_code = districts[0].code
    communes = units.find_communes(commune, district_code)
    if len(communes) != 1:
        key = "IMPORT_COMMUNE_UNKNOWN" if not communes else "IMPORT_COMMUNE_SEVERAL"
        names = ", ".join(c.name for c in communes[:4])
        return RowProblem(number, key, {"place": commune, "names": names})
    found = communes[0]
    return found.district_code or "", found.code


def parse_row(
    row: Sequence[Cell], number: int, columns: dict[str, int], units: AdminUnits, today: dt.date
) -> ImportRow | RowProblem:
    text = {name: _text(_cell(row, columns, name)) for name in HEADER_WORDS}
    for name in REQUIRED:
        if not text[name]:
            return RowProblem(number, "IMPORT_MISSING", {"field": name})
    for name, limit in ((NAME, NAME_MAX), (PRODUCER, NAME_MAX), (CERTIFICATE, CERTIFICATE_MAX)):
        if len(text[name]) > limit:
            return RowProblem(number, "IMPORT_TOO_LONG", {"field": name, "max": str(limit)})
    stars = parse_stars(_cell(row, columns, STARS))
    if stars not in CERTIFIED_STARS:
        return RowProblem(number, "IMPORT_STARS_BAD", {"value": text[STARS]})
    decided = parse_day(_cell(row, columns, DECIDED))
    if decided is None:
        return RowProblem(number, "IMPORT_DATE_BAD", {"value": text[DECIDED]})
    if decided > today:
        return RowProblem(number, "IMPORT_DATE_FUTURE", {"value": f"{decided:%d/%m/%Y}"})
    kind = parse_kind(text[KIND], text[PRODUCER])
    if kind is None:
        return RowProblem(number, "IMPORT_KIND_BAD", {"value": text[KIND] or text[PRODUCER]})
    group = parse_group(text[GROUP], text[NAME])
    if group is None:
        return RowProblem(number, "IMPORT_GROUP_BAD", {"value": text[GROUP]})
    phone = None
    if text[PHONE]:
        phone = parse_phone(text[PHONE])
        if phone is None:
            return RowProblem(number, "IMPORT_PHONE_BAD", {"value": text[PHONE]})
    place = _place(units, number, text[COMMUNE], text[DISTRICT])
    if isinstance(place, RowProblem):
        return place
    return ImportRow(
        row=number,
        name=text[NAME],
        producer=text[PRODUCER],
        kind=kind,
        district_code=place[0],
        commune_code=place[1],
        stars=stars,
        certificate=text[CERTIFICATE] or None,
        decided=decided,
        group=group,
        phone=phone,
    )


def same_product_key(row: ImportRow) -> tuple[str, str, str]:
    """A product without a certificate number is this name of this producer in this commune."""
    return (fold(row.name), fold(row.producer), row.commune_code)


def parse_sheet(rows: Sequence[Sequence[Cell]], units: AdminUnits, today: dt.date) -> ParsedSheet:
    """Every row below the headers (spreadsheet rows count from 1), blank ones skipped; a row
    repeating an earlier one (its certificate number, or its name and producer) is a problem."""
    header = find_header(rows)
    if header is None:
        wanted = ",".join(missing_headers(rows))
        return ParsedSheet((), (RowProblem(0, "IMPORT_NO_HEADER", {"fields": wanted}),))
    start, columns = header
    good: list[ImportRow] = []
    problems: list[RowProblem] = []
    blank = 0
    by_certificate: dict[str, int] = {}
    by_name: dict[tuple[str, str, str], int] = {}
    for index in range(start + 1, len(rows)):
        row, number = rows[index], index + 1
        if all(_text(c) == "" for c in row):
            blank += 1
            continue
        parsed = parse_row(row, number, columns, units, today)
        if isinstance(parsed, RowProblem):
            problems.append(parsed)
            continue
        certificate = fold(parsed.certificate) if parsed.certificate else None
        earlier = by_certificate.get(certificate) if certificate else None
        if earlier is None:
            earlier = by_name.get(same_product_key(parsed))
        if earlier is not None:
            problems.append(RowProblem(number, "IMPORT_REPEATED", {"earlier": str(earlier)}))
            continue
        if certificate:
            by_certificate[certificate] = number
        by_name[same_product_key(parsed)] = number
        good.append(parsed)
    return ParsedSheet(tuple(good), tuple(problems), blank)


def problem_text(problem: RowProblem, lang: str) -> str:
    """ "Dòng 7: ..." (the sheet's own problem has no row)."""
    values = dict(problem.values)
    if "field" in values:
        values["field"] = t(FIELD_KEYS[values["field"]], lang)
    if "fields" in values:
        names = [t(FIELD_KEYS[f], lang) for f in values["fields"].split(",") if f]
        values["fields"] = ", ".join(names)
    why = t(problem.key, lang, **values)
    return t("IMPORT_ROW_PROBLEM", lang, row=problem.row, why=why) if problem.row else why
