"""`/deadlines` (`/hanchot`): an officer's coming deadlines from the province's calendar, with
the days left, today's figures that matter for each, and the reminders still to come for it.

The deadlines and reminders are worked out here from the calendar (as the planner works them
out: flows/reminder_plan.py); the figures are read through an effect
(handlers/deadline_list_effects.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from flows.deadline_list_effects import (
    DeadlineFiguresLoaded,
    FigureAsked,
    LoadDeadlineFigures,
)
from flows.engine import Ctx, Env, Flow, Outcome, Step, Transition, finish, new_form, stay
from flows.formatting import local
from flows.messages import Reply, UserMessage
from flows.principal import COMMUNE, DISTRICT, OFFICER_ROLES, Principal
from flows.registry import Entry
from flows.reminder_calendar import Calendar, CalendarEntry, occurrences
from flows.reminder_plan import ReminderSettings, at_local, out_of_quiet
from flows.reminder_texts import FIGURE_KEYS, WHO_KEYS
from flows.reminder_types import OfficerSeat

NAME: Final = "deadlines"
HORIZON_DAYS: Final = 60  # deadlines shown ahead; beyond it, each entry's next one
MAX_ITEMS: Final = 12  # a message stays under Zalo's 2,000 characters
_LOOK_AHEAD: Final = dt.timedelta(days=2 * 366)  # where an entry's next date is looked for


@dataclass(frozen=True)
class ComingDeadline:
    entry: CalendarEntry
    date: dt.date
    seat: OfficerSeat
    days_left: int
    reminders: tuple[dt.datetime, ...]  # still to come (UTC), earliest first


def officer_seats(principal: Principal, structure: str) -> tuple[OfficerSeat, ...]:
    return tuple(
        OfficerSeat(principal.user_id, g.role, g.area, structure)
        for g in principal.grants
        if g.role in OFFICER_ROLES
    )


def is_officer(principal: Principal) -> bool:
    return any(g.role in OFFICER_ROLES for g in principal.grants)


def reminders_of(
    entry: CalendarEntry, day: dt.date, now: dt.datetime, settings: ReminderSettings
) -> tuple[dt.datetime, ...]:
    """The reminders of this deadline still to come after `now`, as the planner plans them."""
    dues = (
        out_of_quiet(at_local(day - dt.timedelta(days=d), entry.hour, settings), settings)
        for d in entry.remind_days
    )
    return tuple(sorted(d for d in dues if d > now))


def coming_deadlines(
    calendar: Calendar,
    seats: tuple[OfficerSeat, ...],
    now: dt.datetime,
    settings: ReminderSettings = ReminderSettings(),  # noqa: B008
    horizon_days: int = HORIZON_DAYS,
) -> list[ComingDeadline]:
    """The deadlines concerning the seats from today for `horizon_days`, and the next one
    of each entry that has none in that time; by date, then the file's order."""
    today = now.astimezone(settings.tz).date()
    horizon = today + dt.timedelta(days=horizon_days)
    order = {e.id: i for i, e in enumerate(calendar.entries)}
    found: list[ComingDeadline] = []
    for entry in calendar.entries:
        concerned = [s for s in seats if s.role in entry.roles(s.structure)]
        if not concerned:
            continue
        alone = Calendar((entry,), calendar.default_hour)
        days = [o.date for o in occurrences(alone, today, horizon)]
        if not days:
            days = [o.date for o in occurrences(alone, horizon, horizon + _LOOK_AHEAD)][:1]
        for day in days:
            planned = reminders_of(entry, day, now, settings)
            for seat in concerned:
                found.append(ComingDeadline(entry, day, seat, (day - today).days, planned))
    roles = {r: i for i, r in enumerate(OFFICER_ROLES)}
    found.sort(key=lambda c: (c.date, order[c.entry.id], roles[c.seat.role], c.seat.area or ""))
    return found


def figures_asked(items: list[ComingDeadline]) -> tuple[FigureAsked, ...]:
    asked = (
        FigureAsked(i.entry.figure, i.seat.role, i.seat.area, i.seat.structure)
        for i in items
        if i.entry.figure
    )
    return tuple(dict.fromkeys(asked))


def _area_name(env: Env, seat: OfficerSeat) -> str:
    if seat.role == COMMUNE and seat.area:
        commune = env.units.commune(seat.area)
        return commune.name if commune else seat.area
    if seat.role == DISTRICT and seat.area:
        district = env.units.district(seat.area)
        return district.name if district else seat.area
    return env.units.province


def _when(env: Env, item: ComingDeadline, settings: ReminderSettings) -> str:
    days = ", ".join(local(d).strftime("%d/%m") for d in item.reminders)
    hours = sorted({d.astimezone(settings.tz).strftime("%H:%M") for d in item.reminders})
    return env.t("DEADLINES_AT", days=days, hour=", ".join(hours))


def list_text(env: Env, items: list[ComingDeadline], counts: Mapping[FigureAsked, int]) -> str:
    settings = env.reminder_settings
    today = local(env.now).date()
    lines = [env.t("DEADLINES_HEAD", today=today.strftime("%d/%m/%Y"))]
    if not items:
        lines.append(env.t("DEADLINES_NONE"))
    for item in items[:MAX_ITEMS]:
        name = item.entry.name(env.lang)
        date = item.date.strftime("%d/%m/%Y")
        if item.days_left == 0:
            lines.append(env.t("DEADLINES_ROW_TODAY", date=date, name=name))
        else:
            lines.append(env.t("DEADLINES_ROW", date=date, name=name, days=item.days_left))
        who = env.t(WHO_KEYS[item.seat.role])
        lines.append(env.t("DEADLINES_ROLE", who=who, area=_area_name(env, item.seat)))
        figure = item.entry.figure
        if figure:
            asked = FigureAsked(figure, item.seat.role, item.seat.area, item.seat.structure)
            count = counts.get(asked)
            if count is not None:
                text = env.t(FIGURE_KEYS[figure], n=count) if count else ""
                text = text or env.t("REMINDER_FIGURE_CLEAR")
                lines.append(env.t("DEADLINES_DETAIL", text=text))
        command = item.entry.command_for(item.seat.role)
        if command:
            text = env.t("REMINDER_COMMAND", command=command)
            lines.append(env.t("DEADLINES_DETAIL", text=text))
        if item.reminders:
            lines.append(env.t("DEADLINES_PLANNED", when=_when(env, item, settings)))
        else:
            lines.append(env.t("DEADLINES_NO_MORE"))
    if any(i.entry.legal for i in items[:MAX_ITEMS]):
        lines.append(env.t("DEADLINES_FOOT"))
    return "\n".join(lines)


def _items(env: Env) -> list[ComingDeadline]:
    if env.calendar is None:
        return []
    seats = officer_seats(env.principal, env.units.structure)
    return coming_deadlines(env.calendar, seats, env.now, env.reminder_settings)


# --- the flow -------------------------------------------------------------------------


def _loading(ctx: Ctx) -> Reply:
    return Reply(ctx.t("DEADLINES_LOADING"))


def on_figures(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, DeadlineFiguresLoaded):
        counts = {c.asked: c.count for c in event.counts}
        return finish(Reply(list_text(ctx.env, _items(ctx.env), counts)))
    return stay()


DEADLINES = Flow(
    name="deadline_list",
    version=1,
    steps=(Step("loading", _loading, on_figures, ("END",), numbered=False, can_go_back=False),),
)


def begin(_: UserMessage, env: Env) -> Outcome:
    if env.calendar is None:
        return Outcome(None, (Reply(env.t("DEADLINES_NO_CALENDAR")),), ())
    items = _items(env)
    asked = figures_asked(items[:MAX_ITEMS])
    if not asked:
        return Outcome(None, (Reply(list_text(env, items, {})),), ())
    return Outcome(new_form(DEADLINES, env), (), (LoadDeadlineFigures(asked),))


# Joined into the registry by flows/registered.py.
ENTRIES: Final = (
    Entry(
        NAME,
        DEADLINES,
        commands=("deadlines", "hanchot"),
        menu_key="MENU_DEADLINES",
        order=17,
        visible=is_officer,
        pausable=False,
        begin_with=begin,
    ),
)
