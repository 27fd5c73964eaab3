"""/deadlines worked out from the calendar: the next 60 days, else each entry's next date;
the reminders still to come; no calendar said plainly; the 2025 structure's seats."""

from __future__ import annotations

import datetime as dt

from flows.conversation import Conversation, respond
from flows.deadline_list import coming_deadlines, officer_seats
from flows.deadline_list_effects import DeadlineFiguresLoaded, FigureCount, LoadDeadlineFigures
from flows.engine import Env
from flows.formatting import VN_TZ
from flows.messages import UserMessage
from flows.principal import Principal, RoleGrant
from flows.reminder_calendar import Calendar
from storage.admin_units_source import load_admin_units
from storage.calendar_source import load_calendar

CALENDAR = load_calendar()
COMMUNE_2025 = Principal(3, "t", "c", (RoleGrant("commune", "18073"),))
PROVINCE = Principal(4, "t", "p", (RoleGrant("province"),))


def _env(principal: Principal, now: dt.datetime, calendar: Calendar | None = CALENDAR) -> Env:
    return Env("vi", now, load_admin_units("2020"), principal=principal, calendar=calendar)


def test_the_coming_deadlines_of_a_2025_commune_officer() -> None:
    now = dt.datetime(2027, 3, 18, 9, 0, tzinfo=VN_TZ)
    seats = officer_seats(COMMUNE_2025, "2025")
    found = coming_deadlines(CALENDAR, seats, now)
    got = [(c.entry.id, c.date.isoformat(), c.days_left, len(c.reminders)) for c in found]
    # 20/03: its reminder of 17/03 is past; 31/03: 17/03 past, three to come.
    assert got == [
        ("monthly_report", "2027-03-20", 2, 1),
        ("ideas_to_province", "2027-03-31", 13, 3),
        ("monthly_report", "2027-04-20", 33, 2),
    ]
    assert all(c.entry.id != "district_evaluation" for c in found)  # no districts in 2025


def test_the_province_sees_its_next_deadline_months_ahead() -> None:
    now = dt.datetime(2027, 12, 5, 9, 0, tzinfo=VN_TZ)
    found = coming_deadlines(CALENDAR, officer_seats(PROVINCE, "2020"), now)
    assert [(c.entry.id, c.date.isoformat()) for c in found] == [
        ("province_certification", "2028-11-30")
    ]
    assert len(found[0].reminders) == 4


def test_the_flow_asks_for_figures_then_lists() -> None:
    now = dt.datetime(2027, 11, 20, 9, 0, tzinfo=VN_TZ)
    env = _env(PROVINCE, now)
    started = respond(Conversation(), UserMessage(text="/hanchot", command="hanchot"), env)
    (effect,) = started.effects
    assert isinstance(effect, LoadDeadlineFigures)
    assert [a.figure for a in effect.asked] == ["province_council"]
    (asked,) = effect.asked
    shown = respond(started.conversation, DeadlineFiguresLoaded((FigureCount(asked, 5),)), env)
    text = shown.replies[0].text
    assert "• 30/11/2027 — tỉnh đánh giá và cấp giấy chứng nhận sản phẩm OCOP (còn 10 ngày)" in text
    assert "Còn 5 sản phẩm chờ tỉnh chấm điểm và cấp chứng nhận." in text
    assert "Sẽ nhắc: 23/11, 27/11, 29/11 lúc 08:00" in text
    assert shown.conversation.form is None


def test_without_a_calendar_it_says_so() -> None:
    env = _env(PROVINCE, dt.datetime(2027, 1, 1, tzinfo=VN_TZ), calendar=None)
    said = respond(Conversation(), UserMessage(text="/deadlines", command="deadlines"), env)
    assert "Chưa có lịch hạn" in said.replies[0].text and not said.effects
