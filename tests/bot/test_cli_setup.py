"""A newcomer's set-up: quiet commands, private files, a test script that installs once."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

from bot.app import build_app
from bot.settings import Settings
from storage.database import Database
from tests.bot.test_console import OCOP_BOT, bot_env, run
from tests.conftest import REPO


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_commands_do_not_print_alembic_lines(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env["OCOP_DATA_DIR"] = str(tmp_path / "var")
    for args in (["db", "upgrade"], ["products", "list"]):
        result = subprocess.run(
            [OCOP_BOT, *args], env=env, capture_output=True, text=True, timeout=120, check=True
        )
        assert "alembic" not in result.stderr, result.stderr
    # The first start said, in one line, that it made the schema.
    log = (tmp_path / "var" / "ocop-bot.log").read_text(encoding="utf-8")
    assert log.count("database schema upgraded from empty to") == 1
    assert "alembic" not in log
    # At DEBUG they show (a new database, so that Alembic really runs: a database already
    # at the newest migration is recognised without it).
    debug = subprocess.run(
        [OCOP_BOT, "products", "list"],
        env={**env, "OCOP_LOG_LEVEL": "DEBUG", "OCOP_DATA_DIR": str(tmp_path / "debug")},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "alembic.runtime.migration" in debug.stderr


async def test_the_data_directory_database_and_log_are_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env["OCOP_DATA_DIR"] = str(data)
    run(["chat", "--user", "hoa"], env, "/start\n")
    assert mode(data) == 0o700
    assert mode(data / "ocop.sqlite3") == 0o600
    assert mode(data / "ocop-bot.log") == 0o600
    assert mode(data / "ocop.sqlite3.lock") == 0o600
    # While the database is open, its -wal and -shm files are owner-only too.
    app = await build_app(Settings(data_dir=data, _env_file=None))  # type: ignore[call-arg]
    try:
        assert await app.database.ping()
        for suffix in ("-wal", "-shm"):
            assert mode(data / f"ocop.sqlite3{suffix}") == 0o600
    finally:
        await app.close()


async def test_files_an_older_version_left_readable_are_made_private(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    for name in ("ocop.sqlite3", "ocop-bot.log"):
        (data / name).touch()
        (data / name).chmod(0o644)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env["OCOP_DATA_DIR"] = str(data)
    run(["db", "upgrade"], env)
    assert mode(data / "ocop.sqlite3") == 0o600
    assert mode(data / "ocop-bot.log") == 0o600


async def test_a_database_elsewhere_is_created_owner_only(
    database: Database, tmp_path: Path
) -> None:
    if database.sqlite_path is None:
        return  # PostgreSQL keeps its own files
    assert mode(database.sqlite_path) == 0o600
    run(["db", "upgrade"], bot_env(tmp_path, database))
    assert mode(database.sqlite_path) == 0o600


def test_scripts_test_installs_only_when_pyproject_changed(tmp_path: Path) -> None:
    """`scripts/test` with stand-ins for python3, pip and the checkers, which log their calls."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "test", checkout / "scripts" / "test")
    (checkout / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    calls = tmp_path / "calls.log"
    tools = tmp_path / "tools"
    tools.mkdir()
    venv_bin = checkout / ".venv" / "bin"

    def stand_in(path: Path, body: str) -> None:
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    # python3 -m venv .venv: makes the stand-ins a real venv would hold.
    make_venv = [f'echo "python3 $*" >> {calls}', f"mkdir -p {venv_bin}"]
    for tool in ("python", "ruff", "mypy", "pytest"):
        make_venv.append(
            f"printf '#!/bin/sh\\necho \"{tool} $*\" >> {calls}\\n' > {venv_bin / tool}"
        )
        make_venv.append(f"chmod +x {venv_bin / tool}")
    stand_in(tools / "python3", "\n".join(make_venv))
    env = {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}"}

    def run_script() -> list[str]:
        calls.unlink(missing_ok=True)
        subprocess.run([str(checkout / "scripts" / "test"), "-q"], env=env, check=True, timeout=60)
        return calls.read_text().splitlines()

    fresh = run_script()  # a fresh clone, as on CI: installs
    assert "python3 -m venv .venv" in fresh
    assert any("pip install --quiet -e .[test]" in line for line in fresh)
    assert fresh[-1] == "pytest -q"
    again = run_script()
    assert not [line for line in again if "pip" in line or "venv" in line], again
    assert again == ["ruff check .", "ruff format --check .", "mypy ", "pytest -q"]
    stamp = checkout / ".venv" / ".installed-test"
    os.utime(stamp, (stamp.stat().st_atime - 60, stamp.stat().st_mtime - 60))
    changed = run_script()  # pyproject.toml is newer than the last install
    assert any("pip install" in line for line in changed)
