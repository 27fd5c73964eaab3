"""Effects of announcements (flows/announcement.py) and the events they feed back
(handlers/announcement_effects.py).

An announcement goes to an audience: the producers of a district, the producers of a product
group (inside a district for a district officer, the whole province for a province officer),
or the officers of a level. The handler turns it into one reminder row per recipient; the
sweep delivers them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

DISTRICT_PRODUCERS: Final = "district_producers"
GROUP_PRODUCERS: Final = "group_producers"
OFFICERS: Final = "officers"
AUDIENCES: Final = (DISTRICT_PRODUCERS, GROUP_PRODUCERS, OFFICERS)

TRAINING: Final = "training"
FAIR: Final = "fair"
OTHER: Final = "other"
TOPICS: Final = (TRAINING, FAIR, OTHER)
# Topics whose recipients are offered "Tôi sẽ tham gia".
ATTENDABLE: Final = frozenset({TRAINING, FAIR})
ATTEND: Final = "attend"  # announcement_replies.answer


@dataclass(frozen=True)
class Audience:
    """Who receives it. `area`: a district's code (codes of `structure`), None for the whole
    province; `group`: a PRODUCT_GROUPS id; `level`: the officers' role (commune/district)."""

    kind: str
    structure: str
    area: str | None = None
    group: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class CountAudience:
    """How many would receive it (for the preview); the caller answers `AudienceCounted`."""

    audience: Audience


@dataclass(frozen=True)
class AudienceCounted:
    recipients: int  # those it will reach
    blocked: int  # those left out: they blocked the bot
    sender_name: str  # how the sender is named to recipients ("" when we know no name)


@dataclass(frozen=True)
class SendAnnouncement:
    """Write the announcement and one reminder per recipient, due at `due_at` (now, or the
    end of the quiet hours); `sender_area` names where the sender works ("Huyện Vũ Quang"),
    shown to recipients beside the sender's name."""

    audience: Audience
    topic: str
    text: str
    sender_area: str
    due_at: dt.datetime


@dataclass(frozen=True)
class AnnouncementSent:
    id: int
    recipients: int
    due_at: dt.datetime  # when the sweep sends it (after the quiet hours, at night)


@dataclass(frozen=True)
class RecordAttendance:
    """A recipient pressed "Tôi sẽ tham gia"; the caller answers `AttendanceRecorded`."""

    announcement_id: int


@dataclass(frozen=True)
class AttendanceRecorded:
    first: bool  # False: they had said so already
    topic: str


AnnouncementEffect = CountAudience | SendAnnouncement | RecordAttendance
