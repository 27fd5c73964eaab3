"""Due reminders: written once by their key, claimed by one sweep, then sent or set aside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.reminder_types import Candidate
from storage.dialect_insert import insert_for
from storage.models import ReminderRecord


@dataclass(frozen=True)
class DueReminder:
    id: int
    kind: str
    user_id: int
    subject: str
    due_at: dt.datetime
    deadline_at: dt.datetime | None
    legal: bool
    params: dict[str, Any]


@dataclass(frozen=True)
class ReminderRow:
    """A reminder as a person's list shows it (planned or done)."""

    kind: str
    subject: str
    due_at: dt.datetime
    status: str
    outcome: str | None
    params: dict[str, Any]


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_many(self, candidates: Sequence[Candidate], now: dt.datetime) -> int:
        """Insert those not written yet (by their key); how many were new."""
        if not candidates:
            return 0
        inserted = 0
        # In slices: one statement's parameters stay under SQLite's limit.
        for start in range(0, len(candidates), 500):
            chunk = candidates[start : start + 500]
            stmt = (
                insert_for(self.session, ReminderRecord)
                .values(
                    [
                        {
                            "kind": c.kind,
                            "user_id": c.user_id,
                            "subject": c.subject,
                            "due_at": c.due_at,
                            "deadline_at": c.deadline_at,
                            "legal": c.legal,
                            "params": dict(c.params),
                            "status": "planned",
                            "late": False,
                            "created_at": now,
                        }
                        for c in chunk
                    ]
                )
                .on_conflict_do_nothing(index_elements=["kind", "user_id", "subject", "due_at"])
                .returning(ReminderRecord.id)
            )
            inserted += len(list(await self.session.scalars(stmt)))
        return inserted

    async def claim_due(self, now: dt.datetime, limit: int) -> list[DueReminder]:
        """Due planned rows, oldest first, locked for this transaction. On PostgreSQL rows
        another sweep holds are skipped, so two processes never take one row; SQLite has a
        single writer."""
        stmt = (
            select(ReminderRecord)
            .where(ReminderRecord.status == "planned", ReminderRecord.due_at <= now)
            .order_by(ReminderRecord.due_at, ReminderRecord.id)
            .limit(limit)
        )
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = await self.session.scalars(stmt)
        return [
            DueReminder(
                r.id,
                r.kind,
                r.user_id,
                r.subject,
                r.due_at,
                r.deadline_at,
                r.legal,
                dict(r.params),
            )
            for r in rows
        ]

    async def mark_sent(
        self, reminder_id: int, now: dt.datetime, outbox_id: int, *, late: bool
    ) -> None:
        await self.session.execute(
            update(ReminderRecord)
            .where(ReminderRecord.id == reminder_id)
            .values(status="sent", sent_at=now, outbox_id=outbox_id, late=late)
        )

    async def set_aside(self, reminder_ids: Sequence[int], status: str, outcome: str) -> None:
        """Skipped (muted, blocked, no longer relevant) or dropped (its deadline long past)."""
        if reminder_ids:
            await self.session.execute(
                update(ReminderRecord)
                .where(ReminderRecord.id.in_(list(reminder_ids)))
                .values(status=status, outcome=outcome)
            )

    async def for_user(
        self, user_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[ReminderRow]:
        rows = await self.session.scalars(
            select(ReminderRecord)
            .where(
                ReminderRecord.user_id == user_id,
                ReminderRecord.due_at >= start,
                ReminderRecord.due_at < end,
            )
            .order_by(ReminderRecord.due_at, ReminderRecord.id)
        )
        return [
            ReminderRow(r.kind, r.subject, r.due_at, r.status, r.outcome, dict(r.params))
            for r in rows
        ]

    async def counts(self) -> dict[tuple[str, str, str], int]:
        """(kind, status, outcome or "") → how many: what `reminders status` shows."""
        rows = await self.session.execute(
            select(
                ReminderRecord.kind,
                ReminderRecord.status,
                ReminderRecord.outcome,
                func.count(),
            ).group_by(ReminderRecord.kind, ReminderRecord.status, ReminderRecord.outcome)
        )
        return {(str(k), str(s), str(o or "")): int(n) for k, s, o, n in rows}

    async def next_due(self) -> dt.datetime | None:
        value: dt.datetime | None = await self.session.scalar(
            select(func.min(ReminderRecord.due_at)).where(ReminderRecord.status == "planned")
        )
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value
