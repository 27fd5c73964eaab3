"""Holding a channel: one process at a time sends a channel's messages, and so owns its limit.

The holder is written in `channel_senders` with the end of its lease; it renews the lease
while it runs and gives it back on a clean stop. Another process takes the channel once the
lease has passed (its holder died or hangs). Times come from the injected clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket

from handlers.ports import Clock
from storage.channel_senders import ChannelSenderRepository
from storage.database import Database
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

# A process that failed to take a channel tries again after this long, at most.
RETRY_TAKE = dt.timedelta(seconds=1)


def new_holder() -> str:
    """An id unique to this process start: host, pid and a random part."""
    tail = f"-{os.getpid()}-{secrets.token_hex(4)}"
    return socket.gethostname()[: 64 - len(tail)] + tail


class ChannelLeases:
    def __init__(self, database: Database, clock: Clock, holder: str, lease: dt.timedelta) -> None:
        self.database = database
        self.clock = clock
        self.holder = holder
        self.lease = lease
        self._until: dict[str, dt.datetime] = {}  # the channels we hold, until when
        self._next_try: dict[str, dt.datetime] = {}  # channels another process holds

    def holds(self, channel: str, margin: dt.timedelta | None = None) -> bool:
        """Ours now (in memory, no query), with `margin` of the lease still left."""
        until = self._until.get(channel)
        if until is None:
            return False
        return self.clock.now() + (margin or dt.timedelta(0)) < until

    async def ensure(self, channels: list[str]) -> set[str]:
        """The channels of `channels` we hold, taking or renewing the lease where due.

        A lease is renewed once a third of it has gone, so that a holder renewing every few
        seconds never lets it lapse; a channel held by another process is asked for again
        when its lease ends (or a second later, in case it was given back).
        """
        now = self.clock.now()
        due = []
        for channel in channels:
            until = self._until.get(channel)
            if until is not None and until - now > self.lease * 2 / 3:
                continue
            if until is None and self._next_try.get(channel, now) > now:
                continue
            due.append(channel)
        if due:
            await self._take(due, now)
        return {c for c in channels if self.holds(c)}

    async def _take(self, channels: list[str], now: dt.datetime) -> None:
        until = now + self.lease
        async with UnitOfWork(self.database) as uow:
            repo = ChannelSenderRepository(uow.session)
            taken: dict[str, bool] = {}
            seen: dict[str, tuple[str, dt.datetime] | None] = {}
            for channel in channels:
                taken[channel] = await repo.take(channel, self.holder, now, until)
                if not taken[channel]:
                    seen[channel] = await repo.holder(channel)
            await uow.commit()
        for channel, ours in taken.items():
            if ours:
                if channel not in self._until:
                    log.info("sending %s messages from this process (%s)", channel, self.holder)
                self._until[channel] = until
                self._next_try.pop(channel, None)
                continue
            if channel in self._until:
                log.warning("%s is now sent by another process", channel)
                del self._until[channel]
            other = seen.get(channel)
            retry = now + RETRY_TAKE
            self._next_try[channel] = min(other[1], retry) if other is not None else retry

    async def release(self) -> None:
        """Give back every channel held (a clean stop): another process may take them now."""
        held = list(self._until)
        self._until.clear()
        if not held:
            return
        async with UnitOfWork(self.database) as uow:
            await ChannelSenderRepository(uow.session).release(held, self.holder)
            await uow.commit()
