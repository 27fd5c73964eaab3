"""Reminders through the real process: N due reminders to N chats over the fake Telegram server.

    .venv/bin/python bench/reminders.py [--count 10000] [--limit 30]
        [--configs sqlite-1,pg-1,pg-2] [--phases limited,lifted] [--database-url URL]

For each configuration (database and number of `ocop-bot run` processes) and each phase (the
Telegram limit at --limit messages a second, then lifted: OCOP_TELEGRAM_PER_SECOND=0), on a
fresh database: the processes are started, then N users and N reminder rows due now (kind
announcement, as the planner writes them) are committed in one go, and the clock runs until
the fake server has accepted N messages. One process polls; two take updates by webhook
(the fake delivers to both in turn), and only one of them holds the channel's sending.

Figures: seconds from the rows' commit to the last message, achieved rate (first to last
message), % of the limit, the most messages in any sliding one-second window (must never be
above the limit), messages a second per process, CPU seconds of each process, and the check
that every chat got exactly one message. The full run (10,000 at 30/s) takes about six
minutes a configuration; `--count 1000` is a quick one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import text  # noqa: E402

from storage.database import Database, sqlite_url  # noqa: E402
from tests.e2e.fake_telegram import FakeTelegram  # noqa: E402
from tests.e2e.support import (  # noqa: E402
    BotProcess,
    free_port,
    reset_postgresql,
    seed_due_reminders,
)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/h5"
FIRST_CHAT = 6_100_000_001
CONFIGS = {"sqlite-1": ("sqlite", 1), "pg-1": ("postgresql", 1), "pg-2": ("postgresql", 2)}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class Result:
    config: str
    limit: int
    count: int
    accepted: int
    seconds: float  # rows committed -> last message accepted
    rate: float  # first -> last message
    max_window: int
    processes: int
    cpu: list[float]
    senders: str
    doubled: int
    missing: int

    def row(self) -> str:
        limit = f"{self.limit}/s" if self.limit else "lifted"
        share = f"{100 * self.rate / self.limit:.1f}%" if self.limit else "–"
        over = " ⚠" if self.limit and self.max_window > self.limit else ""
        cpu = " + ".join(f"{c:.1f}" for c in self.cpu)
        return (
            f"| {self.config:<8} | {limit:>6} | {self.accepted:>6}/{self.count:<6} "
            f"| {self.seconds:>7.1f} | {self.rate:>8.1f} | {share:>6} "
            f"| {self.max_window:>5}{over} | {self.rate / self.processes:>8.1f} | {cpu:>11} "
            f"| {self.senders:<11} | {self.doubled:>3} | {self.missing:>5} |"
        )


HEADER = (
    "| config   | limit  | accepted      | seconds | msg/s    | of lim "
    "| max 1s | msg/s/pr | CPU s       | sent by     | dup | miss  |\n"
    "|----------|--------|---------------|---------|----------|--------"
    "|--------|----------|-------------|-------------|-----|-------|"
)


async def run_case(
    config: str, limit: int, count: int, pg_url: str, keep: bool, grace: float
) -> Result:
    kind, processes = CONFIGS[config]
    root = Path(tempfile.mkdtemp(prefix="ocop-bench-rem-"))
    try:
        if kind == "postgresql":
            url = pg_url
            await reset_postgresql(url)
        else:
            url = sqlite_url(root / "ocop.sqlite3")
            db = Database(url)
            await db.upgrade()
            await db.dispose()
        async with FakeTelegram(max_poll_wait=5.0, webhook_fanout=processes > 1) as tg:
            settings = {
                "OCOP_TELEGRAM_TOKEN": tg.token,
                "OCOP_TELEGRAM_API_URL": tg.base_url,
                "OCOP_DATABASE_URL": url,
                "OCOP_TELEGRAM_PER_SECOND": str(limit),
                "OCOP_QUIET_HOURS": "0-0",  # the bench runs at any hour
                "OCOP_REMINDER_SWEEP_SECONDS": "1",
                "OCOP_WEBHOOK_SECRET": "bench-webhook-secret",
                "OCOP_LOG_LEVEL": "WARNING",
            }
            bots = []
            for n in range(processes):
                data_dir = root / f"p{n + 1}" / "var"
                data_dir.mkdir(parents=True)
                bots.append(
                    BotProcess(data_dir, free_port(), settings, tg.calls, webhook=processes > 1)
                )
            try:
                await asyncio.gather(*(b.start() for b in bots))
                pids = [b.proc.pid for b in bots if b.proc is not None]
                cpu0 = [cpu_seconds(p) for p in pids]
                chats = list(range(FIRST_CHAT, FIRST_CHAT + count))
                before = tg.sent_count
                start_index = len(tg.accepted_at)
                await seed_due_reminders(url, chats, subject=f"announcement:bench-{limit}")
                committed = time.monotonic()
                deadline = committed + (count / limit * 1.5 if limit else 0) + grace
                while tg.sent_count - before < count and time.monotonic() < deadline:
                    for bot in bots:
                        if bot.proc is not None and bot.proc.returncode is not None:
                            raise RuntimeError(f"{config}: a bot exited:\n{bot.tail()}")
                    await asyncio.sleep(0.1)
                await asyncio.sleep(2.0)  # anything sent twice comes now
                cpu = [cpu_seconds(p) - c for p, c in zip(pids, cpu0, strict=True)]
                times = tg.accepted_at[start_index:]
                per_chat = tg.accepted_per_chat()
                senders = await _senders(url)
            finally:
                for bot in bots:
                    with contextlib.suppress(Exception):
                        await bot.stop(signal.SIGTERM, timeout=30)
                    await bot.kill()
    finally:
        if keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    accepted = len(times)
    span = times[-1] - times[0] if accepted > 1 else float("nan")
    return Result(
        config=config,
        limit=limit,
        count=count,
        accepted=accepted,
        seconds=(times[-1] - committed) if times else float("nan"),
        rate=(accepted - 1) / span if accepted > 1 else float("nan"),
        max_window=tg.max_in_window(1.0) if times else 0,
        processes=processes,
        cpu=cpu,
        senders=senders,
        doubled=sum(1 for c in chats if per_chat.get(c, 0) > 1),
        missing=sum(1 for c in chats if per_chat.get(c, 0) == 0),
    )


async def _senders(url: str) -> str:
    """How the outbox rows were split between the processes that claimed them ("a/b")."""
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT claimed_by, COUNT(*) FROM outbox GROUP BY claimed_by ORDER BY 2 DESC")
            )
            counts = [(holder, int(n)) for holder, n in rows]
    except Exception as error:  # a figure missing must not lose the others
        return f"? ({type(error).__name__})"
    finally:
        await db.dispose()
    if any(holder is None for holder, _ in counts):
        return "/".join(str(n) for _, n in counts) + " (?)"
    return "/".join(str(n) for _, n in counts)


async def bench(args: argparse.Namespace) -> None:
    phases = {"limited": args.limit, "lifted": 0}
    results = []
    for config in args.configs.split(","):
        if config not in CONFIGS:
            raise SystemExit(f"unknown configuration {config!r}: {', '.join(CONFIGS)}")
        for phase in args.phases.split(","):
            limit = phases[phase]
            print(f"running {config} at {limit or 'no'} limit ...", file=sys.stderr, flush=True)
            result = await run_case(
                config, limit, args.count, args.database_url, args.keep, args.grace
            )
            print(result.row(), file=sys.stderr, flush=True)
            results.append(result)
    print(
        f"\n{args.count} due reminders to {args.count} chats through the fake Telegram server, "
        f"on {os.cpu_count()} CPUs\n"
    )
    print(HEADER)
    for r in results:
        print(r.row())
    limited = [r for r in results if r.limit]
    if limited:
        worst = min(r.rate / r.limit for r in limited)
        over = [r.config for r in limited if r.max_window > r.limit]
        print(
            f"\nwith the limit: lowest {100 * worst:.1f}% of it (target >= 95%); "
            + (f"ABOVE it in some second: {', '.join(over)}" if over else "never above it")
        )
    bad = [r.config for r in results if r.doubled or r.missing]
    print("every chat got exactly one message" if not bad else f"NOT exactly once: {bad}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=30, help="Telegram messages a second")
    parser.add_argument("--configs", default="sqlite-1,pg-1,pg-2")
    parser.add_argument("--phases", default="limited,lifted")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("OCOP_BENCH_DATABASE_URL", DEFAULT_PG),
        help="PostgreSQL database of the bench's own (its public schema is dropped)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the processes' logs")
    parser.add_argument(
        "--grace", type=float, default=300.0, help="seconds allowed beyond count/limit x 1.5"
    )
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(bench(args))


if __name__ == "__main__":
    main()
