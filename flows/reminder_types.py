"""What a reminder is, before it is a row: the planner's output and the state it reads.

The planner (flows/reminder_plan.py) turns a snapshot of the database into candidates; storage
writes each candidate once (its key: kind, user, subject, due time), the sweep sends it when due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

DEADLINE: Final = "deadline"
WAITING: Final = "waiting"
WAITING_UP: Final = "waiting_up"
REGISTRATION: Final = "registration"
QUESTION: Final = "question"
PLAN_DUE: Final = "plan_due"
CERTIFICATE: Final = "certificate"
ANNOUNCEMENT: Final = "announcement"

KINDS: Final = (
    DEADLINE,
    WAITING,
    WAITING_UP,
    REGISTRATION,
    QUESTION,
    PLAN_DUE,
    CERTIFICATE,
    ANNOUNCEMENT,
)


@dataclass(frozen=True)
class Candidate:
    """One reminder to one person. `due_at` and `deadline_at` are aware (UTC).

    `legal`: an officer's legal deadline, which /reminders cannot pause or stop. `params` are
    the values its text needs (strings), kept with the row so that it can be put into words in
    the recipient's language when it is sent.
    """

    kind: str
    user_id: int
    subject: str
    due_at: dt.datetime
    deadline_at: dt.datetime | None = None
    legal: bool = False
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int, str, dt.datetime]:
        return (self.kind, self.user_id, self.subject, self.due_at)


@dataclass(frozen=True)
class OfficerSeat:
    """One role held by one person: `area` is the GSO code of their commune or district
    (None for the province), `structure` the administrative structure it counts under."""

    user_id: int
    role: str
    area: str | None
    structure: str


@dataclass(frozen=True)
class WaitingIdea:
    """An idea in a state where someone must act: `since` is when it came into that state."""

    idea_id: int
    registration_number: str
    product_name: str
    state: str
    since: dt.datetime
    structure: str
    district_code: str
    commune_code: str
    producer_user_id: int


@dataclass(frozen=True)
class OpenRegistration:
    """A producer's registration form left open; `updated_at` its last answer."""

    user_id: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class ExpiringCertificate:
    """A certified product; `producer_user_id` None when no chat user stands behind it (a
    product imported from the 2019 list): then its district's officers are told."""

    product_id: int
    product_name: str
    valid_until: dt.date
    producer_user_id: int | None
    district_code: str
    structure: str
    # Its commune: under 2025 (no districts) the commune's officers follow the product.
    commune_code: str = ""


@dataclass(frozen=True)
class Snapshot:
    officers: tuple[OfficerSeat, ...] = ()
    ideas: tuple[WaitingIdea, ...] = ()
    registrations: tuple[OpenRegistration, ...] = ()
    certificates: tuple[ExpiringCertificate, ...] = ()
    # Ideas with a business plan sent (or past the plan): no plan_due reminder for them.
    ideas_with_plan: frozenset[int] = frozenset()
