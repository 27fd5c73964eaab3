"""The figures a reminder or /deadlines says, read when they are said: how many ideas wait for
an officer's selection, how many products wait for a council's score.

Each counts in one seat's area (a commune, a district; None: the province) under one
administrative structure; the states come from the chain (flows/lifecycle.py), so that a
structure's chain decides what waits for whom.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from flows.lifecycle import CHAINS
from flows.principal import COMMUNE, DISTRICT, PROVINCE
from flows.reminder_calendar import (
    FIGURE_DISTRICT_COUNCIL,
    FIGURE_PROVINCE_COUNCIL,
    FIGURE_SELECTION,
    FIGURE_WAITING,
)
from flows.reminder_plan import selection_states
from storage.models import EvaluationRecord, IdeaRecord
from storage.scores import EVALUATING, TO_PROVINCE_STAGE


def _in_area(query: Select[tuple[int]], role: str, area: str | None) -> Select[tuple[int]]:
    if role == COMMUNE and area is not None:
        return query.where(IdeaRecord.commune_code == area)
    if role == DISTRICT and area is not None:
        return query.where(IdeaRecord.district_code == area)
    return query


async def _count_in_states(
    session: AsyncSession,
    states: Iterable[str],
    role: str,
    area: str | None,
    structure: str,
) -> int:
    wanted = tuple(states)
    if not wanted:
        return 0
    query = select(func.count(IdeaRecord.id)).where(
        IdeaRecord.state.in_(wanted), IdeaRecord.admin_structure == structure
    )
    return int(await session.scalar(_in_area(query, role, area)) or 0)


async def waiting_count(session: AsyncSession, role: str, area: str | None, structure: str) -> int:
    """Ideas waiting for `role` in `area`: in any state whose move is that role's."""
    chain = CHAINS.get(structure)
    states = chain.waiting_states(role) if chain is not None else ()
    return await _count_in_states(session, states, role, area, structure)


async def selection_count(
    session: AsyncSession, role: str, area: str | None, structure: str
) -> int:
    """Ideas still to be selected or sent on by `role` before the province's appraisal."""
    states = selection_states(structure, role)
    return await _count_in_states(session, states, role, area, structure)


def _has_districts(structure: str) -> bool:
    chain = CHAINS.get(structure)
    return chain is not None and any(m.role == DISTRICT for m in chain.moves)


async def evaluating_count(
    session: AsyncSession, level: str, role: str, area: str | None, structure: str
) -> int:
    """Products in evaluation waiting for the `level` council's score (district: none yet;
    province: passed by the district, or none yet where there are no districts), counted in
    `role`'s `area` (storage/scores.py decides the same way whose score an idea waits for)."""
    unscored: ColumnElement[bool] = EvaluationRecord.idea_id.is_(None)
    condition: ColumnElement[bool]
    if level == DISTRICT:
        if not _has_districts(structure):
            return 0
        condition = unscored
    elif level == PROVINCE:
        to_province = EvaluationRecord.stage == TO_PROVINCE_STAGE
        condition = to_province if _has_districts(structure) else (to_province | unscored)
    else:
        return 0
    query = (
        select(func.count(IdeaRecord.id))
        .outerjoin(EvaluationRecord, EvaluationRecord.idea_id == IdeaRecord.id)
        .where(
            IdeaRecord.state == EVALUATING,
            IdeaRecord.admin_structure == structure,
            condition,
        )
    )
    return int(await session.scalar(_in_area(query, role, area)) or 0)


async def figure_count(
    session: AsyncSession, figure: str, role: str, area: str | None, structure: str
) -> int | None:
    """One figure of flows/reminder_calendar.FIGURES; None for a name it does not know."""
    if figure == FIGURE_SELECTION:
        return await selection_count(session, role, area, structure)
    if figure == FIGURE_WAITING:
        return await waiting_count(session, role, area, structure)
    if figure == FIGURE_DISTRICT_COUNCIL:
        return await evaluating_count(session, DISTRICT, role, area, structure)
    if figure == FIGURE_PROVINCE_COUNCIL:
        return await evaluating_count(session, PROVINCE, role, area, structure)
    return None


async def figures_for(
    session: AsyncSession,
    names: Iterable[str],
    role: str,
    area: str | None,
    structure: str,
) -> dict[str, int]:
    """The figures named (flows/reminder_texts.figures_needed) for one seat; unknown names
    are left out."""
    found: dict[str, int] = {}
    for name in dict.fromkeys(names):
        count = await figure_count(session, name, role, area, structure)
        if count is not None:
            found[name] = count
    return found
