"""What each person chose with /reminders: paused until a time, or stopped. No row: on."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.reminder_preference_effects import ReminderPreference
from storage.dialect_insert import insert_for
from storage.models import ReminderPreferenceRecord


class ReminderPreferenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> ReminderPreference:
        # Columns, not the record: never a stale copy from earlier in the session.
        row = (
            await self.session.execute(
                select(
                    ReminderPreferenceRecord.paused_until, ReminderPreferenceRecord.stopped
                ).where(ReminderPreferenceRecord.user_id == user_id)
            )
        ).first()
        if row is None:
            return ReminderPreference()
        return ReminderPreference(row.paused_until, bool(row.stopped))

    async def set(self, user_id: int, preference: ReminderPreference, now: dt.datetime) -> None:
        values = {
            "paused_until": preference.paused_until,
            "stopped": preference.stopped,
            "updated_at": now,
        }
        stmt = insert_for(self.session, ReminderPreferenceRecord).values(user_id=user_id, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["user_id"], set_=values)
        )

    async def muted_many(self, user_ids: Iterable[int], now: dt.datetime) -> builtins.set[int]:
        """Those of `user_ids` whose reminders are stopped, or paused past `now` (the sweep
        skips them, except an officer's legal deadlines)."""
        wanted = list(dict.fromkeys(user_ids))
        muted: builtins.set[int] = builtins.set()
        for start in range(0, len(wanted), 500):  # SQLite's limit on parameters
            chunk = wanted[start : start + 500]
            rows = await self.session.scalars(
                select(ReminderPreferenceRecord.user_id).where(
                    ReminderPreferenceRecord.user_id.in_(chunk),
                    or_(
                        ReminderPreferenceRecord.stopped.is_(True),
                        ReminderPreferenceRecord.paused_until > now,
                    ),
                )
            )
            muted.update(int(u) for u in rows)
        return muted
