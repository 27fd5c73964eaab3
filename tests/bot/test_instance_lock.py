"""One serving process per SQLite database: a second `run` or `chat` refuses, with a reason."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from bot.app import build_app
from bot.instance_lock import InstanceLock, InstanceLockedError
from bot.settings import Settings
from storage.database import Database
from tests.bot.test_console import OCOP_BOT, bot_env, run
from tests.e2e.support import free_port


def test_the_lock_is_held_until_released(tmp_path: Path) -> None:
    database = tmp_path / "ocop.sqlite3"
    held = InstanceLock.acquire(database)
    with pytest.raises(InstanceLockedError) as refused:
        InstanceLock.acquire(database)
    assert f"pid {os.getpid()}" in refused.value.holder
    assert refused.value.database == database
    held.release()
    InstanceLock.acquire(database).release()
    assert (tmp_path / "ocop.sqlite3.lock").stat().st_mode & 0o777 == 0o600


async def test_build_app_locks_sqlite_only(database: Database, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=database.url, _env_file=None)  # type: ignore[call-arg]
    first = await build_app(settings, exclusive=True)
    try:
        if database.is_sqlite:
            with pytest.raises(InstanceLockedError):
                await build_app(settings, exclusive=True)
        else:
            # PostgreSQL serves several processes: nothing to lock.
            await (await build_app(settings, exclusive=True)).close()
        # A command that only reads or makes a short change does not ask for the lock.
        await (await build_app(settings)).close()
    finally:
        await first.close()
    # Closed, the lock is free again.
    await (await build_app(settings, exclusive=True)).close()


def wait_healthy(port: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the bot did not start")


async def test_a_second_bot_on_one_sqlite_database_refuses_to_start(
    database: Database, tmp_path: Path
) -> None:
    if not database.is_sqlite:
        pytest.skip("only SQLite is locked")
    env = bot_env(tmp_path, database)
    port = free_port()
    env["OCOP_WEB_PORT"] = str(port)
    first = subprocess.Popen(
        [OCOP_BOT, "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_healthy(port, first)
        env2 = {**env, "OCOP_WEB_PORT": str(free_port())}
        for command in (["run"], ["chat", "--user", "b"]):
            second = subprocess.run(
                [OCOP_BOT, *command],
                env=env2,
                input="/start\n",
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert second.returncode == 1, second.stderr
            assert "Một tiến trình ocop-bot khác đang dùng cơ sở dữ liệu" in second.stderr
            assert f"pid {first.pid}, `ocop-bot run`" in second.stderr
            assert "Traceback" not in second.stderr
            assert second.stdout == ""  # the chat said nothing: nobody was answered twice
        # Reading beside the running bot is fine.
        assert run(["products", "list", "--json"], env2) == ""
        run(["export", "ideas", "--out", str(tmp_path / "ideas.csv")], env2)
    finally:
        first.terminate()
        first.communicate(timeout=60)
    assert first.returncode == 0
    # Stopped, the database is free for the next one.
    assert "Anh/chị chọn một việc:" in run(["chat", "--user", "b"], env, "/start\n")
