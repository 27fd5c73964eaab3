"""The province's yearly deadline (31 March by default, a setting): the date, the days left,
the deadline just missed, and the inbox header of those who send to the province (the district
in 2020, the commune in 2025), with a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from flows.conversation import Conversation, respond
from flows.deadlines import (
    PASSED_SHOWN_DAYS,
    deadline_in,
    deadline_status,
    parse_day_month,
    senders_to_province,
)
from flows.engine import Env
from flows.messages import UserMessage
from flows.principal import COMMUNE, DISTRICT, PROVINCE, Principal, RoleGrant
from flows.review_effects import InboxItem, InboxLoaded
from storage.admin_units_source import load_admin_units

VN = dt.timezone(dt.timedelta(hours=7))


def test_the_next_deadline_and_the_days_left() -> None:
    found = deadline_status(dt.date(2026, 12, 2))
    assert (found.deadline, found.days_left, found.passed) == (dt.date(2027, 3, 31), 119, None)
    on_the_day = deadline_status(dt.date(2027, 3, 31))
    assert (on_the_day.deadline, on_the_day.days_left) == (dt.date(2027, 3, 31), 0)


def test_a_deadline_just_missed_is_told_for_a_while() -> None:
    found = deadline_status(dt.date(2027, 4, 1))
    assert found.passed == dt.date(2027, 3, 31)
    assert (found.deadline, found.days_left) == (dt.date(2028, 3, 31), 365)
    last = dt.date(2027, 3, 31) + dt.timedelta(days=PASSED_SHOWN_DAYS)
    assert deadline_status(last).passed == dt.date(2027, 3, 31)
    assert deadline_status(last + dt.timedelta(days=1)).passed is None


def test_the_day_and_month_are_a_setting() -> None:
    assert parse_day_month("31/03") == parse_day_month("31/3") == (31, 3)
    assert parse_day_month("15-4") == (15, 4)
    for bad in ("31/02", "3", "x/y", "32/1"):
        with pytest.raises(ValueError):
            parse_day_month(bad)
    assert deadline_in(2027, (29, 2)) == dt.date(2027, 2, 28)
    assert deadline_status(dt.date(2026, 4, 10), (15, 4)).days_left == 5
    assert Settings(province_deadline="15/04").province_deadline_day_month() == (15, 4)
    assert Settings().province_deadline_day_month() == (31, 3)
    with pytest.raises(ValidationError):
        Settings(province_deadline="31/02")


def test_who_sends_to_the_province_in_each_structure() -> None:
    assert senders_to_province("2020") == {DISTRICT}
    assert senders_to_province("2025") == {COMMUNE}


def _inbox_text(structure: str, principal: Principal, now: dt.datetime, **env: object) -> str:
    units = load_admin_units(structure)
    context = Env(lang="vi", now=now, units=units, principal=principal, **env)  # type: ignore[arg-type]
    started = respond(Conversation(), UserMessage(text="/duyet", command="duyet"), context)
    item = InboxItem(
        1, "001/PĐK-42-441-2026", "Mật ong", "submitted", "18316", "441", now.isoformat()
    )
    shown = respond(started.conversation, InboxLoaded((item,), 0, 1), context)
    return shown.replies[-1].text


DISTRICT_2020 = Principal(1, "t", "d", (RoleGrant(DISTRICT, "441"),))
COMMUNE_2020 = Principal(2, "t", "c", (RoleGrant(COMMUNE, "18316"),))
COMMUNE_2025 = Principal(3, "t", "c", (RoleGrant(COMMUNE, "18073"),))
PROVINCE_ANY = Principal(4, "t", "v", (RoleGrant(PROVINCE),))


def test_the_inbox_of_whoever_sends_to_the_province_shows_the_deadline() -> None:
    december = dt.datetime(2026, 12, 2, 9, 0, tzinfo=VN)
    expected = "Hạn gửi tỉnh: 31/03/2027 (còn 119 ngày)"
    assert expected in _inbox_text("2020", DISTRICT_2020, december)
    assert "Hạn gửi tỉnh" not in _inbox_text("2020", COMMUNE_2020, december)
    assert "Hạn gửi tỉnh" not in _inbox_text("2020", PROVINCE_ANY, december)
    assert expected in _inbox_text("2025", COMMUNE_2025, december)
    # 23:30 on 31 March in Vietnam (16:30 UTC) is still the last day; an hour later is not.
    last_day = dt.datetime(2027, 3, 31, 16, 30, tzinfo=dt.UTC)
    assert "Hôm nay, 31/03/2027, là hạn cuối gửi tỉnh" in _inbox_text(
        "2020", DISTRICT_2020, last_day
    )
    after_midnight = last_day + dt.timedelta(hours=1)
    assert "Đã quá hạn gửi tỉnh 31/03/2027" in _inbox_text("2020", DISTRICT_2020, after_midnight)
    april = dt.datetime(2027, 4, 2, 8, 0, tzinfo=VN)
    text = _inbox_text("2020", DISTRICT_2020, april)
    assert "Đã quá hạn gửi tỉnh 31/03/2027" in text and "xét ở đợt sau" in text
    assert "Hạn gửi tỉnh: 31/03/2028 (còn 364 ngày)" in text
    moved = _inbox_text("2020", DISTRICT_2020, december, province_deadline=(15, 4))
    assert "Hạn gửi tỉnh: 15/04/2027 (còn 134 ngày)" in moved
