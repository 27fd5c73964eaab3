"""May this person do this to a record in this area? A pure function, checked twice: by the flow
before it offers or takes an action, and again where the effect is carried out.

Actions are data: each names the roles that may take it and how far an officer's area reaches
("own": a producer's own records; "area": records inside the officer's area).
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.principal import ADMIN, COMMUNE, DISTRICT, PRODUCER, PROVINCE, Principal


@dataclass(frozen=True)
class Area:
    """Where a record belongs: its commune and, in the 2020 structure, its district."""

    commune: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # a text catalogue key saying why, for a refusal; "" when allowed

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True, "")

# action -> the roles that may take it. A producer acts on their own records only.
ACTIONS: dict[str, frozenset[str]] = {
    "idea.register": frozenset({PRODUCER}),
    "idea.view_own": frozenset({PRODUCER}),
    "idea.answer": frozenset({PRODUCER}),  # a producer answers a question on their idea
    "idea.send_plan": frozenset({PRODUCER}),  # the business plan of their own approved idea
    "stamp.check": frozenset({PRODUCER}),
    "announcement.reply": frozenset({PRODUCER}),  # "Tôi sẽ tham gia" to one they received
    "idea.view": frozenset({COMMUNE, DISTRICT, PROVINCE, ADMIN}),
    "idea.review.commune": frozenset({COMMUNE}),
    "idea.review.district": frozenset({DISTRICT}),
    "idea.review.province": frozenset({PROVINCE}),
    # Scoring and certification (flows/scoring.py): each council scores and certifies its own.
    "idea.score.district": frozenset({DISTRICT}),
    "idea.score.province": frozenset({PROVINCE}),
    "idea.certify.district": frozenset({DISTRICT}),
    "idea.certify.province": frozenset({PROVINCE}),
    "stamps.issue": frozenset({PROVINCE}),
    "report.view": frozenset({DISTRICT, PROVINCE}),  # figures, reports, the dashboard
    "sales_point.manage": frozenset({COMMUNE, DISTRICT, PROVINCE}),  # in their own area
    # Trainings an officer held (flows/training.py), recorded and listed in their own area.
    "training.record": frozenset({COMMUNE, DISTRICT, PROVINCE}),
    "training.view": frozenset({COMMUNE, DISTRICT, PROVINCE}),
    # Announcements (flows/announcement.py) to an audience inside the officer's area: a
    # district's producers or officers, or (the province) anyone's.
    "announcement.send": frozenset({DISTRICT, PROVINCE}),
    "officer.invite": frozenset({ADMIN}),
    "officer.revoke": frozenset({ADMIN}),
    # Telling someone something: anyone may (a producer answering an officer's question); what
    # caused the notice was authorized as its own action.
    "notify": frozenset({PRODUCER}),
}


def _area_covers(role: str, grant_area: str | None, area: Area) -> bool:
    if role in (PROVINCE, ADMIN) or grant_area is None:
        return True
    if role == COMMUNE:
        return area.commune == grant_area
    if role == DISTRICT:
        return area.district == grant_area
    return False


def authorize(
    principal: Principal, action: str, area: Area | None = None, owner: int | None = None
) -> Decision:
    """Whether `principal` may take `action` on a record in `area` owned by user `owner`."""
    roles = ACTIONS.get(action)
    if roles is None:
        return Decision(False, "AUTH_UNKNOWN_ACTION")
    if PRODUCER in roles:
        if owner is not None and owner != principal.user_id:
            return Decision(False, "AUTH_NOT_YOURS")
        return ALLOW
    held = [g for g in principal.grants if g.role in roles]
    if not held:
        if any(g.role in roles for g in principal.elsewhere):
            return Decision(False, "AUTH_OLD_STRUCTURE")
        return Decision(False, "AUTH_ROLE_NEEDED")
    if area is None:
        return ALLOW
    if any(_area_covers(g.role, g.area, area) for g in held):
        return ALLOW
    return Decision(False, "AUTH_OUTSIDE_AREA")


@dataclass(frozen=True)
class RecordRefusal:
    """An effect: write a refusal a flow decided itself (before any other effect could check
    it) to the audit log, as the handlers write theirs ("auth.refused")."""

    action: str
    reason: str
    subject: str = ""
    area: str | None = None
