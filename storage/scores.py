"""The councils' scores and each idea's evaluation: which ideas wait for whose score, a score
recorded, the stage an idea reaches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from flows.principal import DISTRICT, PROVINCE
from storage.models import EvaluationRecord, IdeaPhotoRecord, IdeaRecord, ScoreRecord

EVALUATING = "evaluating"  # flows/lifecycle.py: the state scoring starts from
TO_PROVINCE_STAGE = "province"


@dataclass(frozen=True)
class Waiting:
    idea: IdeaRecord
    evaluation: EvaluationRecord | None
    level: str  # the council whose score the idea waits for


@dataclass(frozen=True)
class ScoreScope:
    """What one officer's councils may score: districts (None: every district; () none) and
    whether they sit on the province council."""

    districts: tuple[str | None, ...]
    province: bool
    has_districts: bool


def waiting_level(evaluation: EvaluationRecord | None, has_districts: bool) -> str | None:
    """Whose score an idea in evaluation waits for (None: scored to its end)."""
    if evaluation is None:
        return DISTRICT if has_districts else PROVINCE
    return PROVINCE if evaluation.stage == TO_PROVINCE_STAGE else None


class ScoreRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _conditions(self, scope: ScoreScope) -> list[ColumnElement[bool]]:
        unscored = EvaluationRecord.idea_id.is_(None)
        found: list[ColumnElement[bool]] = []
        if scope.has_districts and scope.districts:
            if None in scope.districts:
                found.append(unscored)
            else:
                areas = [a for a in scope.districts if a is not None]
                found.append(and_(unscored, IdeaRecord.district_code.in_(areas)))
        if scope.province:
            found.append(EvaluationRecord.stage == TO_PROVINCE_STAGE)
            if not scope.has_districts:
                found.append(unscored)
        return found

    async def waiting(
        self, scope: ScoreScope, structure: str, limit: int, idea_id: int | None = None
    ) -> tuple[list[Waiting], int]:
        conditions = self._conditions(scope)
        if not conditions:
            return [], 0
        query = (
            select(IdeaRecord, EvaluationRecord)
            .outerjoin(EvaluationRecord, EvaluationRecord.idea_id == IdeaRecord.id)
            .where(
                IdeaRecord.state == EVALUATING,
                IdeaRecord.admin_structure == structure,
                or_(*conditions),
            )
        )
        if idea_id is not None:
            query = query.where(IdeaRecord.id == idea_id)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        since = func.coalesce(IdeaRecord.state_changed_at, IdeaRecord.submitted_at)
        rows = await self.session.execute(query.order_by(since, IdeaRecord.id).limit(limit))
        found = []
        for idea, evaluation in rows:
            level = waiting_level(evaluation, scope.has_districts)
            if level is not None:
                found.append(Waiting(idea, evaluation, level))
        return found, int(total or 0)

    async def for_update(self, idea_id: int) -> tuple[IdeaRecord | None, EvaluationRecord | None]:
        """The idea and its evaluation, locked: two officers scoring at once, one is told."""
        idea = (
            await self.session.scalars(
                select(IdeaRecord).where(IdeaRecord.id == idea_id).with_for_update()
            )
        ).first()
        evaluation = (
            await self.session.scalars(
                select(EvaluationRecord)
                .where(EvaluationRecord.idea_id == idea_id)
                .with_for_update()
            )
        ).first()
        return idea, evaluation

    async def last_score(self, idea_id: int, level: str) -> ScoreRecord | None:
        return (
            await self.session.scalars(
                select(ScoreRecord)
                .where(ScoreRecord.idea_id == idea_id, ScoreRecord.level == level)
                .order_by(ScoreRecord.id.desc())
                .limit(1)
            )
        ).first()

    async def add(
        self,
        *,
        idea_id: int,
        level: str,
        ruleset: str,
        version: int,
        parts: tuple[int, int, int],
        stars: int,
        outcome: str,
        by_user_id: int,
        now: dt.datetime,
    ) -> ScoreRecord:
        score = ScoreRecord(
            idea_id=idea_id,
            level=level,
            ruleset=ruleset,
            ruleset_version=version,
            part_a=parts[0],
            part_b=parts[1],
            part_c=parts[2],
            total=sum(parts),
            stars=stars,
            outcome=outcome,
            by_user_id=by_user_id,
            scored_at=now,
        )
        self.session.add(score)
        await self.session.flush()
        return score

    async def set_stage(
        self,
        evaluation: EvaluationRecord | None,
        *,
        idea_id: int,
        ruleset: str,
        version: int,
        stage: str,
        now: dt.datetime,
        product_id: int | None = None,
    ) -> EvaluationRecord:
        if evaluation is None:
            evaluation = EvaluationRecord(
                idea_id=idea_id, ruleset=ruleset, ruleset_version=version, stage=stage
            )
            self.session.add(evaluation)
        evaluation.stage = stage
        evaluation.updated_at = now
        if product_id is not None:
            evaluation.product_id = product_id
        await self.session.flush()
        return evaluation

    async def first_photo(self, idea_id: int) -> str | None:
        found = await self.session.scalar(
            select(IdeaPhotoRecord.photo_sha256)
            .where(IdeaPhotoRecord.idea_id == idea_id)
            .order_by(IdeaPhotoRecord.position)
            .limit(1)
        )
        return str(found) if found is not None else None
