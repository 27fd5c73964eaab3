"""Business plans (Biểu 03) and their pages: saved (a plan sent again replaces the one
before), read for an officer, approved with the budget support and the officer in charge; and
the officers who may be named in charge of a product in an area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.business_plan_effects import PlanFile, PlanView
from storage.models import (
    BusinessPlanFileRecord,
    BusinessPlanRecord,
    IdeaRecord,
    OfficerInviteRecord,
    UserRecord,
    UserRoleRecord,
)
from storage.users import in_structure


@dataclass(frozen=True)
class NewPlanFile:
    kind: str
    sha256: str
    size: int
    file_name: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class OfficerName:
    user_id: int
    name: str | None  # the name they were invited under, else their messenger's
    phone: str | None  # E.164, when the person gave one (officers' phones are not asked)


def plan_json(plan: BusinessPlanRecord, files: list[BusinessPlanFileRecord]) -> dict[str, Any]:
    """As the audit log keeps it (a plan replaced is kept there only)."""
    return {
        "capital": plan.capital,
        "revenue": plan.revenue,
        "capacity": plan.capacity,
        "files": [[f.kind, f.sha256, f.file_name] for f in files],
    }


class BusinessPlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, idea_id: int) -> BusinessPlanRecord | None:
        return await self.session.get(BusinessPlanRecord, idea_id)

    async def files_of(self, idea_id: int) -> list[BusinessPlanFileRecord]:
        rows = await self.session.scalars(
            select(BusinessPlanFileRecord)
            .where(BusinessPlanFileRecord.idea_id == idea_id)
            .order_by(BusinessPlanFileRecord.position)
        )
        return list(rows)

    async def save(
        self,
        idea_id: int,
        *,
        capital: int,
        revenue: int,
        capacity: str,
        files: list[NewPlanFile],
        now: dt.datetime,
    ) -> BusinessPlanRecord:
        """The plan of the idea, replacing one sent before (and its pages, and any approval
        it had: a plan is approved as sent)."""
        await self.session.execute(
            delete(BusinessPlanFileRecord).where(BusinessPlanFileRecord.idea_id == idea_id)
        )
        plan = await self.get(idea_id)
        if plan is None:
            plan = BusinessPlanRecord(idea_id=idea_id)
            self.session.add(plan)
        plan.capital, plan.revenue, plan.capacity = capital, revenue, capacity
        plan.submitted_at = now
        plan.budget_support = plan.responsible_user_id = plan.responsible_name = None
        plan.approved_by_user_id = plan.approved_at = None
        await self.session.flush()
        for position, f in enumerate(files, start=1):
            self.session.add(
                BusinessPlanFileRecord(
                    idea_id=idea_id,
                    position=position,
                    kind=f.kind,
                    sha256=f.sha256,
                    file_name=f.file_name,
                    mime_type=f.mime_type,
                    size=f.size,
                )
            )
        await self.session.flush()
        return plan

    async def approve(
        self,
        plan: BusinessPlanRecord,
        *,
        budget_support: int,
        responsible_user_id: int | None,
        responsible_name: str,
        approved_by: int,
        now: dt.datetime,
    ) -> None:
        plan.budget_support = budget_support
        plan.responsible_user_id = responsible_user_id
        plan.responsible_name = responsible_name
        plan.approved_by_user_id = approved_by
        plan.approved_at = now
        await self.session.flush()

    async def view(self, idea_id: int, paths: dict[str, str] | None = None) -> PlanView | None:
        """The plan as an officer reads it; `paths`: where the document store keeps each
        document, by SHA-256."""
        plan = await self.get(idea_id)
        if plan is None:
            return None
        files = tuple(
            PlanFile(f.kind, f.sha256, f.file_name, f.size, (paths or {}).get(f.sha256))
            for f in await self.files_of(idea_id)
        )
        return PlanView(
            capital=plan.capital,
            revenue=plan.revenue,
            capacity=plan.capacity,
            submitted_at=plan.submitted_at.isoformat(),
            files=files,
            budget_support=plan.budget_support,
            responsible_name=plan.responsible_name,
            approved_at=plan.approved_at.isoformat() if plan.approved_at else None,
        )

    async def officers(self, role: str, area: str | None, structure: str) -> list[OfficerName]:
        """Everyone whose `role` covers `area` (held there, or held with no area) under
        `structure`, not revoked, in the order they were given the role."""
        query = (
            select(UserRoleRecord.user_id)
            .where(
                UserRoleRecord.role == role,
                UserRoleRecord.revoked_at.is_(None),
                in_structure(structure),
            )
            .order_by(UserRoleRecord.id)
        )
        if area is not None:
            held = UserRoleRecord.area_code
            query = query.where(or_(held == area, held.is_(None)))
        ids = list(dict.fromkeys(int(i) for i in await self.session.scalars(query)))
        return await self.names(ids)

    async def names(self, user_ids: list[int]) -> list[OfficerName]:
        """The people, in the order given: the name they were invited under, else the one
        their messenger gives."""
        if not user_ids:
            return []
        invited = dict(
            (int(u), str(n))
            for u, n in await self.session.execute(
                select(OfficerInviteRecord.used_by_user_id, OfficerInviteRecord.name)
                .where(
                    OfficerInviteRecord.used_by_user_id.in_(user_ids),
                    OfficerInviteRecord.name.is_not(None),
                )
                .order_by(OfficerInviteRecord.id)
            )
        )
        users = {
            u.id: u
            for u in await self.session.scalars(
                select(UserRecord).where(UserRecord.id.in_(user_ids))
            )
        }
        found = []
        for user_id in user_ids:
            user = users.get(user_id)
            if user is None:
                continue
            name = invited.get(user_id) or user.display_name
            found.append(OfficerName(user_id, name, user.phone))
        return found

    async def ideas_of(self, user_id: int) -> list[IdeaRecord]:
        rows = await self.session.scalars(
            select(IdeaRecord).where(IdeaRecord.user_id == user_id).order_by(IdeaRecord.id)
        )
        return list(rows)
