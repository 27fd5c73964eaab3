"""Effects of the business plan (Biểu 03) and the events they feed back
(handlers/business_plan_effects.py): the producer sends it, the officer who approves plans
reads it and approves it with the budget support and the officer who follows the product.

The approval answers with the review chain's `MovesApplied`, so that the officer's inbox goes
on as after any other move.
"""

from __future__ import annotations

from dataclasses import dataclass

PHOTO = "photo"
DOCUMENT = "document"


@dataclass(frozen=True)
class PlanIdea:
    """One of the producer's ideas that may take a plan: `state` is "approved", or
    "plan_sent" (a plan sent again replaces the one before)."""

    idea_id: int
    product: str
    number: str
    state: str


@dataclass(frozen=True)
class LoadPlanIdeas:
    """The producer's ideas waiting for a plan; with `idea_id` only that one (a button, or
    "/phuongan 12"), refused when it is not theirs or waits for no plan."""

    idea_id: int | None = None


@dataclass(frozen=True)
class PlanIdeasLoaded:
    ideas: tuple[PlanIdea, ...]


@dataclass(frozen=True)
class PlanRefused:
    """The handler refused: `reason` is a catalogue key saying why."""

    reason: str
    idea_id: int | None = None


@dataclass(frozen=True)
class PlanPage:
    """A page as the producer sent it: a stored photo (with its pixel size) or a stored
    document (with its name, type and size in bytes)."""

    kind: str  # PHOTO or DOCUMENT
    sha256: str
    width: int = 0
    height: int = 0
    file_name: str | None = None
    mime_type: str | None = None
    size: int = 0


@dataclass(frozen=True)
class SendBusinessPlan:
    idea_id: int
    pages: tuple[PlanPage, ...]
    capital: int  # VND
    revenue: int  # VND a year, expected
    capacity: str  # as typed, with its unit


@dataclass(frozen=True)
class BusinessPlanSent:
    idea_id: int
    product: str
    number: str
    replaced: bool  # a plan sent before was replaced


@dataclass(frozen=True)
class PlanFile:
    """A page of a plan as an officer is shown it; `path` is where the document store keeps a
    document (None: not reachable from here, or a photo)."""

    kind: str
    sha256: str
    file_name: str | None
    size: int
    path: str | None = None


@dataclass(frozen=True)
class PlanView:
    capital: int
    revenue: int
    capacity: str
    submitted_at: str  # ISO 8601, UTC
    files: tuple[PlanFile, ...]
    budget_support: int | None = None  # set by the approval
    responsible_name: str | None = None
    approved_at: str | None = None


@dataclass(frozen=True)
class Candidate:
    """An officer who may be named responsible for the product; `me`: the approver."""

    user_id: int
    name: str
    me: bool = False


@dataclass(frozen=True)
class LoadPlan:
    """An idea's plan for an officer of its area (or its owner), with the officers who may be
    named responsible when this principal may approve it."""

    idea_id: int
    structure: str


@dataclass(frozen=True)
class PlanLoaded:
    idea_id: int
    plan: PlanView | None
    officers: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class ApprovePlan:
    """Approve the plan of an idea the officer saw in `expected_state`; the responsible
    officer is a user (`responsible_user_id`, one of the candidates) or a typed name."""

    structure: str
    idea_id: int
    expected_state: str
    budget_support: int  # VND, estimated; 0: no support
    responsible_name: str
    responsible_user_id: int | None = None


BusinessPlanEffect = LoadPlanIdeas | SendBusinessPlan | LoadPlan | ApprovePlan
