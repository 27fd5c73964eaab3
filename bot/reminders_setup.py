"""The reminders' parts built from settings: planning, the sweep, pruning and the jobs that
wake them. `ocop-bot run` starts the jobs; the CLI uses the planning to print the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.settings import Settings
from flows.reminder_calendar import Calendar
from handlers.ports import Clock
from handlers.pruning import Pruning
from handlers.reminder_planning import ReminderPlanning
from handlers.reminder_render import render_due
from handlers.reminder_sweep import ReminderSweep
from scheduler.reminder_jobs import ReminderJobs, Timing
from storage.database import Database
from storage.photo_store import PhotoStore


@dataclass
class Reminders:
    planning: ReminderPlanning
    sweep: ReminderSweep
    pruning: Pruning
    timing: Timing

    def jobs(self) -> ReminderJobs:
        return ReminderJobs(self.planning, self.sweep, self.pruning, self.timing)


def build_reminders(
    settings: Settings,
    database: Database,
    clock: Clock,
    calendar: Calendar,
    photo_store: PhotoStore,
) -> Reminders:
    rules = settings.reminder_settings()
    planning = ReminderPlanning(database, clock, calendar, rules, settings.admin_structure)
    sweep = ReminderSweep(
        database,
        clock,
        render_due,
        settings=rules,
        drop_after=dt.timedelta(days=settings.reminder_drop_after_days),
    )
    pruning = Pruning(database, clock, photo_store, dt.timedelta(days=settings.prune_after_days))
    timing = Timing(
        sweep_seconds=settings.reminder_sweep_seconds,
        plan_minutes=settings.reminder_plan_minutes,
    )
    return Reminders(planning, sweep, pruning, timing)
