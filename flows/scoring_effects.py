"""Effects of scoring, certification and stamps from the chat, and the events they feed back
(handlers/scoring_effects.py). Dates are ISO 8601."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoreItem:
    """An idea waiting for this officer's council to score it."""

    idea_id: int
    number: str
    product: str
    commune_code: str
    district_code: str | None
    level: str  # the council that scores now: district or province
    ruleset: str  # the rule set of the idea's evaluation (the first score's)
    earlier: tuple[int, int, int] | None = None  # the district's parts A, B, C


@dataclass(frozen=True)
class LoadScoring:
    """The ideas waiting for the principal's score, oldest first (`idea_id`: that one only)."""

    structure: str
    ruleset: str
    has_districts: bool
    idea_id: int | None = None


@dataclass(frozen=True)
class ScoringLoaded:
    items: tuple[ScoreItem, ...]
    total: int


@dataclass(frozen=True)
class RecordScore:
    """The council's score at `level`; with a certificate when the score certifies."""

    idea_id: int
    structure: str
    has_districts: bool
    level: str
    ruleset: str
    scores: tuple[int, int, int]
    certificate: str | None = None
    decision_date: str | None = None


@dataclass(frozen=True)
class ScoreRecorded:
    idea_id: int
    product: str
    outcome: str  # flows.rulesets.OUTCOMES
    total: int
    stars: int
    product_id: int | None = None  # the certified product
    valid_until: str | None = None
    renewed: bool = False


@dataclass(frozen=True)
class ScoreRefused:
    idea_id: int
    reason: str  # a catalogue key


@dataclass(frozen=True)
class CertifiedProduct:
    product_id: int
    name: str
    producer: str
    stars: int
    valid_until: str


@dataclass(frozen=True)
class LoadCertified:
    """Products whose certificate is valid today, newest first (`product_id`: that one)."""

    product_id: int | None = None


@dataclass(frozen=True)
class CertifiedLoaded:
    products: tuple[CertifiedProduct, ...]


@dataclass(frozen=True)
class IssueStamps:
    product_id: int
    count: int


@dataclass(frozen=True)
class StampsIssued:
    product: str
    count: int
    batch_id: int
    document: str  # the PDF sheet's absolute path


@dataclass(frozen=True)
class StampsRefused:
    reason: str  # a catalogue key


ScoringEffect = LoadScoring | RecordScore | LoadCertified | IssueStamps
