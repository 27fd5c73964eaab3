"""Effects of officers' enrolment and the events they feed back (handlers/officer_effects.py)."""

from __future__ import annotations

from dataclasses import dataclass

# Why a code enrolled no one (InviteRefused.reason).
WRONG = "wrong"  # no invitation has this code
USED = "used"  # someone used it already
EXPIRED = "expired"
REVOKED = "revoked"  # withdrawn by an administrator
OLD_STRUCTURE = "old_structure"  # made for an administrative structure no longer in force
LIMITED = "limited"  # too many wrong codes lately: not even looked at
REFUSALS = (WRONG, USED, EXPIRED, REVOKED, OLD_STRUCTURE, LIMITED)


@dataclass(frozen=True)
class RedeemInvite:
    """Enrol the person with the invitation `code` (as typed), under `structure` (in force)."""

    code: str
    structure: str


@dataclass(frozen=True)
class InviteRedeemed:
    role: str
    area: str | None  # a GSO code of the structure in force; None for province-wide roles
    already: bool = False  # they held this role here before: nothing new granted


@dataclass(frozen=True)
class InviteRefused:
    reason: str  # one of REFUSALS


@dataclass(frozen=True)
class InviteOfficer:
    """An administrator invites an officer (the area already checked against the units)."""

    role: str
    area: str | None
    structure: str
    name: str | None


@dataclass(frozen=True)
class OfficerInvited:
    code: str  # "K7QM-3XPA"
    role: str
    area: str | None
    expires_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class RevokeOfficer:
    """An administrator takes back every role of user `user_id`."""

    user_id: int


@dataclass(frozen=True)
class OfficerRevoked:
    user_id: int
    roles: tuple[tuple[str, str | None], ...]  # (role, area) taken back; empty: none held


@dataclass(frozen=True)
class ListOfficers:
    """An administrator asks who holds which role now."""


@dataclass(frozen=True)
class OfficerRow:
    user_id: int
    name: str
    role: str
    area: str | None


@dataclass(frozen=True)
class OfficersListed:
    officers: tuple[OfficerRow, ...]


@dataclass(frozen=True)
class ActionRefused:
    """The effect's handler refused: `reason` is a catalogue key saying why."""

    reason: str


OfficerEffect = RedeemInvite | InviteOfficer | RevokeOfficer | ListOfficers
