"""The effect of /deadlines (flows/deadline_list.py) and the event it feeds back
(handlers/deadline_list_effects.py): today's figures for the officer's seats."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FigureAsked:
    """One figure (flows/reminder_calendar.FIGURES) for one of the asker's seats: `role` in
    `area` (None: the province) under `structure`."""

    figure: str
    role: str
    area: str | None
    structure: str


@dataclass(frozen=True)
class LoadDeadlineFigures:
    asked: tuple[FigureAsked, ...]


@dataclass(frozen=True)
class FigureCount:
    asked: FigureAsked
    count: int


@dataclass(frozen=True)
class DeadlineFiguresLoaded:
    """The counts of the figures asked; a figure of a seat the asker does not hold is left
    out (authorized again where it is read)."""

    counts: tuple[FigureCount, ...]


DeadlineListEffect = LoadDeadlineFigures
