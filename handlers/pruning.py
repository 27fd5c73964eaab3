"""Pruning, once a night (scheduler/reminder_jobs.py) or by `ocop-bot prune`: rows older than
the age (OCOP_PRUNE_AFTER_DAYS) and the photos of answered stamp checks (storage/pruning.py)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from handlers.ports import Clock
from storage.database import Database
from storage.photo_store import PhotoStore
from storage.pruning import BATCH, Pruner

log = logging.getLogger(__name__)

DEFAULT_AGE = dt.timedelta(days=30)


@dataclass(frozen=True)
class PruneResult:
    """How many of each were deleted (with `dry_run`: would be)."""

    before: dt.datetime
    processed_updates: int = 0
    inbox: int = 0
    outbox: int = 0
    reminders: int = 0
    stamp_photos: int = 0
    stamp_photos_kept: int = 0  # still used by an idea, a product or an open form
    dry_run: bool = False

    @property
    def total(self) -> int:
        return (
            self.processed_updates + self.inbox + self.outbox + self.reminders + self.stamp_photos
        )


class Pruning:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        photo_store: PhotoStore,
        age: dt.timedelta = DEFAULT_AGE,
        *,
        batch: int = BATCH,
    ) -> None:
        self.clock = clock
        self.photo_store = photo_store
        self.age = age
        self.pruner = Pruner(database, batch)

    async def prune(self, *, dry_run: bool = False) -> PruneResult:
        before = self.clock.now() - self.age
        p = self.pruner
        # Reminders before the outbox rows they point to.
        reminders = await p.reminders(before, dry_run=dry_run)
        outbox = await p.outbox(before, dry_run=dry_run)
        processed = await p.processed_updates(before, dry_run=dry_run)
        inbox = await p.inbox(before, dry_run=dry_run)
        photos = await p.stamp_photos(self.photo_store, dry_run=dry_run)
        result = PruneResult(
            before=before,
            processed_updates=processed,
            inbox=inbox,
            outbox=outbox,
            reminders=reminders,
            stamp_photos=photos.deleted,
            stamp_photos_kept=photos.kept,
            dry_run=dry_run,
        )
        log.info(
            "pruning%s before %s: %d processed updates, %d inbox rows, %d outbox rows, "
            "%d reminders, %d stamp photos (%d kept: in use)",
            " (dry run)" if dry_run else "",
            before.isoformat(),
            processed,
            inbox,
            outbox,
            reminders,
            photos.deleted,
            photos.kept,
        )
        return result
