"""Deleting what has served its purpose: old processed updates, sent and failed outbox rows,
reminders done with, and the photos consumers sent to check a stamp.

Every delete runs in batches of `batch` rows, each batch its own short transaction, so that
a large table never holds a long lock and the bot's steps go on between batches.

Kept whatever their age:
- pending outbox rows (not sent yet) and planned reminders;
- each chat's latest outbox row: a typed number answers the notice the chat saw last
  (storage/outbox.py `latest_payload`);
- a stamp photo that an idea, a product or a business plan uses (the same picture sent
  twice is one file), or that a conversation still holds: a photo sent during an open form
  is in the conversation's state only, until the form is saved. Photos no stamp check
  names are never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, delete, exists, func, select, tuple_, update
from sqlalchemy.orm import aliased

from storage.database import Database
from storage.models import (
    BusinessPlanFileRecord,
    ConversationRecord,
    IdeaPhotoRecord,
    InboxRecord,
    OutboxRecord,
    PhotoRecord,
    ProcessedUpdateRecord,
    ProductRecord,
    ReminderRecord,
    StampCheckRecord,
)
from storage.photo_store import PhotoStore
from storage.unit_of_work import UnitOfWork

BATCH = 500  # rows a statement deletes: also under SQLite's limit of bound parameters
DONE_OUTBOX = ("sent", "failed")
DONE_REMINDERS = ("sent", "skipped", "dropped")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StampPhotos:
    deleted: int  # files (and rows) removed
    kept: int  # still used by an idea, a product, a business plan or an open conversation


class Pruner:
    def __init__(self, database: Database, batch: int = BATCH) -> None:
        self.database = database
        self.batch = batch

    # --- rows older than a moment ---------------------------------------------------------

    async def processed_updates(self, before: dt.datetime, *, dry_run: bool = False) -> int:
        old = ProcessedUpdateRecord.processed_at < before
        if dry_run:
            return await self._count(select(func.count()).where(old))
        keys = tuple_(ProcessedUpdateRecord.channel, ProcessedUpdateRecord.message_id)
        chosen = (
            select(ProcessedUpdateRecord.channel, ProcessedUpdateRecord.message_id)
            .where(old)
            .limit(self.batch)
        )
        return await self._in_batches(
            lambda uow: _rowcount(uow, delete(ProcessedUpdateRecord).where(keys.in_(chosen)))
        )

    async def inbox(self, before: dt.datetime, *, dry_run: bool = False) -> int:
        """Updates handled before `before` (an unhandled one is never deleted)."""
        old = and_(InboxRecord.handled_at.is_not(None), InboxRecord.handled_at < before)
        if dry_run:
            return await self._count(select(func.count()).where(old))

        async def one(uow: UnitOfWork) -> int:
            ids = list(
                await uow.session.scalars(select(InboxRecord.id).where(old).limit(self.batch))
            )
            if ids:
                await uow.session.execute(delete(InboxRecord).where(InboxRecord.id.in_(ids)))
            return len(ids)

        return await self._in_batches(one)

    async def outbox(self, before: dt.datetime, *, dry_run: bool = False) -> int:
        """Sent and failed rows from before `before`, but never a chat's latest row."""
        later = aliased(OutboxRecord)
        has_later = exists().where(
            later.channel == OutboxRecord.channel,
            later.chat_id == OutboxRecord.chat_id,
            later.id > OutboxRecord.id,
        )
        old = and_(
            OutboxRecord.status.in_(DONE_OUTBOX),
            func.coalesce(OutboxRecord.sent_at, OutboxRecord.created_at) < before,
            has_later,
        )
        if dry_run:
            return await self._count(select(func.count()).select_from(OutboxRecord).where(old))

        async def one(uow: UnitOfWork) -> int:
            ids = list(
                await uow.session.scalars(
                    select(OutboxRecord.id).where(old).order_by(OutboxRecord.id).limit(self.batch)
                )
            )
            if ids:
                # A reminder younger than the age keeps its row, without the message it sent.
                await uow.session.execute(
                    update(ReminderRecord)
                    .where(ReminderRecord.outbox_id.in_(ids))
                    .values(outbox_id=None)
                )
                await uow.session.execute(delete(OutboxRecord).where(OutboxRecord.id.in_(ids)))
            return len(ids)

        return await self._in_batches(one)

    async def reminders(self, before: dt.datetime, *, dry_run: bool = False) -> int:
        """Reminders sent, skipped or dropped, due before `before`. Planning never plans a
        window twice (scheduler_state), so a deleted row is not planned again."""
        old = and_(ReminderRecord.status.in_(DONE_REMINDERS), ReminderRecord.due_at < before)
        if dry_run:
            return await self._count(select(func.count()).where(old))

        async def one(uow: UnitOfWork) -> int:
            ids = list(
                await uow.session.scalars(select(ReminderRecord.id).where(old).limit(self.batch))
            )
            if ids:
                await uow.session.execute(delete(ReminderRecord).where(ReminderRecord.id.in_(ids)))
            return len(ids)

        return await self._in_batches(one)

    # --- consumers' stamp photos ----------------------------------------------------------

    async def stamp_photos(self, store: PhotoStore, *, dry_run: bool = False) -> StampPhotos:
        """Delete the photos of answered stamp checks (the check is logged in the step's
        transaction, with its answer), file and row, unless something else uses them.

        A photo an idea, a product or a business plan uses is kept for good (its check no
        longer names it); one that only a conversation holds is looked at again next time:
        the form may be saved (then the photo is kept) or given up (then it goes).
        """
        held = await self._held_by_conversations()
        deleted = kept = 0
        after = 0
        seen: set[str] = set()  # a photo checked several times is decided once
        while True:
            async with UnitOfWork(self.database) as uow:
                rows = list(
                    await uow.session.execute(
                        select(StampCheckRecord.id, StampCheckRecord.photo_sha256)
                        .where(
                            StampCheckRecord.photo_sha256.is_not(None),
                            StampCheckRecord.id > after,
                        )
                        .order_by(StampCheckRecord.id)
                        .limit(self.batch)
                    )
                )
                if not rows:
                    break
                after = rows[-1][0]
                shas = {str(sha) for _, sha in rows} - seen
                seen |= shas
                used = await _used_for_good(uow, shas)
                waiting = (shas - used) & held
                gone = shas - used - waiting
                deleted += len(gone)
                kept += len(used) + len(waiting)
                if dry_run:
                    continue
                for sha in sorted(gone):
                    # The file first: should the commit fail, the check still names the photo
                    # and the next run deletes it (a missing file is no error).
                    store.delete(sha)
                if gone:
                    await uow.session.execute(
                        delete(PhotoRecord).where(PhotoRecord.sha256.in_(sorted(gone)))
                    )
                settled = sorted(gone | used)
                if settled:
                    await uow.session.execute(
                        update(StampCheckRecord)
                        .where(StampCheckRecord.photo_sha256.in_(settled))
                        .values(photo_sha256=None)
                    )
                await uow.commit()
        return StampPhotos(deleted, kept)

    async def _held_by_conversations(self) -> set[str]:
        """Every SHA-256 that a conversation's state (an open form, a message held while it
        asks "continue or start over?") or a message not sent yet names."""
        held: set[str] = set()
        after = ""
        while True:
            async with UnitOfWork(self.database) as uow:
                rows = list(
                    await uow.session.execute(
                        select(ConversationRecord.key, ConversationRecord.state)
                        .where(ConversationRecord.key > after)
                        .order_by(ConversationRecord.key)
                        .limit(self.batch)
                    )
                )
            if not rows:
                break
            after = str(rows[-1][0])
            held.update(_shas_in(state for _, state in rows))
        async with UnitOfWork(self.database) as uow:
            pending = await uow.session.scalars(
                select(OutboxRecord.payload).where(OutboxRecord.status == "pending")
            )
            held.update(_shas_in(pending))
        return held

    # --- the batches ----------------------------------------------------------------------

    async def _in_batches(self, one: Callable[[UnitOfWork], Awaitable[int]]) -> int:
        total = 0
        while True:
            async with UnitOfWork(self.database) as uow:
                done = await one(uow)
                await uow.commit()
            total += done
            if done < self.batch:
                return total

    async def _count(self, stmt: Select[tuple[int]]) -> int:
        async with UnitOfWork(self.database) as uow:
            return int(await uow.session.scalar(stmt) or 0)


async def _rowcount(uow: UnitOfWork, stmt: Any) -> int:
    result = await uow.session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)


async def _used_for_good(uow: UnitOfWork, shas: set[str]) -> set[str]:
    """Those of `shas` an idea, a product or a business plan uses."""
    wanted = sorted(shas)
    used: set[str] = set()
    for stmt in (
        select(IdeaPhotoRecord.photo_sha256).where(IdeaPhotoRecord.photo_sha256.in_(wanted)),
        select(ProductRecord.photo_sha256).where(ProductRecord.photo_sha256.in_(wanted)),
        select(BusinessPlanFileRecord.sha256).where(
            BusinessPlanFileRecord.kind == "photo", BusinessPlanFileRecord.sha256.in_(wanted)
        ),
    ):
        used.update(str(s) for s in await uow.session.scalars(stmt) if s is not None)
    return used


def _shas_in(values: Iterable[Any]) -> set[str]:
    found: set[str] = set()
    for value in values:
        found.update(_SHA256.findall(json.dumps(value)))
    return found
