"""Migrations are a deploy step on a shared database: `ocop-bot run` against a PostgreSQL
database that is behind (or ahead of) the code says so and stops, and `ocop-bot db upgrade`
brings it up to date. On SQLite, one process per file, the bot still upgrades by itself."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from flows.texts import t
from storage.database import Database, SchemaNotCurrentError
from tests.conftest import PG_URL
from tests.e2e.support import OCOP_BOT, base_env, free_port, run_cli

needs_postgresql = pytest.mark.skipif(
    not (PG_URL or "").startswith("postgresql"), reason="OCOP_TEST_DATABASE_URL is not PostgreSQL"
)


async def _empty_schema(url: str) -> None:
    db = Database(url)
    try:
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await db.dispose()


async def _run_exits(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        str(OCOP_BOT),
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode()


@needs_postgresql
async def test_run_refuses_a_database_behind_until_db_upgrade(tmp_path: Path) -> None:
    assert PG_URL is not None
    await _empty_schema(PG_URL)
    env = base_env(tmp_path / "var")
    env.update(OCOP_DATABASE_URL=PG_URL, OCOP_WEB_PORT=str(free_port()), OCOP_LANG="en")
    code, out = await _run_exits(env, tmp_path)
    assert code == 3, out
    assert "ocop-bot db upgrade" in out and "—" in out
    db = Database(PG_URL)
    try:
        async with db.engine.connect() as conn:
            tables = await conn.scalar(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            )
        assert tables == 0  # the refusing process created nothing
        await run_cli(["db", "upgrade"], env, tmp_path)
        await db.check_current()  # up to date now
        async with db.engine.begin() as conn:
            await conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(SchemaNotCurrentError) as ahead:
            await db.check_current()
        assert ahead.value.known is False
    finally:
        await db.dispose()
    code, out = await _run_exits(env, tmp_path)
    assert code == 3
    assert out.strip().endswith(
        t("CLI_DATABASE_AHEAD", "en", current="9999", head=ahead.value.head)
    )


async def test_sqlite_is_upgraded_by_the_process_itself(tmp_path: Path) -> None:
    env = base_env(tmp_path / "var")
    await run_cli(["products", "list"], env, tmp_path)
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'var' / 'ocop.sqlite3'}")
    try:
        await db.check_current()
    finally:
        await db.dispose()
