"""`ocop-bot backup` and `restore` for SQLite: a round trip while the bot writes, modes kept;
on PostgreSQL, the pg_dump command."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.app import build_app
from bot.cli.backup_command import (
    DatabaseExistsError,
    NotABackupError,
    make_backup,
    pg_dump_command,
    restore_backup,
)
from bot.instance_lock import InstanceLock, InstanceLockedError
from bot.settings import Settings
from tests.bot.test_console import OCOP_BOT
from tests.e2e.support import base_env
from tests.fakes import FakeChannel
from tests.ops.support import text_update


def _settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]


def _users(database: Path) -> set[str]:
    connection = sqlite3.connect(database)
    try:
        return {row[0] for row in connection.execute("SELECT external_id FROM users")}
    finally:
        connection.close()


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("dest_name", ["backup.tar.gz", "backup-dir"])
async def test_round_trip_while_the_bot_writes(tmp_path: Path, dest_name: str) -> None:
    source = _settings(tmp_path / "var")
    app = await build_app(source, exclusive=True)  # a serving bot holds the database
    channel = FakeChannel("fake")
    app.add_channel(channel)
    photo = source.photo_dir / "ab" / "abcdef.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 a stored photo")
    document = source.document_dir / "plan.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.7 a business plan")
    dest = tmp_path / "out" / dest_name
    try:
        for i in range(5):
            await app.dispatcher.handle(text_update(f"before-{i}", "/start"))

        # People keep writing while the copy is taken.
        async def traffic() -> None:
            for i in range(20):
                await app.dispatcher.handle(text_update(f"during-{i}", "/start"))

        result, _ = await asyncio.gather(asyncio.to_thread(make_backup, source, dest), traffic())
    finally:
        await app.close()
    assert result.counts == {"photos": 1, "documents": 1, "secrets": 2}  # check_salt, stamp_keys
    with pytest.raises(FileExistsError):
        make_backup(source, dest)

    target = _settings(tmp_path / "restored")
    restored = restore_backup(target, dest)
    database = target.data_dir / "ocop.sqlite3"
    assert Path(restored.database).resolve() == database.resolve()
    users = _users(database)
    assert {f"before-{i}" for i in range(5)} <= users  # all that was there before the copy
    assert users <= _users(source.data_dir / "ocop.sqlite3")
    assert sqlite3.connect(database).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (target.photo_dir / "ab" / "abcdef.jpg").read_bytes() == photo.read_bytes()
    assert (target.document_dir / "plan.pdf").read_bytes() == document.read_bytes()
    for secret in ("check_salt", "stamp_keys"):
        copy = target.data_dir / secret
        assert copy.read_bytes() == (source.data_dir / secret).read_bytes()
        assert _mode(copy) == 0o600
    assert _mode(database) == 0o600
    assert not (target.data_dir / "ocop-bot.log").exists()

    # The restored data directory serves: same stamp key, same people.
    app = await build_app(target)
    try:
        assert app.keyring.to_setting() == (source.data_dir / "stamp_keys").read_text().strip()
    finally:
        await app.close()

    # Not over a database without --force, never under a running bot.
    with pytest.raises(DatabaseExistsError):
        restore_backup(target, dest)
    lock = InstanceLock.acquire(database.resolve())
    try:
        with pytest.raises(InstanceLockedError):
            restore_backup(target, dest, force=True)
    finally:
        lock.release()
    restore_backup(target, dest, force=True)


async def test_the_command_line_round_trip_and_postgresql(tmp_path: Path) -> None:
    env = base_env(tmp_path / "var")
    await (await build_app(_settings(tmp_path / "var"))).close()
    out = subprocess.run(
        [OCOP_BOT, "backup", str(tmp_path / "b.tgz")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "b.tgz" in out and "pg_dump" not in out
    env_restored = base_env(tmp_path / "restored")
    out = subprocess.run(
        [OCOP_BOT, "restore", str(tmp_path / "b.tgz")],
        env=env_restored,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert (tmp_path / "restored" / "ocop.sqlite3").exists(), out
    refused = subprocess.run(
        [OCOP_BOT, "restore", str(tmp_path / "b.tgz")],
        env=env_restored,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "--force" in refused.stdout

    # PostgreSQL: the files are kept, and the pg_dump command is printed, password left out.
    pg = {**env, "OCOP_DATABASE_URL": "postgresql+asyncpg://ocop:s3cret@db.local:5433/ocop"}
    out = subprocess.run(
        [OCOP_BOT, "backup", str(tmp_path / "pg-files")],
        env=pg,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    expected = pg_dump_command(
        Settings(database_url=pg["OCOP_DATABASE_URL"], _env_file=None)  # type: ignore[call-arg]
    )
    assert expected in out and "s3cret" not in out
    assert "--host=db.local --port=5433 --username=ocop ocop" in expected
    assert not (tmp_path / "pg-files" / "ocop.sqlite3").exists()
    assert (tmp_path / "pg-files" / "stamp_keys").exists()
    assert os.stat(tmp_path / "pg-files" / "stamp_keys").st_mode & 0o777 == 0o600


def test_a_directory_that_is_no_backup_is_refused(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    with pytest.raises(NotABackupError):
        restore_backup(_settings(tmp_path / "var"), tmp_path / "junk")
    assert not (tmp_path / "var" / "ocop.sqlite3").exists()
