"""Trainings officers recorded (flows/training.py) and the attendance they add up to: the
plan's target is every OCOP officer and producer trained (seed §I.3).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.report_effects import Attendance
from flows.training_effects import NewTraining, TrainingArea, TrainingView
from storage.models import TrainingSessionRecord


def _inside(area: TrainingArea) -> list[object]:
    """A commune's trainings, a district's (its communes' too), or (no codes) everyone's."""
    if area.commune_code is not None:
        return [TrainingSessionRecord.commune_code == area.commune_code]
    if area.district_code is not None:
        return [TrainingSessionRecord.district_code == area.district_code]
    return []


class TrainingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, training: NewTraining, by_user_id: int | None, now: dt.datetime) -> int:
        record = TrainingSessionRecord(
            held_on=training.held_on,
            topic=training.topic,
            admin_structure=training.area.structure,
            district_code=training.area.district_code,
            commune_code=training.area.commune_code,
            producers=training.producers,
            officers=training.officers,
            recorded_by_user_id=by_user_id,
            created_at=now,
        )
        self.session.add(record)
        await self.session.flush()
        return record.id

    async def recent(self, area: TrainingArea, limit: int) -> list[TrainingView]:
        """The last trainings held inside the area, the latest day first."""
        rows = await self.session.scalars(
            select(TrainingSessionRecord)
            .where(*_inside(area))  # type: ignore[arg-type]
            .order_by(TrainingSessionRecord.held_on.desc(), TrainingSessionRecord.id.desc())
            .limit(limit)
        )
        return [
            TrainingView(
                id=r.id,
                held_on=r.held_on,
                topic=r.topic,
                producers=r.producers,
                officers=r.officers,
                district_code=r.district_code,
                commune_code=r.commune_code,
            )
            for r in rows
        ]

    async def by_district(self, first: dt.date, after_last: dt.date) -> dict[str, Attendance]:
        """Attendance of trainings held in [first, after_last), per district code ("": a
        province-wide training, or any training of the 2025 structure)."""
        rows = await self.session.execute(
            select(
                TrainingSessionRecord.district_code,
                func.count(),
                func.sum(TrainingSessionRecord.producers),
                func.sum(TrainingSessionRecord.officers),
            )
            .where(
                TrainingSessionRecord.held_on >= first, TrainingSessionRecord.held_on < after_last
            )
            .group_by(TrainingSessionRecord.district_code)
        )
        found: dict[str, Attendance] = {}
        for code, sessions, producers, officers in rows:
            key = str(code or "")
            before = found.get(key, Attendance())
            found[key] = Attendance(
                before.sessions + int(sessions),
                before.producers + int(producers or 0),
                before.officers + int(officers or 0),
            )
        return found

    async def attendance(
        self, first: dt.date, after_last: dt.date, district: str | None
    ) -> Attendance:
        """Attendance in [first, after_last), inside a district or (None) the province."""
        rows = await self.by_district(first, after_last)
        if district is not None:
            return rows.get(district, Attendance())
        return Attendance(
            sum(a.sessions for a in rows.values()),
            sum(a.producers for a in rows.values()),
            sum(a.officers for a in rows.values()),
        )
