"""The business plan (Biểu 03, phương án sản xuất kinh doanh): after the province approved
an idea, its producer sends the plan; the officer who approves plans (district in the 2020
structure, commune in 2025) reads it in their review (flows/review.py).

Reached by `/phuongan` (which idea, by number, when several wait), `/phuongan 12`, or the
`plan:<idea id>:send` button under the "approved" notice. Steps: the plan's pages (photos of
each page, since Zalo has no files; or the file itself where the channel carries files) up to
`MAX_PAGES`, then "xong"; the capital; the expected revenue a year; the capacity as typed with
its unit; a summary to edit or send. A photo or file sent at a later question is kept for the
pages, not lost. Sent again before it is approved, a plan replaces the one before.

The handlers (handlers/business_plan_effects.py) check again that the idea is the sender's and
waits for a plan, and move it along the chain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from flows import callback
from flows.business_plan_effects import (
    DOCUMENT,
    PHOTO,
    BusinessPlanSent,
    LoadPlanIdeas,
    PlanIdea,
    PlanIdeasLoaded,
    PlanPage,
    PlanRefused,
    PlanView,
    SendBusinessPlan,
)
from flows.documents import document_refusal
from flows.engine import (
    Ctx,
    Env,
    Flow,
    Form,
    Outcome,
    Step,
    Transition,
    finish,
    goto,
    new_form,
    stay,
)
from flows.formatting import format_date
from flows.lifecycle import CHAINS, SEND_PLAN
from flows.messages import (
    Option,
    RejectedDocument,
    RejectedPhoto,
    Reply,
    StoredDocument,
    StoredPhoto,
    UserMessage,
)
from flows.money import format_vnd, parse_vnd
from flows.principal import PRODUCER
from flows.record_ids import record_id
from flows.registration import photo_refusal
from flows.registry import Entry
from flows.text_match import is_done, is_yes, resolve_choice

NAMESPACE: Final = "plan"  # buttons "plan:<idea id>:send"; the entry of that name
SEND: Final = "send"
MAX_PAGES: Final = 15  # photos of pages and files together
# Below this an amount is a slip ("500" for 500 triệu): the plan's capital and revenue, and a
# budget support other than none.
MIN_AMOUNT: Final = 1_000_000
MAX_CAPACITY: Final = 120  # business_plans.capacity
MAX_OFFICER_NAME: Final = 200  # business_plans.responsible_name


def send_plan_button(idea_id: int) -> tuple[str, str]:
    """The button under the "approved" notice (callback data, label key)."""
    return (callback.encode(NAMESPACE, str(idea_id), SEND), "PLAN_BUTTON_SEND")


def states_taking_a_plan(structure: str) -> frozenset[str]:
    """The states in which the producer may send the plan: where the chain's SEND_PLAN move
    leaves from, and where it leads (sent again, it replaces the plan not yet approved)."""
    chain = CHAINS.get(structure)
    moves = [m for m in chain.moves if m.action == SEND_PLAN] if chain else []
    return frozenset({m.source for m in moves} | {m.target for m in moves})


def send_move_target(structure: str, state: str) -> str | None:
    """Where sending the plan takes an idea in `state` (None: it stays, the plan replaced)."""
    chain = CHAINS.get(structure)
    move = chain.move(state, SEND_PLAN, PRODUCER) if chain else None
    return move.target if move else None


# --- reading a plan (the officer's review shows it) ---------------------------------------


def _decimal(x: float, lang: str) -> str:
    shown = f"{round(x, 1):.1f}".removesuffix(".0")
    return shown.replace(".", ",") if lang == "vi" else shown


def file_size_text(env: Env, size: int) -> str:
    if size < 1024 * 1024:
        return env.t("PLAN_SIZE_KB", n=max(1, round(size / 1024)))
    return env.t("PLAN_SIZE_MB", n=_decimal(size / (1024 * 1024), env.lang))


def plan_replies(env: Env, plan: PlanView) -> tuple[Reply, ...]:
    """The plan's figures, then its photos (as photos) and its files (as files where the
    document store gives a path; else by name)."""
    photos = [f for f in plan.files if f.kind == PHOTO]
    documents = [f for f in plan.files if f.kind == DOCUMENT]
    lines = [
        env.t("PLAN_VIEW_HEAD", date=format_date(dt.datetime.fromisoformat(plan.submitted_at))),
        env.t("PLAN_VIEW_CAPITAL", amount=format_vnd(plan.capital)),
        env.t("PLAN_VIEW_REVENUE", amount=format_vnd(plan.revenue)),
        env.t("PLAN_VIEW_CAPACITY", capacity=plan.capacity),
        env.t("PLAN_VIEW_PAGES", photos=len(photos), documents=len(documents)),
    ]
    if plan.approved_at is not None:
        budget = plan.budget_support or 0
        shown = format_vnd(budget) if budget else env.t("PLAN_NO_SUPPORT")
        lines.append(env.t("PLAN_VIEW_BUDGET", budget=shown))
        lines.append(env.t("PLAN_VIEW_RESPONSIBLE", name=plan.responsible_name or ""))
    replies = [Reply("\n".join(lines))]
    for i, page in enumerate(photos, start=1):
        replies.append(Reply(env.t("PLAN_VIEW_PHOTO", n=i, total=len(photos)), photo=page.sha256))
    for page in documents:
        values = {"name": page.file_name or "", "size": file_size_text(env, page.size)}
        if page.path is not None:
            replies.append(Reply(env.t("PLAN_VIEW_DOCUMENT", **values), document=page.path))
        else:
            replies.append(Reply(env.t("PLAN_VIEW_DOCUMENT_NAME_ONLY", **values)))
    return tuple(replies)


# --- the producer's form -------------------------------------------------------------------


def _idea(ctx: Ctx) -> PlanIdea:
    return PlanIdea(*ctx.data["idea"])


def _ideas(ctx: Ctx) -> list[PlanIdea]:
    return [PlanIdea(*row) for row in ctx.data.get("ideas") or []]


def _row(idea: PlanIdea) -> list[Any]:
    return [idea.idea_id, idea.product, idea.number, idea.state]


def _pages(ctx: Ctx) -> list[list[Any]]:
    return [list(p) for p in ctx.data.get("pages") or []]


def _text_of(event: object) -> str | None:
    if isinstance(event, UserMessage) and event.text is not None and not event.photos:
        return event.text.strip() or None
    return None


def _has_files(event: object) -> bool:
    return isinstance(event, UserMessage) and bool(event.photos or event.documents)


def _add_files(ctx: Ctx, event: UserMessage) -> tuple[list[list[Any]], list[Reply], int]:
    """The pages with the event's photos and files added (up to MAX_PAGES), what to tell
    about those refused, and how many were added."""
    pages = _pages(ctx)
    have = {p[1] for p in pages}
    says: list[Reply] = []
    added = 0
    full = False
    incoming: list[StoredPhoto | RejectedPhoto | StoredDocument | RejectedDocument] = [
        *event.photos,
        *event.documents,
    ]
    for item in incoming:
        if isinstance(item, RejectedPhoto):
            says.append(Reply(photo_refusal(ctx.env, item.reason)))
            continue
        if isinstance(item, RejectedDocument):
            says.append(Reply(document_refusal(ctx.env, item)))
            continue
        if item.sha256 in have:
            continue
        if len(pages) >= MAX_PAGES:
            full = True
            continue
        have.add(item.sha256)
        added += 1
        if isinstance(item, StoredPhoto):
            pages.append([PHOTO, item.sha256, item.width, item.height, None, None, 0])
        else:
            pages.append([DOCUMENT, item.sha256, 0, 0, item.file_name, item.mime_type, item.size])
    if full:
        says.append(Reply(ctx.t("PLAN_PAGES_FULL", max=MAX_PAGES)))
    return pages, says, added


def _kept_late(ctx: Ctx, event: UserMessage) -> Transition:
    """A photo or file sent at a later question: kept for the pages, then the question again."""
    pages, says, added = _add_files(ctx, event)
    if added:
        says.append(Reply(ctx.t("PLAN_PAGE_KEPT", n=len(pages), max=MAX_PAGES)))
    return stay(*says, data={"pages": pages}, reprompt=True)


# which idea -------------------------------------------------------------------------------


def _which_options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(Option(f"i{i.idea_id}", f"{i.product} ({i.number})") for i in _ideas(ctx))


def ask_which(ctx: Ctx) -> Reply:
    if "ideas" not in ctx.data:
        return Reply(ctx.t("PLAN_LOADING"))
    return Reply(ctx.t("PLAN_WHICH"), options=_which_options(ctx))


def on_which(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, PlanIdeasLoaded):
        rows = [_row(i) for i in event.ideas]
        if not rows:
            return finish(Reply(ctx.t("PLAN_NONE")))
        if len(rows) == 1:
            return goto("pages", data={"ideas": rows, "idea": rows[0]})
        return stay(data={"ideas": rows}, reprompt=True)
    if isinstance(event, PlanRefused):
        return finish(Reply(ctx.t(event.reason)))
    if not isinstance(event, UserMessage) or "ideas" not in ctx.data:
        return stay()
    options = _which_options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    text = _text_of(event)
    if chosen is None and text is not None:
        chosen = resolve_choice(options, text)
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    idea = next(i for i in _ideas(ctx) if f"i{i.idea_id}" == chosen.id)
    return goto("pages", data={"idea": _row(idea)})


# the pages --------------------------------------------------------------------------------


def _pages_options(ctx: Ctx) -> tuple[Option, ...]:
    return (
        Option("done", ctx.t("PLAN_PAGES_DONE")),
        Option("clear", ctx.t("PLAN_PAGES_CLEAR")),
    )


def ask_pages(ctx: Ctx) -> Reply:
    pages = _pages(ctx)
    if not pages:
        return Reply(ctx.t("PLAN_ASK_PAGES", product=_idea(ctx).product, max=MAX_PAGES))
    return Reply(
        ctx.t("PLAN_PAGES_SO_FAR", n=len(pages), max=MAX_PAGES), options=_pages_options(ctx)
    )


def on_pages(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    if _has_files(event):
        pages, says, _ = _add_files(ctx, event)
        return stay(*says, data={"pages": pages}, reprompt=True)
    pages = _pages(ctx)
    chosen = event.choice
    text = _text_of(event)
    if chosen is None and text is not None and pages:
        found = resolve_choice(_pages_options(ctx), text)
        chosen = found.id if found else None
    if chosen == "done" or (chosen is None and text is not None and is_done(text)):
        if not pages:
            return stay(Reply(ctx.t("PLAN_PAGES_NONE_YET")), reprompt=True)
        return goto(ctx.after("pages"))
    if chosen == "clear":
        return stay(Reply(ctx.t("PLAN_PAGES_CLEARED")), data={"pages": []}, reprompt=True)
    return stay(Reply(ctx.t("PLAN_PAGES_HINT")), reprompt=True)


# the figures ------------------------------------------------------------------------------


def _amount(ctx: Ctx, event: object, field: str) -> Transition:
    if _has_files(event):
        assert isinstance(event, UserMessage)
        return _kept_late(ctx, event)
    text = _text_of(event)
    if text is None:
        return stay(reprompt=True)
    amount = parse_vnd(text)
    if amount is None:
        return stay(Reply(ctx.t("PLAN_BAD_AMOUNT")), reprompt=True)
    if amount < MIN_AMOUNT:
        shown, least = format_vnd(amount), format_vnd(MIN_AMOUNT)
        return stay(Reply(ctx.t("PLAN_AMOUNT_TOO_SMALL", amount=shown, min=least)), reprompt=True)
    return goto(ctx.after(field), data={field: amount})


def ask_capital(ctx: Ctx) -> Reply:
    return Reply(ctx.t("PLAN_ASK_CAPITAL"))


def on_capital(ctx: Ctx, event: object) -> Transition:
    return _amount(ctx, event, "capital")


def ask_revenue(ctx: Ctx) -> Reply:
    return Reply(ctx.t("PLAN_ASK_REVENUE"))


def on_revenue(ctx: Ctx, event: object) -> Transition:
    return _amount(ctx, event, "revenue")


def ask_capacity(ctx: Ctx) -> Reply:
    return Reply(ctx.t("PLAN_ASK_CAPACITY", max=MAX_CAPACITY))


def on_capacity(ctx: Ctx, event: object) -> Transition:
    if _has_files(event):
        assert isinstance(event, UserMessage)
        return _kept_late(ctx, event)
    text = _text_of(event)
    if text is None:
        return stay(reprompt=True)
    if len(text) > MAX_CAPACITY:
        return stay(Reply(ctx.t("PLAN_CAPACITY_TOO_LONG", max=MAX_CAPACITY)), reprompt=True)
    return goto(ctx.after("capacity"), data={"capacity": " ".join(text.split())})


# the summary ------------------------------------------------------------------------------

_EDITS: Final = (
    ("edit_pages", "pages", "PLAN_EDIT_PAGES"),
    ("edit_capital", "capital", "PLAN_EDIT_CAPITAL"),
    ("edit_revenue", "revenue", "PLAN_EDIT_REVENUE"),
    ("edit_capacity", "capacity", "PLAN_EDIT_CAPACITY"),
)


def _confirm_options(ctx: Ctx) -> tuple[Option, ...]:
    edits = tuple(Option(i, ctx.t(key)) for i, _, key in _EDITS)
    return (Option("send", ctx.t("PLAN_SEND")), *edits)


def ask_confirm(ctx: Ctx) -> Reply:
    idea, pages = _idea(ctx), _pages(ctx)
    lines = [
        ctx.t("PLAN_SUMMARY_HEAD", product=idea.product, number=idea.number),
        ctx.t(
            "PLAN_VIEW_PAGES",
            photos=sum(p[0] == PHOTO for p in pages),
            documents=sum(p[0] == DOCUMENT for p in pages),
        ),
        ctx.t("PLAN_VIEW_CAPITAL", amount=format_vnd(int(ctx.data["capital"]))),
        ctx.t("PLAN_VIEW_REVENUE", amount=format_vnd(int(ctx.data["revenue"]))),
        ctx.t("PLAN_VIEW_CAPACITY", capacity=ctx.data["capacity"]),
    ]
    if send_move_target(ctx.env.units.structure, idea.state) is None:
        lines.append(ctx.t("PLAN_REPLACES"))
    lines.append(ctx.t("PLAN_CONFIRM_ASK"))
    return Reply("\n".join(lines), options=_confirm_options(ctx))


def _send(ctx: Ctx) -> Transition:
    pages = tuple(
        PlanPage(kind, sha, int(w), int(h), name, mime, int(size))
        for kind, sha, w, h, name, mime, size in _pages(ctx)
    )
    effect = SendBusinessPlan(
        idea_id=_idea(ctx).idea_id,
        pages=pages,
        capital=int(ctx.data["capital"]),
        revenue=int(ctx.data["revenue"]),
        capacity=str(ctx.data["capacity"]),
    )
    return Transition(effects=(effect,), reprompt=False)


def on_confirm(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, BusinessPlanSent):
        key = "PLAN_RESENT" if event.replaced else "PLAN_SENT"
        return finish(Reply(ctx.t(key, product=event.product, number=event.number)))
    if isinstance(event, PlanRefused):
        return finish(Reply(ctx.t(event.reason)))
    if not isinstance(event, UserMessage):
        return stay()
    if _has_files(event):
        return _kept_late(ctx, event)
    options = _confirm_options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    text = _text_of(event)
    if chosen is None and text is not None:
        chosen = resolve_choice(options, text)
        if chosen is None and is_yes(text):
            chosen = options[0]
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if chosen.id == "send":
        return _send(ctx)
    step = next(s for i, s, _ in _EDITS if i == chosen.id)
    return goto(step, data={"_editing": True})


BUSINESS_PLAN = Flow(
    name="business_plan",
    version=1,
    steps=(
        Step("which", ask_which, on_which, ("pages", "END"), numbered=False, can_go_back=False),
        # Every step takes files: one sent late is kept for the pages, not lost.
        Step("pages", ask_pages, on_pages, ("capital", "confirm", "END"), takes_documents=True),
        Step(
            "capital", ask_capital, on_capital, ("revenue", "confirm", "END"), takes_documents=True
        ),
        Step(
            "revenue", ask_revenue, on_revenue, ("capacity", "confirm", "END"), takes_documents=True
        ),
        Step("capacity", ask_capacity, on_capacity, ("confirm", "END"), takes_documents=True),
        Step(
            "confirm",
            ask_confirm,
            on_confirm,
            ("pages", "capital", "revenue", "capacity", "END"),
            numbered=False,
            takes_documents=True,
        ),
    ),
    summary_step="confirm",
    cancel_key="PLAN_CANCELLED",
)


def _begin(env: Env, idea_id: int | None) -> Outcome:
    return Outcome(new_form(BUSINESS_PLAN, env), (), (LoadPlanIdeas(idea_id),))


def begin(msg: UserMessage, env: Env) -> Outcome:
    """`/phuongan`: the ideas waiting for a plan; `/phuongan 12`: idea 12 at once."""
    typed = (msg.command_arg or "").strip().lstrip("#")
    return _begin(env, record_id(typed))


def on_button(record: str, action: str, _: UserMessage, env: Env) -> Outcome | None:
    idea_id = record_id(record)
    if action != SEND or idea_id is None:
        return None
    return _begin(env, idea_id)


def describe(form: Form, env: Env) -> str:
    idea = form.data.get("idea")
    return env.t("PLAN_RESUME_WHAT", product=idea[1] if idea else "")


ENTRIES: Final = (
    Entry(
        NAMESPACE,
        BUSINESS_PLAN,
        commands=("phuongan", "plan"),
        asks_resume=True,
        describe=describe,
        begin_with=begin,
        on_button=on_button,
    ),
)
