"""What the sweep checks before a reminder goes: is its subject still so. A reminder planned
days ago may be about an idea that has since moved on, or a certificate since renewed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import IdeaRecord, ProductRecord


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


async def idea_states(
    session: AsyncSession, idea_ids: Sequence[int]
) -> dict[int, tuple[str, dt.datetime]]:
    """Each idea's state and since when it is in it."""
    if not idea_ids:
        return {}
    rows = await session.execute(
        select(
            IdeaRecord.id, IdeaRecord.state, IdeaRecord.state_changed_at, IdeaRecord.submitted_at
        ).where(IdeaRecord.id.in_(list(set(idea_ids))))
    )
    return {int(i): (str(s), _aware(changed or submitted)) for i, s, changed, submitted in rows}


async def certificate_ends(
    session: AsyncSession, product_ids: Sequence[int]
) -> dict[int, dt.date | None]:
    """Each product's certificate end; None when it was withdrawn."""
    if not product_ids:
        return {}
    rows = await session.execute(
        select(ProductRecord.id, ProductRecord.valid_until, ProductRecord.withdrawn).where(
            ProductRecord.id.in_(list(set(product_ids)))
        )
    )
    return {int(i): (None if withdrawn else until) for i, until, withdrawn in rows}
