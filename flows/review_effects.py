"""Effects of the review chain and the events they feed back (handlers/review_effects.py).

Every effect carries the administrative structure in force: GSO codes are reused between
structures, so an officer's area means something only in the structure it was given in.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.idea_answers import IdeaAnswers


@dataclass(frozen=True)
class InboxItem:
    idea_id: int
    number: str  # "001/PĐK-42-441-2026"
    product: str
    state: str
    commune_code: str
    district_code: str | None
    waiting_since: str  # ISO 8601, UTC: when the idea came into its state


@dataclass(frozen=True)
class LoadInbox:
    """The ideas waiting for the principal in their areas, oldest first, page `page` (from 0)."""

    structure: str
    page: int = 0


@dataclass(frozen=True)
class InboxLoaded:
    items: tuple[InboxItem, ...]
    page: int
    total: int  # waiting in all pages


@dataclass(frozen=True)
class IdeaDetail:
    """One idea as an officer (or its owner) sees it; the phone only for officers of the
    producer's area."""

    idea_id: int
    number: str
    product: str
    state: str
    structure: str
    commune_code: str
    district_code: str | None
    owner_id: int
    # As registered; the phone is "" when it is not the viewer's to see.
    answers: IdeaAnswers
    photos: tuple[str, ...]  # SHA-256 of the stored photos: the registration's, then answers'
    phone_shown: bool
    question: str | None  # the question waiting for the producer's answer
    waiting_since: str
    # What the viewer reads for the phone: in full, or masked (flows/phone_visibility.py).
    phone_text: str = ""


@dataclass(frozen=True)
class LoadIdea:
    idea_id: int
    structure: str


@dataclass(frozen=True)
class IdeaLoaded:
    detail: IdeaDetail


@dataclass(frozen=True)
class ReviewRefused:
    """The handler refused (and logged it): `reason` is a catalogue key saying why."""

    idea_id: int
    reason: str


@dataclass(frozen=True)
class MoveRequest:
    """Take `action` on an idea the officer saw in `expected_state` (another officer may have
    moved it since: then nothing is done)."""

    idea_id: int
    action: str
    expected_state: str
    text: str | None = None  # the question or the reason, told to the producer
    note: str | None = None  # the officer's own note, kept in the audit log


@dataclass(frozen=True)
class ApplyMoves:
    structure: str
    moves: tuple[MoveRequest, ...]


@dataclass(frozen=True)
class MoveResult:
    idea_id: int
    number: str
    product: str
    source: str
    target: str | None  # None: refused
    refused: str | None = None  # a catalogue key


@dataclass(frozen=True)
class MovesApplied:
    results: tuple[MoveResult, ...]


@dataclass(frozen=True)
class LoadQuestion:
    """The question waiting for the producer's answer on their idea."""

    idea_id: int


@dataclass(frozen=True)
class QuestionLoaded:
    idea_id: int
    number: str
    product: str
    question: str


@dataclass(frozen=True)
class AnswerQuestion:
    idea_id: int
    text: str
    photos: tuple[tuple[str, int, int], ...] = ()  # (SHA-256, width, height)


@dataclass(frozen=True)
class QuestionAnswered:
    idea_id: int
    number: str
    product: str
    state: str


ReviewEffect = LoadInbox | LoadIdea | ApplyMoves | LoadQuestion | AnswerQuestion
