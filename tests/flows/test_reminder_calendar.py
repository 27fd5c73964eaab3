"""The calendar as data: the shipped Hà Tĩnh file reproduces the seed's dates every year, a
province's own file is read with errors that name the entry and the field, and monthly and
29/02 deadlines fall on days that exist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flows.reminder_calendar import (
    Calendar,
    CalendarError,
    occurrences,
    parse_calendar,
    province_day_month,
)
from storage.calendar_source import default_calendar_text, load_calendar

D = dt.date


def _one(block: str, head: str = "") -> Calendar:
    return parse_calendar(head + "[[deadline]]\n" + block)


BASE = """id = "x"
name.vi = "việc x"
name.en = "task x"
concerns."2020" = ["district"]
"""


def test_the_shipped_calendar_reproduces_the_seed_every_year() -> None:
    calendar = load_calendar()
    for year in (2020, 2027, 2031):
        found = [
            (o.entry.id, o.date) for o in occurrences(calendar, D(year, 1, 1), D(year + 1, 1, 1))
        ]
        fixed = [f for f in found if f[0] != "monthly_report"]
        assert fixed == [
            ("ideas_to_province", D(year, 3, 31)),
            ("district_evaluation", D(year, 10, 31)),
            ("province_certification", D(year, 11, 30)),
        ]
        monthly = [d for e, d in found if e == "monthly_report"]
        assert monthly == [D(year, m, 20) for m in range(1, 13)]
    entry = calendar.get("ideas_to_province")
    assert entry is not None
    assert entry.remind_days == (14, 7, 3, 1) and entry.hour == (8, 0) and entry.legal
    assert entry.roles("2020") == ("commune", "district") and entry.roles("2025") == ("commune",)
    report = calendar.get("monthly_report")
    assert report is not None and report.roles("2025") == ("commune",)
    assert report.command_for("district") == "baocao" and report.command_for("commune") is None
    assert province_day_month(calendar) == (31, 3)


def test_the_shipped_file_is_package_data() -> None:
    assert "[[deadline]]" in default_calendar_text()
    assert "calendar/*.toml" in (Path(__file__).parents[2] / "pyproject.toml").read_text()


def test_occurrences_are_half_open_and_ordered() -> None:
    calendar = load_calendar()
    found = occurrences(calendar, D(2027, 3, 20), D(2027, 3, 31))
    assert [(o.entry.id, o.date) for o in found] == [("monthly_report", D(2027, 3, 20))]
    found = occurrences(calendar, D(2027, 3, 21), D(2027, 4, 1))
    assert [(o.entry.id, o.date) for o in found] == [("ideas_to_province", D(2027, 3, 31))]


def test_the_31st_and_29_february_fall_on_days_that_exist() -> None:
    monthly = _one(BASE + 'date = "31"\n')
    days = [o.date for o in occurrences(monthly, D(2027, 1, 1), D(2028, 1, 1))]
    assert days[1] == D(2027, 2, 28) and days[3] == D(2027, 4, 30) and days[0] == D(2027, 1, 31)
    assert len(days) == 12
    leap = _one(BASE + 'date = "29/02"\n')
    days = [o.date for o in occurrences(leap, D(2027, 1, 1), D(2029, 1, 1))]
    assert days == [D(2027, 2, 28), D(2028, 2, 29)]


def test_programme_years_and_defaults() -> None:
    calendar = _one(
        BASE + 'date = "15/06"\nfrom_year = 2027\nuntil_year = 2028\n',
        'hour = "07:30"\nremind_days = [2]\n',
    )
    days = [o.date for o in occurrences(calendar, D(2025, 1, 1), D(2031, 1, 1))]
    assert days == [D(2027, 6, 15), D(2028, 6, 15)]
    (entry,) = calendar.entries
    assert entry.hour == (7, 30) and entry.remind_days == (2,) and calendar.default_hour == (7, 30)


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (BASE + 'date = "31/02"\n', "deadline 'x': date: no year has '31/02'"),
        (BASE + "date = 20\n", "deadline 'x': date:"),
        (BASE + 'date = "32"\n', "deadline 'x': date: no month has day 32"),
        (BASE + 'date = "20"\nremind_days = [30]\n', "deadline 'x': remind_days: a monthly"),
        (BASE + 'date = "1/1"\nremind_days = []\n', "deadline 'x': remind_days"),
        (BASE + 'date = "1/1"\nhour = "25:00"\n', "deadline 'x': hour"),
        (BASE + 'date = "1/1"\nlegal = "yes"\n', "deadline 'x': legal"),
        (BASE + 'date = "1/1"\nfigure = "stars"\n', "deadline 'x': figure"),
        (BASE + 'date = "1/1"\ncolour = "red"\n', "deadline 'x': unknown field 'colour'"),
        (BASE.replace('["district"]', '["mayor"]') + 'date = "1/1"\n', "concerns.2020"),
        (BASE + 'date = "1/1"\nconcerns."2025" = ["district"]\n', "concerns.2025: the 2025"),
        (BASE.replace('name.en = "task x"\n', "") + 'date = "1/1"\n', "name.en: missing"),
        ('id = "Bad id"\n', "deadline #1: id"),
    ],
)
def test_errors_name_the_entry_and_the_field(block: str, message: str) -> None:
    with pytest.raises(CalendarError) as raised:
        _one(block)
    assert message in str(raised.value)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "quang-binh.toml"
    path.write_text("[[deadline]]\n" + BASE + 'date = "1/13"\n', encoding="utf-8")
    with pytest.raises(CalendarError, match=r"quang-binh\.toml: deadline 'x': date"):
        load_calendar(path)
    with pytest.raises(CalendarError, match="cannot be read"):
        load_calendar(tmp_path / "missing.toml")
    with pytest.raises(CalendarError, match="not valid TOML"):
        parse_calendar("[[deadline")
    with pytest.raises(CalendarError, match="used twice"):
        parse_calendar(("[[deadline]]\n" + BASE + 'date = "1/1"\n') * 2)
