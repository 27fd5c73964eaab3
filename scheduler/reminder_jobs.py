"""APScheduler as the clock: it wakes the reminder sweep, the planning and the pruning.

The jobs hold no state of their own: each run reads and writes the database, so a restart,
a missed run or a second process changes nothing but who does the work. Runs of one job never
overlap (max_instances=1), and runs missed while the process was busy collapse into one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from handlers.pruning import Pruning
from handlers.reminder_planning import ReminderPlanning
from handlers.reminder_sweep import ReminderSweep

log = logging.getLogger(__name__)

LOCAL_ZONE = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Timing:
    sweep_seconds: float = 30.0
    plan_minutes: float = 60.0
    prune_hour: int = 3  # local time, when nobody is writing


class ReminderJobs:
    def __init__(
        self,
        planning: ReminderPlanning,
        sweep: ReminderSweep,
        pruning: Pruning | None,
        timing: Timing = Timing(),
    ) -> None:
        self.planning = planning
        self.sweep = sweep
        self.pruning = pruning
        self.timing = timing
        self._scheduler: AsyncIOScheduler | None = None

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=dt.UTC)
        now = dt.datetime.now(dt.UTC)
        # Planning first (what a stop missed), then the sweep sends what is due.
        scheduler.add_job(
            self.plan_then_sweep,
            IntervalTrigger(minutes=self.timing.plan_minutes),
            id="reminders.plan",
            next_run_time=now,
            max_instances=1,
            coalesce=True,
        )
        scheduler.add_job(
            self.run_sweep,
            IntervalTrigger(seconds=self.timing.sweep_seconds),
            id="reminders.sweep",
            max_instances=1,
            coalesce=True,
        )
        if self.pruning is not None:
            scheduler.add_job(
                self.run_prune,
                CronTrigger(hour=self.timing.prune_hour, minute=17, timezone=LOCAL_ZONE),
                id="prune",
                max_instances=1,
                coalesce=True,
            )
        scheduler.start()
        self._scheduler = scheduler

    async def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
            await asyncio.sleep(0)

    async def plan_then_sweep(self) -> None:
        try:
            await self.planning.run()
        except Exception:
            log.exception("reminders: planning failed; the next run plans the same window")
        await self.run_sweep()

    async def run_sweep(self) -> None:
        try:
            await self.sweep.sweep()
        except Exception:
            log.exception("reminders: the sweep failed; the rows stay due for the next one")

    async def run_prune(self) -> None:
        assert self.pruning is not None
        try:
            await self.pruning.prune()
        except Exception:
            log.exception("pruning failed; the next night tries again")
