"""A plain progress bar on standard error for long command-line runs."""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, out: TextIO = sys.stderr, width: int = 30) -> None:
        self.label = label
        self.out = out
        self.width = width
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent == self._shown:
            return
        self._shown = percent
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        end = "\n" if done >= total else ""
        self.out.write(f"\r{self.label} [{bar}] {done}/{total}{end}")
        self.out.flush()
