"""Planning: the calendar and the state of the database become reminder rows ahead of time.

Each run plans the window from where the last one stopped (`planned_through`, kept in the
database) to `horizon` ahead; a process that was down plans the time it missed, and the sweep
then sends what fell due, once (marked late, or dropped when long past). Rows have a unique
key, so two processes planning the same window insert nothing twice.

The window never reaches further ahead than the shortest delay of a reminder caused by a
change (an idea waiting `waiting_days` after its move, a form left `registration_days`): a
reminder caused now falls due after the window planned now, so a later run plans it, and the
change's own transaction need not (announcements, due at once, are written by theirs).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from flows.reminder_calendar import Calendar
from flows.reminder_plan import ReminderSettings, plan
from flows.reminder_types import Candidate
from handlers.ports import Clock
from storage.database import Database
from storage.reminder_snapshot import load_snapshot
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

PLANNED_THROUGH = "reminders_planned_through"


@dataclass(frozen=True)
class PlanRun:
    start: dt.datetime
    end: dt.datetime
    candidates: int
    inserted: int


class ReminderPlanning:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        calendar: Calendar,
        settings: ReminderSettings,
        structure: str,
        *,
        horizon: dt.timedelta = dt.timedelta(hours=36),
        catch_up: dt.timedelta = dt.timedelta(days=30),
    ) -> None:
        self.database = database
        self.clock = clock
        self.calendar = calendar
        self.settings = settings
        self.structure = structure
        shortest = min(
            settings.waiting_days,
            settings.registration_days,
            settings.question_days,
            settings.plan_days,
        )
        self.horizon = min(horizon, dt.timedelta(days=max(1, shortest)))
        # A database left alone for months does not plan (and drop) every reminder it missed.
        self.catch_up = catch_up

    async def project(self, start: dt.datetime, end: dt.datetime) -> list[Candidate]:
        """The reminders due in [start, end) as the database stands now; nothing written."""
        async with UnitOfWork(self.database) as uow:
            return await self._plan(uow, start, end)

    async def _plan(self, uow: UnitOfWork, start: dt.datetime, end: dt.datetime) -> list[Candidate]:
        snapshot = await load_snapshot(
            uow.session,
            start,
            end,
            structure=self.structure,
            form_age=dt.timedelta(days=self.settings.registration_days),
            certificate_days=self.settings.certificate_days,
        )
        return plan(snapshot, self.calendar, start, end, self.settings)

    async def run(self) -> PlanRun:
        """Plan from the last mark to `horizon` ahead, and move the mark, in one transaction."""
        now = self.clock.now()
        end = now + self.horizon
        async with UnitOfWork(self.database) as uow:
            last = await uow.scheduler_state.get_for_update(PLANNED_THROUGH)
            start = now if last is None else max(last, now - self.catch_up)
            if start >= end:
                return PlanRun(start, end, 0, 0)
            candidates = await self._plan(uow, start, end)
            inserted = await uow.reminders.add_many(candidates, now)
            await uow.scheduler_state.set(PLANNED_THROUGH, end)
            await uow.commit()
        if inserted:
            log.info("reminders: %d planned from %s to %s", inserted, start, end)
        return PlanRun(start, end, len(candidates), inserted)
