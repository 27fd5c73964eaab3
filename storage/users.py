"""Users: one row per identity on one channel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.principal import RoleGrant
from storage.dialect_insert import insert_for
from storage.models import OfficerInviteRecord, UserRecord, UserRoleRecord


@dataclass
class UserInfo:
    """What a step needs of a user; plain data, cheap to load many at once."""

    id: int
    channel: str
    external_id: str
    lang: str


@dataclass(frozen=True)
class Address:
    """Where a person is reached: their channel, the chat there, their language."""

    user_id: int
    channel: str
    chat_id: str
    lang: str
    blocked: bool


@dataclass
class RoleSets:
    """A user's roles: those that count under the structure in force, and those held under
    another structure, which authorize nothing (see `in_structure`)."""

    current: tuple[RoleGrant, ...] = ()
    elsewhere: tuple[RoleGrant, ...] = ()


def in_structure(structure: str) -> ColumnElement[bool]:
    """Grants that count under `structure`: those given under it, and those without an area
    (the province, the administrator), which name no code. GSO codes are reused between
    structures, so a commune's or district's code of one structure means another place, or
    nothing, in the other."""
    return or_(UserRoleRecord.area_code.is_(None), UserRoleRecord.admin_structure == structure)


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_or_create(
        self, channel: str, external_id: str, display_name: str | None, lang: str, now: dt.datetime
    ) -> UserRecord:
        found = await self.session.scalar(
            select(UserRecord).where(
                UserRecord.channel == channel, UserRecord.external_id == external_id
            )
        )
        if found is not None:
            if display_name and found.display_name != display_name:
                found.display_name = display_name
            if found.blocked:
                found.blocked = False  # they wrote to us, so they can hear us again
            return found
        user = UserRecord(
            channel=channel,
            external_id=external_id,
            display_name=display_name,
            lang=lang,
            blocked=False,
            created_at=now,
        )
        self.session.add(user)
        await self.session.flush()
        return user

    async def set_language(self, user_id: int, lang: str) -> None:
        await self.session.execute(
            update(UserRecord).where(UserRecord.id == user_id).values(lang=lang)
        )

    async def mark_blocked(self, channel: str, external_id: str) -> None:
        await self.session.execute(
            update(UserRecord)
            .where(UserRecord.channel == channel, UserRecord.external_id == external_id)
            .values(blocked=True)
        )

    async def get_or_create_many(
        self,
        wanted: list[tuple[str, str, str | None]],
        lang: str,
        now: dt.datetime,
    ) -> dict[tuple[str, str], UserInfo]:
        """Users by (channel, external id), creating the missing ones: one statement for users
        known, two for new ones."""
        keys = list(dict.fromkeys((c, e) for c, e, _ in wanted))
        names = {(c, e): n for c, e, n in wanted}
        found = await self._load(keys)
        missing = [k for k in keys if k not in found]
        if missing:
            table = UserRecord.__table__
            rows = [
                {
                    "channel": c,
                    "external_id": e,
                    "display_name": names[(c, e)],
                    "lang": lang,
                    "blocked": False,
                    "created_at": now,
                }
                for c, e in missing
            ]
            stmt = (
                insert_for(self.session, table)
                .on_conflict_do_nothing(index_elements=["channel", "external_id"])
                .returning(table.c.id, table.c.channel, table.c.external_id, table.c.lang)
            )
            # RETURNING gives the rows created; only those another transaction created
            # meanwhile (a conflict returns nothing) are read again. A consumer checking a
            # stamp is most often new: one statement fewer on the way to the answer.
            created = await self.session.execute(stmt, rows)
            for r in created:
                found[(r.channel, r.external_id)] = UserInfo(r.id, r.channel, r.external_id, r.lang)
            raced = [k for k in missing if k not in found]
            found.update(await self._load(raced))
        return found

    async def _load(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], UserInfo]:
        if not keys:
            return {}
        rows = await self.session.execute(
            select(
                UserRecord.id, UserRecord.channel, UserRecord.external_id, UserRecord.lang
            ).where(tuple_(UserRecord.channel, UserRecord.external_id).in_(keys))
        )
        return {
            (r.channel, r.external_id): UserInfo(r.id, r.channel, r.external_id, r.lang)
            for r in rows
        }

    async def addresses(self, user_ids: list[int]) -> list[Address]:
        """Where to reach these users. A private chat's id is the user's id on every channel
        we serve (Telegram, Zalo, console), so the identity is the address."""
        if not user_ids:
            return []
        rows = await self.session.execute(
            select(
                UserRecord.id,
                UserRecord.channel,
                UserRecord.external_id,
                UserRecord.lang,
                UserRecord.blocked,
            ).where(UserRecord.id.in_(user_ids))
        )
        return [Address(r.id, r.channel, r.external_id, r.lang, bool(r.blocked)) for r in rows]

    async def holders(
        self, role: str, area: str | None, structure: str | None = None
    ) -> list[Address]:
        """Everyone holding `role` in `area` (any area when None), not revoked; with
        `structure`, only grants that count under it (see `in_structure`)."""
        query = select(UserRoleRecord.user_id).where(
            UserRoleRecord.role == role, UserRoleRecord.revoked_at.is_(None)
        )
        if area is not None:
            query = query.where(UserRoleRecord.area_code == area)
        if structure is not None:
            query = query.where(in_structure(structure))
        ids = list(dict.fromkeys(await self.session.scalars(query)))
        return await self.addresses(ids)

    async def grants_many(
        self, user_ids: list[int], structure: str | None = None
    ) -> dict[int, tuple[RoleGrant, ...]]:
        """The roles each user holds now, in one statement; with `structure`, only those that
        count under it."""
        return {u: sets.current for u, sets in (await self.roles_many(user_ids, structure)).items()}

    async def roles_many(
        self, user_ids: list[int], structure: str | None = None
    ) -> dict[int, RoleSets]:
        """The roles each user holds now, in one statement: those that count under
        `structure` (all of them when None), and those held under another one."""
        found: dict[int, RoleSets] = {}
        if not user_ids:
            return found
        rows = await self.session.execute(
            select(
                UserRoleRecord.user_id,
                UserRoleRecord.role,
                UserRoleRecord.area_code,
                UserRoleRecord.admin_structure,
            )
            .where(UserRoleRecord.user_id.in_(user_ids), UserRoleRecord.revoked_at.is_(None))
            .order_by(UserRoleRecord.id)
        )
        for user_id, role, area, held_under in rows:
            sets = found.setdefault(user_id, RoleSets())
            grant = RoleGrant(str(role), area)
            if structure is None or area is None or held_under == structure:
                sets.current = (*sets.current, grant)
            else:
                sets.elsewhere = (*sets.elsewhere, grant)
        return found

    async def names_many(self, user_ids: list[int]) -> dict[int, str]:
        """What to call each user: the name they were invited under as an officer, else the
        name their channel gives (users without either are left out)."""
        if not user_ids:
            return {}
        invite = OfficerInviteRecord
        invited = await self.session.execute(
            select(invite.used_by_user_id, invite.name)
            .where(invite.used_by_user_id.in_(user_ids), invite.name.is_not(None))
            .order_by(invite.id)
        )
        found = {int(u): str(n) for u, n in invited}
        shown = await self.session.execute(
            select(UserRecord.id, UserRecord.display_name).where(
                UserRecord.id.in_([u for u in user_ids if u not in found]),
                UserRecord.display_name.is_not(None),
            )
        )
        found.update({int(u): str(n) for u, n in shown})
        return found

    async def grant(
        self, user_id: int, role: str, area: str | None, structure: str, now: dt.datetime
    ) -> None:
        self.session.add(
            UserRoleRecord(
                user_id=user_id,
                role=role,
                area_code=area,
                admin_structure=structure,
                granted_at=now,
            )
        )
        await self.session.flush()
