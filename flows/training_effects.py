"""Effects of the officers' training records and the events they feed back
(handlers/training_effects.py).

A training is recorded for the area of the officer who held it: a commune officer's commune
(and its district in the 2020 structure), a district officer's district, or the whole province.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class TrainingArea:
    """Where a training belongs: codes of `structure`; both None for the whole province."""

    structure: str
    district_code: str | None = None
    commune_code: str | None = None


@dataclass(frozen=True)
class NewTraining:
    held_on: dt.date
    topic: str
    producers: int
    officers: int
    area: TrainingArea


@dataclass(frozen=True)
class TrainingView:
    id: int
    held_on: dt.date
    topic: str
    producers: int
    officers: int
    district_code: str | None
    commune_code: str | None


@dataclass(frozen=True)
class RecordTraining:
    training: NewTraining


@dataclass(frozen=True)
class TrainingRecorded:
    id: int


@dataclass(frozen=True)
class LoadTrainings:
    """The last trainings recorded inside `area` (a district's include its communes')."""

    area: TrainingArea
    limit: int


@dataclass(frozen=True)
class TrainingsFound:
    trainings: tuple[TrainingView, ...]


TrainingEffect = RecordTraining | LoadTrainings
