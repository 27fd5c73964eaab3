"""The officers' figures carried out: /stats (with its chart, drawn off-screen and kept in the
photo store), the monthly report, and the dashboard's one-time login link. Each checks again
that the person may see the figures of the area asked for; a refusal is audited."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import secrets
from dataclasses import replace
from typing import Final

from flows.authorization import Area, authorize
from flows.officer_effects import ActionRefused
from flows.report_effects import (
    DashboardLinkMade,
    LoadMonthlyReport,
    LoadStats,
    MakeDashboardLink,
    MonthlyReport,
    MonthlyReportLoaded,
    StatsFigures,
    StatsLoaded,
)
from handlers.charts import stats_png
from handlers.effects import EffectContext, EffectRegistry
from handlers.report_sheets import report_tables, write_tables_xlsx
from handlers.scoring_effects import documents_dir
from handlers.stamp_check import StampChecker
from storage.admin_units_source import load_admin_units
from storage.figures import monthly_report, stats_figures
from storage.photo_store import PhotoRejectedError
from storage.web_logins import LINK_VALID_FOR, WebLoginRepository

log = logging.getLogger(__name__)

VIEW: Final = "report.view"
REFUSED: Final = "auth.refused"
LOGIN_PATH: Final = "/dashboard/login"
REPORT_PATH: Final = "/dashboard/report.xlsx"


def login_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{LOGIN_PATH}?token={token}"


def report_url(public_url: str, month: str) -> str:
    return f"{public_url.rstrip('/')}{REPORT_PATH}?month={month}"


async def _refuse(ctx: EffectContext, district: str | None, reason: str) -> ActionRefused:
    await ctx.uow.audit.record(
        actor_user_id=ctx.user.id,
        action=REFUSED,
        subject=f"figures:{district or 'province'}",
        area=district,
        before=None,
        after={"action": VIEW, "reason": reason},
        now=ctx.now,
    )
    return ActionRefused(reason)


def register_stats_effects(registry: EffectRegistry, checker: StampChecker) -> None:
    photo_store, public_url = checker.photo_store, checker.public_url
    documents = documents_dir(checker)

    def write(report: MonthlyReport, effect: LoadMonthlyReport, now: dt.datetime) -> str:
        units = load_admin_units(effect.structure)
        documents.mkdir(parents=True, exist_ok=True)
        # One file per request: two officers asking at once never share a half-written one.
        stamp = now.strftime("%Y%m%d%H%M%S")
        scope = effect.district or "tinh"
        out = documents / f"bao-cao-{report.month}-{scope}-{stamp}-{secrets.token_hex(3)}.xlsx"
        tables = report_tables(report, units, effect.lang, effect.district)
        write_tables_xlsx(tables, out, effect.lang)
        return str(out.resolve())

    async def chart(figures: StatsFigures, lang: str) -> str | None:
        try:
            png = await asyncio.to_thread(stats_png, figures, lang)
            return (await photo_store.check(png)).sha256
        except (PhotoRejectedError, ValueError, OSError):
            # The figures still go out as text; a chart is a help, not the answer.
            log.exception("the stats chart could not be drawn")
            return None

    async def load_stats(ctx: EffectContext, effect: LoadStats) -> StatsLoaded | ActionRefused:
        decision = authorize(ctx.principal, VIEW, Area(district=effect.district))
        if not decision:
            return await _refuse(ctx, effect.district, decision.reason)
        figures = await stats_figures(ctx.uow.session, effect.district, ctx.now)
        attending = await ctx.uow.announcements.will_attend_this_year(effect.district, ctx.now)
        figures = replace(figures, will_attend=attending)
        return StatsLoaded(figures, await chart(figures, ctx.user.lang))

    async def load_report(
        ctx: EffectContext, effect: LoadMonthlyReport
    ) -> MonthlyReportLoaded | ActionRefused:
        decision = authorize(ctx.principal, VIEW, Area(district=effect.district))
        if not decision:
            return await _refuse(ctx, effect.district, decision.reason)
        report = await monthly_report(ctx.uow.session, effect.month, effect.district)
        document = await asyncio.to_thread(write, report, effect, ctx.now)
        return MonthlyReportLoaded(report, report_url(public_url, report.month), document)

    async def make_link(
        ctx: EffectContext, effect: MakeDashboardLink
    ) -> DashboardLinkMade | ActionRefused:
        decision = authorize(ctx.principal, VIEW)
        if not decision:
            return await _refuse(ctx, None, decision.reason)
        token = await WebLoginRepository(ctx.uow.session).create_link(ctx.user.id, ctx.now)
        minutes = int(LINK_VALID_FOR.total_seconds() // 60)
        return DashboardLinkMade(login_url(public_url, token), minutes)

    registry.register(LoadStats, load_stats)
    registry.register(LoadMonthlyReport, load_report)
    registry.register(MakeDashboardLink, make_link)
