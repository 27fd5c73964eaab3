"""The review chain's reads and writes on ideas: an officer's inbox, one idea with its photos,
a move to another state, the photos of a producer's answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from flows.principal import COMMUNE, DISTRICT
from flows.review_effects import InboxItem
from flows.review_rules import Scope
from storage.models import IdeaPhotoRecord, IdeaRecord


def waiting_since(idea: IdeaRecord) -> dt.datetime:
    """When the idea came into its state (its submission, if it never moved)."""
    return idea.state_changed_at or idea.submitted_at


def _since() -> ColumnElement[dt.datetime]:
    return func.coalesce(IdeaRecord.state_changed_at, IdeaRecord.submitted_at)


def _in_scope(scope: Scope) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = IdeaRecord.state.in_(scope.states)
    if scope.area is not None and scope.role == COMMUNE:
        condition = and_(condition, IdeaRecord.commune_code == scope.area)
    elif scope.area is not None and scope.role == DISTRICT:
        condition = and_(condition, IdeaRecord.district_code == scope.area)
    return condition


class ReviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _inbox_query(self, scopes: tuple[Scope, ...], structure: str) -> Select[tuple[IdeaRecord]]:
        return select(IdeaRecord).where(
            IdeaRecord.admin_structure == structure, or_(*(_in_scope(s) for s in scopes))
        )

    async def inbox(
        self, scopes: tuple[Scope, ...], structure: str, page: int, page_size: int
    ) -> tuple[tuple[InboxItem, ...], int]:
        """One page of the ideas in these scopes, the longest waiting first, and how many in
        all."""
        if not scopes:
            return (), 0
        query = self._inbox_query(scopes, structure)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(_since(), IdeaRecord.id).offset(page * page_size).limit(page_size)
        )
        items = tuple(
            InboxItem(
                idea_id=r.id,
                number=r.registration_number,
                product=r.product_name,
                state=r.state,
                commune_code=r.commune_code,
                district_code=r.district_code or None,
                waiting_since=waiting_since(r).isoformat(),
            )
            for r in rows
        )
        return items, int(total or 0)

    async def get(self, idea_id: int, *, for_update: bool = False) -> IdeaRecord | None:
        query = select(IdeaRecord).where(IdeaRecord.id == idea_id)
        if for_update:
            query = query.with_for_update()  # two officers at once: one moves, one is told
        return (await self.session.scalars(query)).first()

    async def photos_of(self, idea_id: int) -> list[str]:
        rows = await self.session.scalars(
            select(IdeaPhotoRecord.photo_sha256)
            .where(IdeaPhotoRecord.idea_id == idea_id)
            .order_by(IdeaPhotoRecord.position)
        )
        return [str(r) for r in rows]

    async def move(
        self,
        idea: IdeaRecord,
        target: str,
        now: dt.datetime,
        *,
        question: str | None = None,
        asked_by: int | None = None,
    ) -> None:
        idea.state = target
        idea.state_changed_at = now
        idea.question = question
        idea.asked_by_user_id = asked_by
        await self.session.flush()

    async def add_photos(self, idea_id: int, shas: list[str]) -> int:
        """Add photos (recorded already) after the idea's own; a photo it has is skipped.
        Returns how many were added."""
        have = set(await self.photos_of(idea_id))
        last = await self.session.scalar(
            select(func.max(IdeaPhotoRecord.position)).where(IdeaPhotoRecord.idea_id == idea_id)
        )
        position = int(last or 0)
        added = 0
        for sha in shas:
            if sha in have:
                continue
            have.add(sha)
            position += 1
            added += 1
            self.session.add(IdeaPhotoRecord(idea_id=idea_id, position=position, photo_sha256=sha))
        await self.session.flush()
        return added
