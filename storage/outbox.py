"""The outbox: replies written in the step's transaction and delivered after commit.

The table is the truth of what is still to send. A process sends a row only after claiming it
(`claimed_by`, `claimed_until`): another process leaves a row alone while its claim lasts, and
takes it once the claim has passed (its claimer died). A chat's rows go in `id` order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxRecord


@dataclass(frozen=True)
class NewMessage:
    """A reply to write: to whom (a user, on their channel and chat) and what.

    `claimed_by`/`claimed_until`: written already claimed by the process that will send it
    in hand right after the commit (handlers/outbox.py).
    """

    channel: str
    chat_id: str
    payload: dict[str, Any]
    user_id: int | None = None
    claimed_by: str | None = None
    claimed_until: dt.datetime | None = None


@dataclass(frozen=True)
class PendingMessage:
    id: int
    channel: str
    chat_id: str
    payload: dict[str, Any]
    attempts: int
    next_attempt_at: dt.datetime
    claimed_by: str | None = None


Chat = tuple[str, str]  # (channel, chat id)


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
                "claimed_by": m.claimed_by,
                "claimed_until": m.claimed_until,
            }
            for m in rows
        ]
        ids = list(await self.session.scalars(stmt, params))
        return [
            PendingMessage(i, m.channel, m.chat_id, m.payload, 0, now, m.claimed_by)
            for i, m in zip(ids, rows, strict=True)
        ]

    async def pending_ids(self, chats: Collection[Chat]) -> dict[Chat, list[int]]:
        """The rows still pending of these chats (one query on the chat index)."""
        if not chats:
            return {}
        by_channel: dict[str, list[str]] = {}
        for channel, chat_id in chats:
            by_channel.setdefault(channel, []).append(chat_id)
        rows = await self.session.execute(
            select(OutboxRecord.channel, OutboxRecord.chat_id, OutboxRecord.id).where(
                or_(
                    *(
                        and_(OutboxRecord.channel == c, OutboxRecord.chat_id.in_(ids))
                        for c, ids in by_channel.items()
                    )
                ),
                OutboxRecord.status == "pending",
            )
        )
        found: dict[Chat, list[int]] = {}
        for channel, chat_id, row_id in rows:
            found.setdefault((str(channel), str(chat_id)), []).append(int(row_id))
        return found

    async def due_channels(self, channels: Collection[str], now: dt.datetime) -> set[str]:
        """Which of these channels have a row due now: the sweep's cheap look when idle."""
        if not channels:
            return set()
        rows = await self.session.scalars(
            select(OutboxRecord.channel)
            .where(
                OutboxRecord.status == "pending",
                OutboxRecord.next_attempt_at <= now,
                OutboxRecord.channel.in_(list(channels)),
                or_(OutboxRecord.claimed_until.is_(None), OutboxRecord.claimed_until < now),
            )
            .distinct()
        )
        return {str(c) for c in rows}

    async def claim_due(
        self,
        holder: str,
        now: dt.datetime,
        until: dt.datetime,
        channel: str,
        limit: int,
        *,
        only: Collection[str] | None = None,
        skip: Collection[int] = (),
    ) -> list[PendingMessage]:
        """Claim up to `limit` due rows of `channel` for `holder` until `until`, oldest first.

        A chat's rows go in order: a row is taken only when no older pending row of its chat
        must wait (not due yet, or under a live claim, ours included). On PostgreSQL rows
        another transaction is claiming are skipped (FOR UPDATE SKIP LOCKED); SQLite lets one
        writer in at a time. `only`: these chat ids alone. `skip`: rows this process has in
        hand already.

        Two plain queries rather than one with a correlated NOT EXISTS: right after a burst of
        inserts the planner's statistics are stale, and it ran that one as a nested loop over
        the whole table (seconds for 10,000 rows).
        """
        if limit <= 0 or (only is not None and not only):
            return []
        row = OutboxRecord
        conditions: list[ColumnElement[bool]] = [
            row.status == "pending",
            row.next_attempt_at <= now,
            row.channel == channel,
            or_(row.claimed_until.is_(None), row.claimed_until < now),
        ]
        if only is not None:
            conditions.append(row.chat_id.in_(list(only)))
        stmt = select(row).where(*conditions).order_by(row.id).limit(limit)
        if self.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=row)
        candidates = list(await self.session.scalars(stmt))
        if not candidates:
            return []
        chats = list({r.chat_id for r in candidates})
        waiting = await self.session.execute(
            select(row.chat_id, func.min(row.id))
            .where(
                row.channel == channel,
                row.chat_id.in_(chats),
                row.status == "pending",
                or_(
                    row.next_attempt_at > now,
                    and_(row.claimed_until.is_not(None), row.claimed_until >= now),
                ),
            )
            .group_by(row.chat_id)
        )
        first_waiting = {str(chat): int(first) for chat, first in waiting}
        skipped = set(skip)
        taken: list[OutboxRecord] = []
        for r in candidates:  # in id order
            if r.id > first_waiting.get(r.chat_id, r.id + 1):
                continue
            if r.id in skipped:
                first_waiting[r.chat_id] = r.id  # in hand: the chat's later rows wait for it
                continue
            taken.append(r)
        if taken:
            await self.session.execute(
                update(OutboxRecord)
                .where(OutboxRecord.id.in_([r.id for r in taken]))
                .values(claimed_by=holder, claimed_until=until),
                execution_options={"synchronize_session": False},
            )
        return [_pending(r, holder) for r in taken]

    async def renew(self, message_ids: Collection[int], holder: str, until: dt.datetime) -> None:
        """Make our claims on these rows last until `until` (a long send)."""
        if message_ids:
            await self.session.execute(
                update(OutboxRecord)
                .where(
                    OutboxRecord.id.in_(list(message_ids)),
                    OutboxRecord.claimed_by == holder,
                    OutboxRecord.status == "pending",
                )
                .values(claimed_until=until)
            )

    async def release(self, message_ids: Collection[int], holder: str) -> None:
        """Give back our claims on rows we will not send now (they wait behind an older one)."""
        if message_ids:
            await self.session.execute(
                update(OutboxRecord)
                .where(OutboxRecord.id.in_(list(message_ids)), OutboxRecord.claimed_by == holder)
                .values(claimed_by=None, claimed_until=None)
            )

    async def release_others(self, holder: str) -> int:
        """Free every claim of another process (SQLite at start: none can be alive); how many."""
        result = await self.session.execute(
            update(OutboxRecord)
            .where(
                OutboxRecord.status == "pending",
                OutboxRecord.claimed_by.is_not(None),
                OutboxRecord.claimed_by != holder,
            )
            .values(claimed_by=None, claimed_until=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def mark_sent_many(self, message_ids: list[int], now: dt.datetime) -> None:
        if message_ids:
            await self.session.execute(
                update(OutboxRecord)
                .where(OutboxRecord.id.in_(message_ids))
                .values(
                    status="sent",
                    sent_at=now,
                    attempts=OutboxRecord.attempts + 1,
                    claimed_until=None,
                )
            )

    async def chats_with_pending(self) -> set[Chat]:
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
        return [_pending(r, r.claimed_by) for r in rows]

    async def latest_payload(self, channel: str, chat_id: str) -> dict[str, Any] | None:
        """What the chat was sent last (or is about to be sent), whatever its status."""
        payload = await self.session.scalar(
            select(OutboxRecord.payload)
            .where(OutboxRecord.channel == channel, OutboxRecord.chat_id == chat_id)
            .order_by(OutboxRecord.id.desc())
            .limit(1)
        )
        return dict(payload) if payload is not None else None

    async def mark_sent(self, message_id: int, now: dt.datetime) -> None:
        await self.mark_sent_many([message_id], now)

    async def mark_failed(self, message_id: int, error: str) -> None:
        await self.session.execute(
            update(OutboxRecord)
            .where(OutboxRecord.id == message_id)
            .values(
                status="failed",
                last_error=error[:500],
                attempts=OutboxRecord.attempts + 1,
                claimed_until=None,
            )
        )

    async def postpone(self, message_id: int, until: dt.datetime, error: str) -> None:
        """Try again at `until`, by whichever process sends the channel then."""
        await self.session.execute(
            update(OutboxRecord)
            .where(OutboxRecord.id == message_id)
            .values(
                next_attempt_at=until,
                last_error=error[:500],
                attempts=OutboxRecord.attempts + 1,
                claimed_by=None,
                claimed_until=None,
            )
        )


def _pending(r: OutboxRecord, claimed_by: str | None) -> PendingMessage:
    return PendingMessage(
        r.id, r.channel, r.chat_id, dict(r.payload), r.attempts, r.next_attempt_at, claimed_by
    )
