"""The shipped units are found through the installed `data` package."""

from __future__ import annotations

from storage.admin_units_source import load_default_admin_units


def test_loads_the_shipped_units() -> None:
    units = load_default_admin_units()
    assert units.province == "Tỉnh Hà Tĩnh"
    assert len(units.districts) == 13
    assert len(units.communes) == 216
    assert load_default_admin_units() is units  # read once
