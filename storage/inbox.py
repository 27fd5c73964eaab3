"""The inbox: every update as it arrived, recorded before the platform is told we have it.

A row is written when an update is received (before its offset is confirmed or its webhook
answered) and marked handled in the transaction of the step that handled it. Rows never marked
are what a crash left in hand: they are handled again, in order, after a restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect_insert import insert_for
from storage.models import InboxRecord

UpdateKey = tuple[str, str]  # (channel, message id)


@dataclass(frozen=True)
class NewInboxRow:
    channel: str
    message_id: str
    conversation_key: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class InboxRow:
    id: int
    channel: str
    message_id: str
    conversation_key: str
    payload: dict[str, Any]
    received_at: dt.datetime

    @property
    def key(self) -> UpdateKey:
        return (self.channel, self.message_id)


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_many(self, rows: Sequence[NewInboxRow], now: dt.datetime) -> set[UpdateKey]:
        """Record the updates not recorded yet; the keys of those that were new. An update
        seen before (a redelivery, or a batch fetched again because recording failed) is left
        as it was."""
        if not rows:
            return set()
        values = [
            {
                "channel": r.channel,
                "message_id": r.message_id,
                "conversation_key": r.conversation_key,
                "payload": r.payload,
                "received_at": now,
            }
            for r in rows
        ]
        statement = (
            insert_for(self.session, InboxRecord)
            .values(values)
            .on_conflict_do_nothing(index_elements=["channel", "message_id"])
            .returning(InboxRecord.channel, InboxRecord.message_id)
        )
        result = await self.session.execute(statement)
        return {(str(c), str(m)) for c, m in result}

    async def unhandled(self, channels: Collection[str] | None = None) -> list[InboxRow]:
        """Rows not marked handled, in the order they were recorded."""
        query = select(InboxRecord).where(InboxRecord.handled_at.is_(None))
        if channels is not None:
            query = query.where(InboxRecord.channel.in_(list(channels)))
        records = await self.session.scalars(query.order_by(InboxRecord.id))
        return [
            InboxRow(r.id, r.channel, r.message_id, r.conversation_key, r.payload, r.received_at)
            for r in records
        ]

    async def unhandled_after(self, channel: str, after_id: int, limit: int) -> list[InboxRow]:
        """A page of the channel's rows not marked handled, recorded after row `after_id`,
        in order (an intake taking back what it left in the inbox under load)."""
        records = await self.session.scalars(
            select(InboxRecord)
            .where(
                InboxRecord.channel == channel,
                InboxRecord.handled_at.is_(None),
                InboxRecord.id > after_id,
            )
            .order_by(InboxRecord.id)
            .limit(limit)
        )
        return [
            InboxRow(r.id, r.channel, r.message_id, r.conversation_key, r.payload, r.received_at)
            for r in records
        ]

    async def unhandled_before(
        self, channel: str, message_id: str, conversation_key: str
    ) -> list[InboxRow]:
        """The conversation's rows recorded before this update's and not handled yet, in
        order; none when this update has no row (not every update comes through the inbox)."""
        own = (
            select(InboxRecord.id)
            .where(InboxRecord.channel == channel, InboxRecord.message_id == message_id)
            .scalar_subquery()
        )
        records = await self.session.scalars(
            select(InboxRecord)
            .where(
                InboxRecord.conversation_key == conversation_key,
                InboxRecord.handled_at.is_(None),
                InboxRecord.id < own,
            )
            .order_by(InboxRecord.id)
        )
        return [
            InboxRow(r.id, r.channel, r.message_id, r.conversation_key, r.payload, r.received_at)
            for r in records
        ]

    async def mark_handled_many(self, keys: Sequence[UpdateKey], now: dt.datetime) -> None:
        """Mark these updates handled (keys without a row are ignored: not every update comes
        through the inbox)."""
        if not keys:
            return
        await self.session.execute(
            update(InboxRecord)
            .where(
                tuple_(InboxRecord.channel, InboxRecord.message_id).in_(list(keys)),
                InboxRecord.handled_at.is_(None),
            )
            .values(handled_at=now)
            .execution_options(synchronize_session=False)
        )

    async def delete_handled_before(self, cutoff: dt.datetime) -> int:
        """Forget rows handled before `cutoff` (redeliveries come within a day); how many."""
        result = await self.session.execute(
            delete(InboxRecord)
            .where(InboxRecord.handled_at.is_not(None), InboxRecord.handled_at < cutoff)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
