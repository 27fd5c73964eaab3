"""Which process sends a channel's messages now: a lease in `channel_senders`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelSenderRecord


class ChannelSenderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def take(self, channel: str, holder: str, now: dt.datetime, until: dt.datetime) -> bool:
        """Hold (or keep holding) the channel until `until`: when it is free, ours already,
        or its holder's lease has passed. Whether it is ours now."""
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        inserted: CursorResult[tuple[()]] = await self.session.execute(  # type: ignore[assignment]
            insert(ChannelSenderRecord)
            .values(channel=channel, holder=holder, until=until)
            .on_conflict_do_nothing(index_elements=["channel"])
        )
        if inserted.rowcount == 1:
            return True
        updated: CursorResult[tuple[()]] = await self.session.execute(  # type: ignore[assignment]
            update(ChannelSenderRecord)
            .where(
                ChannelSenderRecord.channel == channel,
                or_(ChannelSenderRecord.holder == holder, ChannelSenderRecord.until < now),
            )
            .values(holder=holder, until=until)
        )
        return updated.rowcount == 1

    async def holder(self, channel: str) -> tuple[str, dt.datetime] | None:
        row = (
            await self.session.execute(
                select(ChannelSenderRecord.holder, ChannelSenderRecord.until).where(
                    ChannelSenderRecord.channel == channel
                )
            )
        ).first()
        return (str(row[0]), row[1]) if row is not None else None

    async def release(self, channels: list[str], holder: str) -> None:
        if channels:
            await self.session.execute(
                delete(ChannelSenderRecord).where(
                    ChannelSenderRecord.channel.in_(channels), ChannelSenderRecord.holder == holder
                )
            )

    async def release_others(self, holder: str) -> None:
        """Forget every other holder (SQLite at start: no other process can be sending)."""
        await self.session.execute(
            delete(ChannelSenderRecord).where(ChannelSenderRecord.holder != holder)
        )
