"""The outbox: replies written in the step's transaction and delivered after commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxRecord


@dataclass(frozen=True)
class NewMessage:
    """A reply to write: to whom (a user, on their channel and chat) and what."""

    channel: str
    chat_id: str
    payload: dict[str, Any]
    user_id: int | None = None


@dataclass(frozen=True)
class PendingMessage:
    id: int
    channel: str
    chat_id: str
    payload: dict[str, Any]
    attempts: int
    next_attempt_at: dt.datetime


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_many(self, rows: list[NewMessage], now: dt.datetime) -> list[PendingMessage]:
        """Queue many replies in one statement; returned in the order given."""
        if not rows:
            return []
        stmt = insert(OutboxRecord).returning(OutboxRecord.id, sort_by_parameter_order=True)
        params = [
            {
                "channel": m.channel,
                "chat_id": m.chat_id,
                "user_id": m.user_id,
                "payload": m.payload,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for m in rows
        ]
        ids = list(await self.session.scalars(stmt, params))
        return [
            PendingMessage(i, m.channel, m.chat_id, m.payload, 0, now)
            for i, m in zip(ids, rows, strict=True)
        ]

    async def mark_sent_many(self, message_ids: list[int], now: dt.datetime) -> None:
        if message_ids:
            await self.session.execute(
                update(OutboxRecord)
                .where(OutboxRecord.id.in_(message_ids))
                .values(status="sent", sent_at=now, attempts=OutboxRecord.attempts + 1)
            )

    async def chats_with_pending(self) -> set[tuple[str, str]]:
        rows = await self.session.execute(
            select(OutboxRecord.channel, OutboxRecord.chat_id)
            .where(OutboxRecord.status == "pending")
            .distinct()
        )
        return {(str(c), str(chat)) for c, chat in rows}

    async def pending_for(self, channel: str, chat_id: str) -> list[PendingMessage]:
        rows = await self.session.scalars(
            select(OutboxRecord)
            .where(
                OutboxRecord.channel == channel,
                OutboxRecord.chat_id == chat_id,
                OutboxRecord.status == "pending",
            )
            .order_by(OutboxRecord.id)
        )
        return [_pending(r) for r in rows]

    async def latest_payload(self, channel: str, chat_id: str) -> dict[str, Any] | None:
        """What the chat was sent last (or is about to be sent), whatever its status."""
        payload = await self.session.scalar(
            select(OutboxRecord.payload)
            .where(OutboxRecord.channel == channel, OutboxRecord.chat_id == chat_id)
            .order_by(OutboxRecord.id.desc())
            .limit(1)
        )
        return dict(payload) if payload is not None else None

    async def due_chats(self, now: dt.datetime, limit: int = 500) -> list[tuple[str, str]]:
        rows = await self.session.execute(
            select(OutboxRecord.channel, OutboxRecord.chat_id)
            .where(OutboxRecord.status == "pending", OutboxRecord.next_attempt_at <= now)
            .group_by(OutboxRecord.channel, OutboxRecord.chat_id)
            .limit(limit)
        )
        return [(str(c), str(chat)) for c, chat in rows]

    async def mark_sent(self, message_id: int, now: dt.datetime) -> None:
        await self.session.execute(
            update(OutboxRecord)
            .where(OutboxRecord.id == message_id)
            .values(status="sent", sent_at=now, attempts=OutboxRecord.attempts + 1)
        )

    async def mark_failed(self, message_id: int, error: str) -> None:
        await self.session.execute(
            update(OutboxRecord)
            .where(OutboxRecord.id == message_id)
            .values(status="failed", last_error=error[:500], attempts=OutboxRecord.attempts + 1)
        )

    async def postpone(self, message_id: int, until: dt.datetime, error: str) -> None:
        await self.session.execute(
            update(OutboxRecord)
            .where(OutboxRecord.id == message_id)
            .values(
                next_attempt_at=until, last_error=error[:500], attempts=OutboxRecord.attempts + 1
            )
        )


def _pending(r: OutboxRecord) -> PendingMessage:
    return PendingMessage(
        r.id, r.channel, r.chat_id, dict(r.payload), r.attempts, r.next_attempt_at
    )
