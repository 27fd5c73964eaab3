"""`ocop-bot backup DEST` and `ocop-bot restore SOURCE`.

A backup holds what a province cannot make again: the SQLite database (copied with SQLite's
backup API, page by page under its own locks, so it is consistent while the bot runs), then
the photo store and the documents, and the secrets the bot made for itself in the data
directory (the stamp keys: without them every printed stamp reads as forged; the salt of the
checks; the webhook secret), each file with its mode (0600 stays 0600). The database goes
first: a photo is stored before the step that names it commits, so every photo the copy
names is already on disk when the photos are copied.

DEST ending in .tar.gz or .tgz is one compressed file; otherwise a new directory. On
PostgreSQL the database is not in it: the command prints the pg_dump command to run.

Restore puts a backup into the configured data directory (OCOP_DATA_DIR), refusing to replace
a database there unless --force, and never while a bot serves it (the instance lock).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.instance_lock import InstanceLock
from bot.settings import Settings
from flows.texts import t
from storage.database import sqlite_file

MANIFEST = "backup-manifest.json"
DATABASE_NAME = "ocop.sqlite3"
ROOT = "ocop-backup"  # the one top-level directory of a tarball
# Not worth keeping, or remade at start: the log (names and phone numbers, and large), the
# instance lock, SQLite's side files (the backup API copied their content already).
SKIPPED_SUFFIXES = (".lock", "-wal", "-shm", "-journal", ".tmp")
SKIPPED_NAMES = frozenset({"ocop-bot.log"})
TREES = ("photos", "documents")


@dataclass
class BackupResult:
    dest: Path
    database: str  # what the backup holds of the database: a file name, or "—"
    counts: dict[str, int] = field(default_factory=dict)


def _is_tarball(path: Path) -> bool:
    return path.name.endswith((".tar.gz", ".tgz"))


def _database_file(settings: Settings) -> Path | None:
    """The SQLite file of the configured database; None for PostgreSQL."""
    return sqlite_file(settings.resolved_database_url())


def pg_dump_command(settings: Settings, dest: str = "ocop-$(date +%F).dump") -> str:
    """The pg_dump command for the configured PostgreSQL database, the password left out
    (pg_dump reads it from ~/.pgpass or PGPASSWORD)."""
    url = make_url(settings.resolved_database_url())
    parts = ["pg_dump", "--format=custom", f"--file={dest}"]
    if url.host:
        parts.append(f"--host={url.host}")
    if url.port:
        parts.append(f"--port={url.port}")
    if url.username:
        parts.append(f"--username={url.username}")
    parts.append(url.database or "ocop")
    return " ".join(parts)


def pg_restore_command(settings: Settings, source: str = "ocop-YYYY-MM-DD.dump") -> str:
    url = make_url(settings.resolved_database_url())
    parts = ["pg_restore", "--clean", "--if-exists", "--no-owner"]
    if url.host:
        parts.append(f"--host={url.host}")
    if url.port:
        parts.append(f"--port={url.port}")
    if url.username:
        parts.append(f"--username={url.username}")
    parts += [f"--dbname={url.database or 'ocop'}", source]
    return " ".join(parts)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy with SQLite's backup API (the bot may be writing meanwhile), as one
    self-contained file (no WAL beside it), readable by the owner only."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise RuntimeError(f"the copy of {source} does not pass SQLite's check")
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)


def _schema_revision(database: Path) -> str | None:
    connection = sqlite3.connect(database)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return str(row[0]) if row else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _data_files(data_dir: Path, database: Path | None) -> Iterator[Path]:
    """The data directory's own top-level files worth keeping: the secrets."""
    if not data_dir.is_dir():
        return
    skip = {database.resolve()} if database is not None else set()
    for entry in sorted(data_dir.iterdir()):
        if not entry.is_file() or entry.is_symlink() or entry.resolve() in skip:
            continue
        if entry.name in SKIPPED_NAMES or entry.name.endswith(SKIPPED_SUFFIXES):
            continue
        if entry.name.startswith(DATABASE_NAME):
            continue
        yield entry


def _copy_tree(source: Path, target: Path) -> int:
    """Files copied with their modes (copy2); how many."""
    if not source.is_dir():
        return 0
    shutil.copytree(source, target, copy_function=shutil.copy2, dirs_exist_ok=True)
    return sum(1 for p in target.rglob("*") if p.is_file())


def make_backup(settings: Settings, dest: Path) -> BackupResult:
    """Write the backup to `dest` (a new .tar.gz file or a new directory)."""
    if dest.exists():
        raise FileExistsError(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    data_dir = settings.data_dir
    database = _database_file(settings)
    staging = Path(tempfile.mkdtemp(prefix=".ocop-backup-", dir=dest.parent))  # mode 0700
    try:
        result = BackupResult(dest, "—")
        manifest: dict[str, object] = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "dialect": "sqlite" if database is not None else "postgresql",
        }
        if database is not None and database.exists():
            copy = staging / DATABASE_NAME
            copy_sqlite(database, copy)
            result.database = DATABASE_NAME
            manifest.update(
                database=DATABASE_NAME,
                schema_revision=_schema_revision(copy),
                sha256=_sha256(copy),
            )
        result.counts["photos"] = _copy_tree(settings.photo_dir, staging / "photos")
        result.counts["documents"] = _copy_tree(settings.document_dir, staging / "documents")
        secrets: list[str] = []
        for path in _data_files(data_dir, database):
            shutil.copy2(path, staging / path.name)
            secrets.append(path.name)
        result.counts["secrets"] = len(secrets)
        manifest.update(files=secrets, counts=result.counts)
        manifest_path = staging / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        os.chmod(manifest_path, 0o600)
        if _is_tarball(dest):
            partial = dest.with_name(dest.name + ".part")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(staging, arcname=ROOT)
            partial.rename(dest)
        else:
            staging.rename(dest)
        return result
    finally:
        if staging.exists():
            shutil.rmtree(staging)


@contextlib.contextmanager
def _unpacked(source: Path) -> Iterator[Path]:
    """The backup's directory: the directory itself, or a tarball unpacked in a private one."""
    if source.is_dir():
        yield source
        return
    with tempfile.TemporaryDirectory(prefix=".ocop-restore-") as tmp, tarfile.open(source) as tar:
        # "data": no absolute paths, no links out, no device files; modes kept (0600 stays).
        tar.extractall(tmp, filter="data")
        yield Path(tmp) / ROOT


@dataclass
class RestoreResult:
    database: str
    files: int


class NotABackupError(Exception):
    pass


class DatabaseExistsError(Exception):
    def __init__(self, database: Path) -> None:
        super().__init__(str(database))
        self.database = database


def restore_backup(settings: Settings, source: Path, *, force: bool = False) -> RestoreResult:
    data_dir = settings.data_dir
    database = _database_file(settings)
    with _unpacked(source) as root:
        if not (root / MANIFEST).is_file():
            raise NotABackupError(str(source))
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        restored = "—"
        lock: InstanceLock | None = None
        copy = root / DATABASE_NAME
        try:
            if database is not None and copy.exists():
                if database.exists() and database.stat().st_size > 0 and not force:
                    raise DatabaseExistsError(database)
                # A bot serving this database holds the lock: InstanceLockedError then.
                lock = InstanceLock.acquire(database.resolve())
                database.parent.mkdir(parents=True, exist_ok=True)
                copy_sqlite(copy, database)
                restored = str(database)
            files = 0
            for tree in TREES:
                target = settings.photo_dir if tree == "photos" else settings.document_dir
                files += _copy_tree(root / tree, target)
            for entry in sorted(root.iterdir()):
                if entry.is_file() and entry.name not in (MANIFEST, DATABASE_NAME):
                    shutil.copy2(entry, data_dir / entry.name)
                    files += 1
        finally:
            if lock is not None:
                lock.release()
    return RestoreResult(restored, files)


async def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    dest = Path(args.dest)
    if dest.exists():
        print(t("CLI_BACKUP_DEST_EXISTS", settings.lang, dest=dest))
        return 1
    result = make_backup(settings, dest)
    print(
        t(
            "CLI_BACKUP_DONE",
            settings.lang,
            dest=dest,
            database=result.database,
            photos=result.counts["photos"],
            documents=result.counts["documents"],
            secrets=result.counts["secrets"],
        )
    )
    store = getattr(settings, "photo_store", None)
    if store:
        print(t("CLI_BACKUP_PHOTOS_ELSEWHERE", settings.lang, store=store))
    if _database_file(settings) is None:
        print(t("CLI_BACKUP_POSTGRES", settings.lang, command=pg_dump_command(settings)))
    return 0


async def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    source = Path(args.source)
    try:
        result = restore_backup(settings, source, force=bool(args.force))
    except NotABackupError:
        print(t("CLI_RESTORE_NOT_A_BACKUP", settings.lang, source=source))
        return 1
    except DatabaseExistsError as exc:
        print(
            t(
                "CLI_RESTORE_NOT_EMPTY",
                settings.lang,
                data_dir=settings.data_dir,
                database=exc.database,
            )
        )
        return 1
    print(
        t(
            "CLI_RESTORE_DONE",
            settings.lang,
            source=source,
            data_dir=settings.data_dir,
            database=result.database,
            files=result.files,
        )
    )
    if _database_file(settings) is None:
        print(t("CLI_RESTORE_POSTGRES", settings.lang, command=pg_restore_command(settings)))
    return 0


def add_backup_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser(
        "backup",
        help="copy the SQLite database, photos, documents and secrets (safe while the bot runs)",
    )
    backup.add_argument("dest", help="a new file ending in .tar.gz, or a new directory")
    backup.set_defaults(run=cmd_backup, quiet=False)
    restore = sub.add_parser(
        "restore", help="put a backup made by `ocop-bot backup` into OCOP_DATA_DIR"
    )
    restore.add_argument("source", help="the .tar.gz file or directory of the backup")
    restore.add_argument(
        "--force", action="store_true", help="replace the database there (stop the bot first)"
    )
    restore.set_defaults(run=cmd_restore, quiet=False)
