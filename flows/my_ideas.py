""" "My ideas": the producer's own registrations and where each one is."""

from __future__ import annotations

import datetime as dt

from flows.business_plan import states_taking_a_plan
from flows.effects import IdeasLoaded, LoadMyIdeas
from flows.engine import Ctx, Env, Flow, Outcome, Step, Transition, finish, new_form, stay
from flows.formatting import format_date
from flows.lifecycle import state as lifecycle_state
from flows.messages import Reply, UserMessage


def ideas_text(event: IdeasLoaded, env: Env) -> str:
    if not event.ideas:
        return env.t("MY_IDEAS_EMPTY")
    lines = [env.t("MY_IDEAS_HEAD", count=len(event.ideas))]
    for i, idea in enumerate(event.ideas, start=1):
        lines.append(
            env.t(
                "MY_IDEAS_ROW",
                i=i,
                product=idea.product_name,
                number=idea.registration_number,
                date=format_date(dt.datetime.fromisoformat(idea.submitted_at)),
                state=lifecycle_state(idea.state).label(env.lang),
            )
        )
    lines.append(env.t("HISTORY_MY_IDEAS_HOW_TO", number=event.ideas[0].registration_number))
    if any(idea.state in states_taking_a_plan(env.units.structure) for idea in event.ideas):
        lines.append(env.t("PLAN_MY_IDEAS_HINT"))
    return "\n".join(lines)


def _loading(ctx: Ctx) -> Reply:
    return Reply(ctx.t("MY_IDEAS_LOADING"))


def on_loading(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, IdeasLoaded):
        return finish(Reply(ideas_text(event, ctx.env)))
    if isinstance(event, UserMessage):
        return Transition(reprompt=False, effects=(LoadMyIdeas(),))
    return stay()


MY_IDEAS = Flow(
    name="my_ideas",
    version=1,
    steps=(Step("loading", _loading, on_loading, ("END",), numbered=False, can_go_back=False),),
)


def begin(_: UserMessage, env: Env) -> Outcome:
    """Asks for the list at once; the answer (IdeasLoaded) ends the flow with it."""
    return Outcome(new_form(MY_IDEAS, env), (), (LoadMyIdeas(),))
