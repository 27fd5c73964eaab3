"""Conversation state: a small JSON document per chat."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect_insert import insert_for
from storage.models import ConversationRecord


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        if not keys:
            return {}
        rows = await self.session.execute(
            select(ConversationRecord.key, ConversationRecord.state).where(
                ConversationRecord.key.in_(keys)
            )
        )
        return {str(k): dict(state) for k, state in rows}

    async def updated_many(self, keys: list[str]) -> dict[str, dt.datetime]:
        """When each conversation last moved (its last answer)."""
        if not keys:
            return {}
        rows = await self.session.execute(
            select(ConversationRecord.key, ConversationRecord.updated_at).where(
                ConversationRecord.key.in_(keys)
            )
        )
        return {str(k): at for k, at in rows}

    async def save_many(
        self, rows: list[tuple[str, int, dict[str, Any]]], now: dt.datetime
    ) -> None:
        if not rows:
            return
        table = ConversationRecord.__table__
        stmt = insert_for(self.session, table)
        stmt = stmt.on_conflict_do_update(
            index_elements=["key"],
            set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at},
        )
        params = [{"key": k, "user_id": u, "state": s, "updated_at": now} for k, u, s in rows]
        await self.session.execute(stmt, params)
