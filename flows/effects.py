"""Effects (commands a flow asks the caller to carry out) and the events they feed back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SubmitIdea:
    """Store the finished registration; the caller answers with `IdeaSubmitted`."""

    answers: dict[str, Any]
    photos: tuple[str, ...]


@dataclass(frozen=True)
class LoadMyIdeas:
    """Read the user's ideas; the caller answers with `IdeasLoaded`."""


@dataclass(frozen=True)
class SetLanguage:
    lang: str


Effect = SubmitIdea | LoadMyIdeas | SetLanguage


@dataclass(frozen=True)
class IdeaSubmitted:
    registration_number: str
    idea_id: int


@dataclass(frozen=True)
class IdeaSummary:
    registration_number: str
    product_name: str
    state: str
    submitted_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class IdeasLoaded:
    ideas: tuple[IdeaSummary, ...]
