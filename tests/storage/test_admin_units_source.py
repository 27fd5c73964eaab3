"""The shipped units are found through the installed `data` package."""

from __future__ import annotations

import pytest

from flows.admin_units import STRUCTURES
from storage.admin_units_source import (
    ADMIN_UNITS_FILES,
    load_admin_units,
    load_default_admin_units,
)


def test_loads_the_shipped_units() -> None:
    units = load_default_admin_units()
    assert units.province == "Tỉnh Hà Tĩnh"
    assert len(units.districts) == 13
    assert len(units.communes) == 216
    assert load_default_admin_units() is units  # read once


def test_loads_either_structure() -> None:
    old, new = load_admin_units("2020"), load_admin_units("2025")
    assert old is load_default_admin_units()
    assert (old.structure, old.has_districts, len(old.communes)) == ("2020", True, 216)
    assert (new.structure, new.has_districts, len(new.communes)) == ("2025", False, 69)
    assert new.districts == ()
    assert load_admin_units("2025") is new  # read once
    assert load_admin_units() is old  # 2020 is the default


@pytest.mark.parametrize("structure", ["", "2019", "2025 ", "latest"])
def test_refuses_an_unknown_structure(structure: str) -> None:
    with pytest.raises(ValueError, match="2020, 2025"):
        load_admin_units(structure)


def test_every_structure_has_a_shipped_file() -> None:
    assert set(ADMIN_UNITS_FILES) == set(STRUCTURES)
    for structure in STRUCTURES:
        assert load_admin_units(structure).structure == structure
