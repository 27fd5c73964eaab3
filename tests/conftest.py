"""Shared fixtures: a fresh database per test on SQLite, and on PostgreSQL when
OCOP_TEST_DATABASE_URL is set (`.ci/run` sets it)."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import Database, sqlite_url
from tests.harness import close_bots
from tests.s3_server import s3_endpoint  # noqa: F401  (the S3 server fixture, for every test)

PG_URL = os.environ.get("OCOP_TEST_DATABASE_URL")
DATABASES = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _local(host: str) -> bool:
    return host.startswith("127.") or host in ("::1", "localhost")


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test that reaches past this machine fails at once instead of hanging or flaking."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        inet = self.family in (socket.AF_INET, socket.AF_INET6)
        if inet and isinstance(host, str) and not _local(host):
            raise OSError(f"test tried to reach the network: {host}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


async def fresh_database(kind: str, tmp_path: Path) -> Database:
    if kind == "sqlite":
        db = Database(sqlite_url(tmp_path / "test.sqlite3"))
    else:
        assert PG_URL is not None
        db = Database(PG_URL)
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await db.upgrade()
    return db


@pytest.fixture(params=DATABASES)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    db = await fresh_database(str(request.param), tmp_path)
    try:
        yield db
    finally:
        await close_bots()  # their outboxes may still be marking replies sent
        await db.dispose()
