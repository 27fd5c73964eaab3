"""Parsing the administrative units list (pure: text in, units out)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from flows.admin_units import AdminUnits, Commune, District, parse_admin_units

HEADER = (
    "province_code,province,district_code,district,district_type,commune_code,commune,commune_type"
)
SMALL = f"""{HEADER}
42,Tỉnh Hà Tĩnh,441,Huyện Vũ Quang,huyện,18301,Thị trấn Vũ Quang,thị trấn
42,Tỉnh Hà Tĩnh,441,Huyện Vũ Quang,huyện,18316,Xã Ân Phú,xã
42,Tỉnh Hà Tĩnh,436,Thành phố Hà Tĩnh,thành phố,18070,Phường Trần Phú,phường
"""
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "ha-tinh-2020.csv"


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
