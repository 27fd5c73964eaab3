"""Product ideas, their photos and their registration numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from flows.choices import PRODUCT_GROUPS_RULESET
from flows.effects import IdeaSummary
from flows.formatting import local
from flows.idea_answers import IdeaAnswers
from storage.models import (
    IdeaPhotoRecord,
    IdeaRecord,
    PhotoRecord,
    RegistrationCounterRecord,
    UserRecord,
)

PROVINCE_CODE = "42"


def numbering_unit(answers: IdeaAnswers) -> str:
    """The unit whose registrations are numbered together, each year from 001.

    2020 structure: the district (three-digit GSO code, "441"), as the form's own style has
    it. 2025 structure (no districts): the commune (five-digit code, "18316"), the level that
    receives the forms now. Both key the one counter table; the lengths of the two kinds of
    code keep their counters apart.
    """
    if answers.district_code:
        return answers.district_code
    return answers.commune_code


def registration_number(sequence: int, unit_code: str, year: int) -> str:
    """NNN/PĐK-<province>-<unit>-<year>: "001/PĐK-42-441-2026" (2020, per district),
    "001/PĐK-42-18316-2026" (2025, per commune)."""
    return f"{sequence:03d}/PĐK-{PROVINCE_CODE}-{unit_code}-{year}"


@dataclass(frozen=True)
class NewPhoto:
    sha256: str
    width: int
    height: int


class IdeaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _next_sequence(self, unit_code: str, year: int) -> int:
        dialect = self.session.bind.dialect.name if self.session.bind else "sqlite"
        module: Any = postgresql if dialect == "postgresql" else sqlite
        table = RegistrationCounterRecord.__table__
        stmt = (
            module.insert(table)
            .values(district_code=unit_code, year=year, last=1)
            .on_conflict_do_update(
                index_elements=["district_code", "year"], set_={"last": table.c.last + 1}
            )
            .returning(table.c.last)
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def submit(
        self,
        user_id: int,
        answers: IdeaAnswers,
        photos: list[NewPhoto],
        now: dt.datetime,
    ) -> IdeaRecord:
        unit = numbering_unit(answers)
        year = local(now).year
        number = registration_number(await self._next_sequence(unit, year), unit, year)
        idea = IdeaRecord(
            registration_number=number,
            user_id=user_id,
            state="submitted",
            applicant_name=answers.applicant_name,
            applicant_type=answers.applicant_type,
            phone=answers.phone,
            admin_structure=answers.admin_structure,
            district_code=answers.district_code or "",  # "" in a structure without districts
            commune_code=answers.commune_code,
            product_name=answers.product_name,
            product_group=answers.product_group,
            group_ruleset=PRODUCT_GROUPS_RULESET,
            core_value=answers.core_value,
            target_market=answers.target_market,
            volume=answers.volume,
            price=answers.price or None,
            story=answers.story,
            answers=answers.to_json(),
            created_at=now,
            submitted_at=now,
        )
        self.session.add(idea)
        await self.session.flush()
        for position, photo in enumerate(photos, start=1):
            await self.ensure_photo(photo.sha256, photo.width, photo.height, now)
            self.session.add(
                IdeaPhotoRecord(idea_id=idea.id, position=position, photo_sha256=photo.sha256)
            )
        await self.session.flush()
        return idea

    async def ensure_photo(self, sha256: str, width: int, height: int, now: dt.datetime) -> None:
        """Record a stored photo once (the store itself keeps each file once)."""
        if await self.session.get(PhotoRecord, sha256) is None:
            self.session.add(PhotoRecord(sha256=sha256, width=width, height=height, created_at=now))
            await self.session.flush()

    async def summaries_for(self, user_id: int) -> tuple[IdeaSummary, ...]:
        rows = await self.session.scalars(
            select(IdeaRecord).where(IdeaRecord.user_id == user_id).order_by(IdeaRecord.id)
        )
        return tuple(
            IdeaSummary(r.registration_number, r.product_name, r.state, r.submitted_at.isoformat())
            for r in rows
        )

    async def all_with_photos(self) -> list[tuple[IdeaRecord, UserRecord, list[str]]]:
        ideas = list(
            await self.session.execute(
                select(IdeaRecord, UserRecord)
                .join(UserRecord, UserRecord.id == IdeaRecord.user_id)
                .order_by(IdeaRecord.id)
            )
        )
        photo_rows = await self.session.execute(
            select(IdeaPhotoRecord.idea_id, IdeaPhotoRecord.photo_sha256).order_by(
                IdeaPhotoRecord.idea_id, IdeaPhotoRecord.position
            )
        )
        photos: dict[int, list[str]] = {}
        for idea_id, sha in photo_rows:
            photos.setdefault(int(idea_id), []).append(str(sha))
        return [(idea, user, photos.get(idea.id, [])) for idea, user in ideas]
