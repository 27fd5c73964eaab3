"""An idea's history in the chat: who did what to it and when, read from the audit log.

Reached by a notice's or a card's button `history:<id>:view`, by `/lichsu <id or registration
number>`, and by "Xem lịch sử" on an idea opened from an officer's inbox. An officer of the
idea's area sees each officer's name and role and their notes; the owner sees the same story
in plain words, without names and without the officers' notes (those are for officers only).
A long history is paged, `PAGE_SIZE` lines a page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from flows.engine import Ctx, Env, Flow, Outcome, Step, Transition, finish, new_form, stay
from flows.formatting import format_datetime
from flows.idea_history_effects import HistoryEvent, HistoryLoaded, HistoryRefused, LoadHistory
from flows.lifecycle import CHAINS
from flows.lifecycle import state as lifecycle_state
from flows.messages import Option, Reply, UserMessage
from flows.principal import COMMUNE, DISTRICT, PRODUCER, PROVINCE
from flows.record_ids import record_id
from flows.registry import Entry
from flows.text_match import resolve_choice

PAGE_SIZE: Final = 10  # lines a page: ten lines with notes stay under Zalo's 2,000 characters
NAMESPACE: Final = "history"

# Who took a step, as the subject of a sentence ("Xã chuyển lên huyện") and as a title.
ROLE_WORDS: Final = {
    COMMUNE: "HISTORY_BY_COMMUNE",
    DISTRICT: "HISTORY_BY_DISTRICT",
    PROVINCE: "HISTORY_BY_PROVINCE",
    PRODUCER: "HISTORY_BY_PRODUCER",
}
ROLE_TITLES: Final = {
    COMMUNE: "HISTORY_TITLE_COMMUNE",
    DISTRICT: "HISTORY_TITLE_DISTRICT",
    PROVINCE: "HISTORY_TITLE_PROVINCE",
}
COUNCIL_WORDS: Final = {
    DISTRICT: "HISTORY_COUNCIL_DISTRICT",
    PROVINCE: "HISTORY_COUNCIL_PROVINCE",
}
# What was done, by the audit log's action without "idea." (each text takes {by}).
DID_KEYS: Final = {
    "submit": "HISTORY_DID_SUBMIT",
    "forward": "HISTORY_DID_FORWARD",
    "send_province": "HISTORY_DID_SEND_PROVINCE",
    "select": "HISTORY_DID_SELECT",
    "approve": "HISTORY_DID_APPROVE",
    "return": "HISTORY_DID_RETURN",
    "reject": "HISTORY_DID_REJECT",
    "answer": "HISTORY_DID_ANSWER",
    "send_plan": "HISTORY_DID_SEND_PLAN",
    "approve_plan": "HISTORY_DID_APPROVE_PLAN",
    "develop": "HISTORY_DID_DEVELOP",
    "evaluate": "HISTORY_DID_EVALUATE",
    "score": "HISTORY_DID_SCORE",
    "certify": "HISTORY_DID_CERTIFY",
}
_PRODUCERS: Final = frozenset({"submit", "answer", "send_plan"})


def _verb(event: HistoryEvent) -> tuple[str, str | None]:
    """The action without "idea.", and the level of a council's score or certificate."""
    verb = event.action.removeprefix("idea.")
    head, _, level = verb.partition(".")
    if head in ("score", "certify") and level:
        return head, level
    return verb, None


def role_of(structure: str, event: HistoryEvent) -> str | None:
    """The role the step was taken in: the chain's move from the state before, the council's
    level, or the producer's own steps."""
    verb, level = _verb(event)
    if level is not None:
        return level
    if verb in _PRODUCERS:
        return PRODUCER
    chain = CHAINS.get(structure)
    if chain is None or event.source is None:
        return None
    return next((m.role for m in chain.moves_from(event.source) if m.action == verb), None)


def what_text(env: Env, structure: str, event: HistoryEvent) -> str:
    verb, level = _verb(event)
    role = role_of(structure, event)
    by = env.t(ROLE_WORDS[role]) if role in ROLE_WORDS else env.t("HISTORY_BY_SOMEONE")
    if level in COUNCIL_WORDS:
        by = env.t(COUNCIL_WORDS[level])
    key = DID_KEYS.get(verb)
    if key is None:
        if event.target:
            state = lifecycle_state(event.target).label(env.lang)
            return env.t("HISTORY_DID_MOVED", by=by, state=state)
        return env.t("HISTORY_DID_OTHER", by=by)
    text = env.t(
        key,
        by=by,
        text=event.text or "",
        points=event.points if event.points is not None else "",
        stars=event.stars if event.stars is not None else "",
    )
    if event.photos:
        text += env.t("HISTORY_WITH_PHOTOS", n=event.photos)
    return text


def who_text(env: Env, structure: str, event: HistoryEvent) -> str:
    """The officer's name and title; the producer's name alone (the sentence says who)."""
    role = role_of(structure, event)
    if role == PRODUCER:
        return event.actor or ""
    title = env.t(ROLE_TITLES[role]) if role in ROLE_TITLES else ""
    if event.actor and title:
        return env.t("HISTORY_WHO", name=event.actor, title=title)
    return event.actor or title


def line_text(env: Env, loaded: HistoryLoaded, event: HistoryEvent) -> str:
    when = format_datetime(dt.datetime.fromisoformat(event.at))
    what = what_text(env, loaded.structure, event)
    who = who_text(env, loaded.structure, event) if loaded.for_officer else ""
    if who:
        line = env.t("HISTORY_ROW_WHO", when=when, what=what, who=who)
    else:
        line = env.t("HISTORY_ROW", when=when, what=what)
    if loaded.for_officer and event.note:
        line += "\n" + env.t("HISTORY_NOTE", note=event.note)
    return line


def pages_of(loaded: HistoryLoaded) -> int:
    return max(1, -(-len(loaded.events) // PAGE_SIZE))


def page_text(env: Env, loaded: HistoryLoaded, page: int) -> str:
    pages = pages_of(loaded)
    lines = [
        env.t(
            "HISTORY_HEAD",
            product=loaded.product,
            number=loaded.number,
            page=page + 1,
            pages=pages,
        )
    ]
    shown = loaded.events[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    lines += [line_text(env, loaded, e) for e in shown]
    if not loaded.events:
        lines.append(env.t("HISTORY_EMPTY"))
    return "\n".join(lines)


def first_page(env: Env, loaded: HistoryLoaded) -> Reply:
    """The first page alone, saying how to read the rest (for a step of another flow)."""
    text = page_text(env, loaded, 0)
    if pages_of(loaded) > 1:
        text += "\n" + env.t("HISTORY_MORE", idea=loaded.idea_id)
    return Reply(text)


# --- the flow -------------------------------------------------------------------------


def _loaded(ctx: Ctx) -> HistoryLoaded | None:
    raw = ctx.data.get("_loaded")
    if raw is None:
        return None
    events = tuple(HistoryEvent(**e) for e in raw["events"])
    return HistoryLoaded(**{**raw, "events": events})


def _as_data(loaded: HistoryLoaded) -> dict[str, Any]:
    raw = vars(loaded).copy()
    raw["events"] = [vars(e).copy() for e in loaded.events]
    return raw


def ask_history(ctx: Ctx) -> Reply:
    loaded = _loaded(ctx)
    if loaded is None:
        return Reply(ctx.t("HISTORY_LOADING"))
    page = int(ctx.data.get("_page", 0))
    options = []
    if page + 1 < pages_of(loaded):
        options.append(Option("next", ctx.t("HISTORY_NEXT_PAGE")))
    if page > 0:
        options.append(Option("prev", ctx.t("HISTORY_PREVIOUS_PAGE")))
    options.append(Option("done", ctx.t("HISTORY_DONE")))
    return Reply(page_text(ctx.env, loaded, page), options=tuple(options))


def on_history(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, HistoryLoaded):
        if pages_of(event) == 1:
            return finish(Reply(page_text(ctx.env, event, 0)))
        return stay(data={"_loaded": _as_data(event), "_page": 0}, reprompt=True)
    if isinstance(event, HistoryRefused):
        return finish(Reply(ctx.t(event.reason)))
    loaded = _loaded(ctx)
    if not isinstance(event, UserMessage) or loaded is None:
        return stay()
    options = ask_history(ctx).options
    chosen: str | None = None
    if event.choice is not None:
        chosen = event.choice if any(o.id == event.choice for o in options) else None
    elif event.text is not None and not event.photos:
        found = resolve_choice(options, event.text)
        chosen = found.id if found else None
    page = int(ctx.data.get("_page", 0))
    if chosen == "next":
        return stay(data={"_page": min(page + 1, pages_of(loaded) - 1)}, reprompt=True)
    if chosen == "prev":
        return stay(data={"_page": max(page - 1, 0)}, reprompt=True)
    if chosen == "done":
        return finish()
    return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)


# Named apart from the buttons' namespace: a namespace that is also a flow's name is read as
# that form's own button (flows/conversation.py), and `history:<id>:view` must open anywhere.
HISTORY = Flow(
    name="idea_history",
    version=1,
    steps=(Step("history", ask_history, on_history, ("END",), numbered=False, can_go_back=False),),
)


def _outcome(idea: str, env: Env) -> Outcome:
    form = new_form(HISTORY, env, {"idea": idea})
    return Outcome(form, (), (LoadHistory(idea, env.units.structure),))


def begin_history(msg: UserMessage, env: Env) -> Outcome:
    """`/lichsu 12` or `/lichsu 001/PĐK-42-441-2026`."""
    typed = (msg.command_arg or "").strip().lstrip("#").strip()
    if not typed:
        return Outcome(None, (Reply(env.t("HISTORY_WHICH")),), ())
    return _outcome(typed, env)


def on_history_button(record: str, action: str, _: UserMessage, env: Env) -> Outcome | None:
    if action != "view" or record_id(record) is None:
        return None
    return _outcome(record, env)


ENTRIES: Final = (
    Entry(
        NAMESPACE,
        HISTORY,
        commands=("lichsu", "history"),
        pausable=False,
        on_button=on_history_button,
        begin_with=begin_history,
    ),
)
