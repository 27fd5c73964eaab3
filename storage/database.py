"""The engine and session factory, and schema upgrades through Alembic."""

from __future__ import annotations

import ast
import asyncio
import logging
import os
import stat
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


class SchemaNotCurrentError(Exception):
    """The database is not at the migration this version of the code needs. Migrations are a
    deploy step (`ocop-bot db upgrade`) on a shared database: a process never applies them by
    itself, or several processes started together would race to."""

    def __init__(self, current: str | None, head: str, *, known: bool) -> None:
        super().__init__(f"database at revision {current or 'empty'}, code needs {head}")
        self.current = current
        self.head = head
        self.known = known  # False: a newer version of the bot has migrated it further


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or SQLite in memory."""
    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    if name.startswith("file:"):
        return None  # a URI filename (uri=true): its own rules, left alone
    return Path(name)


def owner_only(path: Path) -> None:
    """Take group's and others' rights away (a file or directory made by an older version).

    One that is not ours to change (another owner) is left as it is, with a warning.
    """
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & 0o077:
            path.chmod(current & 0o700)
    except PermissionError:
        log.warning("%s is readable by others and not ours to change", path)


def prepare_sqlite_file(path: Path) -> None:
    """Create the database file owner-only (0600) in an owner-only directory (0700).

    It holds names and phone numbers. SQLite gives its -wal and -shm files the mode of the
    database file, so they follow.
    """
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        for suffix in ("", "-wal", "-shm"):
            existing = path.with_name(path.name + suffix)
            if existing.exists():
                owner_only(existing)


class Database:
    """One database: SQLite in the data directory by default, any SQLAlchemy async URL."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"echo": echo}
        if url.startswith("postgresql"):
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.sqlite_path = sqlite_file(url)
        if self.sqlite_path is not None:
            prepare_sqlite_file(self.sqlite_path)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            _tune_sqlite(self.engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite lets one writer in at a time and makes the others poll with growing sleeps,
        # which starves some of them under load; queueing here first is fair (first come,
        # first served) and costs nothing. PostgreSQL needs no such queue.
        self.sqlite_queue: asyncio.Lock | None = asyncio.Lock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def upgrade(self) -> None:
        """Apply every migration not applied yet; one log line when something was applied."""
        if await self.at_head():
            return
        async with self.engine.begin() as conn:
            before, after = await conn.run_sync(_upgrade)
        if before != after:
            log.info("database schema upgraded from %s to %s", before or "empty", after)

    async def check_current(self) -> None:
        """Raise `SchemaNotCurrentError` unless the schema is at this code's newest migration."""
        if await self.at_head():
            return
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        async with self.engine.connect() as conn:
            current = await conn.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
        script = ScriptDirectory.from_config(alembic_config())
        head = script.get_current_head()
        assert head is not None
        if current == head:
            return
        known = current is None or current in {r.revision for r in script.walk_revisions()}
        raise SchemaNotCurrentError(current, head, known=known)

    async def at_head(self) -> bool:
        """True when the database is plainly at the newest migration: then nothing needs
        Alembic, which costs about 9 MB and a few tenths of a second to import at every start.
        Any doubt (no version table yet, branches, scripts not read) answers False, and
        Alembic decides as before."""
        head = script_head()
        if head is None:
            return False
        try:
            async with self.engine.connect() as conn:
                result = await conn.execute(text("SELECT version_num FROM alembic_version"))
                current = list(result.scalars())
        except SQLAlchemyError:  # a new database (no version table), or not reachable
            return False
        return current == [head]

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def session(self) -> AsyncSession:
        return self.sessions()

    async def dispose(self) -> None:
        await self.engine.dispose()


def script_head() -> str | None:
    """The newest migration's revision, read from the scripts' `revision` and `down_revision`
    without importing Alembic; None unless every script names its revisions literally and
    they form one line with one head."""
    downs: dict[str, tuple[str, ...]] = {}
    for script in (files("storage") / "migrations" / "versions").iterdir():
        if not script.name.endswith(".py") or script.name == "__init__.py":
            continue
        found = _revisions_of(script.read_text(encoding="utf-8"))
        if found is None:
            return None
        revision, down = found
        downs[revision] = down
    heads = set(downs) - {d for down in downs.values() for d in down}
    return heads.pop() if len(heads) == 1 else None


def _revisions_of(source: str) -> tuple[str, tuple[str, ...]] | None:
    values: dict[str, object] = {}
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    for node in body:
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if not isinstance(target, ast.Name) or value is None:
            continue
        if target.id in ("revision", "down_revision"):
            try:
                values[target.id] = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError):
                return None
    revision, down = values.get("revision"), values.get("down_revision", ...)
    if not isinstance(revision, str):
        return None
    if down is None:
        return revision, ()
    if isinstance(down, str):
        return revision, (down,)
    if isinstance(down, tuple) and all(isinstance(d, str) for d in down):
        return revision, down
    return None


def _quiet_alembic() -> None:
    """Before alembic is imported: its import alone logs a line for each of its plugins."""
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("alembic").setLevel(logging.WARNING)


def alembic_config() -> Config:
    _quiet_alembic()
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("storage") / "migrations"))
    return cfg


def _upgrade(connection: Connection) -> tuple[str | None, str | None]:
    """The revisions before and after.

    Alembic's own INFO lines ("Context impl SQLiteImpl.") came at every start of every command
    and told a person nothing: they show only when the bot logs at DEBUG level
    (`OCOP_LOG_LEVEL=DEBUG`). `Database.upgrade` says in one line what was applied.
    """
    _quiet_alembic()
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    before = MigrationContext.configure(connection).get_current_revision()
    command.upgrade(cfg, "head")
    return before, MigrationContext.configure(connection).get_current_revision()


def _tune_sqlite(engine: AsyncEngine) -> None:
    """WAL for concurrent readers; BEGIN IMMEDIATE so writers queue instead of failing."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
