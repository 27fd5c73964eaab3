"""The audit log: who did what to which record, when, with the record before and after.

Rows are only ever added. `subject` names the record as "<kind>:<id>" ("idea:12", "user:5",
"invite:3"); `actor_user_id` is None for the command line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditRecord


@dataclass(frozen=True)
class AuditEntry:
    id: int
    actor_user_id: int | None
    action: str
    subject: str
    area: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    at: dt.datetime


def _entry(row: AuditRecord) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        actor_user_id=row.actor_user_id,
        action=row.action,
        subject=row.subject,
        area=row.area_code,
        before=row.before,
        after=row.after,
        at=row.at,
    )


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        *,
        actor_user_id: int | None,
        action: str,
        subject: str,
        area: str | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        now: dt.datetime,
    ) -> None:
        self.session.add(
            AuditRecord(
                actor_user_id=actor_user_id,
                action=action,
                subject=subject,
                area_code=area,
                before=before,
                after=after,
                at=now,
            )
        )
        await self.session.flush()

    async def for_subject(self, subject: str) -> list[AuditEntry]:
        """Everything done to one record, oldest first."""
        rows = await self.session.scalars(
            select(AuditRecord).where(AuditRecord.subject == subject).order_by(AuditRecord.id)
        )
        return [_entry(r) for r in rows]

    async def all(self) -> list[AuditEntry]:
        rows = await self.session.scalars(select(AuditRecord).order_by(AuditRecord.id))
        return [_entry(r) for r in rows]

    async def count_since(self, *, actor_user_id: int, action: str, since: dt.datetime) -> int:
        """How many times this person did this since then (a rate limit that survives
        restarts)."""
        found = await self.session.scalar(
            select(func.count())
            .select_from(AuditRecord)
            .where(
                AuditRecord.actor_user_id == actor_user_id,
                AuditRecord.action == action,
                AuditRecord.at > since,
            )
        )
        return int(found or 0)
