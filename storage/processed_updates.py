"""Which updates were handled already, so that a redelivered one is skipped."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdateRecord


class ProcessedUpdateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def seen(self, channel: str, message_id: str) -> bool:
        return await self.session.get(ProcessedUpdateRecord, (channel, message_id)) is not None

    async def seen_many(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        if not keys:
            return set()
        rows = await self.session.execute(
            select(ProcessedUpdateRecord.channel, ProcessedUpdateRecord.message_id).where(
                tuple_(ProcessedUpdateRecord.channel, ProcessedUpdateRecord.message_id).in_(keys)
            )
        )
        return {(str(c), str(m)) for c, m in rows}

    async def mark_many(self, keys: list[tuple[str, str]], now: dt.datetime) -> None:
        if keys:
            await self.session.execute(
                insert(ProcessedUpdateRecord),
                [{"channel": c, "message_id": m, "processed_at": now} for c, m in keys],
            )
