"""One serving process per SQLite database: a second `ocop-bot run` or `chat` refuses to start.

Two processes on one SQLite database both deliver the pending replies, so people get them
twice. An advisory lock (`flock`) on a file beside the database is held for the process's life;
the kernel drops it when the process ends, however it ends, so a crash leaves no stale lock
behind. Commands that only read or make a short change (export, products, stamps) do not take
it and may run beside the bot. PostgreSQL is not locked: several processes may share it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sys
from pathlib import Path

from storage.database import Database


class InstanceLockedError(RuntimeError):
    """Another process holds the lock; `holder` is what it wrote there (pid and command)."""

    def __init__(self, database: Path, holder: str) -> None:
        super().__init__(f"{database} is in use by another ocop-bot process ({holder})")
        self.database = database
        self.holder = holder


class InstanceLock:
    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor: int | None = descriptor

    @classmethod
    def acquire(cls, database: Path) -> InstanceLock:
        """Hold the lock of `database` (the SQLite file), or raise InstanceLockedError."""
        path = database.with_name(database.name + ".lock")
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 1000).decode("utf-8", "replace").strip()
            os.close(descriptor)
            raise InstanceLockedError(database, holder or "unknown") from None
        # Who holds it, for the message the next process shows; the lock is the flock alone.
        started = dt.datetime.now().astimezone().strftime("%d/%m/%Y %H:%M")
        command = " ".join(["ocop-bot", *sys.argv[1:]])
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"pid {os.getpid()}, `{command}`, {started}\n".encode(), 0)
        return cls(path, descriptor)

    def release(self) -> None:
        # The file stays: removing it would let a third process lock a new file while a
        # second one still waits on the old one.
        if self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            os.close(self._descriptor)
            self._descriptor = None


def hold_instance_lock(database: Database) -> InstanceLock | None:
    """The lock for a SQLite database in a file; None (no lock) for PostgreSQL or memory."""
    if database.sqlite_path is None:
        return None
    return InstanceLock.acquire(database.sqlite_path.resolve())
