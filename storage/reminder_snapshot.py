"""What the reminder planner reads (flows/reminder_types.Snapshot), in a few statements.

Only what can fall due in the window is loaded: ideas are loaded whatever their age (a few
thousand a year), forms and certificates only near the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.lifecycle import STATES
from flows.reminder_types import (
    ExpiringCertificate,
    OfficerSeat,
    OpenRegistration,
    Snapshot,
    WaitingIdea,
)
from storage.models import (
    BusinessPlanRecord,
    ConversationRecord,
    EvaluationRecord,
    IdeaRecord,
    ProducerRecord,
    ProductRecord,
    UserRecord,
    UserRoleRecord,
)
from storage.users import in_structure

REGISTRATION_FLOW = "registration"
FINAL_STATES = tuple(s.id for s in STATES if s.final)


async def load_snapshot(
    session: AsyncSession,
    start: dt.datetime,
    end: dt.datetime,
    *,
    structure: str,
    form_age: dt.timedelta,
    certificate_days: tuple[int, ...],
) -> Snapshot:
    """The state that reminders due in [start, end) depend on. `structure`: the
    administrative structure in force (roles of the other one act on nothing, and are not
    reminded); `form_age`: how old a form must be before its reminder; `certificate_days`:
    how long before its end a certificate is recalled."""
    return Snapshot(
        officers=await _officers(session, structure),
        ideas=await _ideas(session),
        registrations=await _registrations(session, start - form_age - _SLACK, end - form_age),
        certificates=await _certificates(session, start, end, certificate_days),
        ideas_with_plan=await _ideas_with_plan(session),
    )


def has_registration_form(state: Mapping[str, Any] | None) -> bool:
    """Does this saved conversation hold a registration form (open, or set aside)?"""
    stack = (state or {}).get("stack") or []
    return any(isinstance(f, dict) and f.get("flow") == REGISTRATION_FLOW for f in stack)


# Quiet hours move a due time later by at most a night: look that much further back.
_SLACK = dt.timedelta(hours=12)


async def _officers(session: AsyncSession, structure: str) -> tuple[OfficerSeat, ...]:
    rows = await session.execute(
        select(
            UserRoleRecord.user_id,
            UserRoleRecord.role,
            UserRoleRecord.area_code,
            UserRoleRecord.admin_structure,
        )
        .join(UserRecord, UserRecord.id == UserRoleRecord.user_id)
        .where(UserRoleRecord.revoked_at.is_(None), in_structure(structure))
        .order_by(UserRoleRecord.user_id, UserRoleRecord.id)
    )
    return tuple(OfficerSeat(int(u), str(r), a, str(s)) for u, r, a, s in rows)


async def _ideas(session: AsyncSession) -> tuple[WaitingIdea, ...]:
    rows = await session.execute(
        select(
            IdeaRecord.id,
            IdeaRecord.registration_number,
            IdeaRecord.product_name,
            IdeaRecord.state,
            IdeaRecord.state_changed_at,
            IdeaRecord.submitted_at,
            IdeaRecord.admin_structure,
            IdeaRecord.district_code,
            IdeaRecord.commune_code,
            IdeaRecord.user_id,
        )
        .where(IdeaRecord.state.not_in(FINAL_STATES), IdeaRecord.state != "draft")
        .order_by(IdeaRecord.id)
    )
    ideas = []
    for i, number, name, state, changed, submitted, structure, district, commune, user in rows:
        since = changed or submitted
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        ideas.append(
            WaitingIdea(
                int(i),
                str(number),
                str(name),
                str(state),
                since,
                str(structure),
                str(district),
                str(commune),
                int(user),
            )
        )
    return tuple(ideas)


async def _registrations(
    session: AsyncSession, start: dt.datetime, end: dt.datetime
) -> tuple[OpenRegistration, ...]:
    rows = await session.execute(
        select(ConversationRecord.user_id, ConversationRecord.state, ConversationRecord.updated_at)
        .where(ConversationRecord.updated_at >= start, ConversationRecord.updated_at < end)
        .order_by(ConversationRecord.updated_at)
    )
    found = []
    for user_id, state, updated in rows:
        if has_registration_form(state):
            at = updated if updated.tzinfo is not None else updated.replace(tzinfo=dt.UTC)
            found.append(OpenRegistration(int(user_id), at))
    return tuple(found)


async def _certificates(
    session: AsyncSession, start: dt.datetime, end: dt.datetime, days: tuple[int, ...]
) -> tuple[ExpiringCertificate, ...]:
    if not days:
        return ()
    # A certificate is recalled `days` before it ends: those ending within reach of the window.
    first = (start - dt.timedelta(days=1)).date()
    last = (end + dt.timedelta(days=max(days) + 1)).date()
    rows = await session.execute(
        select(
            ProductRecord.id,
            ProductRecord.name,
            ProductRecord.valid_until,
            ProducerRecord.district_code,
            ProducerRecord.commune_code,
            ProducerRecord.admin_structure,
            IdeaRecord.user_id,
        )
        .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
        .outerjoin(EvaluationRecord, EvaluationRecord.product_id == ProductRecord.id)
        .outerjoin(IdeaRecord, IdeaRecord.id == EvaluationRecord.idea_id)
        .where(
            ProductRecord.withdrawn.is_(False),
            ProductRecord.valid_until >= first,
            ProductRecord.valid_until <= last,
        )
        .order_by(ProductRecord.id)
    )
    seen: set[int] = set()
    found = []
    for pid, name, until, district, commune, structure, user in rows:
        if pid in seen:
            continue
        seen.add(pid)
        found.append(
            ExpiringCertificate(
                int(pid),
                str(name),
                until,
                int(user) if user is not None else None,
                str(district),
                str(structure),
                commune_code=str(commune),
            )
        )
    return tuple(found)


async def _ideas_with_plan(session: AsyncSession) -> frozenset[int]:
    return frozenset(int(i) for i in await session.scalars(select(BusinessPlanRecord.idea_id)))
