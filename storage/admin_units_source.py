"""Where the shipped administrative units come from: the CSV files inside the `data` package."""

from __future__ import annotations

from functools import cache
from importlib import resources

from flows.admin_units import DEFAULT_STRUCTURE, STRUCTURES, AdminUnits, parse_admin_units

__all__ = [
    "ADMIN_UNITS_FILES",
    "DEFAULT_ADMIN_UNITS_FILE",
    "load_admin_units",
    "load_default_admin_units",
]

# One file per structure; the structure name is what OCOP_ADMIN_STRUCTURE holds.
ADMIN_UNITS_FILES = {"2020": "ha-tinh-2020.csv", "2025": "ha-tinh-2025.csv"}
DEFAULT_ADMIN_UNITS_FILE = ADMIN_UNITS_FILES[DEFAULT_STRUCTURE]
assert tuple(ADMIN_UNITS_FILES) == STRUCTURES


def load_admin_units(structure: str = DEFAULT_STRUCTURE) -> AdminUnits:
    """The Hà Tĩnh units of that structure, read once per process.

    "2020": 13 districts, 216 communes. "2025": no districts, 69 communes. Any other name
    raises ValueError naming the known ones.
    """
    return _load(structure)


@cache  # keyed by the structure however the caller passed it (a default is no key)
def _load(structure: str) -> AdminUnits:
    file_name = ADMIN_UNITS_FILES.get(structure)
    if file_name is None:
        known = ", ".join(STRUCTURES)
        raise ValueError(f"unknown administrative structure {structure!r} (known: {known})")
    text = resources.files("data").joinpath(file_name).read_text(encoding="utf-8")
    return parse_admin_units(text, structure)


def load_default_admin_units() -> AdminUnits:
    """The Hà Tĩnh 2020 units (13 districts, 216 communes), read once per process."""
    return load_admin_units(DEFAULT_STRUCTURE)
