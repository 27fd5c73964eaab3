"""The province's administrative units, in either structure the bot knows.

- "2020": province, 13 district-level units (thành phố, thị xã, huyện), 216 communes
  (phường, xã, thị trấn); data/ha-tinh-2020.csv.
- "2025": from 1 July 2025 districts are abolished; 69 communes (phường, xã) directly under
  the province; data/ha-tinh-2025.csv.

storage/admin_units_source.py reads the files, this module only understands their text and
matches names as people type them. GSO codes are reused between structures (18073 was Phường
Nam Hà in 2020 and is Phường Thành Sen in 2025), so a stored code must always be read together
with the structure it came from: `AdminUnits.structure`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from flows.text_match import fold, normalize

__all__ = [
    "DEFAULT_STRUCTURE",
    "STRUCTURES",
    "AdminUnits",
    "Commune",
    "District",
    "example_name",
    "find_units",
    "parse_admin_units",
    "short_name",
    "unambiguous_name",
]

STRUCTURES = ("2020", "2025")
DEFAULT_STRUCTURE = "2020"

_PROVINCE_COLUMNS = ("province_code", "province")
_DISTRICT_COLUMNS = ("district_code", "district", "district_type")
_COMMUNE_COLUMNS = ("commune_code", "commune", "commune_type")
_COLUMNS = _PROVINCE_COLUMNS + _DISTRICT_COLUMNS + _COMMUNE_COLUMNS
_COLUMNS_WITHOUT_DISTRICTS = _PROVINCE_COLUMNS + _COMMUNE_COLUMNS


@dataclass(frozen=True)
class District:
    code: str
    name: str  # with its kind, as people say it: "Huyện Vũ Quang"
    kind: str  # "thành phố", "thị xã", "huyện"


@dataclass(frozen=True)
class Commune:
    code: str
    name: str  # "Xã Ân Phú"
    kind: str  # "xã", "phường", "thị trấn"
    district_code: str | None = None  # None in a structure without districts (2025)


@dataclass(frozen=True)
class AdminUnits:
    province_code: str
    province: str
    districts: tuple[District, ...]
    communes: tuple[Commune, ...]
    structure: str = DEFAULT_STRUCTURE
    _district_index: dict[str, District] = field(init=False, repr=False, compare=False)
    _commune_index: dict[str, Commune] = field(init=False, repr=False, compare=False)
    _by_district: dict[str, tuple[Commune, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_district: dict[str, list[Commune]] = {d.code: [] for d in self.districts}
        for commune in self.communes:
            if self.districts or commune.district_code is not None:
                if commune.district_code not in by_district:
                    raise ValueError(f"commune {commune.code} names unknown district")
                by_district[commune.district_code].append(commune)
        districts = {d.code: d for d in self.districts}
        communes = {c.code: c for c in self.communes}
        if len(districts) != len(self.districts) or len(communes) != len(self.communes):
            raise ValueError("duplicate unit code")
        # Frozen for callers; the indexes are derived once here.
        object.__setattr__(self, "_district_index", districts)
        object.__setattr__(self, "_commune_index", communes)
        object.__setattr__(
            self, "_by_district", {code: tuple(cs) for code, cs in by_district.items()}
        )

    @property
    def has_districts(self) -> bool:
        """False for the 2025 structure: communes sit directly under the province."""
        return bool(self.districts)

    def district(self, code: str) -> District | None:
        return self._district_index.get(code)

    def commune(self, code: str) -> Commune | None:
        return self._commune_index.get(code)

    def communes_of(self, district_code: str | None) -> tuple[Commune, ...]:
        """The district's communes in the list's order; empty for an unknown district.

        None means "no district": every commune (what a structure without districts asks).
        """
        if district_code is None:
            return self.communes
        return self._by_district.get(district_code, ())

    def find_districts(self, text: str) -> list[District]:
        """The districts the typed text may mean (see `find_units`)."""
        return find_units(self.districts, text)

    def find_communes(self, text: str, district_code: str | None = None) -> list[Commune]:
        """The communes (of the district, or all when None) the typed text may mean."""
        return find_units(self.communes_of(district_code), text)


# --- names as people type them ---------------------------------------------------------


class _Unit(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...


T = TypeVar("T", bound=_Unit)

# Folded prefixes people type, long and short, with the kind they name. "h." and "tp." fold
# to "h" and "tp". Longest first, so that "thi xa" is not read as "thi" + "xa ...".
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("thanh pho", "thành phố"),
    ("thi tran", "thị trấn"),
    ("thi xa", "thị xã"),
    ("phuong", "phường"),
    ("huyen", "huyện"),
    ("xa", "xã"),
    ("tp", "thành phố"),
    ("tx", "thị xã"),
    ("tt", "thị trấn"),
    ("h", "huyện"),
    ("x", "xã"),
    ("p", "phường"),
)
# The kinds as they begin an official name: "Thị xã Kỳ Anh", "Xã Ân Phú".
_NAME_PREFIXES = ("thành phố", "thị trấn", "thị xã", "phường", "huyện", "tỉnh", "xã")
# "Kỳ" is also written "Kì" (and "Lý" "Lí", "Mỹ" "Mĩ"): a y after one consonant is an i.
_Y_AS_I = re.compile(r"\b([bcdghklmnpqrstvx])y\b", re.ASCII)
# A word cut short must keep this many letters to count ("pho ch" finds "Phố Châu").
_MIN_CUT = 2


def short_name(name: str) -> str:
    """The name without its kind: "Huyện Hương Sơn" -> "Hương Sơn", "Thị xã Kỳ Anh" -> "Kỳ Anh".

    A name that is only a kind, or has none, is returned as it is (normalized).
    """
    text = normalize(name)
    lowered = text.lower()
    for prefix in _NAME_PREFIXES:
        if lowered.startswith(prefix + " ") and text[len(prefix) + 1 :].strip():
            return text[len(prefix) + 1 :].strip()
    return text


def unambiguous_name(unit: T, units: Sequence[T]) -> str:
    """The short name, or the full one when another of `units` has the same short name.

    For summaries under a label that already says the kind ("Huyện: Hương Sơn"), where "Kỳ
    Anh" alone would not say whether the huyện or the thị xã was chosen.
    """
    short = short_name(unit.name)
    key = _key(short)
    if any(other != unit and _key(short_name(other.name)) == key for other in units):
        return normalize(unit.name)
    return short


def _key(text: str) -> str:
    """What names are compared by: folded, with the i/y spellings made one."""
    return _Y_AS_I.sub(r"\1i", fold(text))


def _split_prefix(query: str) -> tuple[str | None, str]:
    """The kind the folded query starts with (if any) and the rest: "tx ky anh" -> thị xã."""
    for typed, kind in _PREFIXES:
        if query.startswith(typed + " ") and query[len(typed) + 1 :]:
            return kind, query[len(typed) + 1 :]
    return None, query


def _has_run(words: Sequence[str], wanted: Sequence[str], cut: bool) -> bool:
    """Whether `wanted` occurs in `words` as a run; with `cut` the last may be cut short."""
    n = len(wanted)
    for start in range(len(words) - n + 1):
        window = words[start : start + n]
        if window[:-1] != list(wanted[:-1]):
            continue
        if window[-1] == wanted[-1]:
            return True
        if cut and len(wanted[-1]) >= _MIN_CUT and window[-1].startswith(wanted[-1]):
            return True
    return False


def _tie_break(found: list[T], typed: str) -> list[T]:
    """Among units that fold alike, those whose name matches the diacritics the user typed."""
    if len(found) < 2:
        return found
    typed_lower = normalize(typed).lower()
    exact = [u for u in found if typed_lower in (u.name.lower(), short_name(u.name).lower())]
    return exact or found


def _matches(units: Sequence[T], kind: str | None, rest: str, typed: str) -> list[T]:
    words = rest.split()
    candidates = [u for u in units if kind is None or u.kind == kind]
    shorts = [(u, _key(short_name(u.name)).split()) for u in candidates]
    exact = [u for u, short in shorts if short == words]
    if exact:
        return _tie_break(exact, typed)
    whole = [u for u, short in shorts if _has_run(short, words, cut=False)]
    if whole:
        return whole
    return [u for u, short in shorts if _has_run(short, words, cut=True)]


def find_units(units: Sequence[T], text: str) -> list[T]:
    """The units the typed text may mean, in list order; empty when none.

    The kind may be typed in full, short or not at all, with or without diacritics: "tp ha
    tinh", "thanh pho ha tinh", "tx ky anh", "h. huong son", "huong son", "tt pho chau";
    "Kì Anh" is "Kỳ Anh". Stages, the first that finds anything wins: the whole name, or the
    name without its kind, exactly ("ky anh" finds both Huyện and Thị xã Kỳ Anh: the caller
    asks which); the words as a run of whole words of the name without its kind ("son" finds
    "Xã Sơn Tây", never every "Xã ..."); the same with the last word cut short. A kind that
    no unit of that name has ("huyen hong linh" for Thị xã Hồng Lĩnh) is ignored rather than
    finding nothing. A kind alone ("phuong") finds every unit of that kind; digits alone find
    nothing.
    """
    query = _key(text)
    if not any(c.isalpha() for c in query):
        # "16" is a number of the list (or of another page): the caller's business, never
        # a search that would find "Xã Sơn Kim 1" for "1".
        return []
    only_kind = [kind for typed, kind in _PREFIXES if typed == query and len(typed) > 1]
    if only_kind:
        # "phuong" alone: every ward, for the caller to page through.
        return [u for u in units if u.kind == only_kind[0]]
    whole_name = [u for u in units if _key(u.name) == query]
    if whole_name:
        return _tie_break(whole_name, text)
    kind, rest = _split_prefix(query)
    if kind is not None:
        found = _matches(units, kind, rest, text)
        if found:
            return found
        # The kind may be a wrong guess, or the first word of the name itself.
        found = _matches(units, None, rest, text)
        if found:
            return found
    return _matches(units, None, query, text)


def example_name(units: Sequence[T]) -> str:
    """A name to show as "for example: ...", typed as people type it ("pho chau").

    It is always one of the units and finds exactly that unit, so a prompt never offers as an
    example a name it has just failed to find. Empty only when there are no units.
    """
    for unit in units:
        example = fold(short_name(unit.name))
        if find_units(units, example) == [unit]:
            return example
    return fold(short_name(units[0].name)) if units else ""


# --- the CSV files -----------------------------------------------------------------------


def parse_admin_units(csv_text: str, structure: str = DEFAULT_STRUCTURE) -> AdminUnits:
    """Units from the CSV text (one row per commune), in file order.

    The header says whether the file has districts (2020's eight columns) or not (2025's
    five). Raises ValueError when the header is neither, a field is empty, the rows mix
    provinces, or a district is described two different ways.
    """
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = next(reader, None)
    columns = tuple(h.strip() for h in header) if header is not None else ()
    if columns not in (_COLUMNS, _COLUMNS_WITHOUT_DISTRICTS):
        raise ValueError(f"unexpected admin units header: {header!r}")
    with_districts = columns == _COLUMNS
    province: tuple[str, str] | None = None
    districts: dict[str, District] = {}
    communes: list[Commune] = []
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise ValueError(f"line {line_number}: expected {len(columns)} fields")
        cells = [normalize(cell) for cell in row]
        if not all(cells):
            raise ValueError(f"line {line_number}: empty field")
        p_code, p_name = cells[:2]
        c_code, c_name, c_kind = cells[-3:]
        if province is None:
            province = (p_code, p_name)
        elif province != (p_code, p_name):
            raise ValueError(f"line {line_number}: a second province {p_name!r}")
        district_code: str | None = None
        if with_districts:
            district_code, d_name, d_kind = cells[2:5]
            district = District(district_code, d_name, d_kind)
            if districts.setdefault(district_code, district) != district:
                raise ValueError(
                    f"line {line_number}: district {district_code} described differently"
                )
        communes.append(Commune(c_code, c_name, c_kind, district_code))
    if province is None:
        raise ValueError("no administrative units in the file")
    return AdminUnits(
        province[0], province[1], tuple(districts.values()), tuple(communes), structure
    )
