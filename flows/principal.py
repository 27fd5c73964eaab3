"""Who is talking: the person behind a message, with the roles they hold and where.

A role is held in an area (a commune, district or the province, by GSO code of the structure in
force); a producer's role is everyone's and needs no area. The flows see a `Principal`; what it
may do is decided by `flows/authorization.py`, a pure function of principal, action and area.
"""

from __future__ import annotations

from dataclasses import dataclass

PRODUCER = "producer"
COMMUNE = "commune"
DISTRICT = "district"
PROVINCE = "province"
ADMIN = "admin"

# Every role, lowest first. Officers' roles are held in an area; admin is held province-wide.
ROLES: tuple[str, ...] = (PRODUCER, COMMUNE, DISTRICT, PROVINCE, ADMIN)
OFFICER_ROLES: tuple[str, ...] = (COMMUNE, DISTRICT, PROVINCE)


@dataclass(frozen=True)
class RoleGrant:
    """One role held in one area (`area` is a GSO code; None for the whole province)."""

    role: str
    area: str | None = None


@dataclass(frozen=True)
class Principal:
    """The person a step acts for. `user_id` is our users.id; every person is a producer."""

    user_id: int
    channel: str
    external_id: str
    grants: tuple[RoleGrant, ...] = ()
    # Roles held under another administrative structure than the one in force: they
    # authorize nothing (their codes mean other places there), but the person is told why.
    elsewhere: tuple[RoleGrant, ...] = ()

    @property
    def roles(self) -> frozenset[str]:
        return frozenset({PRODUCER, *(g.role for g in self.grants)})

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_officer(self) -> bool:
        return any(g.role in (*OFFICER_ROLES, ADMIN) for g in self.grants)

    def areas_of(self, role: str) -> tuple[str | None, ...]:
        return tuple(g.area for g in self.grants if g.role == role)


ANONYMOUS = Principal(user_id=0, channel="", external_id="")
