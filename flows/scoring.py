"""The councils' scores and the certification, in the chat; stamps issued from the chat.

- "Chấm điểm, công nhận OCOP" (district and province officers): the ideas in evaluation
  waiting for their council's score. The officer enters part A, B and C, each within its
  maximum in the rule set, sees the total and the stars, and confirms. What follows is the rule
  set's (flows/rulesets.py `outcome`): below 3★ the producer is told where they lost most;
  under 1048 a district's 50 points or more go on to the province; the council that certifies
  those stars types the certificate number and the decision date; 5★ is marked for the
  central council. Under the 2025 structure (no districts) the province council scores first.
- "Phát hành tem" (province officers): a batch of stamps for a certified product, sent back as
  the PDF sheet. A score button `score:<id>:open` and a stamps button `stamps:<id>:issue` open
  these flows on one record.

The handlers (handlers/scoring_effects.py) authorize every effect again and audit it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

from flows.authorization import authorize
from flows.engine import Ctx, Env, Flow, Outcome, Step, Transition, finish, goto, new_form, stay
from flows.formatting import local
from flows.messages import Option, Reply, UserMessage
from flows.principal import DISTRICT, PROVINCE, Principal
from flows.record_ids import record_id
from flows.registry import Entry
from flows.rulesets import (
    BELOW,
    CANDIDATE,
    CERTIFY,
    PARTS,
    TO_PROVINCE,
    outcome,
    ruleset,
    stars_for,
    total_of,
)
from flows.scoring_effects import (
    CertifiedLoaded,
    IssueStamps,
    LoadCertified,
    LoadScoring,
    RecordScore,
    ScoreItem,
    ScoreRecorded,
    ScoreRefused,
    ScoringLoaded,
    StampsIssued,
    StampsRefused,
)
from flows.text_match import fold, resolve_choice

LIST_SIZE: Final = 10  # ideas shown at once, oldest first
MAX_CERTIFICATE: Final = 60  # products.certificate_number
MAX_CHAT_BATCH: Final = 1000  # stamps a batch from the chat (a PDF of about 30 pages)

NEXT_KEYS: Final = {
    BELOW: "SCORE_NEXT_BELOW",
    TO_PROVINCE: "SCORE_NEXT_TO_PROVINCE",
    CERTIFY: "SCORE_NEXT_CERTIFY",
    CANDIDATE: "SCORE_NEXT_CANDIDATE",
}
DONE_KEYS: Final = {
    BELOW: "SCORE_DONE_BELOW",
    TO_PROVINCE: "SCORE_DONE_TO_PROVINCE",
    CERTIFY: "SCORE_DONE_CERTIFIED",
    CANDIDATE: "SCORE_DONE_CANDIDATE",
}
LEVEL_KEYS: Final = {DISTRICT: "SCORE_LEVEL_DISTRICT", PROVINCE: "SCORE_LEVEL_PROVINCE"}
STEP_OF_PART: Final = {"A": "part_a", "B": "part_b", "C": "part_c"}


def score_action(level: str) -> str:
    return f"idea.score.{level}"


def certify_action(level: str) -> str:
    return f"idea.certify.{level}"


def is_scorer(principal: Principal) -> bool:
    return any(g.role in (DISTRICT, PROVINCE) for g in principal.grants)


def issues_stamps(principal: Principal) -> bool:
    return bool(authorize(principal, "stamps.issue"))


def stamps_button(product_id: int) -> tuple[str, str]:
    return (f"stamps:{product_id}:issue", "STAMPS_BUTTON_ISSUE")


def score_button(idea_id: int) -> tuple[str, str]:
    return (f"score:{idea_id}:open", "SCORE_BUTTON_OPEN")


def _text_of(event: object) -> str | None:
    if isinstance(event, UserMessage) and event.text is not None and not event.photos:
        return event.text.strip() or None
    return None


def _choice(options: tuple[Option, ...], event: object) -> str | None:
    if not isinstance(event, UserMessage):
        return None
    if event.choice is not None:
        return event.choice if any(o.id == event.choice for o in options) else None
    if event.text is not None and not event.photos:
        found = resolve_choice(options, event.text)
        return found.id if found else None
    return None


_POINTS = re.compile(r"^(\d{1,3})(?: (?:diem|d))?(?: tren \d+| \d+)?$")


def parse_points(text: str) -> int | None:
    """Whole points as typed: "30", "30 điểm", "30/35". None for anything else (a decimal
    "30,5" too: councils give whole points)."""
    if re.search(r"\d\s*[.,]\s*\d", text):
        return None
    found = _POINTS.match(fold(text))
    return int(found.group(1)) if found else None


_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy (also with "-" or "."); None when it is no real date."""
    found = _DATE.match(text)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- the list -------------------------------------------------------------------------


def _item(ctx: Ctx) -> ScoreItem:
    raw = dict(ctx.data["_item"])
    earlier = raw.get("earlier")
    raw["earlier"] = tuple(earlier) if earlier else None
    return ScoreItem(**raw)


def _items(ctx: Ctx) -> list[dict[str, Any]]:
    return list(ctx.data.get("_items") or [])


def _commune(env: Env, code: str) -> str:
    commune = env.units.commune(code)
    return commune.name if commune else code


def _as_data(item: ScoreItem) -> dict[str, Any]:
    data = vars(item).copy()
    data["earlier"] = list(item.earlier) if item.earlier else None
    return data


def ask_list(ctx: Ctx) -> Reply:
    if "_items" not in ctx.data:
        return Reply(ctx.t("SCORE_LOADING"))
    items = _items(ctx)
    lines = [ctx.t("SCORE_LIST_HEAD", total=ctx.data.get("_total", len(items)))]
    options = []
    # Rows are bullets: the options are the numbered list (numbered lines on Zalo).
    for raw in items:
        earlier = raw.get("earlier")
        key = "SCORE_LIST_ROW_AFTER_DISTRICT" if earlier else "SCORE_LIST_ROW"
        lines.append(
            ctx.t(
                key,
                product=raw["product"],
                number=raw["number"],
                commune=_commune(ctx.env, raw["commune_code"]),
                earlier=sum(earlier) if earlier else 0,
            )
        )
        options.append(Option(f"i{raw['idea_id']}", raw["product"]))
    lines.append(ctx.t("SCORE_LIST_FOOT"))
    return Reply("\n".join(lines), options=tuple(options))


def _loaded(ctx: Ctx, event: ScoringLoaded) -> Transition:
    if not event.items:
        key = "SCORE_NOT_WAITING" if ctx.data.get("only") else "SCORE_LIST_EMPTY"
        return finish(Reply(ctx.t(key)))
    items = [_as_data(i) for i in event.items]
    if ctx.data.get("only"):
        return goto("part_a", data={"_item": items[0]})
    return stay(data={"_items": items, "_total": event.total}, reprompt=True)


def on_list(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, ScoringLoaded):
        return _loaded(ctx, event)
    if not isinstance(event, UserMessage) or "_items" not in ctx.data:
        return stay()
    chosen = _choice(ask_list(ctx).options, event)
    item = next((i for i in _items(ctx) if f"i{i['idea_id']}" == chosen), None)
    if item is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    return goto("part_a", data={"_item": item, "A": None, "B": None, "C": None})


# --- the parts ------------------------------------------------------------------------


def _ask_part(part: str) -> Any:
    def ask(ctx: Ctx) -> Reply:
        item = _item(ctx)
        rules = ruleset(item.ruleset)
        lines = []
        if part == "A":
            level = ctx.t(LEVEL_KEYS.get(item.level, "SCORE_LEVEL_DISTRICT"))
            lines.append(ctx.t("SCORE_HEAD", product=item.product, number=item.number, level=level))
        lines.append(
            ctx.t(
                "SCORE_ASK_PART",
                part=part,
                name=ctx.t(rules.part(part).key),
                max=rules.maximum(part),
            )
        )
        if item.earlier:
            earlier = item.earlier[PARTS.index(part)]
            lines.append(ctx.t("SCORE_EARLIER_PART", points=earlier))
        return Reply("\n".join(lines))

    return ask


def _on_part(part: str) -> Any:
    def on(ctx: Ctx, event: object) -> Transition:
        text = _text_of(event)
        item = _item(ctx)
        maximum = ruleset(item.ruleset).maximum(part)
        points = parse_points(text) if text else None
        if points is None:
            return stay(Reply(ctx.t("SCORE_NOT_A_NUMBER", max=maximum)), reprompt=True)
        if points > maximum:
            refusal = ctx.t("SCORE_OUT_OF_RANGE", part=part, max=maximum, points=points)
            return stay(Reply(refusal), reprompt=True)
        following = {"A": "part_b", "B": "part_c", "C": "confirm"}[part]
        return goto(following, data={part: points})

    return on


def _scores(ctx: Ctx) -> dict[str, int]:
    return {p: int(ctx.data[p]) for p in PARTS}


def _outcome(ctx: Ctx) -> tuple[int, int, str]:
    item = _item(ctx)
    total = total_of(_scores(ctx))
    stars = stars_for(total)
    found = outcome(ruleset(item.ruleset), item.level, stars, ctx.env.units.has_districts)
    return total, stars, found


def ask_confirm(ctx: Ctx) -> Reply:
    item = _item(ctx)
    rules = ruleset(item.ruleset)
    total, stars, found = _outcome(ctx)
    lines = [ctx.t("SCORE_CONFIRM_HEAD", product=item.product)]
    for part in rules.parts:
        lines.append(
            ctx.t(
                "SCORE_CONFIRM_PART",
                part=part.id,
                name=ctx.t(part.key),
                points=ctx.data[part.id],
                max=part.maximum,
            )
        )
    lines.append(ctx.t("SCORE_CONFIRM_TOTAL", total=total, stars=stars))
    lines.append(ctx.t(NEXT_KEYS[found], threshold=rules.threshold, stars=stars))
    options = (
        Option("yes", ctx.t("SCORE_CONFIRM_YES")),
        Option("redo", ctx.t("SCORE_CONFIRM_REDO")),
    )
    return Reply("\n".join(lines), options=options)


def _record(ctx: Ctx, certificate: str | None = None, decided: str | None = None) -> Transition:
    item = _item(ctx)
    scores = _scores(ctx)
    effect = RecordScore(
        idea_id=item.idea_id,
        structure=ctx.env.units.structure,
        has_districts=ctx.env.units.has_districts,
        level=item.level,
        ruleset=item.ruleset,
        scores=(scores["A"], scores["B"], scores["C"]),
        certificate=certificate,
        decision_date=decided,
    )
    return Transition(effects=(effect,), reprompt=False)


def _done(ctx: Ctx, event: object) -> Transition | None:
    """The handler's answer, at whichever step it arrives."""
    if isinstance(event, ScoreRefused):
        return finish(Reply(ctx.t(event.reason)))
    if not isinstance(event, ScoreRecorded):
        return None
    values: dict[str, Any] = {
        "product": event.product,
        "total": event.total,
        "stars": event.stars,
        "certificate": ctx.data.get("_certificate", ""),
        "valid_until": _dmy(event.valid_until),
    }
    options: tuple[Option, ...] = ()
    key = DONE_KEYS[event.outcome]
    if event.outcome == CERTIFY and event.renewed:
        key = "SCORE_DONE_RENEWED"
    if event.product_id is not None and issues_stamps(ctx.env.principal):
        data, label = stamps_button(event.product_id)
        options = (Option(data, ctx.t(label)),)
    return finish(Reply(ctx.t(key, **values), options=options))


def _dmy(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def on_confirm(ctx: Ctx, event: object) -> Transition:
    done = _done(ctx, event)
    if done is not None:
        return done
    chosen = _choice(ask_confirm(ctx).options, event)
    if chosen == "redo":
        return goto("part_a")
    if chosen != "yes":
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    _, _, found = _outcome(ctx)
    if found == CERTIFY:
        return goto("certificate")
    return _record(ctx)


def ask_certificate(ctx: Ctx) -> Reply:
    _, stars, _ = _outcome(ctx)
    return Reply(ctx.t("SCORE_ASK_CERTIFICATE", stars=stars, max=MAX_CERTIFICATE))


def on_certificate(ctx: Ctx, event: object) -> Transition:
    text = _text_of(event)
    if text is None:
        return stay(Reply(ctx.t("SCORE_CERTIFICATE_NEEDED")), reprompt=True)
    if len(text) > MAX_CERTIFICATE:
        return stay(Reply(ctx.t("SCORE_CERTIFICATE_TOO_LONG", max=MAX_CERTIFICATE)), reprompt=True)
    return goto("decision_date", data={"_certificate": " ".join(text.split())})


def ask_decision_date(ctx: Ctx) -> Reply:
    return Reply(ctx.t("SCORE_ASK_DECISION_DATE"))


def on_decision_date(ctx: Ctx, event: object) -> Transition:
    done = _done(ctx, event)
    if done is not None:
        return done
    text = _text_of(event)
    decided = parse_date(text) if text else None
    if decided is None:
        return stay(Reply(ctx.t("SCORE_DATE_BAD")), reprompt=True)
    if decided > local(ctx.env.now).date():
        return stay(Reply(ctx.t("SCORE_DATE_FUTURE")), reprompt=True)
    return _record(ctx, str(ctx.data["_certificate"]), decided.isoformat())


def _ignore(ctx: Ctx, event: object) -> Transition:
    return stay()


SCORING = Flow(
    name="scoring",
    version=1,
    steps=(
        Step("list", ask_list, on_list, ("part_a", "END"), numbered=False, can_go_back=False),
        Step("part_a", _ask_part("A"), _on_part("A"), ("part_b",), numbered=False),
        Step("part_b", _ask_part("B"), _on_part("B"), ("part_c",), numbered=False),
        Step("part_c", _ask_part("C"), _on_part("C"), ("confirm",), numbered=False),
        Step(
            "confirm",
            ask_confirm,
            on_confirm,
            ("part_a", "certificate", "END"),
            numbered=False,
        ),
        Step("certificate", ask_certificate, on_certificate, ("decision_date",), numbered=False),
        Step("decision_date", ask_decision_date, on_decision_date, ("END",), numbered=False),
    ),
)


def _load(env: Env, idea_id: int | None = None) -> LoadScoring:
    return LoadScoring(env.units.structure, env.ruleset, env.units.has_districts, idea_id)


def begin_scoring(_: UserMessage, env: Env) -> Outcome:
    return Outcome(new_form(SCORING, env), (), (_load(env),))


def on_score_button(record: str, action: str, _: UserMessage, env: Env) -> Outcome | None:
    idea_id = record_id(record)
    if action != "open" or idea_id is None:
        return None
    form = new_form(SCORING, env, {"only": idea_id})
    return Outcome(form, (), (_load(env, idea_id),))


# --- stamps from the chat -------------------------------------------------------------


def ask_product(ctx: Ctx) -> Reply:
    if "_products" not in ctx.data:
        return Reply(ctx.t("SCORE_LOADING"))
    lines = [ctx.t("STAMPS_CHOOSE_PRODUCT")]
    options = []
    for p in ctx.data["_products"]:
        lines.append(
            ctx.t(
                "STAMPS_PRODUCT_ROW",
                product=p["name"],
                producer=p["producer"],
                stars=p["stars"],
                valid_until=_dmy(p["valid_until"]),
            )
        )
        options.append(Option(f"p{p['product_id']}", p["name"]))
    return Reply("\n".join(lines), options=tuple(options))


def on_product(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, CertifiedLoaded):
        if not event.products:
            return finish(Reply(ctx.t("STAMPS_NO_PRODUCT")))
        products = [vars(p).copy() for p in event.products]
        if ctx.data.get("only"):
            return goto("count", data={"_product": products[0]})
        return stay(data={"_products": products}, reprompt=True)
    if not isinstance(event, UserMessage) or "_products" not in ctx.data:
        return stay()
    chosen = _choice(ask_product(ctx).options, event)
    product = next((p for p in ctx.data["_products"] if f"p{p['product_id']}" == chosen), None)
    if product is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    return goto("count", data={"_product": product})


def ask_count(ctx: Ctx) -> Reply:
    product = ctx.data["_product"]
    return Reply(ctx.t("STAMPS_ASK_COUNT", product=product["name"], max=MAX_CHAT_BATCH))


def on_count(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, StampsIssued):
        issued = ctx.t("STAMPS_ISSUED", count=event.count, product=event.product)
        return finish(Reply(issued, document=event.document))
    if isinstance(event, StampsRefused):
        return finish(Reply(ctx.t(event.reason)))
    typed = fold(_text_of(event) or "").replace(" ", "")  # "1.000" and "1 000" are 1000
    count = int(typed) if typed.isdigit() else None
    if count is None or not 0 < count <= MAX_CHAT_BATCH:
        return stay(Reply(ctx.t("STAMPS_COUNT_BAD", max=MAX_CHAT_BATCH)), reprompt=True)
    effect = IssueStamps(int(ctx.data["_product"]["product_id"]), count)
    return Transition(effects=(effect,), reprompt=False)


STAMPS = Flow(
    name="stamp_issue",
    version=1,
    steps=(
        Step("product", ask_product, on_product, ("count", "END"), numbered=False),
        Step("count", ask_count, on_count, ("END",), numbered=False),
    ),
)


def begin_stamps(_: UserMessage, env: Env) -> Outcome:
    return Outcome(new_form(STAMPS, env), (), (LoadCertified(),))


def on_stamps_button(record: str, action: str, _: UserMessage, env: Env) -> Outcome | None:
    product_id = record_id(record)
    if action != "issue" or product_id is None:
        return None
    form = new_form(STAMPS, env, {"only": product_id})
    return Outcome(form, (), (LoadCertified(product_id),))


ENTRIES: Final = (
    Entry(
        "score",
        SCORING,
        commands=("chamdiem", "score"),
        menu_key="MENU_SCORE",
        order=16,
        visible=is_scorer,
        pausable=False,
        begin_with=begin_scoring,
        on_button=on_score_button,
    ),
    Entry(
        "stamps",
        STAMPS,
        commands=("phathanhtem", "stamps"),
        menu_key="MENU_ISSUE_STAMPS",
        order=17,
        visible=issues_stamps,
        pausable=False,
        begin_with=begin_stamps,
        on_button=on_stamps_button,
    ),
)
