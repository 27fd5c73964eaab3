"""Officers: one-time invitations, who holds which role where, and taking a role back.

An invitation keeps only the SHA-256 of its code: a copy of the database enrols no one. A code
is used once: `redeem` marks it in one conditional UPDATE, so two people sending the same code
at the same moment cannot both win.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.officer_code import ALPHABET, CODE_LENGTH, INVITE_VALID_FOR, format_code, parse_code
from flows.officer_effects import EXPIRED, REVOKED, USED, WRONG
from storage.models import OfficerInviteRecord, UserRecord, UserRoleRecord


def code_hash(code: str) -> str:
    """The stored form of a code (canonical, as `parse_code` gives it)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class Invite:
    id: int
    role: str
    area: str | None
    structure: str
    name: str | None
    created_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True)
class CreatedInvite:
    invite: Invite
    code: str  # shown once, "K7QM-3XPA"; never stored


@dataclass(frozen=True)
class Redeemed:
    """A code that worked (`invite`), or why it did not (`refusal`: WRONG, USED, ...)."""

    invite: Invite | None
    refusal: str | None = None
    invite_id: int | None = None  # the invitation the code named, if any (for the audit log)


@dataclass(frozen=True)
class OfficerRole:
    """One role one person holds now, with where to reach them."""

    grant_id: int
    user_id: int
    name: str | None
    channel: str
    external_id: str
    role: str
    area: str | None
    structure: str
    granted_at: dt.datetime


def _invite(row: OfficerInviteRecord) -> Invite:
    return Invite(
        row.id,
        row.role,
        row.area_code,
        row.admin_structure,
        row.name,
        row.created_at,
        row.expires_at,
    )


class OfficerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create_invite(
        self,
        *,
        role: str,
        area: str | None,
        structure: str,
        name: str | None,
        now: dt.datetime,
        valid_for: dt.timedelta = INVITE_VALID_FOR,
    ) -> CreatedInvite:
        code = new_code()
        row = OfficerInviteRecord(
            code_hash=code_hash(code),
            role=role,
            area_code=area,
            admin_structure=structure,
            name=name,
            created_at=now,
            expires_at=now + valid_for,
        )
        self.session.add(row)
        await self.session.flush()
        return CreatedInvite(_invite(row), format_code(code))

    async def redeem(self, code: str, user_id: int, now: dt.datetime) -> Redeemed:
        """Use the code typed as `code` for `user_id`, once; else say why not."""
        canonical = parse_code(code)
        if canonical is None:
            return Redeemed(None, WRONG)
        digest = code_hash(canonical)
        table = OfficerInviteRecord
        taken = await self.session.execute(
            update(table)
            .where(
                table.code_hash == digest,
                table.used_at.is_(None),
                table.revoked_at.is_(None),
                table.expires_at > now,
            )
            .values(used_at=now, used_by_user_id=user_id)
            .returning(
                table.id,
                table.role,
                table.area_code,
                table.admin_structure,
                table.name,
                table.created_at,
                table.expires_at,
            )
        )
        row = taken.first()
        if row is not None:
            return Redeemed(Invite(*row), invite_id=row.id)
        found = await self.session.scalar(select(table).where(table.code_hash == digest))
        if found is None:
            return Redeemed(None, WRONG)
        if found.used_at is not None:
            return Redeemed(None, USED, found.id)
        if found.revoked_at is not None:
            return Redeemed(None, REVOKED, found.id)
        return Redeemed(None, EXPIRED, found.id)

    async def pending_invites(self, now: dt.datetime) -> list[Invite]:
        """Invitations still waiting to be used, oldest first."""
        table = OfficerInviteRecord
        rows = await self.session.scalars(
            select(table)
            .where(table.used_at.is_(None), table.revoked_at.is_(None), table.expires_at > now)
            .order_by(table.id)
        )
        return [_invite(r) for r in rows]

    async def revoke_invite(self, code: str, now: dt.datetime) -> Invite | None:
        """Withdraw an unused invitation; None when the code names none that is still open."""
        canonical = parse_code(code)
        if canonical is None:
            return None
        table = OfficerInviteRecord
        row = await self.session.scalar(
            select(table).where(
                table.code_hash == code_hash(canonical),
                table.used_at.is_(None),
                table.revoked_at.is_(None),
            )
        )
        if row is None:
            return None
        row.revoked_at = now
        await self.session.flush()
        return _invite(row)

    async def officers(self) -> list[OfficerRole]:
        """Every role held now, by person; the name they were invited under, else the name
        their messenger gives."""
        roles = UserRoleRecord
        rows = await self.session.execute(
            select(
                roles.id,
                roles.user_id,
                UserRecord.display_name,
                UserRecord.channel,
                UserRecord.external_id,
                roles.role,
                roles.area_code,
                roles.admin_structure,
                roles.granted_at,
            )
            .join(UserRecord, UserRecord.id == roles.user_id)
            .where(roles.revoked_at.is_(None))
            .order_by(roles.user_id, roles.id)
        )
        invited = await self._invited_names()
        return [
            OfficerRole(
                grant_id=r.id,
                user_id=r.user_id,
                name=invited.get(r.user_id) or r.display_name,
                channel=r.channel,
                external_id=r.external_id,
                role=r.role,
                area=r.area_code,
                structure=r.admin_structure,
                granted_at=r.granted_at,
            )
            for r in rows
        ]

    async def roles_of(self, user_id: int) -> list[OfficerRole]:
        return [o for o in await self.officers() if o.user_id == user_id]

    async def _invited_names(self) -> dict[int, str]:
        table = OfficerInviteRecord
        rows = await self.session.execute(
            select(table.used_by_user_id, table.name)
            .where(table.used_by_user_id.is_not(None), table.name.is_not(None))
            .order_by(table.id)
        )
        return {int(user): str(name) for user, name in rows}

    async def revoke_roles(self, user_id: int, now: dt.datetime) -> list[OfficerRole]:
        """Take back every role the person holds; what was taken (empty: they held none)."""
        held = await self.roles_of(user_id)
        if held:
            await self.session.execute(
                update(UserRoleRecord)
                .where(UserRoleRecord.id.in_([o.grant_id for o in held]))
                .values(revoked_at=now)
            )
        return held
