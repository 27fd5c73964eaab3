"""The officers' figures, read from the tables as they are: ideas by stage and by district,
certified products by stars, organisations taking part, sales points, stamps issued and
checked, and a month's movements per district from the audit log.

What counts (the monthly report):
- received: ideas submitted in the month;
- forwarded: the commune's moves onward (to the district, or to the province in 2025);
- selected: the district's moves to the province; appraised: the province's decisions
  (approved or rejected), of which approved;
- plans approved, evaluated: moves into `plan_approved` and `evaluating` (and any scoring
  action, "score.*", once scoring lands);
- certified: products whose decision date falls in the month; stamps issued: the stamps of
  batches made in the month; checked: checks logged in the month (per district of the stamp's
  producer; a check of no stamp of ours has no district); counterfeit: checks that found a
  stamp we never made;
- trainings: those held in the month (by their day), with the producers and officers who
  attended, per the district they were held for ("" for the province's own);
- the 2019 list (products imported with imported_year 2019, not withdrawn): at the month's
  end, in force or lapsed, and how many are now 4 stars or more.

A month runs in Vietnam's time. A district officer's figures are their district's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.formatting import VN_TZ
from flows.lifecycle import OFFICER_ACTIONS, STATES
from flows.report_effects import (
    PRODUCTS_2019_YEAR,
    UPGRADED_STARS,
    Managed2019,
    MonthlyReport,
    MonthlyRow,
    StatsFigures,
)
from storage.models import (
    AuditRecord,
    IdeaRecord,
    ProducerRecord,
    ProductRecord,
    SalesPointRecord,
    StampBatchRecord,
    StampCheckRecord,
    StampRecord,
)
from storage.training import TrainingRepository

ORGANISATION_TYPES = ("tht", "htx", "enterprise")  # cooperative groups, cooperatives, firms
COUNTERFEIT_STATUSES = ("counterfeit", "unknown")
# The audit actions of the chain's officer moves ("idea.forward", as handlers/review_effects.py
# writes them) and of the councils' scores ("idea.score.district", flows/scoring.py).
MOVE_ACTIONS = tuple(f"idea.{action}" for action in OFFICER_ACTIONS)
SCORE_ACTIONS = "idea.score.%"
# A province's appraisal leaves these states (a district's rejection leaves "forwarded").
AT_PROVINCE = ("selected", "to_province")
# What a move into a state counts as (the audit row's "after" state).
FORWARDED = ("forwarded", "to_province")
SELECTED = ("selected",)
APPRAISED = ("approved", "rejected")
PLAN_APPROVED = ("plan_approved",)
EVALUATED = ("evaluating",)


@dataclass(frozen=True)
class Window:
    """[start, end) in UTC: one calendar month in Vietnam's time."""

    month: str
    start: dt.datetime
    end: dt.datetime

    @classmethod
    def of(cls, month: str) -> Window:
        year, number = (int(part) for part in month.split("-"))
        start = dt.datetime(year, number, 1, tzinfo=VN_TZ)
        end = dt.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=VN_TZ)
        return cls(f"{year:04d}-{number:02d}", start.astimezone(dt.UTC), end.astimezone(dt.UTC))

    @property
    def first_day(self) -> dt.date:
        return self.start.astimezone(VN_TZ).date()

    @property
    def after_last_day(self) -> dt.date:
        return self.end.astimezone(VN_TZ).date()


# A month's counts for one district code ("" for what no district owns), keyed by the names
# of MonthlyRow's counts: the report's row is built from it, so the list is written once.
DistrictMonth = Counter[str]


def _idea_id(subject: str) -> int | None:
    kind, _, number = subject.partition(":")
    return int(number) if kind == "idea" and number.isdigit() else None


class FigureRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- today's figures --------------------------------------------------------------

    def _ideas(self, district: str | None) -> Select[tuple[str, int]]:
        query = select(IdeaRecord.state, func.count()).group_by(IdeaRecord.state)
        if district is not None:
            query = query.where(IdeaRecord.district_code == district)
        return query

    async def ideas_by_stage(self, district: str | None) -> tuple[tuple[str, int], ...]:
        """Every state of the lifecycle with its ideas (drafts are no one's work yet)."""
        found = {str(s): int(n) for s, n in await self.session.execute(self._ideas(district))}
        return tuple((s.id, found.get(s.id, 0)) for s in STATES if s.id != "draft")

    async def ideas_by_district(self, district: str | None) -> tuple[tuple[str, int], ...]:
        """(district code, ideas), largest first; "" for ideas of no district (2025)."""
        query = select(IdeaRecord.district_code, func.count()).group_by(IdeaRecord.district_code)
        if district is not None:
            query = query.where(IdeaRecord.district_code == district)
        found = [(str(code or ""), int(n)) for code, n in await self.session.execute(query)]
        return tuple(sorted(found, key=lambda row: (-row[1], row[0])))

    def _products(self, today: dt.date, district: str | None) -> Select[tuple[int, int]]:
        query = (
            select(ProductRecord.stars, func.count())
            .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .where(ProductRecord.withdrawn.is_(False), ProductRecord.valid_until >= today)
            .group_by(ProductRecord.stars)
        )
        if district is not None:
            query = query.where(ProducerRecord.district_code == district)
        return query

    async def products_by_stars(
        self, today: dt.date, district: str | None
    ) -> tuple[tuple[int, int], ...]:
        """Products holding a certificate today (not withdrawn, not expired), by stars."""
        found = {
            int(s): int(n) for s, n in await self.session.execute(self._products(today, district))
        }
        return tuple((stars, found.get(stars, 0)) for stars in (3, 4, 5))

    async def organisations(self, year: int, district: str | None) -> tuple[int, int]:
        """Organisations taking part (a cooperative group, cooperative or firm with an idea
        or a certified product), and how many of them are new this year: their first idea
        came this year and no product of theirs was certified before it."""
        ideas = select(
            IdeaRecord.applicant_name, IdeaRecord.commune_code, func.min(IdeaRecord.submitted_at)
        ).where(IdeaRecord.applicant_type.in_(ORGANISATION_TYPES))
        producers = (
            select(
                ProducerRecord.name,
                ProducerRecord.commune_code,
                func.min(ProductRecord.decision_date),
            )
            .join(ProductRecord, ProductRecord.producer_id == ProducerRecord.id)
            .where(ProducerRecord.kind.in_(ORGANISATION_TYPES))
        )
        if district is not None:
            ideas = ideas.where(IdeaRecord.district_code == district)
            producers = producers.where(ProducerRecord.district_code == district)
        ideas = ideas.group_by(IdeaRecord.applicant_name, IdeaRecord.commune_code)
        producers = producers.group_by(ProducerRecord.name, ProducerRecord.commune_code)
        first_idea = {
            (_fold(name), commune): first.astimezone(VN_TZ).year
            for name, commune, first in await self.session.execute(ideas)
        }
        first_product = {
            (_fold(name), commune): first.year
            for name, commune, first in await self.session.execute(producers)
        }
        everyone = first_idea.keys() | first_product.keys()
        new = sum(
            1
            for key in everyone
            if first_idea.get(key) == year and first_product.get(key, year) >= year
        )
        return len(everyone), new

    async def sales_points(self) -> tuple[int, int]:
        """How many sales points the province has (not removed), and in how many districts."""
        found = (
            await self.session.execute(
                select(
                    func.count(SalesPointRecord.id),
                    func.count(func.distinct(SalesPointRecord.district_code)),
                ).where(SalesPointRecord.removed_at.is_(None))
            )
        ).one()
        return int(found[0] or 0), int(found[1] or 0)

    async def products_2019(self, day: dt.date) -> dict[str, Managed2019]:
        """The 2019 list as it stands on `day`, per district code of the producer."""
        rows = await self.session.execute(
            select(ProducerRecord.district_code, ProductRecord.valid_until, ProductRecord.stars)
            .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .where(
                ProductRecord.imported_year == PRODUCTS_2019_YEAR,
                ProductRecord.withdrawn.is_(False),
            )
        )
        counts: dict[str, Counter[str]] = {}
        for code, until, stars in rows:
            row = counts.setdefault(str(code or ""), Counter())
            valid = until >= day
            row["total"] += 1
            row["valid" if valid else "expired"] += 1
            row["upgraded"] += valid and stars >= UPGRADED_STARS
        return {code: Managed2019(**c) for code, c in counts.items()}

    # --- a month ----------------------------------------------------------------------

    async def month(self, window: Window, district: str | None) -> dict[str, DistrictMonth]:
        """The month's counts by district code."""
        rows: dict[str, DistrictMonth] = {}

        def row(code: str | None) -> DistrictMonth:
            return rows.setdefault(code or "", Counter())

        received = (
            select(IdeaRecord.district_code, func.count())
            .where(IdeaRecord.submitted_at >= window.start, IdeaRecord.submitted_at < window.end)
            .group_by(IdeaRecord.district_code)
        )
        for code, n in await self.session.execute(received):
            row(code)["received"] = int(n)
        await self._moves(window, row)
        certified = (
            select(ProducerRecord.district_code, func.count())
            .join(ProductRecord, ProductRecord.producer_id == ProducerRecord.id)
            .where(
                ProductRecord.decision_date >= window.first_day,
                ProductRecord.decision_date < window.after_last_day,
            )
            .group_by(ProducerRecord.district_code)
        )
        for code, n in await self.session.execute(certified):
            row(code)["certified"] = int(n)
        issued = (
            select(ProducerRecord.district_code, func.sum(StampBatchRecord.count))
            .join(ProductRecord, ProductRecord.id == StampBatchRecord.product_id)
            .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .where(
                StampBatchRecord.created_at >= window.start,
                StampBatchRecord.created_at < window.end,
            )
            .group_by(ProducerRecord.district_code)
        )
        for code, n in await self.session.execute(issued):
            row(code)["stamps_issued"] = int(n or 0)
        checks = (
            select(ProducerRecord.district_code, StampCheckRecord.status, func.count())
            .select_from(StampCheckRecord)
            .outerjoin(StampRecord, StampRecord.serial == StampCheckRecord.serial)
            .outerjoin(StampBatchRecord, StampBatchRecord.id == StampRecord.batch_id)
            .outerjoin(ProductRecord, ProductRecord.id == StampBatchRecord.product_id)
            .outerjoin(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .where(
                StampCheckRecord.checked_at >= window.start,
                StampCheckRecord.checked_at < window.end,
            )
            .group_by(ProducerRecord.district_code, StampCheckRecord.status)
        )
        for code, status, n in await self.session.execute(checks):
            row(code)["stamps_checked"] += int(n)
            if status in COUNTERFEIT_STATUSES:
                row(code)["counterfeit_checks"] += int(n)
        trainings = TrainingRepository(self.session)
        for code, held in (
            await trainings.by_district(window.first_day, window.after_last_day)
        ).items():
            row(code)["trainings"] += held.sessions
            row(code)["trained_producers"] += held.producers
            row(code)["trained_officers"] += held.officers
        if district is not None:
            return {code: r for code, r in rows.items() if code == district}
        return rows

    async def _moves(self, window: Window, row: Callable[[str | None], DistrictMonth]) -> None:
        audit = select(
            AuditRecord.subject, AuditRecord.action, AuditRecord.before, AuditRecord.after
        ).where(
            AuditRecord.at >= window.start,
            AuditRecord.at < window.end,
            AuditRecord.action.in_(MOVE_ACTIONS) | AuditRecord.action.like(SCORE_ACTIONS),
        )
        moves = [
            (_idea_id(s), str(a), (before or {}).get("state"), after or {})
            for s, a, before, after in await self.session.execute(audit)
        ]
        ids = {i for i, _, _, _ in moves if i is not None}
        districts = await self._districts_of(ids)
        evaluated: set[int] = set()
        for idea_id, action, source, after in moves:
            if idea_id is None:
                continue
            target = row(districts.get(idea_id))
            state = after.get("state")
            if state in FORWARDED:
                target["forwarded"] += 1
            elif state in SELECTED:
                target["selected"] += 1
            elif state in APPRAISED and source in AT_PROVINCE:
                target["appraised"] += 1
                target["approved"] += state == "approved"
            elif state in PLAN_APPROVED:
                target["plans_approved"] += 1
            scored = action.startswith(SCORE_ACTIONS.rstrip("%"))
            if (state in EVALUATED or scored) and idea_id not in evaluated:
                evaluated.add(idea_id)
                target["evaluated"] += 1

    async def _districts_of(self, ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted(ids)
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(IdeaRecord.id, IdeaRecord.district_code).where(IdeaRecord.id.in_(wanted))
        )
        return {int(i): str(code or "") for i, code in rows}


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def count_total(rows: Iterable[DistrictMonth]) -> DistrictMonth:
    total: DistrictMonth = Counter()
    for r in rows:
        total.update(r)
    return total


async def stats_figures(
    session: AsyncSession, district: str | None, now: dt.datetime
) -> StatsFigures:
    """Today's figures against the plan, for a district or (None) the province."""
    figures = FigureRepository(session)
    today = now.astimezone(VN_TZ).date()
    stars = dict(await figures.products_by_stars(today, district))
    organisations, new = await figures.organisations(today.year, district)
    points = await figures.sales_points()  # the target is the province's
    return StatsFigures(
        district=district,
        certified_3_4=stars[3] + stars[4],
        certified_4_plus=stars[4] + stars[5],
        organisations=organisations,
        new_organisations=new,
        sales_points=points[0],
        districts_with_sales_point=points[1],
        ideas_by_stage=await figures.ideas_by_stage(district),
        ideas_by_district=await figures.ideas_by_district(district),
        products_by_stars=tuple(stars.items()),
        trained=await TrainingRepository(session).attendance(
            dt.date(today.year, 1, 1), dt.date(today.year + 1, 1, 1), district
        ),
        products_2019=_in_scope(await figures.products_2019(today), district),
    )


def _in_scope(rows: dict[str, Managed2019], district: str | None) -> Managed2019:
    if district is not None:
        return rows.get(district, Managed2019())
    return _sum_2019(rows.values())


def _sum_2019(rows: Iterable[Managed2019]) -> Managed2019:
    total: Counter[str] = Counter()
    for r in rows:
        total.update(vars(r))
    return Managed2019(**total)


async def monthly_report(session: AsyncSession, month: str, district: str | None) -> MonthlyReport:
    """The month's figures per district code, with the province's total."""
    window = Window.of(month)
    figures = FigureRepository(session)
    counts = await figures.month(window, district)
    rows = tuple(MonthlyRow(code, **counts[code]) for code in sorted(counts, key=_district_order))
    total = MonthlyRow("", **count_total(counts.values()))
    last_day = window.after_last_day - dt.timedelta(days=1)
    managed = await figures.products_2019(last_day)
    if district is not None:
        managed = {code: m for code, m in managed.items() if code == district}
    by_district = tuple((code, managed[code]) for code in sorted(managed, key=_district_order))
    return MonthlyReport(window.month, rows, total, by_district, _sum_2019(managed.values()))


def _district_order(code: str) -> tuple[bool, str]:
    return (code == "", code)


@dataclass(frozen=True)
class IdeaLine:
    number: str
    product: str
    commune_code: str
    district_code: str
    state: str
    since: dt.datetime


async def idea_lines(
    session: AsyncSession, district: str | None, stage: str | None, limit: int
) -> tuple[list[IdeaLine], int]:
    """Ideas (not drafts) in a district and a stage, the longest waiting first, at most
    `limit`, and how many match."""
    query = select(IdeaRecord).where(IdeaRecord.state != "draft")
    if district is not None:
        query = query.where(IdeaRecord.district_code == district)
    if stage is not None:
        query = query.where(IdeaRecord.state == stage)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    since = func.coalesce(IdeaRecord.state_changed_at, IdeaRecord.submitted_at)
    rows = await session.scalars(query.order_by(since, IdeaRecord.id).limit(limit))
    lines = [
        IdeaLine(
            r.registration_number,
            r.product_name,
            r.commune_code,
            r.district_code or "",
            r.state,
            r.state_changed_at or r.submitted_at,
        )
        for r in rows
    ]
    return lines, int(total or 0)
