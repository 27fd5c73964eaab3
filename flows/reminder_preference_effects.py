"""Effects of /reminders (flows/reminder_preferences.py) and the events they feed back
(handlers/reminder_preference_effects.py). A person's preference is always their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReminderPreference:
    """Nothing stored means reminders are on. `paused_until` is aware (UTC)."""

    paused_until: dt.datetime | None = None
    stopped: bool = False

    def muted(self, now: dt.datetime) -> bool:
        return self.stopped or (self.paused_until is not None and self.paused_until > now)


@dataclass(frozen=True)
class LoadReminderPreference:
    """The caller answers `ReminderPreferenceLoaded`."""


@dataclass(frozen=True)
class ReminderPreferenceLoaded:
    preference: ReminderPreference


@dataclass(frozen=True)
class SaveReminderPreference:
    preference: ReminderPreference


@dataclass(frozen=True)
class ReminderPreferenceSaved:
    preference: ReminderPreference


ReminderPreferenceEffect = LoadReminderPreference | SaveReminderPreference
