"""The planner: every reminder due in a window, from a snapshot of the database and the
calendar. Pure and deterministic: the same state gives the same candidates with the same keys
(kind, user, subject, due time), so planning twice, or planning [a, b) then [b, c), writes each
reminder once (storage/reminders.py inserts by the key).

Due times are moved out of the quiet hours to their end (a reminder falling at 22:00 waits for
07:00), the same way every time, so that a moved reminder keeps its key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from flows.formatting import VN_TZ
from flows.lifecycle import ANSWER, APPROVE_PLAN, CHAINS, SEND_PLAN, Chain
from flows.principal import COMMUNE, DISTRICT, OFFICER_ROLES, PRODUCER, PROVINCE
from flows.reminder_calendar import (
    FIGURE_DISTRICT_COUNCIL,
    FIGURE_PROVINCE_COUNCIL,
    FIGURE_SELECTION,
    FIGURE_WAITING,
    Calendar,
    CalendarEntry,
    occurrences,
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

DAY: Final = dt.timedelta(days=1)
NO_AREA: Final = "*"  # a province-wide seat in a deadline's subject


@dataclass(frozen=True)
class ReminderSettings:
    """When each kind falls due (OCOP_REMINDER_* settings). Vietnam has no summer time: the
    local time is UTC+7 all year."""

    waiting_days: int = 7
    superior_factor: int = 2  # the superior is reminded after this many times waiting_days
    registration_days: int = 2
    question_days: int = 3
    plan_days: int = 14
    certificate_days: tuple[int, ...] = (90, 30)
    quiet_start: int = 21  # local hour the quiet hours begin
    quiet_end: int = 7  # and end (before quiet_start: they span midnight)
    tz: dt.tzinfo = VN_TZ


def parse_quiet_hours(text: str) -> tuple[int, int]:
    """ "21-7" -> (21, 7); "" or "none" -> (0, 0): no quiet hours."""
    cleaned = text.strip().lower()
    if cleaned in ("", "none", "0-0"):
        return 0, 0
    parts = cleaned.replace("–", "-").split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f'quiet hours are "21-7" (from 21:00 to 07:00), got {text!r}')
    start, end = int(parts[0]), int(parts[1])
    if not (0 <= start <= 23 and 0 <= end <= 23):
        raise ValueError(f"quiet hours: hours 0 to 23, got {text!r}")
    return start, end


def parse_days(text: str) -> tuple[int, ...]:
    """ "90,30" -> (90, 30): days before an end, largest first; "" -> none."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise ValueError(f'days are whole numbers such as "90,30", got {text!r}')
    return tuple(sorted({int(p) for p in parts}, reverse=True))


def out_of_quiet(moment: dt.datetime, settings: ReminderSettings) -> dt.datetime:
    """`moment` (aware), or the end of the quiet hours it falls in; in UTC."""
    start, end = settings.quiet_start, settings.quiet_end
    local = moment.astimezone(settings.tz)
    hour = local.hour
    if start == end:
        return moment.astimezone(dt.UTC)
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if start > end:  # across midnight: 21:00 to 07:00
        if hour >= start:
            return (morning + DAY).astimezone(dt.UTC)
        if hour < end:
            return morning.astimezone(dt.UTC)
    elif start <= hour < end:
        return morning.astimezone(dt.UTC)
    return moment.astimezone(dt.UTC)


def at_local(day: dt.date, hour: tuple[int, int], settings: ReminderSettings) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(*hour), settings.tz)


def deadline_moment(day: dt.date, settings: ReminderSettings) -> dt.datetime:
    """A deadline's day counts to its end: late from local midnight after it, in UTC."""
    return at_local(day + DAY, (0, 0), settings).astimezone(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


# --- who -----------------------------------------------------------------------------


def area_for(role: str, district_code: str, commune_code: str) -> str | None:
    """The area code a role is held in for an idea or product of these codes."""
    if role == COMMUNE:
        return commune_code
    if role == DISTRICT:
        return district_code
    return None


def superior_role(structure: str, role: str) -> str | None:
    """The next level up that exists in the structure's chain: commune → district → province
    in 2020, commune → province in 2025 (no districts); the province has none."""
    chain = CHAINS.get(structure)
    if chain is None or role not in OFFICER_ROLES:
        return None
    present = {m.role for m in chain.moves}
    above = OFFICER_ROLES[OFFICER_ROLES.index(role) + 1 :]
    return next((r for r in above if r in present), None)


def follower_role(structure: str) -> str | None:
    """Who follows a product after the province's approval: the one approving its plan."""
    chain = CHAINS.get(structure)
    if chain is None:
        return None
    return next((m.role for m in chain.moves if m.action == APPROVE_PLAN), None)


def seats_of(
    officers: Iterable[OfficerSeat], role: str, area: str | None, structure: str
) -> list[OfficerSeat]:
    """The seats of `role` in `area` under `structure` (the province's: any province seat)."""
    return [
        s
        for s in officers
        if s.role == role and s.structure == structure and (role == PROVINCE or s.area == area)
    ]


def _sources_of(chain: Chain, action: str) -> frozenset[str]:
    return frozenset(m.source for m in chain.moves if m.action == action)


def selection_states(structure: str, role: str) -> tuple[str, ...]:
    """The states before the province's approval in which an idea waits for `role`: what is
    still to select or send on before 31 March."""
    chain = CHAINS.get(structure)
    if chain is None:
        return ()
    before: list[str] = []
    state = "submitted"
    while state != "approved":
        before.append(state)
        onward = next((m for m in chain.moves_from(state) if m.onward), None)
        if onward is None:
            break
        state = onward.target
    return tuple(s for s in chain.waiting_states(role) if s in before)


def figure_scope(figure: str, structure: str, role: str) -> tuple[str, ...]:
    """The idea states a figure counts for `role` (the councils' figures count ideas in
    evaluation, told apart by their evaluation: storage/reminder_figures.py)."""
    chain = CHAINS.get(structure)
    if chain is None:
        return ()
    if figure == FIGURE_SELECTION:
        return selection_states(structure, role)
    if figure == FIGURE_WAITING:
        return chain.waiting_states(role)
    if figure in (FIGURE_DISTRICT_COUNCIL, FIGURE_PROVINCE_COUNCIL):
        return ("evaluating",)
    return ()


# --- the plan ------------------------------------------------------------------------


def plan(
    snapshot: Snapshot,
    calendar: Calendar,
    start: dt.datetime,
    end: dt.datetime,
    settings: ReminderSettings = ReminderSettings(),
) -> list[Candidate]:
    """Every reminder due in [start, end) (aware datetimes), each once, by due time."""
    found: dict[tuple[str, int, str, dt.datetime], Candidate] = {}
    parts: tuple[Iterable[Candidate], ...] = (
        deadline_reminders(calendar, snapshot.officers, start, end, settings),
        _idea_reminders(snapshot, settings),
        _registration_reminders(snapshot.registrations, settings),
        _certificate_reminders(snapshot, calendar, settings),
    )
    for part in parts:
        for candidate in part:
            if start <= candidate.due_at < end:
                found.setdefault(candidate.key, candidate)
    return sorted(found.values(), key=lambda c: (c.due_at, c.kind, c.user_id, c.subject))


def deadline_reminders(
    calendar: Calendar,
    officers: Iterable[OfficerSeat],
    start: dt.datetime,
    end: dt.datetime,
    settings: ReminderSettings = ReminderSettings(),
) -> list[Candidate]:
    """The calendar's reminders due in [start, end) to the seats each deadline concerns."""
    seats = tuple(officers)
    if not seats or not calendar.entries or end <= start:
        return []
    longest = max(max(e.remind_days) for e in calendar.entries)
    # Quiet hours move a reminder by less than a day: a day's margin either side.
    first = start.astimezone(settings.tz).date() - DAY
    last = end.astimezone(settings.tz).date() + dt.timedelta(days=longest + 2)
    found: list[Candidate] = []
    for occurrence in occurrences(calendar, first, last):
        entry, day = occurrence.entry, occurrence.date
        concerned = [s for s in seats if s.role in entry.roles(s.structure)]
        if not concerned:
            continue
        deadline_at = deadline_moment(day, settings)
        for offset in entry.remind_days:
            due = out_of_quiet(at_local(day - offset * DAY, entry.hour, settings), settings)
            if not start <= due < end:
                continue
            found.extend(_deadline(entry, day, offset, s, due, deadline_at) for s in concerned)
    return found


def _deadline(
    entry: CalendarEntry,
    day: dt.date,
    offset: int,
    seat: OfficerSeat,
    due: dt.datetime,
    deadline_at: dt.datetime,
) -> Candidate:
    area = seat.area or ""
    params = {
        "entry": entry.id,
        "date": day.isoformat(),
        "role": seat.role,
        "area": area,
        "structure": seat.structure,
        "name_vi": entry.name_vi,
        "name_en": entry.name_en,
        "days": str(offset),
        "legal": "true" if entry.legal else "false",
    }
    if entry.figure:
        params["figure"] = entry.figure
    command = entry.command_for(seat.role)
    if command:
        params["command"] = command
    return Candidate(
        kind=DEADLINE,
        user_id=seat.user_id,
        subject=f"deadline:{entry.id}:{day.isoformat()}:{seat.role}:{seat.area or NO_AREA}",
        due_at=due,
        deadline_at=deadline_at,
        legal=entry.legal,
        params=params,
    )


def _idea_params(idea: WaitingIdea) -> dict[str, str]:
    return {
        "idea": str(idea.idea_id),
        "number": idea.registration_number,
        "product": idea.product_name,
        "state": idea.state,
        "since": _iso(idea.since),
        "structure": idea.structure,
    }


def _idea_subject(idea: WaitingIdea) -> str:
    return f"idea:{idea.idea_id}:{idea.state}:{_iso(idea.since)}"


def _idea_reminders(snapshot: Snapshot, settings: ReminderSettings) -> Iterator[Candidate]:
    for idea in snapshot.ideas:
        chain = CHAINS.get(idea.structure)
        if chain is None or idea.state not in chain.states:
            continue
        role = chain.waiting_role(idea.state)
        if role == PRODUCER:
            yield from _producer_reminders(idea, chain, snapshot, settings)
        elif role in OFFICER_ROLES:
            yield from _waiting(idea, role, snapshot.officers, settings)


def _waiting(
    idea: WaitingIdea,
    role: str,
    officers: tuple[OfficerSeat, ...],
    settings: ReminderSettings,
) -> Iterator[Candidate]:
    area = area_for(role, idea.district_code, idea.commune_code)
    base = {**_idea_params(idea), "role": role, "area": area or ""}
    due = out_of_quiet(idea.since + settings.waiting_days * DAY, settings)
    params = {**base, "days": str(settings.waiting_days)}
    for seat in seats_of(officers, role, area, idea.structure):
        yield Candidate(WAITING, seat.user_id, _idea_subject(idea), due, params=params)
    up = superior_role(idea.structure, role)
    if up is None:
        return
    up_area = area_for(up, idea.district_code, idea.commune_code)
    days = settings.waiting_days * settings.superior_factor
    due_up = out_of_quiet(idea.since + days * DAY, settings)
    params_up = {**base, "days": str(days), "superior": up, "superior_area": up_area or ""}
    for seat in seats_of(officers, up, up_area, idea.structure):
        yield Candidate(WAITING_UP, seat.user_id, _idea_subject(idea), due_up, params=params_up)


def _producer_reminders(
    idea: WaitingIdea, chain: Chain, snapshot: Snapshot, settings: ReminderSettings
) -> Iterator[Candidate]:
    if idea.state in _sources_of(chain, ANSWER):
        kind, days = QUESTION, settings.question_days
    elif idea.state in _sources_of(chain, SEND_PLAN):
        if idea.idea_id in snapshot.ideas_with_plan:
            return
        kind, days = PLAN_DUE, settings.plan_days
    else:
        return
    due = out_of_quiet(idea.since + days * DAY, settings)
    params = {**_idea_params(idea), "days": str(days)}
    yield Candidate(kind, idea.producer_user_id, _idea_subject(idea), due, params=params)


def _registration_reminders(
    registrations: Iterable[OpenRegistration], settings: ReminderSettings
) -> Iterator[Candidate]:
    for form in registrations:
        due = out_of_quiet(form.updated_at + settings.registration_days * DAY, settings)
        params = {"updated": _iso(form.updated_at), "days": str(settings.registration_days)}
        subject = f"registration:{_iso(form.updated_at)}"
        yield Candidate(REGISTRATION, form.user_id, subject, due, params=params)


def _certificate_reminders(
    snapshot: Snapshot, calendar: Calendar, settings: ReminderSettings
) -> Iterator[Candidate]:
    for product in snapshot.certificates:
        recipients = _certificate_recipients(product, snapshot.officers)
        deadline_at = deadline_moment(product.valid_until, settings)
        for days in settings.certificate_days:
            raw = at_local(product.valid_until - days * DAY, calendar.default_hour, settings)
            due = out_of_quiet(raw, settings)
            subject = f"product:{product.product_id}:{product.valid_until.isoformat()}:{days}"
            for user_id, role in recipients:
                params = {
                    "product_id": str(product.product_id),
                    "product": product.product_name,
                    "valid_until": product.valid_until.isoformat(),
                    "days": str(days),
                    "role": role,
                }
                yield Candidate(CERTIFICATE, user_id, subject, due, deadline_at, False, params)


def _certificate_recipients(
    product: ExpiringCertificate, officers: tuple[OfficerSeat, ...]
) -> list[tuple[int, str]]:
    """The producer; without one, the officers who follow products in its area (the
    province's when nobody does)."""
    if product.producer_user_id is not None:
        return [(product.producer_user_id, PRODUCER)]
    role = follower_role(product.structure)
    seats: list[OfficerSeat] = []
    if role is not None:
        area = area_for(role, product.district_code, product.commune_code)
        seats = seats_of(officers, role, area, product.structure) if area else []
    if not seats:
        seats = seats_of(officers, PROVINCE, None, product.structure)
    return list(dict.fromkeys((s.user_id, s.role) for s in seats))
