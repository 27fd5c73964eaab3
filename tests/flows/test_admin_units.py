"""Parsing the administrative units list (pure: text in, units out)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from flows.admin_units import (
    AdminUnits,
    Commune,
    District,
    example_name,
    find_units,
    parse_admin_units,
    short_name,
    unambiguous_name,
)

HEADER = (
    "province_code,province,district_code,district,district_type,commune_code,commune,commune_type"
)
SMALL = f"""{HEADER}
42,Tỉnh Hà Tĩnh,441,Huyện Vũ Quang,huyện,18301,Thị trấn Vũ Quang,thị trấn
42,Tỉnh Hà Tĩnh,441,Huyện Vũ Quang,huyện,18316,Xã Ân Phú,xã
42,Tỉnh Hà Tĩnh,436,Thành phố Hà Tĩnh,thành phố,18070,Phường Trần Phú,phường
"""
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "ha-tinh-2020.csv"
SHIPPED_2025 = Path(__file__).resolve().parents[2] / "data" / "ha-tinh-2025.csv"
HEADER_2025 = "province_code,province,commune_code,commune,commune_type"
SMALL_2025 = f"""{HEADER_2025}
42,Tỉnh Hà Tĩnh,18073,Phường Thành Sen,phường
42,Tỉnh Hà Tĩnh,18316,Xã Vũ Quang,xã
"""


def _units_2020() -> AdminUnits:
    return parse_admin_units(SHIPPED.read_text(encoding="utf-8"), "2020")


def _units_2025() -> AdminUnits:
    return parse_admin_units(SHIPPED_2025.read_text(encoding="utf-8"), "2025")


def _district_code(units: AdminUnits, name: str) -> str:
    return next(d.code for d in units.districts if d.name == name)


def test_small_file() -> None:
    units = parse_admin_units(SMALL)
    assert units.province_code == "42"
    assert units.province == "Tỉnh Hà Tĩnh"
    assert units.districts == (
        District("441", "Huyện Vũ Quang", "huyện"),
        District("436", "Thành phố Hà Tĩnh", "thành phố"),
    )
    assert units.district("436") == District("436", "Thành phố Hà Tĩnh", "thành phố")
    assert units.commune("18316") == Commune("18316", "Xã Ân Phú", "xã", "441")
    assert [c.code for c in units.communes_of("441")] == ["18301", "18316"]
    assert units.communes_of("436") == (Commune("18070", "Phường Trần Phú", "phường", "436"),)


@pytest.mark.parametrize("code", ["", "999", "18316"])
def test_unknown_district(code: str) -> None:
    units = parse_admin_units(SMALL)
    assert units.district(code) is None
    assert units.communes_of(code) == ()


@pytest.mark.parametrize("code", ["", "441", "99999"])
def test_unknown_commune(code: str) -> None:
    assert parse_admin_units(SMALL).commune(code) is None


def test_units_are_values() -> None:
    assert parse_admin_units(SMALL) == parse_admin_units(SMALL)
    assert isinstance(hash(parse_admin_units(SMALL).districts), int)


def test_names_are_nfc_and_trimmed() -> None:
    decomposed = unicodedata.normalize("NFD", SMALL).replace(",Xã Ân Phú,", ", Xã  Ân Phú ,")
    units = parse_admin_units(decomposed)
    commune = units.commune("18316")
    assert commune is not None
    assert commune.name == "Xã Ân Phú"
    assert units == parse_admin_units(SMALL)


def test_byte_order_mark_crlf_and_blank_lines() -> None:
    text = "\ufeff" + SMALL.replace("\n", "\r\n") + "\r\n\r\n"
    assert parse_admin_units(text) == parse_admin_units(SMALL)


@pytest.mark.parametrize(
    "text",
    [
        "",
        HEADER + "\n",
        "code,name\n42,Hà Tĩnh\n",
        SMALL + "42,Tỉnh Hà Tĩnh,441,Huyện Vũ Quang,huyện,18317\n",  # short row
        SMALL + "42,Tỉnh Hà Tĩnh,441,Huyện Vũ Quang,huyện,18317,,xã\n",  # empty name
        SMALL + "40,Tỉnh Nghệ An,412,Huyện Quỳnh Lưu,huyện,16000,Xã Quỳnh Bá,xã\n",
        SMALL + "42,Tỉnh Hà Tĩnh,441,Huyện Hương Khê,huyện,18400,Xã Mới,xã\n",  # district renamed
        SMALL + "42,Tỉnh Hà Tĩnh,436,Thành phố Hà Tĩnh,thành phố,18316,Xã Ân Phú,xã\n",  # dup
        HEADER_2025 + "\n",
        SMALL_2025 + "42,Tỉnh Hà Tĩnh,18074,Phường Mới\n",  # short row
        SMALL_2025 + "42,Tỉnh Hà Tĩnh,18316,Xã Khác,xã\n",  # duplicate code
        SMALL_2025 + "42,Tỉnh Hà Tĩnh,441,Huyện Vũ Quang,huyện,18301,Thị trấn Vũ Quang,thị trấn\n",
    ],
)
def test_refuses_bad_files(text: str) -> None:
    with pytest.raises(ValueError):
        parse_admin_units(text)


def test_refuses_a_commune_of_an_unknown_district() -> None:
    with pytest.raises(ValueError):
        AdminUnits("42", "Tỉnh Hà Tĩnh", (), (Commune("1", "Xã A", "xã", "9"),))


def test_shipped_file_is_the_2020_structure() -> None:
    units = parse_admin_units(SHIPPED.read_text(encoding="utf-8"))
    assert len(units.districts) == 13
    assert len(units.communes) == 216
    assert sum(len(units.communes_of(d.code)) for d in units.districts) == 216
    assert {d.kind for d in units.districts} == {"thành phố", "thị xã", "huyện"}
    assert {c.kind for c in units.communes} == {"xã", "phường", "thị trấn"}
    assert all(c.name.split()[0] in ("Xã", "Phường", "Thị") for c in units.communes)
    vu_quang = units.district("441")
    assert vu_quang is not None
    assert vu_quang.name == "Huyện Vũ Quang"
    an_phu = units.commune("18316")
    assert an_phu is not None
    assert (an_phu.name, an_phu.district_code) == ("Xã Ân Phú", "441")
    # Kỳ Anh is both a huyện and a thị xã: two districts, told apart by their kind.
    assert sorted(d.name for d in units.districts if d.name.endswith("Kỳ Anh")) == [
        "Huyện Kỳ Anh",
        "Thị xã Kỳ Anh",
    ]


# --- the 2025 structure ------------------------------------------------------------------


def test_small_file_without_districts() -> None:
    units = parse_admin_units(SMALL_2025, "2025")
    assert units.structure == "2025"
    assert not units.has_districts
    assert units.districts == ()
    assert units.commune("18073") == Commune("18073", "Phường Thành Sen", "phường", None)
    assert units.communes_of(None) == units.communes
    assert units.communes_of("441") == ()


def test_a_structure_with_districts_has_them() -> None:
    units = parse_admin_units(SMALL)
    assert units.structure == "2020"
    assert units.has_districts
    assert units.communes_of(None) == units.communes


def test_districts_and_communes_without_them_do_not_mix() -> None:
    with pytest.raises(ValueError):
        AdminUnits(
            "42",
            "Tỉnh Hà Tĩnh",
            (District("441", "Huyện Vũ Quang", "huyện"),),
            (Commune("18316", "Xã Ân Phú", "xã", None),),
        )


def test_shipped_2025_file() -> None:
    units = _units_2025()
    assert not units.has_districts
    assert len(units.communes) == 69
    assert sum(c.kind == "xã" for c in units.communes) == 60
    assert sum(c.kind == "phường" for c in units.communes) == 9
    assert all(c.district_code is None for c in units.communes)
    # The same GSO code names another unit than in 2020: read codes with their structure.
    old, new = _units_2020().commune("18073"), units.commune("18073")
    assert old is not None and new is not None
    assert (old.name, new.name) == ("Phường Nam Hà", "Phường Thành Sen")


def test_the_shipped_files_are_the_shared_ones() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "admin-units"
    if not shared.is_dir():
        pytest.skip(f"no {shared} beside the checkout to compare with")
    for name in ("ha-tinh-2020.csv", "ha-tinh-2025.csv"):
        shipped = (SHIPPED.parent / name).read_bytes()
        assert shipped == (shared / name).read_bytes(), name


# --- names as people type them -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Huyện Hương Sơn", "Hương Sơn"),
        ("Thành phố Hà Tĩnh", "Hà Tĩnh"),
        ("Thị xã Kỳ Anh", "Kỳ Anh"),
        ("Thị trấn Phố Châu", "Phố Châu"),
        ("Xã Ân Phú", "Ân Phú"),
        ("Phường Bắc Hà", "Bắc Hà"),
        ("Tỉnh Hà Tĩnh", "Hà Tĩnh"),
        ("Xã Sơn Kim 1", "Sơn Kim 1"),
        (unicodedata.normalize("NFD", "Huyện Hương Sơn"), "Hương Sơn"),
        ("Hương Sơn", "Hương Sơn"),
        ("Xã", "Xã"),
        ("Thị xã", "Thị xã"),
    ],
)
def test_short_name(name: str, short: str) -> None:
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("tp ha tinh", ["Thành phố Hà Tĩnh"]),
        ("tp. ha tinh", ["Thành phố Hà Tĩnh"]),
        ("TP Hà Tĩnh", ["Thành phố Hà Tĩnh"]),
        ("thanh pho ha tinh", ["Thành phố Hà Tĩnh"]),
        ("Thành phố Hà Tĩnh", ["Thành phố Hà Tĩnh"]),
        ("ha tinh", ["Thành phố Hà Tĩnh"]),
        ("tx ky anh", ["Thị xã Kỳ Anh"]),
        ("thi xa ky anh", ["Thị xã Kỳ Anh"]),
        ("huyen ky anh", ["Huyện Kỳ Anh"]),
        ("h. ky anh", ["Huyện Kỳ Anh"]),
        ("ky anh", ["Huyện Kỳ Anh", "Thị xã Kỳ Anh"]),  # ambiguous: the caller asks which
        ("Kỳ Anh", ["Huyện Kỳ Anh", "Thị xã Kỳ Anh"]),
        ("tx kì anh", ["Thị xã Kỳ Anh"]),  # i for y, as many write it
        ("tx ki anh", ["Thị xã Kỳ Anh"]),
        ("h. huong son", ["Huyện Hương Sơn"]),
        ("h huong son", ["Huyện Hương Sơn"]),
        ("huong son", ["Huyện Hương Sơn"]),
        ("Hương Sơn", ["Huyện Hương Sơn"]),
        ("huong", ["Huyện Hương Khê", "Huyện Hương Sơn"]),
        ("vu quang", ["Huyện Vũ Quang"]),
        ("vu qu", ["Huyện Vũ Quang"]),  # the last word cut short
        ("tx hong linh", ["Thị xã Hồng Lĩnh"]),
        ("huyen hong linh", ["Thị xã Hồng Lĩnh"]),  # a wrong kind does not hide the name
        ("hong linh", ["Thị xã Hồng Lĩnh"]),
        ("duc tho", ["Huyện Đức Thọ"]),
        ("thi xa", ["Thị xã Hồng Lĩnh", "Thị xã Kỳ Anh"]),  # a kind alone: all of that kind
        ("", []),
        ("   ", []),
        ("hà nội", []),
        ("tinh ha tinh", []),  # the province is not one of its districts
        ("tp", ["Thành phố Hà Tĩnh"]),
        ("h", []),
        ("x", []),
    ],
)
def test_find_districts(typed: str, names: list[str]) -> None:
    found = _units_2020().find_districts(typed)
    assert sorted(d.name for d in found) == sorted(names)


def test_exact_name_wins_over_partial_matches() -> None:
    units = (
        District("1", "Huyện Sơn", "huyện"),
        District("2", "Huyện Hương Sơn", "huyện"),
        District("3", "Huyện Sơn Tây", "huyện"),
    )
    assert find_units(units, "son") == [units[0]]
    assert find_units(units, "huyen son") == [units[0]]
    assert find_units(units, "son tay") == [units[2]]


def test_typed_diacritics_break_a_tie() -> None:
    units = (Commune("1", "Xã Thạch Hà", "xã"), Commune("2", "Xã Thạch Hạ", "xã"))
    assert find_units(units, "thach ha") == list(units)
    assert find_units(units, "Thạch Hà") == [units[0]]
    assert find_units(units, "xã thạch hạ") == [units[1]]


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("tt pho chau", ["Thị trấn Phố Châu"]),
        ("thi tran pho chau", ["Thị trấn Phố Châu"]),
        ("pho chau", ["Thị trấn Phố Châu"]),
        ("x. son tay", ["Xã Sơn Tây"]),
        ("xa son tay", ["Xã Sơn Tây"]),
        ("son tay", ["Xã Sơn Tây"]),
        ("tay son", ["Thị trấn Tây Sơn"]),
        ("son kim", ["Xã Sơn Kim 1", "Xã Sơn Kim 2"]),
        ("son kim 2", ["Xã Sơn Kim 2"]),
        ("1", []),  # a number is a choice from the list, not a name
        ("16", []),
        ("tt", ["Thị trấn Phố Châu", "Thị trấn Tây Sơn"]),
        ("huong", []),  # no commune of Hương Sơn has it in its own name
        ("xa", []),  # 23 "Xã ..." but none is named "xa": a kind alone lists its kind
        ("son", None),  # many: every commune named Sơn ..., not every commune
    ],
)
def test_find_communes_of_huong_son(typed: str, names: list[str] | None) -> None:
    units = _units_2020()
    code = _district_code(units, "Huyện Hương Sơn")
    found = [c.name for c in units.find_communes(typed, code)]
    if typed == "xa":
        assert len(found) == sum(c.kind == "xã" for c in units.communes_of(code))
    elif names is None:
        assert len(found) > 10
        assert all("son" in short_name(n).lower().replace("ơ", "o").split() for n in found)
    else:
        assert sorted(found) == sorted(names)


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("p. bac ha", ["Phường Bắc Hà"]),
        ("p bac ha", ["Phường Bắc Hà"]),
        ("phuong bac ha", ["Phường Bắc Hà"]),
        ("bac ha", ["Phường Bắc Hà"]),
        ("tran phu", ["Phường Trần Phú"]),
    ],
)
def test_find_communes_of_ha_tinh_city(typed: str, names: list[str]) -> None:
    units = _units_2020()
    code = _district_code(units, "Thành phố Hà Tĩnh")
    assert [c.name for c in units.find_communes(typed, code)] == names


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("huong son", ["Xã Hương Sơn"]),
        ("x huong son", ["Xã Hương Sơn"]),
        ("ky anh", ["Xã Kỳ Anh"]),
        ("p thanh sen", ["Phường Thành Sen"]),
        ("thanh sen", ["Phường Thành Sen"]),
        ("tran phu", ["Phường Trần Phú"]),
        ("vung ang", ["Phường Vũng Áng"]),
        (
            "huong",
            [
                "Xã Hương Sơn", "Xã Hương Khê", "Xã Hương Bình", "Xã Hương Phố", "Xã Hương Xuân",
                "Xã Hương Đô",
            ],
        ),
        ("pho chau", []),  # a 2020 thị trấn, gone in 2025
    ],
)  # fmt: skip
def test_find_communes_2025(typed: str, names: list[str]) -> None:
    assert [c.name for c in _units_2025().find_communes(typed)] == names


def test_find_communes_without_a_district_searches_all() -> None:
    units = _units_2020()
    assert [c.name for c in units.find_communes("tt pho chau")] == ["Thị trấn Phố Châu"]
    assert len(units.find_communes("tran phu")) == 1


def test_example_is_never_a_name_that_finds_nothing() -> None:
    # "huong" in Hương Sơn: the prompt must not say "no commune named huong ... e.g. huong".
    units = _units_2020()
    communes = units.communes_of(_district_code(units, "Huyện Hương Sơn"))
    assert find_units(communes, "huong") == []
    example = example_name(communes)
    assert example != "huong"
    assert example == "pho chau"
    assert len(find_units(communes, example)) == 1


@pytest.mark.parametrize(
    "units",
    [
        *(_units_2020().communes_of(d.code) for d in _units_2020().districts),
        _units_2020().districts,
        _units_2025().communes,
    ],
)
def test_every_list_has_an_example_that_finds_one_of_it(
    units: tuple[District, ...] | tuple[Commune, ...],
) -> None:
    example = example_name(units)
    assert example == example.lower() and example.isascii()  # typed as people type
    found = find_units(units, example)
    assert len(found) == 1 and found[0] in units


def test_no_example_for_no_units() -> None:
    assert example_name(()) == ""


def test_unambiguous_name() -> None:
    units = _units_2020()
    names = {d.code: unambiguous_name(d, units.districts) for d in units.districts}
    assert names[_district_code(units, "Huyện Hương Sơn")] == "Hương Sơn"
    assert names[_district_code(units, "Thành phố Hà Tĩnh")] == "Hà Tĩnh"
    assert names[_district_code(units, "Huyện Kỳ Anh")] == "Huyện Kỳ Anh"
    assert names[_district_code(units, "Thị xã Kỳ Anh")] == "Thị xã Kỳ Anh"
    an_phu = units.commune("18316")
    assert an_phu is not None
    assert unambiguous_name(an_phu, units.communes) == "Ân Phú"
