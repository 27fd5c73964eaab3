"""`/reminders` (`/nhacnho`), for everyone: whether their reminders are on, paused until a day,
or stopped; pause them 7 or 30 days, stop them, or turn them back on. An officer's legal
deadlines (Candidate.legal) come all the same, and officers are told so.

Reminder messages offer "Tạm dừng nhắc" as the menu button of this entry ("menu::reminders").
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from flows.engine import Ctx, Env, Flow, Outcome, Step, Transition, finish, new_form, stay
from flows.formatting import format_datetime
from flows.messages import Option, Reply, UserMessage
from flows.registry import Entry
from flows.reminder_preference_effects import (
    LoadReminderPreference,
    ReminderPreference,
    ReminderPreferenceLoaded,
    ReminderPreferenceSaved,
    SaveReminderPreference,
)
from flows.text_match import resolve_choice

NAME: Final = "reminders"
PAUSE_SHORT_DAYS: Final = 7
PAUSE_LONG_DAYS: Final = 30

ON: Final = "on"
PAUSED: Final = "paused"
STOPPED: Final = "stopped"


def state_of(preference: ReminderPreference, now: dt.datetime) -> str:
    if preference.stopped:
        return STOPPED
    if preference.paused_until is not None and preference.paused_until > now:
        return PAUSED
    return ON  # a pause that ran out is on again


def _until(ctx: Ctx) -> dt.datetime | None:
    raw = ctx.data.get("_until")
    return dt.datetime.fromisoformat(str(raw)) if raw else None


def _options(ctx: Ctx) -> tuple[Option, ...]:
    state = str(ctx.data.get("_state", ON))
    options = [
        Option("pause_short", ctx.t("REMINDERS_PAUSE", days=PAUSE_SHORT_DAYS)),
        Option("pause_long", ctx.t("REMINDERS_PAUSE", days=PAUSE_LONG_DAYS)),
    ]
    if state != STOPPED:
        options.append(Option("stop", ctx.t("REMINDERS_STOP")))
    if state != ON:
        options.append(Option("on", ctx.t("REMINDERS_TURN_ON")))
    options.append(Option("leave", ctx.t("REMINDERS_LEAVE")))
    return tuple(options)


def status_text(env: Env, state: str, until: dt.datetime | None) -> str:
    if state == PAUSED and until is not None:
        line = env.t("REMINDERS_PAUSED", date=format_datetime(until))
    elif state == STOPPED:
        line = env.t("REMINDERS_STOPPED")
    else:
        line = env.t("REMINDERS_ON")
    if env.principal.is_officer:
        line += "\n" + env.t("REMINDERS_OFFICER_NOTE")
    return line


def _ask(ctx: Ctx) -> Reply:
    if "_state" not in ctx.data:
        return Reply(ctx.t("REMINDERS_LOADING"))
    text = status_text(ctx.env, str(ctx.data["_state"]), _until(ctx))
    return Reply(f"{text}\n{ctx.t('REMINDERS_ASK')}", options=_options(ctx))


def chosen_preference(choice: str, now: dt.datetime) -> ReminderPreference | None:
    """What the choice stores; None for "leave as it is"."""
    if choice == "pause_short":
        return ReminderPreference(now + dt.timedelta(days=PAUSE_SHORT_DAYS))
    if choice == "pause_long":
        return ReminderPreference(now + dt.timedelta(days=PAUSE_LONG_DAYS))
    if choice == "stop":
        return ReminderPreference(stopped=True)
    if choice == "on":
        return ReminderPreference()
    return None


def _saved_text(env: Env, preference: ReminderPreference) -> str:
    state = state_of(preference, env.now)
    if state == PAUSED and preference.paused_until is not None:
        return env.t("REMINDERS_SET_PAUSED", date=format_datetime(preference.paused_until))
    if state == STOPPED:
        return env.t("REMINDERS_SET_STOPPED")
    return env.t("REMINDERS_SET_ON")


def on_choice(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, ReminderPreferenceLoaded):
        pref = event.preference
        until = pref.paused_until.isoformat() if pref.paused_until else None
        data = {"_state": state_of(pref, ctx.env.now), "_until": until}
        return stay(data=data, reprompt=True)
    if isinstance(event, ReminderPreferenceSaved):
        return finish(Reply(_saved_text(ctx.env, event.preference)))
    if not isinstance(event, UserMessage) or "_state" not in ctx.data:
        return stay()
    options = _options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    if chosen is None and event.text:
        chosen = resolve_choice(options, event.text)
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    preference = chosen_preference(chosen.id, ctx.env.now)
    if preference is None:
        return finish(Reply(ctx.t("REMINDERS_LEFT")))
    return Transition(reprompt=False, effects=(SaveReminderPreference(preference),))


REMINDERS = Flow(
    name="reminder_preferences",
    version=1,
    steps=(Step("choice", _ask, on_choice, ("END",), numbered=False, can_go_back=False),),
)


def begin(_: UserMessage, env: Env) -> Outcome:
    return Outcome(new_form(REMINDERS, env), (), (LoadReminderPreference(),))


ENTRIES: Final = (
    Entry(
        NAME,
        REMINDERS,
        commands=("reminders", "nhacnho"),
        pausable=False,
        begin_with=begin,
    ),
)
