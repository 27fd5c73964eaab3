"""The province's administrative units (2020 structure: districts, then communes).

Parsed from the GSO list shipped as data/ha-tinh-2020.csv; storage/admin_units_source.py reads
the file, this module only understands its text. GSO codes are reused between structures, so
a stored code must always be read together with the structure it came from.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flows.text_match import normalize

__all__ = ["AdminUnits", "Commune", "District", "parse_admin_units"]

_COLUMNS = (
    "province_code",
    "province",
    "district_code",
    "district",
    "district_type",
    "commune_code",
    "commune",
    "commune_type",
)


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
    district_code: str


@dataclass(frozen=True)
class AdminUnits:
    province_code: str
    province: str
    districts: tuple[District, ...]
    communes: tuple[Commune, ...]
    _district_index: dict[str, District] = field(init=False, repr=False, compare=False)
    _commune_index: dict[str, Commune] = field(init=False, repr=False, compare=False)
    _by_district: dict[str, tuple[Commune, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_district: dict[str, list[Commune]] = {d.code: [] for d in self.districts}
        for commune in self.communes:
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

    def district(self, code: str) -> District | None:
        return self._district_index.get(code)

    def commune(self, code: str) -> Commune | None:
        return self._commune_index.get(code)

    def communes_of(self, district_code: str) -> tuple[Commune, ...]:
        """The district's communes in the list's order; empty for an unknown district."""
        return self._by_district.get(district_code, ())


def parse_admin_units(csv_text: str) -> AdminUnits:
    """Units from the CSV text (one row per commune), in file order.

    Raises ValueError when the header is not the expected one, a field is empty, the rows
    mix provinces, or a district is described two different ways.
    """
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != _COLUMNS:
        raise ValueError(f"unexpected admin units header: {header!r}")
    province: tuple[str, str] | None = None
    districts: dict[str, District] = {}
    communes: list[Commune] = []
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(_COLUMNS):
            raise ValueError(f"line {line_number}: expected {len(_COLUMNS)} fields")
        cells = [normalize(cell) for cell in row]
        if not all(cells):
            raise ValueError(f"line {line_number}: empty field")
        p_code, p_name, d_code, d_name, d_kind, c_code, c_name, c_kind = cells
        if province is None:
            province = (p_code, p_name)
        elif province != (p_code, p_name):
            raise ValueError(f"line {line_number}: a second province {p_name!r}")
        district = District(d_code, d_name, d_kind)
        if districts.setdefault(d_code, district) != district:
            raise ValueError(f"line {line_number}: district {d_code} described differently")
        communes.append(Commune(c_code, c_name, c_kind, d_code))
    if province is None:
        raise ValueError("no administrative units in the file")
    return AdminUnits(province[0], province[1], tuple(districts.values()), tuple(communes))
