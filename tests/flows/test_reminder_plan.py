"""The planner: a whole seed year gives exactly the expected deadline reminders, at 08:00 in
Vietnam, to the officers each deadline concerns under each structure, none twice and none in
the quiet hours; windows planned one after another give what one window gives; work waiting,
questions, plans, registrations and certificates fall due when the table says."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.formatting import VN_TZ
from flows.reminder_calendar import parse_calendar
from flows.reminder_plan import (
    ReminderSettings,
    out_of_quiet,
    parse_days,
    parse_quiet_hours,
    plan,
    selection_states,
    superior_role,
)
from flows.reminder_types import (
    CERTIFICATE,
    DEADLINE,
    PLAN_DUE,
    QUESTION,
    REGISTRATION,
    WAITING,
    WAITING_UP,
    Candidate,
    ExpiringCertificate,
    OfficerSeat,
    OpenRegistration,
    Snapshot,
    WaitingIdea,
)
from storage.calendar_source import load_calendar

CALENDAR = load_calendar()
D = dt.date
# 2020: An Phú commune in Vũ Quang district; 2025: a commune of the new structure.
AN_PHU, VU_QUANG, COMMUNE_2025 = "18316", "441", "18073"
C20 = OfficerSeat(1, "commune", AN_PHU, "2020")
D20 = OfficerSeat(2, "district", VU_QUANG, "2020")
P20 = OfficerSeat(3, "province", None, "2020")
C25 = OfficerSeat(4, "commune", COMMUNE_2025, "2025")
P25 = OfficerSeat(5, "province", None, "2025")
SEATS = (C20, D20, P20, C25, P25)


def vn(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=VN_TZ)


def _year(year: int) -> tuple[dt.datetime, dt.datetime]:
    return vn(year, 1, 1), vn(year + 1, 1, 1)


def _expected_deadlines(year: int) -> set[tuple[str, int, str, int]]:
    """(entry, user, date ISO, days before) written out from the seed, not from the planner."""
    rows: set[tuple[str, int, str, int]] = set()
    for seat in (C20, D20, C25):
        rows |= {("ideas_to_province", seat.user_id, f"{year}-03-31", d) for d in (14, 7, 3, 1)}
    rows |= {("district_evaluation", D20.user_id, f"{year}-10-31", d) for d in (14, 7, 3, 1)}
    for seat in (P20, P25):
        rows |= {
            ("province_certification", seat.user_id, f"{year}-11-30", d) for d in (14, 7, 3, 1)
        }
    for seat in (D20, C25):
        for month in range(1, 13):
            rows |= {("monthly_report", seat.user_id, f"{year}-{month:02d}-20", d) for d in (3, 1)}
    return rows


def test_a_whole_seed_year_gives_exactly_the_expected_deadline_reminders() -> None:
    start, end = _year(2027)
    found = plan(Snapshot(officers=SEATS), CALENDAR, start, end)
    assert all(c.kind == DEADLINE for c in found)
    got = [(c.params["entry"], c.user_id, c.params["date"], int(c.params["days"])) for c in found]
    assert len(got) == len(set(got)) == 72
    assert set(got) == _expected_deadlines(2027)
    assert len({c.key for c in found}) == len(found)
    for c in found:
        local = c.due_at.astimezone(VN_TZ)
        assert (local.hour, local.minute) == (8, 0) and c.due_at.utcoffset() == dt.timedelta(0)
        day = D.fromisoformat(c.params["date"])
        assert local.date() == day - dt.timedelta(days=int(c.params["days"]))
        assert c.deadline_at == vn(day.year, day.month, day.day) + dt.timedelta(days=1)
        assert c.legal and c.params["legal"] == "true"
    first = next(c for c in found if c.params["entry"] == "ideas_to_province" and c.user_id == 2)
    assert first.subject == "deadline:ideas_to_province:2027-03-31:district:441"
    assert first.due_at.isoformat() == "2027-03-17T01:00:00+00:00"
    assert first.params["figure"] == "selection" and first.params["command"] == "duyet"
    province = next(c for c in found if c.user_id == 3)
    assert province.subject.endswith(":province:*")
    # The 2025 commune reports monthly; /baocao is not theirs.
    report = next(c for c in found if c.user_id == 4 and c.params["entry"] == "monthly_report")
    assert "command" not in report.params
    assert found == sorted(found, key=lambda c: (c.due_at, c.kind, c.user_id, c.subject))


def test_a_seat_of_a_role_nobody_concerns_gets_nothing() -> None:
    start, end = _year(2027)
    assert (
        plan(Snapshot(officers=(OfficerSeat(9, "admin", None, "2020"),)), CALENDAR, start, end)
        == []
    )
    assert plan(Snapshot(officers=SEATS), CALENDAR, end, start) == []


def _idea(state: str, since: dt.datetime, structure: str = "2020", idea_id: int = 7) -> WaitingIdea:
    commune = AN_PHU if structure == "2020" else COMMUNE_2025
    district = VU_QUANG if structure == "2020" else ""
    return WaitingIdea(
        idea_id, "001/PĐK-42-441-2027", "Mật ong", state, since, structure, district, commune, 50
    )


def _busy_snapshot() -> Snapshot:
    since = vn(2027, 2, 27, 22, 40)  # late at night: every reminder of it is moved
    return Snapshot(
        officers=SEATS,
        ideas=(
            _idea("submitted", vn(2027, 3, 1, 10), idea_id=1),
            _idea("forwarded", since, idea_id=2),
            _idea("selected", vn(2027, 5, 5, 9), idea_id=3),
            _idea("returned_dist", vn(2027, 3, 2, 15), idea_id=4),
            _idea("approved", vn(2027, 4, 1, 9), idea_id=5),
            _idea("approved", vn(2027, 4, 1, 9), idea_id=6),
            _idea("submitted", vn(2027, 6, 1, 20, 59), "2025", idea_id=8),
            _idea("evaluating", vn(2027, 6, 1, 9), idea_id=9),
        ),
        registrations=(OpenRegistration(60, vn(2027, 3, 10, 23, 15)),),
        certificates=(
            ExpiringCertificate(11, "Nước mắm", D(2027, 12, 31), 61, VU_QUANG, "2020"),
            ExpiringCertificate(12, "Kẹo cu đơ", D(2027, 9, 30), None, VU_QUANG, "2020"),
            ExpiringCertificate(13, "Cam", D(2027, 9, 30), None, "", "2025", COMMUNE_2025),
        ),
        ideas_with_plan=frozenset({6}),
    )


def _work(found: list[Candidate]) -> list[tuple[str, int, str, str]]:
    return [
        (
            c.kind,
            c.user_id,
            c.subject.split(":")[1],
            c.due_at.astimezone(VN_TZ).strftime("%d/%m %H:%M"),
        )
        for c in found
        if c.kind != DEADLINE
    ]


def test_work_waiting_questions_plans_registrations_and_certificates() -> None:
    start, end = _year(2027)
    found = plan(_busy_snapshot(), CALENDAR, start, end)
    assert sorted(_work(found)) == sorted(
        [
            # Submitted 01/03 10:00: the commune after 7 days, the district after 14.
            (WAITING, 1, "1", "08/03 10:00"),
            (WAITING_UP, 2, "1", "15/03 10:00"),
            # Forwarded at 22:40: due at 22:40, moved to 07:00 the next morning.
            (WAITING, 2, "2", "07/03 07:00"),
            (WAITING_UP, 3, "2", "14/03 07:00"),
            # Waiting for the province: nobody above it.
            (WAITING, 3, "3", "12/05 09:00"),
            # A question of the district: its producer, after 3 days.
            (QUESTION, 50, "4", "05/03 15:00"),
            # Approved without a plan: after 14 days; idea 6 has one.
            (PLAN_DUE, 50, "5", "15/04 09:00"),
            # 2025: the commune, then the province (no districts); 20:59 + 7 days is not quiet.
            (WAITING, 4, "8", "08/06 20:59"),
            (WAITING_UP, 5, "8", "15/06 20:59"),
            # An unfinished registration at 23:15: after 2 days, at 07:00 the morning after.
            (REGISTRATION, 60, "2027-03-10T16", "13/03 07:00"),
            # Certificates: 90 and 30 days before, at 08:00, to the producer or the officers
            # who follow it (the district in 2020, the commune in 2025).
            (CERTIFICATE, 61, "11", "02/10 08:00"),
            (CERTIFICATE, 61, "11", "01/12 08:00"),
            (CERTIFICATE, 2, "12", "02/07 08:00"),
            (CERTIFICATE, 2, "12", "31/08 08:00"),
            (CERTIFICATE, 4, "13", "02/07 08:00"),
            (CERTIFICATE, 4, "13", "31/08 08:00"),
        ]
    )
    waiting = next(c for c in found if c.kind == WAITING and c.user_id == 2)
    assert waiting.subject == "idea:2:forwarded:2027-02-27T15:40:00+00:00"
    assert waiting.deadline_at is None and not waiting.legal
    up = next(c for c in found if c.kind == WAITING_UP and c.user_id == 3)
    assert up.subject == waiting.subject and up.params["role"] == "district"
    assert up.params["days"] == "14"
    (registration,) = [c for c in found if c.kind == REGISTRATION]
    assert registration.subject == "registration:2027-03-10T16:15:00+00:00"
    certificate = next(c for c in found if c.kind == CERTIFICATE and c.user_id == 61)
    assert certificate.subject == "product:11:2027-12-31:90"
    assert certificate.deadline_at == vn(2028, 1, 1)


def test_no_reminder_falls_in_the_quiet_hours() -> None:
    start, end = _year(2027)
    for c in plan(_busy_snapshot(), CALENDAR, start, end):
        assert 7 <= c.due_at.astimezone(VN_TZ).hour < 21, c


WINDOW_START, WINDOW_END = vn(2026, 12, 1), vn(2028, 2, 1)
WHOLE = plan(_busy_snapshot(), CALENDAR, WINDOW_START, WINDOW_END)
MINUTES = int((WINDOW_END - WINDOW_START) / dt.timedelta(minutes=1))
# Cuts on the hour a reminder falls on, and at midnight, are the boundaries that matter.
EDGES = [vn(2027, 3, 17, 8), vn(2027, 3, 8, 10), vn(2027, 7, 1)]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, MINUTES - 1), min_size=1, max_size=30),
    st.lists(st.sampled_from(EDGES), max_size=3),
)
def test_windows_one_after_another_give_what_one_window_gives(
    minutes: list[int], edges: list[dt.datetime]
) -> None:
    """However the planning is cut into runs (restarts, two processes), the runs together give
    exactly what one run over the whole time gives: nothing missed, nothing twice."""
    cuts = {WINDOW_START + dt.timedelta(minutes=m) for m in minutes} | set(edges)
    bounds = [WINDOW_START, *sorted(cuts), WINDOW_END]
    snapshot = _busy_snapshot()
    pieces = [c for a, b in itertools.pairwise(bounds) for c in plan(snapshot, CALENDAR, a, b)]
    assert pieces == WHOLE


def test_planning_twice_gives_the_same_keys() -> None:
    start, end = _year(2027)
    assert plan(_busy_snapshot(), CALENDAR, start, end) == plan(
        _busy_snapshot(), CALENDAR, start, end
    )


def test_quiet_hours_move_a_due_time_to_their_end() -> None:
    s = ReminderSettings()
    assert out_of_quiet(vn(2027, 3, 1, 21), s) == vn(2027, 3, 2, 7)
    assert out_of_quiet(vn(2027, 3, 1, 20, 59), s) == vn(2027, 3, 1, 20, 59)
    assert out_of_quiet(vn(2027, 3, 1, 0, 30), s) == vn(2027, 3, 1, 7)
    assert out_of_quiet(vn(2027, 3, 1, 7), s) == vn(2027, 3, 1, 7)
    # Quiet hours inside one day, and none at all.
    noon = ReminderSettings(quiet_start=12, quiet_end=14)
    assert out_of_quiet(vn(2027, 3, 1, 12, 30), noon) == vn(2027, 3, 1, 14)
    assert out_of_quiet(vn(2027, 3, 1, 22), noon) == vn(2027, 3, 1, 22)
    none = ReminderSettings(quiet_start=0, quiet_end=0)
    assert out_of_quiet(vn(2027, 3, 1, 3), none) == vn(2027, 3, 1, 3)
    assert parse_quiet_hours("21-7") == (21, 7) and parse_quiet_hours("none") == (0, 0)
    assert parse_days("30, 90") == (90, 30)


def test_a_calendar_hour_in_the_quiet_hours_is_moved_every_time_the_same_way() -> None:
    calendar = parse_calendar(
        '[[deadline]]\nid = "late"\nname.vi = "x"\nname.en = "x"\ndate = "10/03"\n'
        'hour = "22:30"\nremind_days = [1]\nconcerns."2020" = ["district"]\n'
    )
    (found,) = plan(Snapshot(officers=(D20,)), calendar, *_year(2027))
    assert found.due_at == vn(2027, 3, 10, 7)  # 09/03 22:30 moved to the next morning


def test_settings_change_when_work_reminds() -> None:
    settings = ReminderSettings(waiting_days=3, superior_factor=3, question_days=1)
    snapshot = Snapshot(
        officers=SEATS,
        ideas=(
            _idea("submitted", vn(2027, 3, 1, 10)),
            _idea("returned", vn(2027, 3, 1, 10), idea_id=2),
        ),
    )
    found = plan(snapshot, CALENDAR, vn(2027, 3, 1), vn(2027, 3, 15), settings)
    assert sorted(_work(found)) == sorted(
        [
            (WAITING, 1, "7", "04/03 10:00"),
            (WAITING_UP, 2, "7", "10/03 10:00"),
            (QUESTION, 50, "2", "02/03 10:00"),
        ]
    )


def test_who_is_above_whom_and_what_waits_for_selection() -> None:
    assert superior_role("2020", "commune") == "district"
    assert superior_role("2020", "district") == "province"
    assert superior_role("2025", "commune") == "province"
    assert superior_role("2020", "province") is None
    assert selection_states("2020", "district") == ("forwarded",)
    assert selection_states("2020", "commune") == ("submitted",)
    assert selection_states("2025", "commune") == ("submitted",)
    assert selection_states("2020", "province") == ("selected",)
