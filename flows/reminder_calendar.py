"""The annual cycle as data: a province's deadlines (data/calendar/<province>.toml) read into
a `Calendar`, and the dates they fall on in any span of programme years.

A programme year is a calendar year: ideas go up before 31 March, the district councils finish
in October, the province certifies in November, and a monthly deadline falls every month.
Errors name the entry and the field, so that a province editing its file knows what to fix.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from flows.admin_units import STRUCTURES
from flows.principal import OFFICER_ROLES

DEFAULT_REMIND_DAYS: Final = (14, 7, 3, 1)
DEFAULT_HOUR: Final = (8, 0)
# What a reminder may count for the officer (storage/reminder_figures.py reads each).
FIGURE_SELECTION: Final = "selection"
FIGURE_WAITING: Final = "waiting"
FIGURE_DISTRICT_COUNCIL: Final = "district_council"
FIGURE_PROVINCE_COUNCIL: Final = "province_council"
FIGURES: Final = (
    FIGURE_SELECTION,
    FIGURE_WAITING,
    FIGURE_DISTRICT_COUNCIL,
    FIGURE_PROVINCE_COUNCIL,
)
# A reminder of a monthly deadline must come after the month's previous one.
MAX_MONTHLY_REMIND_DAYS: Final = 27
MAX_REMIND_DAYS: Final = 365
IDEAS_TO_PROVINCE: Final = "ideas_to_province"  # the seed's entry the inbox line shows

_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")
_HOUR = re.compile(r"(\d{1,2}):(\d{2})")
_COMMAND = re.compile(r"[a-z][a-z0-9_]{0,31}")
_ENTRY_FIELDS: Final = frozenset(
    {
        "id",
        "name",
        "date",
        "concerns",
        "remind_days",
        "hour",
        "legal",
        "figure",
        "command",
        "from_year",
        "until_year",
    }
)


class CalendarError(ValueError):
    """The calendar file is wrong; the message says where (entry and field) and why."""


@dataclass(frozen=True)
class CalendarEntry:
    """One deadline. `day`/`month`: a fixed day each year, or `month` None for that day of
    every month. `concerns`: structure -> the officers' roles that must act under it."""

    id: str
    name_vi: str
    name_en: str
    day: int
    month: int | None
    concerns: Mapping[str, tuple[str, ...]]
    remind_days: tuple[int, ...] = DEFAULT_REMIND_DAYS
    hour: tuple[int, int] = DEFAULT_HOUR
    legal: bool = True
    figure: str | None = None
    # role -> the command (without "/") that does the work; "*" for every role.
    commands: Mapping[str, str] = field(default_factory=dict)
    from_year: int | None = None
    until_year: int | None = None

    @property
    def monthly(self) -> bool:
        return self.month is None

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi

    def roles(self, structure: str) -> tuple[str, ...]:
        return self.concerns.get(structure, ())

    def command_for(self, role: str) -> str | None:
        return self.commands.get(role) or self.commands.get("*")

    def applies_in(self, year: int) -> bool:
        if self.from_year is not None and year < self.from_year:
            return False
        return self.until_year is None or year <= self.until_year

    def date_in(self, year: int, month: int | None = None) -> dt.date:
        """The deadline of that year (a monthly one: of that month), moved to the month's last
        day when the month is shorter (29/02 in 2027 is 28/02; "31" in April is 30/04)."""
        month = self.month or month
        assert month is not None, "a monthly deadline needs its month"
        last = gregorian.monthrange(year, month)[1]
        return dt.date(year, month, min(self.day, last))

    @property
    def date_text(self) -> str:
        return f"{self.day:02d}" if self.month is None else f"{self.day:02d}/{self.month:02d}"


@dataclass(frozen=True)
class Calendar:
    entries: tuple[CalendarEntry, ...]
    # The hour of reminders that no entry owns (a certificate's end), and the entries' default.
    default_hour: tuple[int, int] = DEFAULT_HOUR

    def get(self, entry_id: str) -> CalendarEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)


@dataclass(frozen=True)
class Occurrence:
    entry: CalendarEntry
    date: dt.date


def occurrences(calendar: Calendar, start: dt.date, end: dt.date) -> list[Occurrence]:
    """Every deadline falling on a day in [start, end), by date then by the file's order."""
    found: list[tuple[dt.date, int, Occurrence]] = []
    for order, entry in enumerate(calendar.entries):
        for year in range(start.year, end.year + 1):
            if not entry.applies_in(year):
                continue
            months: tuple[int | None, ...] = tuple(range(1, 13)) if entry.monthly else (None,)
            for month in months:
                day = entry.date_in(year, month)
                if start <= day < end:
                    found.append((day, order, Occurrence(entry, day)))
    found.sort(key=lambda o: (o[0], o[1]))
    return [o[2] for o in found]


# --- reading the file -----------------------------------------------------------------


def parse_calendar(text: str) -> Calendar:
    """The calendar in TOML `text`; CalendarError naming the entry and field when wrong."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CalendarError(f"calendar: not valid TOML: {error}") from None
    unknown = set(raw) - {"remind_days", "hour", "deadline"}
    if unknown:
        raise CalendarError(f"calendar: unknown setting {sorted(unknown)[0]!r}")
    default_days = _remind_days("calendar", raw.get("remind_days", list(DEFAULT_REMIND_DAYS)))
    default_hour = _hour("calendar", raw.get("hour", "08:00"))
    blocks = raw.get("deadline", [])
    if not isinstance(blocks, list) or not blocks:
        raise CalendarError("calendar: no [[deadline]] entries")
    entries: list[CalendarEntry] = []
    for index, block in enumerate(blocks, start=1):
        entry = _entry(index, block, default_days, default_hour)
        if any(e.id == entry.id for e in entries):
            raise CalendarError(f"deadline {entry.id!r}: id: used twice")
        entries.append(entry)
    return Calendar(tuple(entries), default_hour)


def _entry(
    index: int, block: Any, default_days: tuple[int, ...], default_hour: tuple[int, int]
) -> CalendarEntry:
    where = f"deadline #{index}"
    if not isinstance(block, dict):
        raise CalendarError(f"{where}: not a table")
    entry_id = block.get("id")
    if not isinstance(entry_id, str) or not _ID.fullmatch(entry_id):
        raise CalendarError(f"{where}: id: letters a-z, digits and _ (up to 32), got {entry_id!r}")
    where = f"deadline {entry_id!r}"
    unknown = set(block) - _ENTRY_FIELDS
    if unknown:
        raise CalendarError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    name_vi, name_en = _names(where, block.get("name"))
    day, month = _date(where, block.get("date"))
    remind_days = _remind_days(where, block.get("remind_days", list(default_days)))
    if month is None and max(remind_days) > MAX_MONTHLY_REMIND_DAYS:
        raise CalendarError(
            f"{where}: remind_days: a monthly deadline is reminded at most "
            f"{MAX_MONTHLY_REMIND_DAYS} days before"
        )
    legal = block.get("legal", True)
    if not isinstance(legal, bool):
        raise CalendarError(f"{where}: legal: true or false, got {legal!r}")
    figure = block.get("figure")
    if figure is not None and figure not in FIGURES:
        raise CalendarError(f"{where}: figure: one of {', '.join(FIGURES)}, got {figure!r}")
    years = [_year(where, name, block.get(name)) for name in ("from_year", "until_year")]
    if years[0] is not None and years[1] is not None and years[1] < years[0]:
        raise CalendarError(f"{where}: until_year: before from_year")
    return CalendarEntry(
        id=entry_id,
        name_vi=name_vi,
        name_en=name_en,
        day=day,
        month=month,
        concerns=_concerns(where, block.get("concerns")),
        remind_days=remind_days,
        hour=_hour(where, block.get("hour", f"{default_hour[0]:02d}:{default_hour[1]:02d}")),
        legal=legal,
        figure=figure,
        commands=_commands(where, block.get("command")),
        from_year=years[0],
        until_year=years[1],
    )


def _names(where: str, raw: Any) -> tuple[str, str]:
    if not isinstance(raw, dict):
        raise CalendarError(f"{where}: name: needs name.vi and name.en")
    found = []
    for lang in ("vi", "en"):
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise CalendarError(f"{where}: name.{lang}: missing or empty")
        if len(value) > 120:
            raise CalendarError(f"{where}: name.{lang}: longer than 120 characters")
        found.append(value.strip())
    return found[0], found[1]


def _date(where: str, raw: Any) -> tuple[int, int | None]:
    """ "31/03" -> (31, 3); "20" -> (20, None): that day of every month."""
    if not isinstance(raw, str):
        raise CalendarError(f'{where}: date: "dd/mm" or "dd" in quotes, got {raw!r}')
    text = raw.strip()
    if text.isdigit():
        day = int(text)
        if not 1 <= day <= 31:
            raise CalendarError(f"{where}: date: no month has day {day}")
        return day, None
    parts = text.split("/")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise CalendarError(f'{where}: date: "dd/mm" (31/03) or "dd" (20), got {raw!r}')
    day, month = int(parts[0]), int(parts[1])
    try:
        dt.date(2024, month, day)  # a leap year: 29/02 is a day some years have
    except ValueError:
        raise CalendarError(f"{where}: date: no year has {raw!r}") from None
    return day, month


def _remind_days(where: str, raw: Any) -> tuple[int, ...]:
    ok = isinstance(raw, list) and raw and all(type(d) is int for d in raw)
    if not ok:
        raise CalendarError(f"{where}: remind_days: a list of whole days, got {raw!r}")
    days: list[int] = raw
    if any(not 0 <= d <= MAX_REMIND_DAYS for d in days):
        raise CalendarError(f"{where}: remind_days: each from 0 to {MAX_REMIND_DAYS}")
    if len(set(days)) != len(days):
        raise CalendarError(f"{where}: remind_days: a day given twice")
    return tuple(sorted(days, reverse=True))


def _hour(where: str, raw: Any) -> tuple[int, int]:
    found = _HOUR.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise CalendarError(f'{where}: hour: "HH:MM" such as "08:00", got {raw!r}')
    return int(found[1]), int(found[2])


def _concerns(where: str, raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise CalendarError(f'{where}: concerns: needs concerns."2020" and/or concerns."2025"')
    found: dict[str, tuple[str, ...]] = {}
    for structure, roles in raw.items():
        if structure not in STRUCTURES:
            known = ", ".join(STRUCTURES)
            raise CalendarError(f"{where}: concerns.{structure}: structures are {known}")
        if not isinstance(roles, list) or not all(r in OFFICER_ROLES for r in roles):
            known = ", ".join(OFFICER_ROLES)
            raise CalendarError(f"{where}: concerns.{structure}: a list of {known}; got {roles!r}")
        if structure == "2025" and "district" in roles:
            raise CalendarError(f"{where}: concerns.2025: the 2025 structure has no districts")
        found[structure] = tuple(dict.fromkeys(roles))
    return found


def _commands(where: str, raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    pairs = {"*": raw} if isinstance(raw, str) else raw
    if not isinstance(pairs, dict):
        raise CalendarError(f'{where}: command: "baocao" or command.district = "baocao"')
    found: dict[str, str] = {}
    for role, command in pairs.items():
        if role != "*" and role not in OFFICER_ROLES:
            raise CalendarError(f"{where}: command.{role}: not a role")
        if not isinstance(command, str) or not _COMMAND.fullmatch(command.lstrip("/")):
            raise CalendarError(f"{where}: command: a command without spaces, got {command!r}")
        found[role] = command.lstrip("/")
    return found


def _year(where: str, name: str, raw: Any) -> int | None:
    if raw is None:
        return None
    if type(raw) is not int or not 2000 <= raw <= 2200:
        raise CalendarError(f"{where}: {name}: a year such as 2027, got {raw!r}")
    return raw


def province_day_month(calendar: Calendar) -> tuple[int, int] | None:
    """The day and month of the calendar's deadline for ideas sent to the province (the
    inbox's line, flows/deadlines.py), when it has one fixed in the year."""
    entry = calendar.get(IDEAS_TO_PROVINCE)
    if entry is None or entry.month is None:
        return None
    return entry.day, entry.month
