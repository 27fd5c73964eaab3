"""A database already at the newest migration is recognised without Alembic (which costs
megabytes at every start); anything else still goes through Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.database import (
    Database,
    SchemaNotCurrentError,
    _revisions_of,
    alembic_config,
    script_head,
    sqlite_url,
)

REPO = Path(__file__).resolve().parents[2]


def test_the_scripts_head_is_alembics() -> None:
    assert script_head() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_scripts_that_are_not_plain_literals_are_left_to_alembic() -> None:
    assert _revisions_of('revision: str = "0013"\ndown_revision: str | None = "0012"\n') == (
        "0013",
        ("0012",),
    )
    assert _revisions_of("revision = '0001'\ndown_revision = None\n") == ("0001", ())
    assert _revisions_of('revision = "0014"\ndown_revision = ("0012", "0013")\n') == (
        "0014",
        ("0012", "0013"),
    )
    assert _revisions_of('revision = NAME\ndown_revision = "0012"\n') is None
    assert _revisions_of('revision = "0013"\n') is None  # no down_revision at all
    assert _revisions_of("revision = (\n") is None


async def test_at_head_only_when_plainly_current(database: Database) -> None:
    head = script_head()
    assert await database.at_head()
    await database.check_current()
    async with database.engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = '0011'"))
    assert not await database.at_head()
    with pytest.raises(SchemaNotCurrentError) as err:
        await database.check_current()
    assert (err.value.current, err.value.head, err.value.known) == ("0011", head, True)
    async with database.engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(SchemaNotCurrentError) as err:  # a newer bot's migration
        await database.check_current()
    assert (err.value.current, err.value.known) == ("f00d", False)


async def test_a_new_database_is_not_at_head(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "new.sqlite3"))
    try:
        assert not await db.at_head()  # no version table yet
        await db.upgrade()
        assert await db.at_head()
    finally:
        await db.dispose()


def test_a_current_database_is_opened_without_alembic(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "current.sqlite3")
    code = (
        "import asyncio, sys\n"
        "from storage.database import Database\n"
        "async def main():\n"
        f"    db = Database({url!r})\n"
        "    await db.upgrade()\n"
        "    await db.check_current()\n"
        "    await db.dispose()\n"
        "    print('alembic' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, cwd=REPO, capture_output=True, text=True, check=True)
    again = subprocess.run(run, cwd=REPO, capture_output=True, text=True, check=True)
    assert (first.stdout.strip(), again.stdout.strip()) == ("True", "False")
