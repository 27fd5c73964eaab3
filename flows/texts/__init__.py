"""The one catalogue of everything the bot says, in Vietnamese and English.

Keys are UPPER_SNAKE; values are (Vietnamese, English) format strings. The catalogue is kept in
one module per feature (so that a feature's texts sit together and a new feature adds a module)
and joined here; a key defined twice is an error at import.
"""

from __future__ import annotations

from typing import Any

from flows.texts import (
    announcements,
    business_plan,
    cli,
    core,
    history,
    officers,
    operations,
    privacy,
    product_import,
    registration,
    reminder_preferences,
    reminders,
    reports,
    review,
    sales_points,
    scoring,
    stamps,
    training,
)

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

_PARTS: tuple[dict[str, tuple[str, str]], ...] = (
    core.TEXTS,
    registration.TEXTS,
    stamps.TEXTS,
    officers.TEXTS,
    cli.TEXTS,
    sales_points.TEXTS,
    review.TEXTS,
    business_plan.TEXTS,
    reports.TEXTS,
    scoring.TEXTS,
    history.TEXTS,
    training.TEXTS,
    product_import.TEXTS,
    announcements.TEXTS,
    reminder_preferences.TEXTS,
    reminders.TEXTS,
    operations.TEXTS,
    privacy.TEXTS,
)


def _join(parts: tuple[dict[str, tuple[str, str]], ...]) -> dict[str, tuple[str, str]]:
    joined: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = joined.keys() & part.keys()
        if twice:
            raise ValueError(f"text keys defined twice: {sorted(twice)}")
        joined.update(part)
    return joined


TEXTS: dict[str, tuple[str, str]] = _join(_PARTS)


def t(key: str, lang: str, **values: Any) -> str:
    """The text for `key` in `lang` (Vietnamese when unknown), filled with `values`."""
    vi, en = TEXTS[key]
    template = en if lang == "en" else vi
    return template.format(**values) if values else template


def has_key(key: str) -> bool:
    return key in TEXTS
