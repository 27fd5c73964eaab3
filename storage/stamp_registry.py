"""Issued stamps, their batches, revocations, and the log of every check."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import case, distinct, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ProducerRecord,
    ProductRecord,
    StampBatchRecord,
    StampCheckRecord,
    StampRecord,
)
from storage.products import ProductRepository, ProductView, product_view

# Serials are random in 32 bits, so a typed serial is hard to guess even though it carries no
# MAC; the first CHUNK candidates are checked against the table in one query.
SERIAL_SPACE = 2**32
CHUNK = 5_000
# The channel of officers' `ocop-bot stamps verify`: logged, never counted toward the copy
# warning (an officer checking a batch must not make every stamp in it look copied).
OFFICER_CHANNEL = "cli"
UNCOUNTED_CHANNELS = frozenset({OFFICER_CHANNEL})


@dataclass(frozen=True)
class StampView:
    serial: int
    batch_id: int
    revoked: bool
    product: ProductView


@dataclass(frozen=True)
class CheckHistory:
    """Earlier counted checks of one serial, as seen by the person checking now."""

    others: int  # distinct other people who checked it
    first_at: dt.datetime | None  # the first counted check, by anyone
    seen_before: bool  # this person checked it before


@dataclass(frozen=True)
class TypedChecks:
    """One person's typed look-ups since a moment (the per-person limit)."""

    count: int
    failed: int  # of them, those that found no stamp
    first_at: dt.datetime | None  # the oldest of them
    first_failed_at: dt.datetime | None


# Channels whose checks are no person typing in a chat: the web page (a scanned signed stamp)
# and officers' command line.
NOT_TYPED_CHANNELS = frozenset({"web", OFFICER_CHANNEL})


class StampRegistry:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.products = ProductRepository(session)

    async def issue_batch(
        self, product_id: int, count: int, key_id: str, now: dt.datetime
    ) -> tuple[int, list[int]]:
        batch = StampBatchRecord(product_id=product_id, count=count, key_id=key_id, created_at=now)
        self.session.add(batch)
        await self.session.flush()
        serials = await self._fresh_serials(count)
        for start in range(0, len(serials), CHUNK):
            chunk = serials[start : start + CHUNK]
            await self.session.execute(
                insert(StampRecord),
                [{"serial": s, "batch_id": batch.id, "revoked_at": None} for s in chunk],
            )
        return batch.id, serials

    async def _fresh_serials(self, count: int) -> list[int]:
        chosen: set[int] = set()
        while len(chosen) < count:
            wanted = count - len(chosen)
            candidates = {secrets.randbelow(SERIAL_SPACE) for _ in range(wanted)} - chosen
            for start in range(0, len(candidates), CHUNK):
                part = sorted(candidates)[start : start + CHUNK]
                taken = await self.session.scalars(
                    select(StampRecord.serial).where(StampRecord.serial.in_(part))
                )
                candidates -= set(taken)
            chosen |= candidates
        return list(chosen)[:count]

    async def revoke_batch(self, batch_id: int, now: dt.datetime) -> int:
        batch = await self.session.get(StampBatchRecord, batch_id)
        if batch is None:
            return 0
        batch.revoked_at = now
        result = await self.session.execute(
            update(StampRecord)
            .where(StampRecord.batch_id == batch_id, StampRecord.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def revoke_serial(self, serial: int, now: dt.datetime) -> bool:
        stamp = await self.session.get(StampRecord, serial)
        if stamp is None:
            return False
        stamp.revoked_at = stamp.revoked_at or now
        return True

    async def find(self, serial: int) -> StampView | None:
        # One round trip: every consumer's photo waits on it.
        row = (
            await self.session.execute(
                select(StampRecord, StampBatchRecord, ProductRecord, ProducerRecord)
                .join(StampBatchRecord, StampBatchRecord.id == StampRecord.batch_id)
                .join(ProductRecord, ProductRecord.id == StampBatchRecord.product_id)
                .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
                .where(StampRecord.serial == serial)
            )
        ).first()
        if row is None:
            return None
        stamp, batch, product, producer = row
        revoked = stamp.revoked_at is not None or batch.revoked_at is not None
        return StampView(stamp.serial, batch.id, revoked, product_view(product, producer))

    async def history(self, serial: int, user_hash: str) -> CheckHistory:
        """Distinct people, not checks: one person checking thirty times is one person."""
        others = func.count(
            distinct(case((StampCheckRecord.user_hash != user_hash, StampCheckRecord.user_hash)))
        )
        mine = func.max(case((StampCheckRecord.user_hash == user_hash, 1), else_=0))
        count, first, seen = (
            await self.session.execute(
                select(others, func.min(StampCheckRecord.checked_at), mine).where(
                    StampCheckRecord.serial == serial,
                    StampCheckRecord.channel.not_in(UNCOUNTED_CHANNELS),
                )
            )
        ).one()
        return CheckHistory(int(count or 0), _aware(first), bool(seen))

    async def typed_checks_since(
        self, user_hash: str, since: dt.datetime, failed_statuses: tuple[str, ...]
    ) -> TypedChecks:
        """The person's logged checks without a photo (typed serials) after `since` (the index
        on user_hash, checked_at)."""
        typed = (
            StampCheckRecord.user_hash == user_hash,
            StampCheckRecord.checked_at > since,
            StampCheckRecord.photo_sha256.is_(None),
            StampCheckRecord.channel.not_in(NOT_TYPED_CHANNELS),
        )
        failed = StampCheckRecord.status.in_(failed_statuses)
        count, failed_count, first, first_failed = (
            await self.session.execute(
                select(
                    func.count(),
                    func.count(case((failed, 1))),
                    func.min(StampCheckRecord.checked_at),
                    func.min(case((failed, StampCheckRecord.checked_at))),
                ).where(*typed)
            )
        ).one()
        return TypedChecks(
            int(count or 0), int(failed_count or 0), _aware(first), _aware(first_failed)
        )

    async def log_check(
        self,
        serial: int | None,
        status: str,
        channel: str,
        user_hash: str,
        now: dt.datetime,
        *,
        photo: str | None = None,
    ) -> None:
        """`photo`: the SHA-256 of the photo checked, which pruning deletes later."""
        self.session.add(
            StampCheckRecord(
                serial=serial,
                status=status,
                channel=channel,
                user_hash=user_hash,
                checked_at=now,
                photo_sha256=photo,
            )
        )

    async def batch_serials(self, batch_id: int) -> list[int]:
        rows = await self.session.scalars(
            select(StampRecord.serial).where(StampRecord.batch_id == batch_id)
        )
        return list(rows)


def _aware(moment: object) -> dt.datetime | None:
    """A moment read back (SQLite gives it without its zone), in UTC."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if not isinstance(moment, dt.datetime):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
