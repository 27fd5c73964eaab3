"""`/dashboard`: a district or province officer gets a one-time link that logs them in to
the web dashboard (no password); anyone else is told, politely, that it is for officers."""

from __future__ import annotations

from typing import Final

from flows.authorization import RecordRefusal
from flows.engine import Ctx, Env, Flow, Outcome, Step, Transition, finish, new_form, stay
from flows.messages import Reply, UserMessage
from flows.officer_effects import ActionRefused
from flows.registry import Entry
from flows.report_effects import DashboardLinkMade, MakeDashboardLink
from flows.stats import sees_figures


def _loading(ctx: Ctx) -> Reply:
    return Reply(ctx.t("DASHBOARD_MAKING"))


def on_link(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, DashboardLinkMade):
        return finish(Reply(ctx.t("DASHBOARD_LINK", url=event.url, minutes=event.minutes)))
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    return stay()


DASHBOARD_LINK = Flow(
    name="dashboard_link",
    version=1,
    steps=(Step("loading", _loading, on_link, ("END",), numbered=False, can_go_back=False),),
)


def begin(_: UserMessage, env: Env) -> Outcome:
    if not sees_figures(env.principal):
        refusal = RecordRefusal("report.view", "DASHBOARD_FOR_OFFICERS", "dashboard")
        return Outcome(None, (Reply(env.t("DASHBOARD_FOR_OFFICERS")),), (refusal,))
    return Outcome(new_form(DASHBOARD_LINK, env), (), (MakeDashboardLink(),))


# The command answers everyone (a producer is told it is for officers, instead of "I did not
# understand"); the menu shows it to officers only.
ENTRIES: Final = (
    Entry(
        "dashboard",
        DASHBOARD_LINK,
        commands=("dashboard", "trangtonghop"),
        pausable=False,
        begin_with=begin,
    ),
    Entry(
        "dashboard_menu",
        DASHBOARD_LINK,
        menu_key="MENU_DASHBOARD",
        order=52,
        visible=sees_figures,
        pausable=False,
        begin_with=begin,
    ),
)
