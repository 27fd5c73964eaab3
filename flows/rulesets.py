"""OCOP rule sets as data: the three parts and their maxima, the star bands, who certifies
which stars, and the short self-assessment's questions with their points.

Two rule sets: `1048` (QĐ 1048/QĐ-TTg, 2019, the seed's, the default) and `148` (QĐ
148/QĐ-TTg, 2023). Each carries a version, so a score records exactly what it was entered
under. The active one is the setting `OCOP_RULESET`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from flows.principal import DISTRICT, PROVINCE

CENTRAL: Final = "central"  # the central council: 5★, outside this bot
MAX_TOTAL: Final = 100
PARTS: Final = ("A", "B", "C")
# Every rule set's bands: (lowest total, stars), highest first.
BANDS: Final = ((90, 5), (70, 4), (50, 3), (30, 2), (0, 1))
CERTIFIED_FROM: Final = 3  # only 3★ and above are OCOP products

# Self-assessment answers: full points, half of them (rounded down), none.
ANSWERS: Final = ("yes", "partly", "no")


@dataclass(frozen=True)
class Question:
    """One self-assessment question; its wording is the catalogue key `key`."""

    key: str
    points: int  # for a full "yes"

    def points_for(self, answer: str) -> int:
        if answer == "yes":
            return self.points
        if answer == "partly":
            return self.points // 2
        return 0


@dataclass(frozen=True)
class Part:
    id: str  # "A", "B", "C"
    key: str  # its name in the catalogue
    maximum: int
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: int
    parts: tuple[Part, ...]
    # stars -> the role that certifies them (3★ and 4★; 5★ goes to the central council).
    certifiers: Mapping[int, str]

    def part(self, part_id: str) -> Part:
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(part_id)

    def maximum(self, part_id: str) -> int:
        return self.part(part_id).maximum

    @property
    def threshold(self) -> int:
        """The least total that is certified (3★): 50."""
        return next(low for low, stars in BANDS if stars == CERTIFIED_FROM)

    def certifier(self, stars: int, has_districts: bool = True) -> str | None:
        """Who certifies `stars` (None below 3★). Without districts (the 2025 structure) the
        province does what a district would."""
        role = self.certifiers.get(stars)
        if role == DISTRICT and not has_districts:
            return PROVINCE
        return role

    def problems(self, scores: Mapping[str, int]) -> tuple[str, ...]:
        """The parts whose score is missing or outside 0..maximum."""
        return tuple(p.id for p in self.parts if not 0 <= scores.get(p.id, -1) <= p.maximum)


def stars_for(total: int) -> int:
    return next(stars for low, stars in BANDS if total >= low)


def total_of(scores: Mapping[str, int]) -> int:
    return sum(scores.get(p, 0) for p in PARTS)


def weakest(ruleset: RuleSet, scores: Mapping[str, int], n: int = 2) -> tuple[str, ...]:
    """The parts where the most points were lost (as a share of the part), worst first;
    only parts that lost something."""
    lost = [(1 - scores.get(p.id, 0) / p.maximum, p.id) for p in ruleset.parts]
    lost = [(share, pid) for share, pid in lost if share > 0]
    return tuple(pid for _, pid in sorted(lost, key=lambda x: (-x[0], x[1]))[:n])


# What an officer's score leads to.
BELOW = "below"  # under 3★: not certified
TO_PROVINCE = "to_province"  # the province scores next
CERTIFY = "certify"  # this officer certifies now
CANDIDATE = "candidate"  # a 5★ candidate, marked for the central council
OUTCOMES: Final = (BELOW, TO_PROVINCE, CERTIFY, CANDIDATE)


def outcome(ruleset: RuleSet, level: str, stars: int, has_districts: bool = True) -> str:
    """Where a score entered by the council at `level` (district or province) goes."""
    certifier = ruleset.certifier(stars, has_districts)
    if certifier is None:
        return BELOW
    if certifier == level:
        return CERTIFY
    if level == DISTRICT:
        return TO_PROVINCE
    return CANDIDATE  # the province, and only the central council certifies it


# The same questions under every rule set (their points differ): a few per part, in plain
# words, so that a producer sees roughly where they stand before the council.
QUESTIONS: Final = {
    "A": ("SELF_Q_A1", "SELF_Q_A2", "SELF_Q_A3"),
    "B": ("SELF_Q_B1", "SELF_Q_B2", "SELF_Q_B3"),
    "C": ("SELF_Q_C1", "SELF_Q_C2", "SELF_Q_C3"),
}
PART_KEYS: Final = {"A": "SCORE_PART_A", "B": "SCORE_PART_B", "C": "SCORE_PART_C"}


def _part(part: str, maximum: int, points: tuple[int, ...]) -> Part:
    if sum(points) != maximum:
        raise ValueError(f"part {part}: questions give {sum(points)} of {maximum}")
    questions = tuple(Question(k, p) for k, p in zip(QUESTIONS[part], points, strict=True))
    return Part(part, PART_KEYS[part], maximum, questions)


RULESETS: Final[dict[str, RuleSet]] = {
    "1048": RuleSet(
        "1048",
        1,
        (
            _part("A", 35, (15, 10, 10)),
            _part("B", 25, (10, 8, 7)),
            _part("C", 40, (15, 15, 10)),
        ),
        {3: PROVINCE, 4: PROVINCE, 5: CENTRAL},
    ),
    "148": RuleSet(
        "148",
        1,
        (
            _part("A", 40, (15, 15, 10)),
            _part("B", 25, (10, 8, 7)),
            _part("C", 35, (15, 10, 10)),
        ),
        {3: DISTRICT, 4: PROVINCE, 5: CENTRAL},
    ),
}
DEFAULT_RULESET: Final = "1048"


def ruleset(ruleset_id: str) -> RuleSet:
    return RULESETS.get(ruleset_id) or RULESETS[DEFAULT_RULESET]
