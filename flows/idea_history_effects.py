"""Effects of an idea's history (flows/idea_history.py) and the events they feed back
(handlers/idea_history_effects.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoadHistory:
    """The history of the idea named by `idea` (its id, or its registration number as typed),
    for the principal, under the structure in force."""

    idea: str
    structure: str


@dataclass(frozen=True)
class HistoryEvent:
    """One thing done to the idea, from the audit log. `action` is the log's ("idea.forward",
    "idea.answer", "idea.score.district"; "idea.submit" for the registration); `source` and
    `target` the states before and after; `actor` the name of who did it (None: unknown);
    `text` the question, reason or answer the producer was told; `note` the officers' own
    note (None for a producer's view)."""

    at: str  # ISO 8601, UTC
    action: str
    source: str | None = None
    target: str | None = None
    actor: str | None = None
    text: str | None = None
    note: str | None = None
    photos: int = 0
    points: int | None = None
    stars: int | None = None


@dataclass(frozen=True)
class HistoryLoaded:
    idea_id: int
    number: str
    product: str
    structure: str
    events: tuple[HistoryEvent, ...]  # oldest first
    for_officer: bool  # False: the owner's plain view (no names, no officers' notes)


@dataclass(frozen=True)
class HistoryRefused:
    reason: str  # a text catalogue key


HistoryEffect = LoadHistory
