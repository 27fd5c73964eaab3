"""Where the shipped administrative units come from: the CSV inside the `data` package."""

from __future__ import annotations

from functools import cache
from importlib import resources

from flows.admin_units import AdminUnits, parse_admin_units

__all__ = ["DEFAULT_ADMIN_UNITS_FILE", "load_default_admin_units"]

DEFAULT_ADMIN_UNITS_FILE = "ha-tinh-2020.csv"


@cache
def load_default_admin_units() -> AdminUnits:
    """The Hà Tĩnh 2020 units (13 districts, 216 communes), read once per process."""
    text = resources.files("data").joinpath(DEFAULT_ADMIN_UNITS_FILE).read_text(encoding="utf-8")
    return parse_admin_units(text)
