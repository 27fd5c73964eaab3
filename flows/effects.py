"""Effects (commands a flow asks the caller to carry out) and the events they feed back."""

from __future__ import annotations

from dataclasses import dataclass

from flows.announcement_effects import AnnouncementEffect
from flows.authorization import RecordRefusal
from flows.business_plan_effects import BusinessPlanEffect
from flows.deadline_list_effects import DeadlineListEffect
from flows.idea_answers import IdeaAnswers
from flows.idea_history_effects import HistoryEffect
from flows.officer_effects import OfficerEffect
from flows.reminder_preference_effects import ReminderPreferenceEffect
from flows.report_effects import ReportEffect
from flows.review_effects import ReviewEffect
from flows.sales_point_effects import SalesPointEffect
from flows.scoring_effects import ScoringEffect
from flows.training_effects import TrainingEffect


@dataclass(frozen=True)
class SubmitIdea:
    """Store the finished registration; the caller answers with `IdeaSubmitted`."""

    answers: IdeaAnswers
    photos: tuple[str, ...]


@dataclass(frozen=True)
class LoadMyIdeas:
    """Read the user's ideas; the caller answers with `IdeasLoaded`."""


@dataclass(frozen=True)
class SetLanguage:
    lang: str


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


@dataclass(frozen=True)
class CheckStamp:
    """Check a stamp from a stored photo or from typed text (a serial or a stamp link)."""

    photo: str | None = None
    text: str | None = None
    # The codes read from the photo's original before the transaction opened (decoding takes
    # up to 2 s and must not hold other chats' steps); None when nothing was decoded yet.
    codes: tuple[str, ...] | None = None
    # With no codes read: the advice on taking the photo again (a catalogue key), from what
    # the photo showed; None for the general advice.
    advice: str | None = None


@dataclass(frozen=True)
class StampCheckResult:
    """What a check found; dates are ISO 8601. `status` is one of STAMP_STATUSES."""

    status: str
    serial: str | None = None
    product: str | None = None
    producer: str | None = None
    commune: str | None = None
    district: str | None = None
    stars: int | None = None
    certificate: str | None = None
    valid_until: str | None = None
    photo: str | None = None
    checks: int = 0  # how many distinct people checked this serial, this one included
    first_checked_at: str | None = None
    seen_before: bool = False  # this same person checked this serial before
    withdrawn: bool = False  # expired because the certificate was withdrawn, not by its date
    # for not_ocop: what it is, a catalogue key "QR_IS_..."; for no_code: the advice's key
    other_kind: str | None = None
    other_detail: str | None = None  # the host of a link
    product_id: int | None = None  # a real stamp's product (where to buy it)


STAMP_STATUSES = (
    "genuine",
    "counterfeit",
    "unknown",
    "revoked",
    "expired",
    "not_ocop",
    "no_code",
    "mistyped",
)


@dataclass(frozen=True)
class StampChecked:
    results: tuple[StampCheckResult, ...]


# Officers' enrolment (flows/officer_effects.py).
Effect = (
    SubmitIdea
    | LoadMyIdeas
    | SetLanguage
    | CheckStamp
    | OfficerEffect
    | ReviewEffect
    | SalesPointEffect
    | ScoringEffect
    | ReportEffect
    | RecordRefusal
    | HistoryEffect
    | TrainingEffect
    | BusinessPlanEffect
    | AnnouncementEffect
    | ReminderPreferenceEffect
    | DeadlineListEffect
)
