"""The scheduler's marks in the database (how far reminders were planned), so that a process
that was down plans what fell due meanwhile, and several processes agree."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect_insert import insert_for
from storage.models import SchedulerStateRecord


class SchedulerStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, name: str) -> dt.datetime | None:
        value: dt.datetime | None = await self.session.scalar(
            select(SchedulerStateRecord.value).where(SchedulerStateRecord.name == name)
        )
        return value

    async def get_for_update(self, name: str) -> dt.datetime | None:
        """Read and lock the mark (PostgreSQL): one planner at a time moves it."""
        stmt = select(SchedulerStateRecord.value).where(SchedulerStateRecord.name == name)
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        value: dt.datetime | None = await self.session.scalar(stmt)
        return value

    async def set(self, name: str, value: dt.datetime) -> None:
        stmt = insert_for(self.session, SchedulerStateRecord).values(name=name, value=value)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["name"], set_={"value": value})
        )
