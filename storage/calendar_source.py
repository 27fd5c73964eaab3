"""Where the calendar of deadlines comes from: a province's own file (OCOP_CALENDAR), or the
Hà Tĩnh one inside the `data.calendar` package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final

from flows.reminder_calendar import Calendar, CalendarError, parse_calendar

DEFAULT_CALENDAR_FILE: Final = "ha-tinh.toml"


def default_calendar_text() -> str:
    return resources.files("data.calendar").joinpath(DEFAULT_CALENDAR_FILE).read_text("utf-8")


def load_calendar(path: Path | None = None) -> Calendar:
    """The calendar in `path` (None: the shipped Hà Tĩnh one); CalendarError naming the file,
    the entry and the field when it is wrong, or when the file cannot be read."""
    if path is None:
        return parse_calendar(default_calendar_text())
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CalendarError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        return parse_calendar(text)
    except CalendarError as error:
        raise CalendarError(f"{path}: {error}") from None
