"""The review chain in the chat: an officer's "ideas waiting for me", an idea opened by a
notice's button, and the producer's answer to an officer's question.

- "Ý tưởng chờ tôi xử lý" (officers only): the ideas waiting for them in their areas, oldest
  first, `PAGE_SIZE` a page, each with how long it has waited; open one by its number (every
  answer and the photos), act by number, with a question or reason when the move needs one and
  an optional note; "forward all of this page" at once.
- `idea:<id>:view` (a notice's button): the idea's summary and where it is, for its owner or an
  officer of its area.
- `question:<id>:answer` or `/traloi <id>`: the producer answers an officer's question (text and
  photos); the idea goes back to whoever asked.

The handlers (handlers/review_effects.py) authorize every effect again where it is carried out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

from flows.authorization import Area
from flows.business_plan import MAX_OFFICER_NAME, MIN_AMOUNT, plan_replies
from flows.business_plan_effects import ApprovePlan, Candidate, LoadPlan, PlanLoaded
from flows.deadlines import deadline_status, senders_to_province
from flows.engine import (
    Ctx,
    Env,
    Flow,
    Outcome,
    Step,
    Transition,
    finish,
    goto,
    new_form,
    stay,
)
from flows.formatting import local
from flows.idea_answers import questions_for
from flows.idea_history import first_page
from flows.idea_history_effects import HistoryLoaded, HistoryRefused, LoadHistory
from flows.lifecycle import (
    APPROVE,
    APPROVE_PLAN,
    FORWARD,
    REJECT,
    RETURN,
    SELECT,
    SEND_PROVINCE,
    START_DEVELOPMENT,
    TO_EVALUATION,
    Move,
)
from flows.lifecycle import state as lifecycle_state
from flows.messages import Option, RejectedPhoto, Reply, StoredPhoto, UserMessage
from flows.money import format_vnd, parse_vnd
from flows.principal import OFFICER_ROLES, Principal
from flows.record_ids import record_id
from flows.registration import photo_refusal, summary_line
from flows.registry import Entry
from flows.review_effects import (
    AnswerQuestion,
    ApplyMoves,
    IdeaDetail,
    IdeaLoaded,
    InboxItem,
    InboxLoaded,
    LoadIdea,
    LoadInbox,
    LoadQuestion,
    MoveRequest,
    MovesApplied,
    QuestionAnswered,
    QuestionLoaded,
    ReviewRefused,
)
from flows.review_rules import allowed_moves
from flows.text_match import (
    fold,
    is_back,
    is_done,
    is_no,
    is_skip,
    is_yes,
    resolve_choice,
    typed_number,
)

PAGE_SIZE: Final = 8  # ideas a page: a page stays well under Zalo's 2,000 characters
MAX_ANSWER_PHOTOS: Final = 5
MAX_TEXT: Final = 1000  # a question, a reason, a note or an answer

ACTION_KEYS: Final = {
    FORWARD: "REVIEW_ACTION_FORWARD",
    SEND_PROVINCE: "REVIEW_ACTION_SEND_PROVINCE",
    SELECT: "REVIEW_ACTION_SELECT",
    APPROVE: "REVIEW_ACTION_APPROVE",
    RETURN: "REVIEW_ACTION_RETURN",
    REJECT: "REVIEW_ACTION_REJECT",
    APPROVE_PLAN: "REVIEW_ACTION_APPROVE_PLAN",
    START_DEVELOPMENT: "REVIEW_ACTION_DEVELOP",
    TO_EVALUATION: "REVIEW_ACTION_EVALUATE",
}

# What the producer is told when their idea comes into a state, and what to do next.
PRODUCER_NOTICES: Final = {
    "forwarded": "REVIEW_TOLD_FORWARDED",
    "to_province": "REVIEW_TOLD_TO_PROVINCE",
    "selected": "REVIEW_TOLD_SELECTED",
    "approved": "REVIEW_TOLD_APPROVED",
    "returned": "REVIEW_TOLD_RETURNED_COMMUNE",
    "returned_dist": "REVIEW_TOLD_RETURNED_DISTRICT",
    "returned_prov": "REVIEW_TOLD_RETURNED_PROVINCE",
    "rejected": "REVIEW_TOLD_REJECTED",
    "plan_approved": "REVIEW_TOLD_PLAN_APPROVED",
    "developing": "REVIEW_TOLD_DEVELOPING",
    "evaluating": "REVIEW_TOLD_EVALUATING",
}
# A question on the business plan sends it back to be sent again, not answered.
PLAN_RETURN_NOTICES: Final = {"plan_sent": "REVIEW_TOLD_PLAN_RETURNED"}
# States whose idea has a business plan to show when opened.
PLAN_STATES: Final = frozenset({"plan_sent", "plan_approved", "developing", "evaluating"})
# Onward moves "forward all" leaves alone: approving a plan takes its own figures.
NOT_IN_BULK: Final = frozenset({APPROVE_PLAN})
OFFICER_NOTICE: Final = "REVIEW_TOLD_OFFICER"
ANSWER_NOTICE: Final = "REVIEW_TOLD_ANSWERED"
VIEW_BUTTON: Final = "REVIEW_BUTTON_VIEW"
ANSWER_BUTTON: Final = "REVIEW_BUTTON_ANSWER"


def is_reviewer(principal: Principal) -> bool:
    return any(g.role in OFFICER_ROLES for g in principal.grants)


def view_button(idea_id: int) -> tuple[str, str]:
    return (f"idea:{idea_id}:view", VIEW_BUTTON)


def answer_button(idea_id: int) -> tuple[str, str]:
    return (f"question:{idea_id}:answer", ANSWER_BUTTON)


def waited_text(env: Env, since_iso: str) -> str:
    days = (env.now - dt.datetime.fromisoformat(since_iso)).days
    if days < 1:
        return env.t("REVIEW_WAITED_TODAY")
    return env.t("REVIEW_WAITED_DAYS", days=days)


def _text_of(event: object) -> str | None:
    if isinstance(event, UserMessage) and event.text is not None and not event.photos:
        text = event.text.strip()
        return text or None
    return None


def _item(raw: dict[str, Any]) -> InboxItem:
    return InboxItem(**raw)


def _items(ctx: Ctx) -> list[InboxItem]:
    return [_item(r) for r in ctx.data.get("_items") or []]


def _area_of(item: InboxItem | dict[str, Any]) -> Area:
    if isinstance(item, InboxItem):
        return Area(item.commune_code, item.district_code)
    return Area(item["commune_code"], item.get("district_code"))


def _structure(ctx: Ctx) -> str:
    return ctx.env.units.structure


def _commune_name(env: Env, code: str) -> str:
    commune = env.units.commune(code)
    return commune.name if commune else code


def _onward(ctx: Ctx, item: InboxItem) -> Move | None:
    moves = allowed_moves(ctx.env.principal, _structure(ctx), item.state, _area_of(item))
    return next((m for m in moves if m.onward and m.action not in NOT_IN_BULK), None)


# --- the inbox ------------------------------------------------------------------------


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def deadline_lines(env: Env) -> list[str]:
    """The province's deadline, for the officers who send ideas to it (flows/deadlines.py)."""
    senders = senders_to_province(env.units.structure)
    if not any(g.role in senders for g in env.principal.grants):
        return []
    today = local(env.now).date()
    found = deadline_status(today, env.province_deadline)
    lines = []
    if found.passed is not None:
        lines.append(env.t("DEADLINE_PASSED", passed=found.passed.strftime("%d/%m/%Y")))
    date = found.deadline.strftime("%d/%m/%Y")
    key = "DEADLINE_TODAY" if found.days_left == 0 else "DEADLINE_NEXT"
    lines.append(env.t(key, date=date, days=found.days_left))
    return lines


def ask_inbox(ctx: Ctx) -> Reply:
    if "_items" not in ctx.data:
        return Reply(ctx.t("REVIEW_LOADING"))
    items = _items(ctx)
    page = int(ctx.data.get("_page", 0))
    total = int(ctx.data.get("_total", len(items)))
    lines = [ctx.t("REVIEW_INBOX_HEAD", total=total, page=page + 1, pages=_pages(total))]
    lines += deadline_lines(ctx.env)
    options = []
    # Rows are bullets: the options below are the numbered list (on Zalo, numbered lines).
    for item in items:
        lines.append(
            ctx.t(
                "REVIEW_INBOX_ROW",
                product=item.product,
                number=item.number,
                commune=_commune_name(ctx.env, item.commune_code),
                state=lifecycle_state(item.state).label(ctx.env.lang),
                waited=waited_text(ctx.env, item.waiting_since),
            )
        )
        options.append(Option(f"i{item.idea_id}", item.product))
    if any(_onward(ctx, item) for item in items):
        options.append(Option("all", ctx.t("REVIEW_FORWARD_ALL")))
    if (page + 1) * PAGE_SIZE < total:
        options.append(Option("next", ctx.t("REVIEW_NEXT_PAGE")))
    if page > 0:
        options.append(Option("prev", ctx.t("REVIEW_PREVIOUS_PAGE")))
    lines.append(ctx.t("REVIEW_INBOX_FOOT"))
    return Reply("\n".join(lines), options=tuple(options))


def _loaded(event: InboxLoaded) -> dict[str, Any]:
    return {
        "_items": [vars(i).copy() for i in event.items],
        "_page": event.page,
        "_total": event.total,
    }


def _result_lines(ctx: Ctx, event: MovesApplied) -> Reply:
    lines = []
    for r in event.results:
        if r.target is None:
            reason = ctx.t(r.refused or "REVIEW_MOVE_GONE")
            lines.append(ctx.t("REVIEW_MOVE_REFUSED", product=r.product, reason=reason))
        else:
            target = lifecycle_state(r.target).label(ctx.env.lang)
            lines.append(ctx.t("REVIEW_MOVE_DONE", product=r.product, state=target))
    return Reply("\n".join(lines))


def _after_moves(ctx: Ctx, event: MovesApplied) -> Transition:
    page = int(ctx.data.get("_page", 0))
    reload = LoadInbox(_structure(ctx), page)
    return Transition(say=(_result_lines(ctx, event),), effects=(reload,), reprompt=False)


def _common(ctx: Ctx, event: object) -> Transition | None:
    """Events any step of the review may meet: a list loaded, moves carried out."""
    if isinstance(event, InboxLoaded):
        if event.total == 0:
            return finish(Reply(ctx.t("REVIEW_INBOX_EMPTY")))
        if not event.items and event.page > 0:  # the last page emptied: the one before
            reload = LoadInbox(_structure(ctx), event.page - 1)
            return Transition(effects=(reload,), reprompt=False)
        if ctx.step == "inbox":
            return stay(data=_loaded(event), reprompt=True)
        return goto("inbox", data=_loaded(event))
    if isinstance(event, MovesApplied):
        return _after_moves(ctx, event)
    return None


def on_inbox(ctx: Ctx, event: object) -> Transition:
    common = _common(ctx, event)
    if common is not None:
        return common
    if isinstance(event, IdeaLoaded):
        return _opened(ctx, event.detail)
    if isinstance(event, PlanLoaded):
        return _plan_loaded(ctx, event)
    if isinstance(event, ReviewRefused):
        return stay(Reply(ctx.t(event.reason)), reprompt=True)
    if not isinstance(event, UserMessage):
        return stay()
    chosen = _choice(ask_inbox(ctx).options, event)
    page = int(ctx.data.get("_page", 0))
    if chosen == "next":
        return Transition(effects=(LoadInbox(_structure(ctx), page + 1),), reprompt=False)
    if chosen == "prev":
        return Transition(effects=(LoadInbox(_structure(ctx), max(0, page - 1)),), reprompt=False)
    if chosen == "all":
        return goto("confirm_all")
    idea_id = record_id(chosen[1:]) if chosen is not None and chosen.startswith("i") else None
    if idea_id is not None:
        return Transition(effects=(LoadIdea(idea_id, _structure(ctx)),), reprompt=False)
    return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)


def _choice(options: tuple[Option, ...], event: UserMessage) -> str | None:
    if event.choice is not None:
        return event.choice if any(o.id == event.choice for o in options) else None
    if event.text is not None and not event.photos:
        found = resolve_choice(options, event.text)
        return found.id if found else None
    return None


# --- one idea -------------------------------------------------------------------------


def detail_replies(env: Env, detail: IdeaDetail) -> tuple[Reply, ...]:
    """Every answer of the registration, then its photos."""
    # summary_line reads only the environment and the answers.
    ctx = Ctx(env, {}, "idea", REVIEW)
    lines = [
        env.t("REVIEW_IDEA_HEAD", product=detail.product, number=detail.number),
        env.t(
            "REVIEW_IDEA_STATE",
            state=lifecycle_state(detail.state).label(env.lang),
            waited=waited_text(env, detail.waiting_since),
        ),
    ]
    has_districts = detail.district_code is not None
    for question in questions_for(has_districts):
        label, value = summary_line(ctx, detail.answers, question)
        if question.field == "phone" and not detail.phone_shown:
            masked = detail.phone_text  # "09•••••678" (flows/phone_visibility.py)
            hidden = env.t("REVIEW_PHONE_HIDDEN")
            value = f"{masked} {hidden}" if masked else hidden
        if question.field == "photos":  # with those sent with answers since, shown below
            value = env.t("PHOTO_COUNT", n=len(detail.photos))
        lines.append(f"• {label}: {value}")
    if detail.question:
        lines.append(env.t("REVIEW_IDEA_QUESTION", question=detail.question))
    photos = tuple(
        Reply(env.t("REVIEW_PHOTO", n=i, total=len(detail.photos)), photo=sha)
        for i, sha in enumerate(detail.photos, start=1)
    )
    return (Reply("\n".join(lines)), *photos)


def _opened(ctx: Ctx, detail: IdeaDetail) -> Transition:
    idea = {
        "idea_id": detail.idea_id,
        "state": detail.state,
        "product": detail.product,
        "commune_code": detail.commune_code,
        "district_code": detail.district_code,
    }
    if detail.state in PLAN_STATES:
        # Its business plan follows the idea, then the question what to do (PlanLoaded).
        load = LoadPlan(detail.idea_id, _structure(ctx))
        says = detail_replies(ctx.env, detail)
        return Transition(say=says, data={"_idea": idea}, effects=(load,), reprompt=False)
    return goto("idea", *detail_replies(ctx.env, detail), data={"_idea": idea})


def _idea_moves(ctx: Ctx) -> tuple[Move, ...]:
    idea = ctx.data["_idea"]
    return allowed_moves(ctx.env.principal, _structure(ctx), idea["state"], _area_of(idea))


def ask_idea(ctx: Ctx) -> Reply:
    moves = [Option(m.action, ctx.t(ACTION_KEYS[m.action])) for m in _idea_moves(ctx)]
    # The history (flows/idea_history.py) after the moves, so that their numbers stay.
    history = Option("history", ctx.t("REVIEW_ACTION_HISTORY"))
    options = [*moves, history, Option("back", ctx.t("REVIEW_BACK_TO_LIST"))]
    key = "REVIEW_IDEA_ASK" if moves else "REVIEW_IDEA_NOTHING_TO_DO"
    return Reply(ctx.t(key), options=tuple(options))


def on_idea(ctx: Ctx, event: object) -> Transition:
    common = _common(ctx, event)
    if common is not None:
        return common
    if isinstance(event, HistoryLoaded):
        return stay(first_page(ctx.env, event), reprompt=True)
    if isinstance(event, HistoryRefused):
        return stay(Reply(ctx.t(event.reason)), reprompt=True)
    if not isinstance(event, UserMessage):
        return stay()
    chosen = _choice(ask_idea(ctx).options, event)
    if chosen == "back":
        return goto("inbox")
    if chosen == "history":
        load = LoadHistory(str(ctx.data["_idea"]["idea_id"]), _structure(ctx))
        return Transition(effects=(load,), reprompt=False)
    move = next((m for m in _idea_moves(ctx) if m.action == chosen), None)
    if move is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if move.action == APPROVE_PLAN:
        return goto("plan_budget")
    data = {"_action": move.action, "_text": None}
    return goto("text" if move.needs_text else "note", data=data)


def ask_text(ctx: Ctx) -> Reply:
    key = "REVIEW_ASK_REASON" if ctx.data.get("_action") == REJECT else "REVIEW_ASK_QUESTION"
    return Reply(ctx.t(key, product=ctx.data["_idea"]["product"], max=MAX_TEXT))


def _too_long(ctx: Ctx, text: str) -> Transition | None:
    if len(text) > MAX_TEXT:
        return stay(Reply(ctx.t("REVIEW_TEXT_TOO_LONG", max=MAX_TEXT)), reprompt=True)
    return None


def on_text(ctx: Ctx, event: object) -> Transition:
    common = _common(ctx, event)
    if common is not None:
        return common
    text = _text_of(event)
    if text is None:
        return stay(Reply(ctx.t("REVIEW_TEXT_NEEDED")), reprompt=True)
    return _too_long(ctx, text) or goto("note", data={"_text": text})


def ask_note(ctx: Ctx) -> Reply:
    return Reply(
        ctx.t("REVIEW_ASK_NOTE", max=MAX_TEXT),
        options=(Option("skip", ctx.t("REVIEW_NOTE_SKIP")),),
    )


def on_note(ctx: Ctx, event: object) -> Transition:
    common = _common(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    note: str | None
    # "1" typed is the one option, "Bỏ qua" (Zalo and the console show it as "1. Bỏ qua").
    if event.choice == "skip" or typed_number(event.text or "") == 1:
        note = None
    else:
        text = _text_of(event)
        if text is None:
            return stay(Reply(ctx.t("REVIEW_TEXT_NEEDED")), reprompt=True)
        refused = _too_long(ctx, text)
        if refused is not None:
            return refused
        note = None if is_skip(text) else text
    idea = ctx.data["_idea"]
    request = MoveRequest(
        idea["idea_id"], str(ctx.data["_action"]), idea["state"], ctx.data.get("_text"), note
    )
    return Transition(effects=(_apply(ctx, (request,)),), reprompt=False)


def _apply(ctx: Ctx, moves: tuple[MoveRequest, ...]) -> ApplyMoves:
    return ApplyMoves(_structure(ctx), moves)


# --- approving a business plan: the budget support, the officer in charge -------------

_ZERO = re.compile(r"0+\s*(?:d|dong|vnd)?\.?")


def _plan_loaded(ctx: Ctx, event: PlanLoaded) -> Transition:
    officers = [[o.user_id, o.name, o.me] for o in event.officers]
    says = plan_replies(ctx.env, event.plan) if event.plan is not None else ()
    return goto("idea", *says, data={"_officers": officers})


def _budget_options(ctx: Ctx) -> tuple[Option, ...]:
    return (Option("none", ctx.t("REVIEW_PLAN_NO_SUPPORT")),)


def ask_plan_budget(ctx: Ctx) -> Reply:
    text = ctx.t("REVIEW_PLAN_ASK_BUDGET", product=ctx.data["_idea"]["product"])
    return Reply(text, options=_budget_options(ctx))


def _budget_of(text: str) -> int | None:
    if _ZERO.fullmatch(fold(text)) or is_no(text):
        return 0
    return parse_vnd(text)


def on_plan_budget(ctx: Ctx, event: object) -> Transition:
    common = _common(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    text = _text_of(event)
    if _choice(_budget_options(ctx), event) == "none":
        return goto("plan_officer", data={"_budget": 0})
    if text is None:
        return stay(Reply(ctx.t("REVIEW_TEXT_NEEDED")), reprompt=True)
    # "0" is an amount here (no support), so the step goes back only on the other words.
    if is_back(text) and not _ZERO.fullmatch(fold(text)):
        return goto("idea")
    budget = _budget_of(text)
    if budget is None:
        return stay(Reply(ctx.t("REVIEW_PLAN_BAD_BUDGET")), reprompt=True)
    if 0 < budget < MIN_AMOUNT:
        small = ctx.t(
            "REVIEW_PLAN_BUDGET_TOO_SMALL", amount=format_vnd(budget), min=format_vnd(MIN_AMOUNT)
        )
        return stay(Reply(small), reprompt=True)
    return goto("plan_officer", data={"_budget": budget})


def _candidates(ctx: Ctx) -> list[Candidate]:
    return [Candidate(int(u), str(n), bool(me)) for u, n, me in ctx.data.get("_officers") or []]


def _officer_options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(
        Option(f"u{c.user_id}", ctx.t("REVIEW_PLAN_OFFICER_ME", name=c.name) if c.me else c.name)
        for c in _candidates(ctx)
    )


def ask_plan_officer(ctx: Ctx) -> Reply:
    options = _officer_options(ctx)
    key = "REVIEW_PLAN_ASK_OFFICER" if options else "REVIEW_PLAN_ASK_OFFICER_NAME"
    product = ctx.data["_idea"]["product"]
    return Reply(ctx.t(key, product=product, max=MAX_OFFICER_NAME), options=options)


def on_plan_officer(ctx: Ctx, event: object) -> Transition:
    common = _common(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    chosen = _choice(_officer_options(ctx), event)
    if chosen is not None:
        picked = next(c for c in _candidates(ctx) if f"u{c.user_id}" == chosen)
        return goto("plan_confirm", data={"_responsible": [picked.user_id, picked.name]})
    text = _text_of(event)
    if text is None:
        return stay(Reply(ctx.t("REVIEW_TEXT_NEEDED")), reprompt=True)
    if not any(c.isalpha() for c in text):  # a number not in the list
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if len(text) > MAX_OFFICER_NAME:
        return stay(Reply(ctx.t("REVIEW_TEXT_TOO_LONG", max=MAX_OFFICER_NAME)), reprompt=True)
    return goto("plan_confirm", data={"_responsible": [None, " ".join(text.split())]})


def _plan_confirm_options(ctx: Ctx) -> tuple[Option, ...]:
    return (
        Option("yes", ctx.t("REVIEW_PLAN_APPROVE_YES")),
        Option("change", ctx.t("REVIEW_PLAN_CHANGE")),
        Option("no", ctx.t("REVIEW_PLAN_NOT_NOW")),
    )


def ask_plan_confirm(ctx: Ctx) -> Reply:
    budget = int(ctx.data["_budget"])
    shown = format_vnd(budget) if budget else ctx.t("PLAN_NO_SUPPORT")
    text = ctx.t(
        "REVIEW_PLAN_CONFIRM",
        product=ctx.data["_idea"]["product"],
        budget=shown,
        officer=ctx.data["_responsible"][1],
    )
    return Reply(text, options=_plan_confirm_options(ctx))


def on_plan_confirm(ctx: Ctx, event: object) -> Transition:
    common = _common(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    chosen = _choice(_plan_confirm_options(ctx), event)
    if chosen is None and event.text and is_yes(event.text):
        chosen = "yes"
    if chosen == "no":
        return goto("idea")
    if chosen == "change":
        return goto("plan_budget")
    if chosen != "yes":
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    idea = ctx.data["_idea"]
    user_id, name = ctx.data["_responsible"]
    effect = ApprovePlan(
        structure=_structure(ctx),
        idea_id=int(idea["idea_id"]),
        expected_state=str(idea["state"]),
        budget_support=int(ctx.data["_budget"]),
        responsible_name=str(name),
        responsible_user_id=int(user_id) if user_id is not None else None,
    )
    return Transition(effects=(effect,), reprompt=False)


# --- forward a whole page -------------------------------------------------------------


def _page_moves(ctx: Ctx) -> list[tuple[InboxItem, Move]]:
    found = []
    for item in _items(ctx):
        move = _onward(ctx, item)
        if move is not None:
            found.append((item, move))
    return found


def ask_confirm_all(ctx: Ctx) -> Reply:
    moves = _page_moves(ctx)
    lines = [ctx.t("REVIEW_CONFIRM_ALL", n=len(moves))]
    for item, move in moves:
        lines.append(f"• {item.product}: {ctx.t(ACTION_KEYS[move.action])}")
    options = (Option("yes", ctx.t("REVIEW_CONFIRM_YES")), Option("no", ctx.t("REVIEW_CONFIRM_NO")))
    return Reply("\n".join(lines), options=options)


def on_confirm_all(ctx: Ctx, event: object) -> Transition:
    common = _common(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    chosen = _choice(ask_confirm_all(ctx).options, event)
    if chosen is None and event.text and is_yes(event.text):
        chosen = "yes"
    if chosen == "no":
        return goto("inbox")
    if chosen != "yes":
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    requests = tuple(
        MoveRequest(item.idea_id, move.action, item.state) for item, move in _page_moves(ctx)
    )
    return Transition(effects=(_apply(ctx, requests),), reprompt=False)


REVIEW = Flow(
    name="review",
    version=1,
    steps=(
        Step(
            "inbox",
            ask_inbox,
            on_inbox,
            ("idea", "confirm_all", "END"),
            numbered=False,
            can_go_back=False,
        ),
        Step(
            "idea",
            ask_idea,
            on_idea,
            ("inbox", "text", "note", "plan_budget", "END"),
            numbered=False,
        ),
        Step("text", ask_text, on_text, ("note", "inbox", "END"), numbered=False),
        Step("note", ask_note, on_note, ("inbox", "END"), numbered=False),
        Step("confirm_all", ask_confirm_all, on_confirm_all, ("inbox", "END"), numbered=False),
        Step(
            "plan_budget",
            ask_plan_budget,
            on_plan_budget,
            ("plan_officer", "idea", "inbox", "END"),
            numbered=False,
            can_go_back=False,
        ),
        Step(
            "plan_officer",
            ask_plan_officer,
            on_plan_officer,
            ("plan_confirm", "inbox", "END"),
            numbered=False,
        ),
        Step(
            "plan_confirm",
            ask_plan_confirm,
            on_plan_confirm,
            ("idea", "plan_budget", "inbox", "END"),
            numbered=False,
        ),
    ),
)


def begin_review(_: UserMessage, env: Env) -> Outcome:
    """Asks for the first page at once; the list (InboxLoaded) is the first question."""
    return Outcome(new_form(REVIEW, env), (), (LoadInbox(env.units.structure, 0),))


# --- an idea opened from a notice -----------------------------------------------------


def card_text(env: Env, detail: IdeaDetail) -> str:
    lines = [
        env.t("REVIEW_IDEA_HEAD", product=detail.product, number=detail.number),
        env.t(
            "REVIEW_IDEA_STATE",
            state=lifecycle_state(detail.state).label(env.lang),
            waited=waited_text(env, detail.waiting_since),
        ),
    ]
    if detail.question:
        lines.append(env.t("REVIEW_IDEA_QUESTION", question=detail.question))
        if detail.owner_id == env.principal.user_id:
            lines.append(env.t("REVIEW_CARD_HOW_TO_ANSWER", idea=detail.idea_id))
    elif is_reviewer(env.principal):
        lines.append(env.t("REVIEW_CARD_OPEN_INBOX"))
    lines.append(env.t("HISTORY_CARD_HOW_TO", idea=detail.idea_id))
    return "\n".join(lines)


def _ask_card(ctx: Ctx) -> Reply:
    return Reply(ctx.t("REVIEW_LOADING"))


def on_card(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, IdeaLoaded):
        return finish(Reply(card_text(ctx.env, event.detail)))
    if isinstance(event, ReviewRefused):
        return finish(Reply(ctx.t(event.reason)))
    if isinstance(event, UserMessage):
        return Transition(effects=(LoadIdea(int(ctx.data["idea_id"]), _structure(ctx)),))
    return stay()


IDEA_CARD = Flow(
    name="idea_card",
    version=1,
    steps=(Step("loading", _ask_card, on_card, ("END",), numbered=False, can_go_back=False),),
)


def on_idea_button(record: str, action: str, _: UserMessage, env: Env) -> Outcome | None:
    idea_id = record_id(record)
    if action != "view" or idea_id is None:
        return None
    form = new_form(IDEA_CARD, env, {"idea_id": idea_id})
    return Outcome(form, (), (LoadIdea(idea_id, env.units.structure),))


# --- the producer answers a question --------------------------------------------------


def _photos_of(ctx: Ctx) -> list[list[Any]]:
    return [list(p) for p in ctx.data.get("_photos") or []]


def ask_answer(ctx: Ctx) -> Reply:
    if "_question" not in ctx.data:
        return Reply(ctx.t("REVIEW_LOADING"))
    return Reply(
        ctx.t(
            "REVIEW_ANSWER_ASK",
            product=ctx.data["_product"],
            question=ctx.data["_question"],
            max_photos=MAX_ANSWER_PHOTOS,
        )
    )


def on_answer(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, QuestionLoaded):
        data = {"_question": event.question, "_product": event.product, "_number": event.number}
        return stay(data=data, reprompt=True)
    if isinstance(event, ReviewRefused):
        return finish(Reply(ctx.t(event.reason)))
    if isinstance(event, QuestionAnswered):
        return finish(Reply(ctx.t("REVIEW_ANSWER_SENT", product=event.product)))
    if not isinstance(event, UserMessage) or "_question" not in ctx.data:
        return stay()
    photos = _photos_of(ctx)
    if event.photos:
        says = []
        for photo in event.photos:
            if isinstance(photo, RejectedPhoto):
                says.append(Reply(photo_refusal(ctx.env, photo.reason)))
            elif isinstance(photo, StoredPhoto):
                if len(photos) >= MAX_ANSWER_PHOTOS:
                    says.append(Reply(ctx.t("REVIEW_ANSWER_PHOTOS_FULL", max=MAX_ANSWER_PHOTOS)))
                    break
                if all(p[0] != photo.sha256 for p in photos):
                    photos.append([photo.sha256, photo.width, photo.height])
        says.append(Reply(ctx.t("REVIEW_ANSWER_PHOTO_TAKEN", n=len(photos))))
        return stay(*says, data={"_photos": photos})
    text = _text_of(event)
    if text is None:
        return stay(Reply(ctx.t("REVIEW_TEXT_NEEDED")), reprompt=True)
    if is_done(text) and photos:
        text = ""
    refused = _too_long(ctx, text)
    if refused is not None:
        return refused
    kept = tuple((str(s), int(w), int(h)) for s, w, h in photos)
    effect = AnswerQuestion(int(ctx.data["idea_id"]), text, kept)
    return Transition(effects=(effect,), reprompt=False)


ANSWER_FLOW = Flow(
    name="answer",
    version=1,
    steps=(Step("answer", ask_answer, on_answer, ("END",), numbered=False),),
)


def _answer_outcome(idea_id: int, env: Env) -> Outcome:
    form = new_form(ANSWER_FLOW, env, {"idea_id": idea_id})
    return Outcome(form, (), (LoadQuestion(idea_id),))


def begin_answer(msg: UserMessage, env: Env) -> Outcome:
    """`/traloi 12`: the question on idea 12."""
    typed = (msg.command_arg or "").strip().lstrip("#")
    idea_id = record_id(typed)
    if idea_id is None:
        return Outcome(None, (Reply(env.t("REVIEW_ANSWER_WHICH")),), ())
    return _answer_outcome(idea_id, env)


def on_question_button(record: str, action: str, _: UserMessage, env: Env) -> Outcome | None:
    idea_id = record_id(record)
    if action != "answer" or idea_id is None:
        return None
    return _answer_outcome(idea_id, env)


ENTRIES: Final = (
    Entry(
        "inbox",
        REVIEW,
        commands=("review", "choxuly", "duyet"),
        menu_key="MENU_REVIEW",
        order=15,
        visible=is_reviewer,
        begin_with=begin_review,
    ),
    Entry("idea", IDEA_CARD, pausable=False, on_button=on_idea_button),
    Entry(
        "question",
        ANSWER_FLOW,
        commands=("traloi", "answer"),
        on_button=on_question_button,
        begin_with=begin_answer,
    ),
)
