"""Users: one row per identity on one channel."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import UserRecord


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_or_create(
        self, channel: str, external_id: str, display_name: str | None, lang: str, now: dt.datetime
    ) -> UserRecord:
        found = await self.session.scalar(
            select(UserRecord).where(
                UserRecord.channel == channel, UserRecord.external_id == external_id
            )
        )
        if found is not None:
            if display_name and found.display_name != display_name:
                found.display_name = display_name
            if found.blocked:
                found.blocked = False  # they wrote to us, so they can hear us again
            return found
        user = UserRecord(
            channel=channel,
            external_id=external_id,
            display_name=display_name,
            lang=lang,
            blocked=False,
            created_at=now,
        )
        self.session.add(user)
        await self.session.flush()
        return user

    async def set_language(self, user_id: int, lang: str) -> None:
        await self.session.execute(
            update(UserRecord).where(UserRecord.id == user_id).values(lang=lang)
        )

    async def mark_blocked(self, channel: str, external_id: str) -> None:
        await self.session.execute(
            update(UserRecord)
            .where(UserRecord.channel == channel, UserRecord.external_id == external_id)
            .values(blocked=True)
        )
