"""Start-up time and memory at rest of the real `ocop-bot run`.

    .venv/bin/python bench/startup.py [--runs 3] [--idle 5]
        [--postgresql postgresql+asyncpg://postgres@127.0.0.1:5432/DB]

Each run starts `ocop-bot run` as tests/e2e/support.py's BotProcess does: its own data
directory, Telegram and Zalo both configured (polling) against the local fake servers in this
process, the web server on a free port. Ready = /healthz answers 200 and both fakes have seen a
getUpdates: the time from exec to ready is the start-up. The database is brought to the
newest migration first (`ocop-bot db upgrade`, not timed): a restart is the common start, and
on PostgreSQL migrating is a deploy step anyway. Then the process is left idle for
`--idle` seconds and /proc/PID/status is read: VmRSS (memory at rest) and VmHWM (its peak so
far). Then SIGTERM. On PostgreSQL the schema of the given database is DROPPED and upgraded
first (migrations are a deploy step there): give only a database of your own.

The machine may be busy with other work: besides the wall time to ready, the CPU time the
process used until then (utime + stime) is shown, which load changes much less. With `--tree
DIR` the sources in DIR are run instead of this checkout's (PYTHONPATH), e.g. a copy of an older
revision, with the same .venv.

Prints a Markdown table of the median of the runs (and each run's figures) per database.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.fake_telegram import FakeTelegram  # noqa: E402
from tests.e2e.fake_zalo import FakeZalo  # noqa: E402

OCOP_BOT = REPO / ".venv" / "bin" / "ocop-bot"
PYTHON = Path(sys.executable)
READY_TIMEOUT = 90.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class Run:
    ready_s: float
    cpu_s: float
    rss_mb: float
    hwm_mb: float


async def one_run(database_url: str | None, idle: float, tree: str | None) -> Run:
    async with FakeTelegram() as tg, FakeZalo() as zalo:
        with tempfile.TemporaryDirectory(prefix="ocop-startup-") as tmp:
            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
            env.update(
                OCOP_DATA_DIR=str(Path(tmp) / "var"),
                OCOP_LANG="vi",
                OCOP_WEB_HOST="127.0.0.1",
                OCOP_WEB_PORT=str(port),
                OCOP_PUBLIC_URL=f"http://127.0.0.1:{port}",
                OCOP_TELEGRAM_TOKEN=tg.token,
                OCOP_TELEGRAM_API_URL=tg.base_url,
                OCOP_ZALO_TOKEN=zalo.token,
                OCOP_ZALO_API_URL=zalo.base_url,
            )
            if database_url:
                env["OCOP_DATABASE_URL"] = database_url
            if tree:
                env["PYTHONPATH"] = tree
            upgrade = await asyncio.create_subprocess_exec(
                str(OCOP_BOT),
                "db",
                "upgrade",
                env=env,
                cwd=tmp,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if await upgrade.wait() != 0:
                raise RuntimeError("ocop-bot db upgrade failed")
            log = (Path(tmp) / "bot.log").open("wb")
            started = time.monotonic()
            proc = await asyncio.create_subprocess_exec(
                str(OCOP_BOT), "run", env=env, cwd=tmp, stdout=log, stderr=log
            )
            log.close()
            try:
                ready_s = await wait_ready(proc, port, tg, zalo, started)
                cpu_s = cpu_seconds(proc.pid)
                await asyncio.sleep(idle)
                run = Run(
                    ready_s,
                    cpu_s,
                    status_kb(proc.pid, "VmRSS") / 1024,
                    status_kb(proc.pid, "VmHWM") / 1024,
                )
            except BaseException:
                print((Path(tmp) / "bot.log").read_text(errors="replace")[-3000:])
                raise
            finally:
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
                    try:
                        await asyncio.wait_for(proc.wait(), 30)
                    except TimeoutError:
                        proc.kill()
                        await proc.wait()
            return run


async def wait_ready(
    proc: asyncio.subprocess.Process,
    port: int,
    tg: FakeTelegram,
    zalo: FakeZalo,
    started: float,
) -> float:
    url = f"http://127.0.0.1:{port}/healthz"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
        while time.monotonic() - started < READY_TIMEOUT:
            if proc.returncode is not None:
                raise RuntimeError(f"ocop-bot run exited {proc.returncode}")
            polling = any(m == "getUpdates" for m, _ in tg.calls) and any(
                m == "getUpdates" for m, _ in zalo.calls
            )
            if polling:
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with http.get(url) as resp:
                        if resp.status == 200:
                            return time.monotonic() - started
            await asyncio.sleep(0.01)
    raise RuntimeError(f"not ready in {READY_TIMEOUT} s")


def prepare_postgresql(url: str) -> None:
    from tests.e2e.support import reset_postgresql

    asyncio.run(reset_postgresql(url))


def import_figures(tree: str | None) -> tuple[float, float]:
    """Seconds and max RSS (MB) of a bare `import bot.cli.main` in a fresh interpreter."""
    code = (
        "import resource, time; t = time.perf_counter(); import bot.cli.main; "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    env = dict(os.environ, PYTHONPATH=tree) if tree else None
    out = subprocess.run(
        [str(PYTHON), "-c", code],
        cwd=tree or REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, kb = out.stdout.split()
    return float(seconds), int(kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds idle before reading RSS")
    parser.add_argument("--postgresql", help="a database of your own (its schema is dropped)")
    parser.add_argument("--tree", help="run the sources in this directory instead")
    parser.add_argument(
        "--venv",
        help="measure the bot installed in this virtual environment (e.g. a production install"
        " without the test tools, which pull in libraries the bot never needs)",
    )
    args = parser.parse_args()

    if args.venv:
        global OCOP_BOT, PYTHON
        OCOP_BOT = Path(args.venv) / "bin" / "ocop-bot"
        PYTHON = Path(args.venv) / "bin" / "python"
    imports = [import_figures(args.tree) for _ in range(args.runs)]
    print(
        f"import bot.cli.main: {statistics.median(s for s, _ in imports):.2f} s, "
        f"max RSS {statistics.median(m for _, m in imports):.0f} MB "
        f"(median of {args.runs}, {os.cpu_count()} CPUs)"
    )
    databases: list[tuple[str, str | None]] = [("SQLite", None)]
    if args.postgresql:
        prepare_postgresql(args.postgresql)
        databases.append(("PostgreSQL", args.postgresql))
    print()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print()
    print(
        "| database   | start-up s (runs)       | CPU s to ready | RSS at rest MB | peak RSS MB |"
    )
    print(
        "|------------|-------------------------|----------------|----------------|-------------|"
    )
    for name, url in databases:
        runs = [asyncio.run(one_run(url, args.idle, args.tree)) for _ in range(args.runs)]
        each = ", ".join(f"{r.ready_s:.1f}" for r in runs)
        print(
            f"| {name:<10} | {statistics.median(r.ready_s for r in runs):>5.2f} ({each}) "
            f"| {statistics.median(r.cpu_s for r in runs):>14.2f} "
            f"| {statistics.median(r.rss_mb for r in runs):>14.0f} "
            f"| {statistics.median(r.hwm_mb for r in runs):>11.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
