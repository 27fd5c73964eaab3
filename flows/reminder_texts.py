"""A reminder put into words, in the recipient's language, when it is sent.

A row keeps the values its text needs (`params`, strings: flows/reminder_plan.py writes them);
the figures that matter (how many ideas still wait for a district officer's selection before
31 March) are read when it is sent, so that they are today's: `figures_needed` says which.
Options open the officer's inbox (or the idea, the answer, the plan) and pause reminders,
except for an officer's legal deadlines, which cannot be paused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

from flows import callback
from flows.business_plan import send_plan_button
from flows.messages import Option, Reply
from flows.principal import COMMUNE, DISTRICT, PRODUCER, PROVINCE
from flows.reminder_calendar import (
    FIGURE_DISTRICT_COUNCIL,
    FIGURE_PROVINCE_COUNCIL,
    FIGURE_SELECTION,
    FIGURE_WAITING,
)
from flows.reminder_types import (
    ANNOUNCEMENT,
    CERTIFICATE,
    DEADLINE,
    KINDS,
    PLAN_DUE,
    QUESTION,
    REGISTRATION,
    WAITING,
    WAITING_UP,
)
from flows.review import answer_button, view_button
from flows.texts import t

# The menu entries the options open (flows/registered.py; "reminders" is /reminders').
INBOX_ENTRY: Final = "inbox"
REMINDERS_ENTRY: Final = "reminders"
REGISTER_ENTRY: Final = "register"

FIGURE_KEYS: Final = {
    FIGURE_SELECTION: "REMINDER_FIGURE_SELECTION",
    FIGURE_WAITING: "REMINDER_FIGURE_WAITING",
    FIGURE_DISTRICT_COUNCIL: "REMINDER_FIGURE_DISTRICT_COUNCIL",
    FIGURE_PROVINCE_COUNCIL: "REMINDER_FIGURE_PROVINCE_COUNCIL",
}
WHO_KEYS: Final = {
    COMMUNE: "REMINDER_WHO_COMMUNE",
    DISTRICT: "REMINDER_WHO_DISTRICT",
    PROVINCE: "REMINDER_WHO_PROVINCE",
}
_IDEA_KEYS: Final = {
    WAITING: "REMINDER_WAITING",
    WAITING_UP: "REMINDER_WAITING_UP",
    QUESTION: "REMINDER_QUESTION",
    PLAN_DUE: "REMINDER_PLAN_DUE",
}


def menu_button(entry: str) -> str:
    return callback.encode("menu", "", entry)


def inbox_option(lang: str) -> Option:
    return Option(menu_button(INBOX_ENTRY), t("REMINDER_OPEN_INBOX", lang))


def pause_option(lang: str) -> Option:
    return Option(menu_button(REMINDERS_ENTRY), t("REMINDER_PAUSE", lang))


def figures_needed(kind: str, params: Mapping[str, str]) -> tuple[str, ...]:
    """The figures (flows/reminder_calendar.FIGURES) the text of this reminder says, for
    params["role"] in params["area"] under params["structure"]."""
    if kind == DEADLINE and params.get("figure") in FIGURE_KEYS:
        return (params["figure"],)
    return ()


def _date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def is_legal(params: Mapping[str, str]) -> bool:
    return params.get("legal") == "true"


def render_reminder(
    kind: str,
    params: Mapping[str, str],
    figures: Mapping[str, int],
    lang: str,
    *,
    late_days: int | None,
    days_left: int | None = None,
    legal: bool | None = None,
) -> Reply:
    """The reminder's message. `late_days`: days since its deadline passed (None or 0: not
    late); `days_left`: days until it, as of sending (None: the days it was planned for);
    `legal`: the row's flag (None: from params). Unknown kinds are a ValueError."""
    if kind not in KINDS:
        raise ValueError(f"unknown reminder kind {kind!r}")
    legal = is_legal(params) if legal is None else legal
    late = late_days if late_days and late_days > 0 else None
    if kind == DEADLINE:
        return _deadline(params, figures, lang, late, days_left, legal)
    if kind == CERTIFICATE:
        return _certificate(params, lang, late, days_left)
    if kind == REGISTRATION:
        options = (
            Option(menu_button(REGISTER_ENTRY), t("REMINDER_REGISTRATION_CONTINUE", lang)),
            pause_option(lang),
        )
        return Reply(t("REMINDER_REGISTRATION", lang), options=options, lang=lang)
    if kind == ANNOUNCEMENT:
        # Its words and its "Tôi sẽ tham gia" belong to the announcement (flows/announcement.py).
        raise ValueError("an announcement is put into words by announcement_reply")
    return _idea(kind, params, lang)


def _deadline(
    params: Mapping[str, str],
    figures: Mapping[str, int],
    lang: str,
    late: int | None,
    days_left: int | None,
    legal: bool,
) -> Reply:
    name = params.get("name_en" if lang == "en" else "name_vi") or params.get("entry", "")
    date = _date(params.get("date", ""))
    days = days_left if days_left is not None else _int(params.get("days"))
    if late is not None:
        lines = [t("REMINDER_DEADLINE_LATE", lang, date=date, late=late, name=name)]
    elif days <= 0:
        lines = [t("REMINDER_DEADLINE_TODAY", lang, date=date, name=name)]
    else:
        lines = [t("REMINDER_DEADLINE", lang, name=name, date=date, days=days)]
    for figure in figures_needed(DEADLINE, params):
        if figure not in figures:
            continue
        count = figures[figure]
        key = FIGURE_KEYS[figure] if count > 0 else "REMINDER_FIGURE_CLEAR"
        lines.append(t(key, lang, n=count) if count > 0 else t(key, lang))
    command = params.get("command")
    if command:
        lines.append(t("REMINDER_COMMAND", lang, command=command))
    options = [inbox_option(lang)]
    if not legal:
        options.append(pause_option(lang))
    return Reply("\n".join(lines), options=tuple(options), lang=lang)


def _certificate(
    params: Mapping[str, str], lang: str, late: int | None, days_left: int | None
) -> Reply:
    product = params.get("product", "")
    date = _date(params.get("valid_until", ""))
    days = days_left if days_left is not None else _int(params.get("days"))
    if late is not None:
        text = t("REMINDER_CERTIFICATE_LATE", lang, product=product, date=date, late=late)
    elif params.get("role", PRODUCER) != PRODUCER:
        text = t("REMINDER_CERTIFICATE_OFFICER", lang, product=product, date=date, days=days)
    else:
        text = t("REMINDER_CERTIFICATE", lang, product=product, date=date, days=days)
    return Reply(text, options=(pause_option(lang),), lang=lang)


def _idea(kind: str, params: Mapping[str, str], lang: str) -> Reply:
    idea_id = _int(params.get("idea"))
    values = {
        "product": params.get("product", ""),
        "number": params.get("number", ""),
        "since": _date(params.get("since", "")),
        "days": _int(params.get("days")),
    }
    if kind == WAITING_UP:
        role = params.get("role", "")
        values["who"] = t(WHO_KEYS[role], lang) if role in WHO_KEYS else ""
    text = t(_IDEA_KEYS[kind], lang, **values)
    buttons: list[tuple[str, str]] = []
    if kind in (WAITING, WAITING_UP):
        buttons.append(view_button(idea_id))
    elif kind == QUESTION:
        buttons.append(answer_button(idea_id))
    elif kind == PLAN_DUE:
        buttons.append(send_plan_button(idea_id))
    options = [Option(data, t(label, lang)) for data, label in buttons]
    if kind in (WAITING, WAITING_UP):
        options.append(inbox_option(lang))
    options.append(pause_option(lang))
    return Reply(text, options=tuple(options), lang=lang)
