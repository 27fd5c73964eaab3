"""A producer scores themselves before the council: three questions a part, answered "yes",
"partly" or "not yet", with the points of the rule set in force; then the total, the stars it
would give and the parts where they lose most. Nothing is stored: it is a rehearsal."""

from __future__ import annotations

from typing import Any, Final

from flows.engine import Ctx, Flow, Step, Transition, finish, goto, stay
from flows.messages import Option, Reply, UserMessage
from flows.registry import Entry
from flows.rulesets import ANSWERS, PARTS, QUESTIONS, ruleset, stars_for, total_of, weakest
from flows.text_match import is_no, is_yes, resolve_choice

ANSWER_KEYS: Final = {
    "yes": "SELF_ANSWER_YES",
    "partly": "SELF_ANSWER_PARTLY",
    "no": "SELF_ANSWER_NO",
}
# (part, question index) of every step, in order; the same questions under every rule set.
STEPS: Final = tuple((part, i) for part in PARTS for i in range(len(QUESTIONS[part])))


def _name(part: str, i: int) -> str:
    return f"q_{part.lower()}{i + 1}"


def _options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(Option(a, ctx.t(ANSWER_KEYS[a])) for a in ANSWERS)


def _ask(part: str, i: int) -> Any:
    def ask(ctx: Ctx) -> Reply:
        rules = ruleset(ctx.env.ruleset)
        question = rules.part(part).questions[i]
        lines = []
        if i == 0:
            p = rules.part(part)
            lines.append(ctx.t("SELF_PART_HEAD", part=part, name=ctx.t(p.key), max=p.maximum))
        lines.append(ctx.t(question.key) + " " + ctx.t("SELF_POINTS", points=question.points))
        return Reply("\n".join(lines), options=_options(ctx))

    return ask


def _answer_of(ctx: Ctx, event: object) -> str | None:
    if not isinstance(event, UserMessage):
        return None
    if event.choice in ANSWERS:
        return event.choice
    if event.text is None or event.photos:
        return None
    found = resolve_choice(_options(ctx), event.text)
    if found is not None:
        return found.id
    if is_yes(event.text):
        return "yes"
    if is_no(event.text):
        return "no"
    return None


def _on(part: str, i: int, following: str | None) -> Any:
    def on(ctx: Ctx, event: object) -> Transition:
        answer = _answer_of(ctx, event)
        if answer is None:
            return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
        data = {_name(part, i): answer}
        if following is not None:
            return goto(following, data=data)
        return finish(result(ctx, {**ctx.data, **data}))

    return on


def scores_of(ruleset_id: str, answers: dict[str, Any]) -> dict[str, int]:
    rules = ruleset(ruleset_id)
    scores = {}
    for part in rules.parts:
        scores[part.id] = sum(
            q.points_for(str(answers.get(_name(part.id, i), "no")))
            for i, q in enumerate(part.questions)
        )
    return scores


def result(ctx: Ctx, answers: dict[str, Any]) -> Reply:
    rules = ruleset(ctx.env.ruleset)
    scores = scores_of(rules.id, answers)
    total = total_of(scores)
    stars = stars_for(total)
    lines = [ctx.t("SELF_RESULT_HEAD", ruleset=rules.id)]
    for part in rules.parts:
        lines.append(
            ctx.t(
                "SCORE_CONFIRM_PART",
                part=part.id,
                name=ctx.t(part.key),
                points=scores[part.id],
                max=part.maximum,
            )
        )
    lines.append(ctx.t("SCORE_CONFIRM_TOTAL", total=total, stars=stars))
    key = "SELF_RESULT_ENOUGH" if total >= rules.threshold else "SELF_RESULT_NOT_ENOUGH"
    lines.append(ctx.t(key, threshold=rules.threshold))
    worst = weakest(rules, scores)
    if worst:
        names = ", ".join(f"{p} ({ctx.t(rules.part(p).key)})" for p in worst)
        lines.append(ctx.t("SELF_RESULT_WEAKEST", parts=names))
    lines.append(ctx.t("SELF_RESULT_NOTE"))
    return Reply("\n".join(lines))


def _steps() -> tuple[Step, ...]:
    names = [_name(p, i) for p, i in STEPS]
    steps = []
    for n, (part, i) in enumerate(STEPS):
        following = names[n + 1] if n + 1 < len(names) else None
        exits = (following,) if following else ("END",)
        steps.append(Step(names[n], _ask(part, i), _on(part, i, following), exits))
    return tuple(steps)


SELF_ASSESSMENT = Flow(name="self_assessment", version=1, steps=_steps())

ENTRIES: Final = (
    Entry(
        "self_assess",
        SELF_ASSESSMENT,
        commands=("tucham", "selfscore"),
        menu_key="MENU_SELF_ASSESS",
        order=40,
    ),
)
