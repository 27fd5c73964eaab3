"""Announcements officers sent (flows/announcement.py): who an audience is, the announcement
row, and the recipients' "Tôi sẽ tham gia" (once per person), counted for the figures.

The recipients' reminder rows are written through storage/reminders.py; the sweep sends them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.announcement_effects import (
    ATTEND,
    DISTRICT_PRODUCERS,
    GROUP_PRODUCERS,
    TRAINING,
    Audience,
)
from flows.formatting import VN_TZ
from flows.reminder_types import ANNOUNCEMENT
from storage.dialect_insert import insert_for
from storage.models import (
    AnnouncementRecord,
    AnnouncementReplyRecord,
    IdeaRecord,
    ReminderRecord,
    UserRecord,
    UserRoleRecord,
)
from storage.users import in_structure


@dataclass(frozen=True)
class Member:
    """One person of an audience; `blocked`: they blocked the bot (left out, counted)."""

    user_id: int
    blocked: bool


def subject_of(announcement_id: int) -> str:
    """The subject of its recipients' reminder rows."""
    return f"announcement:{announcement_id}"


class AnnouncementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def members(
        self, audience: Audience, communes: Sequence[str] | None = None
    ) -> list[Member]:
        """Everyone the audience names, by user id. Producers are the people who registered
        an idea there; officers hold the level's role (not revoked, counting under the
        audience's structure). `communes`: the codes of the audience's district, for its
        commune officers."""
        query: Select[tuple[int]]
        if audience.kind in (DISTRICT_PRODUCERS, GROUP_PRODUCERS):
            query = select(IdeaRecord.user_id)
            if audience.area is not None:
                query = query.where(
                    IdeaRecord.district_code == audience.area,
                    IdeaRecord.admin_structure == audience.structure,
                )
            if audience.kind == GROUP_PRODUCERS:
                query = query.where(IdeaRecord.product_group == (audience.group or ""))
        else:
            query = select(UserRoleRecord.user_id).where(
                UserRoleRecord.role == (audience.level or ""),
                UserRoleRecord.revoked_at.is_(None),
                in_structure(audience.structure),
            )
            if communes is not None:
                query = query.where(UserRoleRecord.area_code.in_(list(communes)))
        ids = query.distinct().subquery()
        rows = await self.session.execute(
            select(UserRecord.id, UserRecord.blocked)
            .where(UserRecord.id.in_(select(ids.c[0])))
            .order_by(UserRecord.id)
        )
        return [Member(int(u), bool(b)) for u, b in rows]

    async def add(
        self,
        sender_user_id: int,
        audience: Audience,
        topic: str,
        text: str,
        recipients: int,
        now: dt.datetime,
    ) -> int:
        record = AnnouncementRecord(
            sender_user_id=sender_user_id,
            audience=audience.kind,
            audience_area=audience.area,
            audience_group=audience.group,
            audience_level=audience.level,
            topic=topic,
            text=text,
            recipients=recipients,
            created_at=now,
        )
        self.session.add(record)
        await self.session.flush()
        return record.id

    async def topic_of(self, announcement_id: int) -> str | None:
        found = await self.session.scalar(
            select(AnnouncementRecord.topic).where(AnnouncementRecord.id == announcement_id)
        )
        return str(found) if found is not None else None

    async def is_recipient(self, announcement_id: int, user_id: int) -> bool:
        found = await self.session.scalar(
            select(func.count())
            .select_from(ReminderRecord)
            .where(
                ReminderRecord.kind == ANNOUNCEMENT,
                ReminderRecord.subject == subject_of(announcement_id),
                ReminderRecord.user_id == user_id,
            )
        )
        return bool(found)

    async def record_reply(
        self, announcement_id: int, user_id: int, answer: str, now: dt.datetime
    ) -> bool:
        """Whether this is their first answer (a second press changes nothing)."""
        stmt = (
            insert_for(self.session, AnnouncementReplyRecord)
            .values(announcement_id=announcement_id, user_id=user_id, answer=answer, at=now)
            .on_conflict_do_nothing(index_elements=["announcement_id", "user_id"])
            .returning(AnnouncementReplyRecord.user_id)
        )
        return bool(list(await self.session.scalars(stmt)))

    async def will_attend(
        self, first: dt.datetime, after_last: dt.datetime, district: str | None
    ) -> int:
        """ "Tôi sẽ tham gia" answered in [first, after_last) to training announcements: those
        addressed inside `district` (by its code), or (None) every one."""
        query = (
            select(func.count())
            .select_from(AnnouncementReplyRecord)
            .join(
                AnnouncementRecord, AnnouncementRecord.id == AnnouncementReplyRecord.announcement_id
            )
            .where(
                AnnouncementRecord.topic == TRAINING,
                AnnouncementReplyRecord.answer == ATTEND,
                AnnouncementReplyRecord.at >= first,
                AnnouncementReplyRecord.at < after_last,
            )
        )
        if district is not None:
            query = query.where(AnnouncementRecord.audience_area == district)
        return int(await self.session.scalar(query) or 0)

    async def will_attend_this_year(self, district: str | None, now: dt.datetime) -> int:
        """The figures' count beside the trainings held: this (local) year's answers."""
        year = now.astimezone(VN_TZ).year
        first = dt.datetime(year, 1, 1, tzinfo=VN_TZ)
        return await self.will_attend(first, first.replace(year=year + 1), district)
