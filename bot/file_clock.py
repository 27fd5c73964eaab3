"""A clock read from a file, for tests that drive the real process through a month of
reminders: the test writes an ISO 8601 moment, every `now()` reads it (cached by the file's
modification time). Set by OCOP_CLOCK_FILE; never in production."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path


class FileClock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, dt.datetime] | None = None

    def now(self) -> dt.datetime:
        try:
            stamp = os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            return dt.datetime.now(dt.UTC)
        if self._seen is not None and self._seen[0] == stamp:
            return self._seen[1]
        moment = dt.datetime.fromisoformat(self.path.read_text().strip())
        if moment.tzinfo is None:
            raise ValueError(f"{self.path}: the moment needs its UTC offset")
        moment = moment.astimezone(dt.UTC)
        self._seen = (stamp, moment)
        return moment
