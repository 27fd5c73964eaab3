"""`/stats` and `/report` for district and province officers: the plan's targets against
today's figures with a chart, and the month's report per district (a district officer sees
their district; a province officer the province).

The figures are read by the effects (handlers/stats_effects.py); this module says them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from flows.engine import Ctx, Env, Flow, Outcome, Step, Transition, finish, new_form, stay
from flows.formatting import format_date, local
from flows.lifecycle import state as lifecycle_state
from flows.messages import Reply, UserMessage
from flows.officer_effects import ActionRefused
from flows.principal import DISTRICT, PROVINCE, Principal
from flows.registry import Entry
from flows.report_effects import (
    TARGET_CERTIFIED_3_4,
    TARGET_CERTIFIED_4_PLUS,
    TARGET_NEW_ORGANISATIONS,
    TARGET_PRODUCTS_2019,
    TARGET_SALES_POINTS,
    LoadMonthlyReport,
    LoadStats,
    Managed2019,
    MonthlyReportLoaded,
    MonthlyRow,
    StatsFigures,
    StatsLoaded,
)

# The seed's monthly report is due before this day of the next month.
REPORT_DUE_DAY: Final = 20


def sees_figures(principal: Principal) -> bool:
    return principal.has_role(PROVINCE) or principal.has_role(DISTRICT)


def figures_scope(principal: Principal) -> str | None:
    """The district whose figures they see; None for the province (a province officer)."""
    if principal.has_role(PROVINCE):
        return None
    districts = [a for a in principal.areas_of(DISTRICT) if a]
    return districts[0] if districts else None


def district_name(env: Env, code: str) -> str:
    if not code:
        return env.t("REPORT_NO_DISTRICT")
    found = env.units.district(code)
    return found.name if found else code


def area_label(env: Env, district: str | None) -> str:
    return env.units.province if district is None else district_name(env, district)


# --- /stats -------------------------------------------------------------------------------


def _sales_points_line(env: Env, figures: StatsFigures) -> str:
    low, high = TARGET_SALES_POINTS
    return env.t(
        "STATS_SALES_POINTS",
        count=figures.sales_points,
        low=low,
        high=high,
        covered=figures.districts_with_sales_point,
        districts=len(env.units.districts),
    )


def trained_line(env: Env, figures: StatsFigures) -> str:
    held, year = figures.trained, local(env.now).year
    if not held.sessions:
        line = env.t("STATS_TRAINED_NONE", year=year)
    else:
        line = env.t(
            "STATS_TRAINED",
            year=year,
            sessions=held.sessions,
            producers=held.producers,
            officers=held.officers,
        )
    if figures.will_attend:
        line += "\n" + env.t("STATS_WILL_ATTEND", count=figures.will_attend)
    return line


def products_2019_line(env: Env, managed: Managed2019) -> str:
    if not managed.total:
        return env.t("STATS_PRODUCTS_2019_NONE", target=TARGET_PRODUCTS_2019)
    return env.t(
        "STATS_PRODUCTS_2019",
        count=managed.total,
        target=TARGET_PRODUCTS_2019,
        valid=managed.valid,
        expired=managed.expired,
        upgraded=managed.upgraded,
    )


def stats_text(env: Env, figures: StatsFigures) -> str:
    lines = [
        env.t("STATS_HEAD", area=area_label(env, figures.district), date=format_date(env.now)),
        env.t("STATS_TARGETS"),
        env.t("STATS_CERTIFIED_3_4", count=figures.certified_3_4, target=TARGET_CERTIFIED_3_4),
        env.t(
            "STATS_CERTIFIED_4_PLUS", count=figures.certified_4_plus, target=TARGET_CERTIFIED_4_PLUS
        ),
        env.t(
            "STATS_ORGANISATIONS",
            count=figures.organisations,
            new=figures.new_organisations,
            target=TARGET_NEW_ORGANISATIONS,
        ),
        env.t("STATS_BY_STARS", **{f"s{stars}": n for stars, n in figures.products_by_stars}),
        _sales_points_line(env, figures),
        trained_line(env, figures),
        products_2019_line(env, figures.products_2019),
        env.t("STATS_BY_STAGE"),
    ]
    lines += [
        env.t("STATS_ROW", name=lifecycle_state(s).label(env.lang), count=n)
        for s, n in figures.ideas_by_stage
        if n
    ]
    if not any(n for _, n in figures.ideas_by_stage):
        lines.append(env.t("STATS_NO_IDEAS"))
    if figures.ideas_by_district:
        lines.append(env.t("STATS_BY_DISTRICT"))
        lines += [
            env.t("STATS_ROW", name=district_name(env, code), count=n)
            for code, n in figures.ideas_by_district
        ]
    return "\n".join(lines)


def _refused(env: Env, event: ActionRefused) -> Transition:
    return finish(Reply(env.t(event.reason)))


def _loading(ctx: Ctx) -> Reply:
    return Reply(ctx.t("STATS_LOADING"))


def on_stats(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, StatsLoaded):
        replies = [Reply(stats_text(ctx.env, event.figures))]
        if event.chart is not None:
            replies.append(Reply(ctx.t("STATS_CHART"), photo=event.chart))
        return finish(*replies)
    if isinstance(event, ActionRefused):
        return _refused(ctx.env, event)
    if isinstance(event, UserMessage):
        return Transition(reprompt=False, effects=(LoadStats(figures_scope(ctx.env.principal)),))
    return stay()


STATS = Flow(
    name="stats",
    version=1,
    steps=(Step("loading", _loading, on_stats, ("END",), numbered=False, can_go_back=False),),
)


def begin_stats(_: UserMessage, env: Env) -> Outcome:
    if not sees_figures(env.principal):
        return Outcome(None, (Reply(env.t("FIGURES_FOR_OFFICERS")),), ())
    return Outcome(new_form(STATS, env), (), (LoadStats(figures_scope(env.principal)),))


# --- /report ------------------------------------------------------------------------------

_MONTH_FORMS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"),
    re.compile(r"^(?:thang\s*|tháng\s*)?(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})$"),
    re.compile(r"^(?:thang\s*|tháng\s*)?(?P<month>\d{1,2})$"),
)


def parse_month(text: str, today: dt.date) -> str | None:
    """ "2020-03", "3/2020", "tháng 3" (this year) as "2020-03"; None when it is no month."""
    typed = " ".join(text.strip().lower().split())
    for form in _MONTH_FORMS:
        found = form.match(typed)
        if found is None:
            continue
        month = int(found["month"])
        year = int(found.groupdict().get("year") or today.year)
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return f"{year:04d}-{month:02d}"
    return None


def _row_text(env: Env, name: str, row: MonthlyRow) -> str:
    return env.t(
        "REPORT_ROW",
        district=name,
        received=row.received,
        forwarded=row.forwarded,
        selected=row.selected,
        appraised=row.appraised,
        approved=row.approved,
        plans=row.plans_approved,
        evaluated=row.evaluated,
        certified=row.certified,
        issued=row.stamps_issued,
        checked=row.stamps_checked,
        counterfeit=row.counterfeit_checks,
        trainings=row.trainings,
        trained_producers=row.trained_producers,
        trained_officers=row.trained_officers,
    )


def report_text(env: Env, event: MonthlyReportLoaded, district: str | None) -> str:
    report = event.report
    year, month = report.month.split("-")
    lines = [
        env.t(
            "REPORT_HEAD",
            month=f"{int(month)}/{year}",
            area=area_label(env, district),
            due=REPORT_DUE_DAY,
        )
    ]
    if not report.rows:
        lines.append(env.t("REPORT_EMPTY"))
    lines += [_row_text(env, district_name(env, r.district), r) for r in report.rows]
    if district is None and len(report.rows) > 1:
        lines.append(_row_text(env, env.t("REPORT_TOTAL"), report.total))
    lines.append(products_2019_line(env, report.products_2019_total))
    lines.append(env.t("REPORT_FILE", link=event.link))
    return "\n".join(lines)


def on_report(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, MonthlyReportLoaded):
        district = figures_scope(ctx.env.principal)
        text = Reply(report_text(ctx.env, event, district))
        if event.document is None:
            return finish(text)
        # The file first: the conversation puts the menu under the last reply's text, and a
        # reply carrying a file must keep it (flows/conversation.py then_menu).
        return finish(Reply(ctx.t("REPORT_DOCUMENT"), document=event.document), text)
    if isinstance(event, ActionRefused):
        return _refused(ctx.env, event)
    return stay()


REPORT = Flow(
    name="monthly_report",
    version=1,
    steps=(Step("loading", _loading, on_report, ("END",), numbered=False, can_go_back=False),),
)


def begin_report(msg: UserMessage, env: Env) -> Outcome:
    """`/report` for this month so far, `/report 3/2020` for another."""
    if not sees_figures(env.principal):
        return Outcome(None, (Reply(env.t("FIGURES_FOR_OFFICERS")),), ())
    today = local(env.now).date()
    month = f"{today.year:04d}-{today.month:02d}"
    if msg.command_arg and msg.command_arg.strip():
        asked = parse_month(msg.command_arg, today)
        if asked is None:
            return Outcome(None, (Reply(env.t("REPORT_BAD_MONTH", example=month)),), ())
        month = asked
    effect = LoadMonthlyReport(month, figures_scope(env.principal), env.units.structure, env.lang)
    return Outcome(new_form(REPORT, env), (), (effect,))


# Joined into the registry by flows/registered.py.
ENTRIES: Final = (
    Entry(
        "stats",
        STATS,
        commands=("stats", "thongke", "solieu"),
        menu_key="MENU_STATS",
        order=50,
        visible=sees_figures,
        pausable=False,
        begin_with=begin_stats,
    ),
    Entry(
        "report",
        REPORT,
        commands=("report", "baocao"),
        menu_key="MENU_REPORT",
        order=51,
        visible=sees_figures,
        pausable=False,
        begin_with=begin_report,
    ),
)
