"""Updates recorded on arrival, so that none is lost between "received" and "handled".

An intake parses what the platform sent, records it here (one transaction for a batch), and
only then tells the platform it has the update (the next getUpdates offset, a webhook's 200).
The step that handles an update marks its row handled in its own transaction
(`uow.inbox.mark_handled_many`). After a crash, `unhandled()` gives what was in hand, in the
order it came, to be handled before anything new.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Collection, Sequence

from flows.messages import Inbound
from handlers.ports import Clock
from storage.database import Database
from storage.inbox import InboxRow, NewInboxRow
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

# Handled rows are kept this long: a platform redelivers within a day, and a redelivery of a
# forgotten row would only be skipped by the dispatcher's own dedupe.
KEEP_HANDLED = dt.timedelta(days=2)
# Updates recorded in one transaction at most (a webhook POST may carry thousands).
RECORD_CHUNK = 500


class Inbox:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock

    async def record(
        self,
        inbounds: Sequence[Inbound],
        on_chunk: Callable[[list[Inbound]], Awaitable[None]] | None = None,
    ) -> list[Inbound]:
        """Record the updates durably; the ones new to the inbox, in the order given. Raises
        when the database cannot record them: the caller must then not acknowledge them (the
        platform sends them again).

        A big batch is recorded `RECORD_CHUNK` at a time, one transaction each, so that other
        channels' updates are recorded between (SQLite takes one writer at a time);
        `on_chunk` is told each chunk's new updates once it is committed."""
        fresh: list[Inbound] = []
        for start in range(0, len(inbounds), RECORD_CHUNK):
            chunk = await self._record_one(inbounds[start : start + RECORD_CHUNK])
            fresh += chunk
            if on_chunk is not None:
                await on_chunk(chunk)
        return fresh

    async def _record_one(self, inbounds: Sequence[Inbound]) -> list[Inbound]:
        if not inbounds:
            return []
        rows = [
            NewInboxRow(i.channel, i.message_id, i.conversation_key, i.to_json()) for i in inbounds
        ]
        async with UnitOfWork(self.database) as uow:
            new = await uow.inbox.add_many(rows, self.clock.now())
            await uow.commit()
        fresh: list[Inbound] = []
        for inbound in inbounds:
            key = (inbound.channel, inbound.message_id)
            if key in new:
                new.discard(key)  # the same update twice in one batch counts once
                fresh.append(inbound)
        return fresh

    async def unhandled_after(self, channel: str, after_id: int, limit: int) -> list[InboxRow]:
        """A page of the channel's rows not handled yet, recorded after row `after_id`, in
        order: what an intake left here under load (bot/intake.py)."""
        async with UnitOfWork(self.database) as uow:
            return await uow.inbox.unhandled_after(channel, after_id, limit)

    async def unhandled(self, channels: Collection[str] | None = None) -> list[Inbound]:
        """What a crash left in hand, in the order it was recorded. Rows whose step had
        committed (the crash came between) are marked handled here, not run again; handled
        rows older than `KEEP_HANDLED` are forgotten."""
        now = self.clock.now()
        async with UnitOfWork(self.database) as uow:
            rows = await uow.inbox.unhandled(channels)
            done = await uow.processed.seen_many([r.key for r in rows])
            await uow.inbox.mark_handled_many(sorted(done), now)
            await uow.inbox.delete_handled_before(now - KEEP_HANDLED)
            await uow.commit()
        pending: list[Inbound] = []
        for row in rows:
            if row.key in done:
                continue
            try:
                pending.append(Inbound.from_json(row.payload))
            except (KeyError, TypeError, ValueError):
                log.exception("inbox row %s could not be read; left as it is", row.id)
        return pending

    async def take(self, inbound: Inbound, handle: Callable[[Inbound], Awaitable[None]]) -> None:
        """Record one update, then handle it unless it was recorded before (for an intake
        that handles as it goes, e.g. the console)."""
        if await self.record([inbound]):
            await handle(inbound)
