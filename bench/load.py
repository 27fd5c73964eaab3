"""Load: thousands of people at once through the real `ocop-bot run` process(es).

    .venv/bin/python bench/load.py [--people 2000] [--database-url URL] [--processes N]
        [--mode webhook|polling] [--minutes M] [--open-conversations 10000] [--matrix]

The bot runs as shipped (`ocop-bot run`, or `run --webhook`), serving Telegram and Zalo over
the fake Bot API servers of tests/e2e (bench/load_fakes.py), with the outgoing rate limits
lifted (OCOP_*_PER_SECOND=0: the fakes impose none). Before the load, `ocop-bot` itself loads
the demo products, issues real stamps (PNG) and makes the officers' invitation codes
(`officer invite`), in one helper process. The people (bench/load_people.py):

- producers (60%, half on Telegram, half on Zalo) register an idea with three photos, every
  option chosen as offered (a button on Telegram, its number on Zalo), in the commune of one
  of the officers;
- consumers (35%) open the menu, send a photo of a real issued stamp, type another's serial;
- officers (5%, commune officers, one per commune) enrol with `/canbo CODE`, and on each
  "📥 … đang chờ" notice review the waiting ideas: open, forward to the district, no note.

All start at once and answer as soon as they are answered (no thinking time). Figures:
completed conversations a minute (registrations + stamp checks + reviews), p50/p99 latency
(a person's update handed to the fake -> the first message of the answer accepted by it), CPU
seconds and peak RSS of each bot process (/proc, its threads and children included). Checked:
every confirmed registration is in `ocop-bot export ideas` once with its three photos, every
forwarded one shows as forwarded, no step got a message more or less than when one person
talked alone (calibration), no reply is left over (sent twice), every notice came once.

With several processes (PostgreSQL only) the processes share the data directory and one
public address, as behind one reverse proxy: the fakes push the updates to each in turn.
`--matrix` runs SQLite polling, SQLite webhook, PostgreSQL 1 and 2 processes, one after the
other, and prints one table. `--minutes M` keeps people going for M minutes (RSS every 10 s).
`--open-conversations N`: instead of the load, N people each leave a registration form open
(three steps in), then the bot's RSS is read.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load_fakes import LoadTelegram, LoadZalo  # noqa: E402
from bench.load_people import (  # noqa: E402
    Calibration,
    Chat,
    Place,
    Stats,
    StepFailed,
    TelegramChat,
    ZaloChat,
    check_stamps,
    enrol,
    guarded,
    leftovers,
    officer_loop,
    register,
)
from storage.admin_units_source import load_admin_units  # noqa: E402
from tests.e2e.support import (  # noqa: E402
    BotProcess,
    base_env,
    export_ideas,
    free_port,
    is_postgresql,
    reset_postgresql,
)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/bench"
PUBLIC_URL = "https://ocop.hatinh.example"  # one address for all processes (the proxy's)
SECRET = "load-bench-webhook-secret"
FORWARDED = "Xã đã chuyển lên huyện"
TG_FIRST, ZALO_PREFIX = 7_100_000_001, "7a10"


# ------------------------------------------------------------------------------ /proc


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_seconds(pid: int) -> float:
    total = 0.0
    for p in _tree(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def _status_mb(pid: int, key: str) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mb(pid: int) -> float:
    return sum(_status_mb(p, "VmRSS") for p in _tree(pid))


@dataclass
class Sampler:
    """Each process's RSS every second; kept every `every` seconds for the series."""

    pids: list[int]
    every: float = 10.0
    peak: dict[int, float] = field(default_factory=dict)
    series: list[tuple[float, list[float]]] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        t0 = last = time.monotonic()
        while True:
            now = time.monotonic()
            rss = [rss_mb(p) for p in self.pids]
            for p, r in zip(self.pids, rss, strict=True):
                self.peak[p] = max(self.peak.get(p, 0.0), r, _status_mb(p, "VmHWM"))
            if not self.series or now - last >= self.every:
                self.series.append((now - t0, rss))
                last = now
            await asyncio.sleep(1.0)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


# ------------------------------------------------------------------------------ set-up


def prepare_in_process(spec_path: str) -> None:
    """In a helper process: `ocop-bot demo-data`, `stamps issue`, `officer invite` xN, by the
    CLI's own entry point called in turn (one interpreter start instead of one each)."""
    from bot.cli.main import main

    spec = json.loads(Path(spec_path).read_text())
    out = io.StringIO()

    def cli(args: list[str]) -> str:
        out.seek(0)
        out.truncate()
        with contextlib.redirect_stdout(out):
            code = main(args)
        if code not in (0, None):
            raise SystemExit(f"ocop-bot {' '.join(args)} exited {code}: {out.getvalue()}")
        return out.getvalue()

    cli(["demo-data"])
    folder = Path(spec["stamps_dir"])
    count = str(spec["stamps"])
    cli(
        [
            "stamps",
            "issue",
            "--product",
            "3",
            "--count",
            count,
            "--format",
            "png",
            "--out",
            str(folder),
        ]
    )
    codes = []
    for area in spec["areas"]:
        printed = cli(["officer", "invite", "--role", "commune", "--area", area, "--name", "Xã"])
        codes.append(printed.strip().splitlines()[-1].strip())
    Path(spec["result"]).write_text(json.dumps({"codes": codes}))


async def prepare(env: dict[str, str], work: Path, stamps: int, areas: list[str]) -> list[str]:
    spec = {
        "stamps_dir": str(work / "stamps"),
        "stamps": stamps,
        "areas": areas,
        "result": str(work / "prepared.json"),
    }
    (work / "prepare.json").write_text(json.dumps(spec))
    log = (work / "prepare.log").open("wb")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--prepare",
        str(work / "prepare.json"),
        env={**env, "OCOP_LOG_LEVEL": "WARNING"},
        cwd=work,
        stdout=log,
        stderr=log,
    )
    await proc.wait()
    log.close()
    if proc.returncode != 0:
        raise RuntimeError("prepare failed:\n" + (work / "prepare.log").read_text()[-3000:])
    codes: list[str] = json.loads((work / "prepared.json").read_text())["codes"]
    return codes


def places(count: int) -> list[tuple[Place, str]]:
    """`count` communes spread over the districts, each with its commune code: the first 15
    of each district's list (its first page), taken district by district in turn."""
    units = load_admin_units("2020")
    lists = [units.communes_of(d.code)[:15] for d in units.districts]
    found: list[tuple[Place, str]] = []
    for j in range(15):
        for d, communes in enumerate(lists, 1):
            if j < len(communes):
                c = communes[j]
                found.append((Place(d, j + 1, c.name), c.code))
    if count > len(found):
        raise SystemExit(f"at most {len(found)} officers (one per commune on a first page)")
    return found[:count]


@dataclass
class Bot(BotProcess):
    """`ocop-bot run` with the bench's settings: one public address for all processes."""

    extra: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        return {**super().env(), **self.extra, "OCOP_PUBLIC_URL": PUBLIC_URL}


# ------------------------------------------------------------------------------ one run


@dataclass
class Result:
    config: str
    people: int
    seconds: float
    completed: Counter[str]
    latencies: list[float]
    cpu: list[float]
    peak: list[float]
    failures: list[str]
    checks: list[str]
    problems: list[str]
    series: list[tuple[float, list[float]]]
    start_rss: list[float]
    by_step: dict[str, list[float]]
    open_rss: list[float] | None = None

    def per_minute(self) -> float:
        return sum(self.completed.values()) / max(self.seconds, 1e-9) * 60

    def row(self) -> str:
        lat = sorted(self.latencies)
        p50 = 1000 * statistics.median(lat) if lat else float("nan")
        p99 = 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))] if lat else float("nan")
        done = sum(self.completed.values())
        return (
            f"| {self.config:<15} | {self.people:>6} | {done:>6} | {self.seconds:>6.0f} "
            f"| {self.per_minute():>8.0f} | {p50:>6.0f} | {p99:>7.0f} "
            f"| {' + '.join(f'{c:.0f}' for c in self.cpu):>9} "
            f"| {' + '.join(f'{p:.0f}' for p in self.peak):>9} "
            f"| {len(self.failures) + len(self.problems):>6} |"
        )


HEADER = (
    "| configuration   | people |  conv. | sec.   | conv/min | p50 ms | p99 ms  "
    "| CPU s     | peak MB   | errors |\n"
    "|-----------------|--------|--------|--------|----------|--------|---------"
    "|-----------|-----------|--------|"
)


@dataclass
class Crowd:
    """Everyone of one run, and what each must receive."""

    stats: Stats
    cal: Calibration
    chats: list[Chat] = field(default_factory=list)


def _mix(people: int) -> tuple[int, int, int]:
    officers = max(2, round(people * 0.05))
    consumers = max(2, round(people * 0.35))
    return people - officers - consumers, consumers, officers


async def run_config(
    args: argparse.Namespace, config: str, url: str | None, processes: int, webhook: bool
) -> Result:
    producers_n, consumers_n, officers_n = _mix(args.people)
    if args.open_conversations:
        officers_n = 2
    root = Path(tempfile.mkdtemp(prefix="ocop-load-"))
    data_dir = root / "var"
    data_dir.mkdir()
    async with LoadTelegram() as tg, LoadZalo() as zalo:
        env = base_env(data_dir)
        env.update(OCOP_PUBLIC_URL=PUBLIC_URL, OCOP_LOG_LEVEL="WARNING")
        if url is not None:
            env["OCOP_DATABASE_URL"] = url
            await reset_postgresql(url)
        # Two for calibration (one per channel), then the load's.
        spots = places(officers_n + 2)
        print(
            f"[{config}] preparing: demo data, stamps, {len(spots)} invitations",
            file=sys.stderr,
            flush=True,
        )
        t = time.monotonic()
        codes = await prepare(env, root, 2 * (consumers_n + 2), [code for _, code in spots])
        stamps = sorted((root / "stamps").glob("*.png"))
        print(f"[{config}] prepared in {time.monotonic() - t:.0f} s", file=sys.stderr, flush=True)

        settings = {
            "OCOP_TELEGRAM_TOKEN": tg.token,
            "OCOP_TELEGRAM_API_URL": tg.base_url,
            "OCOP_ZALO_TOKEN": zalo.token,
            "OCOP_ZALO_API_URL": zalo.base_url,
            "OCOP_WEBHOOK_SECRET": SECRET,
            "OCOP_LOG_LEVEL": "WARNING",
            "OCOP_TELEGRAM_PER_SECOND": "0",
            "OCOP_ZALO_PER_SECOND": "0",
            "OCOP_CHAT_PER_SECOND": "0",
            "OCOP_QUIET_HOURS": "0-0",
            **({"OCOP_DATABASE_URL": url} if url else {}),
        }
        bots = []
        for i in range(processes):
            bot = Bot(data_dir, free_port(), {}, tg.calls, webhook=webhook, extra=settings)
            bot.log_path = root / f"bot-{i + 1}.log"
            bots.append(bot)
        # The proxy's address, reached at the processes: webhooks in turn, photos at the first.
        tg.backends = zalo.backends = [b.url for b in bots]
        tg.public = zalo.public = PUBLIC_URL
        zalo.served_at[PUBLIC_URL] = bots[0].url
        try:
            t = time.monotonic()
            await asyncio.gather(*(b.start() for b in bots))
            started = time.monotonic() - t
            pids = [b.proc.pid for b in bots if b.proc is not None]
            start_rss = [rss_mb(p) for p in pids]
            alone = [_status_mb(p, "VmRSS") for p in pids]
            if alone != start_rss:
                print(f"[{config}] RSS of the main process alone: {alone}", file=sys.stderr)
            print(
                f"[{config}] {processes} process(es) ready in {started:.1f} s, "
                f"RSS {' + '.join(f'{r:.0f}' for r in start_rss)} MB",
                file=sys.stderr,
                flush=True,
            )
            cal = await calibrate(tg, zalo, spots[:2], codes[:2], stamps[:4], args.timeout)
            stats = Stats(minutes=args.minutes)
            crowd = Crowd(stats, cal)
            sampler = Sampler(pids)
            sampler.start()
            cpu0 = [cpu_seconds(p) for p in pids]
            t0 = time.monotonic()
            open_rss = None
            if args.open_conversations:
                await open_forms(tg, zalo, crowd, args)
                await asyncio.sleep(5)
                open_rss = [rss_mb(p) for p in pids]
            else:
                await load(
                    tg,
                    zalo,
                    crowd,
                    spots[2:],
                    codes[2:],
                    stamps[4:],
                    args,
                    producers_n,
                    consumers_n,
                )
            ended = max(stats.completed_at, default=time.monotonic())
            cpu = [cpu_seconds(p) - c for p, c in zip(pids, cpu0, strict=True)]
            await asyncio.sleep(3)  # a reply sent twice would come now
            await sampler.stop()
            problems, checks = await verify(crowd, bots[0], tg, zalo, bots)
            peak = [max(sampler.peak.get(p, 0.0), _status_mb(p, "VmHWM")) for p in pids]
            for b in bots:
                code = await b.stop()
                if code != 0:
                    problems.append(f"{b.log_path.name}: exited {code}")
            for b in bots:
                errors = [ln for ln in b.log().splitlines() if " ERROR " in ln or "Traceback" in ln]
                if errors:
                    problems.append(
                        f"{b.log_path.name}: {len(errors)} error lines, first: {errors[0][:200]}"
                    )
            return Result(
                config,
                args.open_conversations or args.people,
                ended - t0,
                stats.completed,
                stats.latencies,
                cpu,
                peak,
                stats.failures,
                checks,
                problems,
                sampler.series,
                start_rss,
                stats.by_step,
                open_rss,
            )
        finally:
            for b in bots:
                await b.kill()
            print(f"[{config}] logs and data in {root}", file=sys.stderr, flush=True)


def _chat(
    tg: LoadTelegram,
    zalo: LoadZalo,
    n: int,
    telegram: bool,
    kind: str,
    stats: Stats,
    cal: Calibration,
    calibrating: bool,
    timeout: float,
) -> Chat:
    rest = (kind, stats, cal, calibrating, timeout)
    if telegram:
        return TelegramChat(tg, TG_FIRST + n, *rest)
    return ZaloChat(zalo, f"{ZALO_PREFIX}{n:016x}", *rest)


async def calibrate(
    tg: LoadTelegram,
    zalo: LoadZalo,
    spots: list[tuple[Place, str]],
    codes: list[str],
    stamps: list[Path],
    timeout: float,
) -> Calibration:
    """One person of each kind on each channel, alone: how many messages each answer has."""
    cal, stats = Calibration(), Stats()
    officers = [
        _chat(tg, zalo, 900_000 + i, i == 0, "officer", stats, cal, True, timeout) for i in range(2)
    ]
    for chat, code in zip(officers, codes, strict=True):
        await enrol(chat, code)
    jobs: list[Coroutine[Any, Any, Any]] = []
    for i in range(2):
        producer = _chat(tg, zalo, 900_010 + i, i == 0, "producer", stats, cal, True, timeout)
        consumer = _chat(tg, zalo, 900_020 + i, i == 0, "consumer", stats, cal, True, timeout)
        jobs.append(register(producer, spots[i][0], 900_000 + i, stats))
        jobs.append(check_stamps(consumer, stamps[2 * i].read_bytes(), stamps[2 * i + 1].stem))
    await asyncio.gather(*jobs)
    await asyncio.sleep(2)
    await asyncio.gather(*(officer_loop(o, stats, 1, lambda: True) for o in officers))
    if len(stats.confirmed) != 2 or len(stats.forwarded) != 2:
        raise StepFailed(f"calibration: {stats}")
    print(
        "calibrated: " + ", ".join(f"{k[0]}/{k[1]}/{k[2]}={v}" for k, v in cal.counts.items()),
        file=sys.stderr,
        flush=True,
    )
    return cal


async def load(
    tg: LoadTelegram,
    zalo: LoadZalo,
    crowd: Crowd,
    spots: list[tuple[Place, str]],
    codes: list[str],
    stamps: list[Path],
    args: argparse.Namespace,
    producers_n: int,
    consumers_n: int,
) -> None:
    stats, cal, timeout = crowd.stats, crowd.cal, args.timeout
    deadline = time.monotonic() + 60 * args.minutes if args.minutes else None
    rng = random.Random(11)
    officers = [
        _chat(tg, zalo, i, i % 2 == 0, "officer", stats, cal, False, timeout)
        for i in range(len(spots))
    ]
    await asyncio.gather(*(enrol(o, c) for o, c in zip(officers, codes, strict=True)))
    per_commune: Counter[int] = Counter()
    unfinished: Counter[int] = Counter(n % len(spots) for n in range(producers_n))
    producers_left = [producers_n]

    def producer_job(n: int) -> Any:
        chat = _chat(tg, zalo, 10_000 + n, n % 2 == 0, "producer", stats, cal, False, timeout)
        crowd.chats.append(chat)
        home = n % len(spots)
        per_commune[home] += 1

        async def job() -> None:
            try:
                await asyncio.sleep(rng.uniform(0, args.ramp))
                rounds = 0
                while True:
                    await register(chat, spots[home][0], 10_000 + n + 100_000 * rounds, stats)
                    stats.completed["registration"] += 1
                    stats.completed_at.append(time.monotonic())
                    rounds += 1
                    if deadline is None or time.monotonic() > deadline:
                        break
                    per_commune[home] += 1
            finally:
                producers_left[0] -= 1
                unfinished[home] -= 1

        return guarded(job, stats, f"producer {chat.channel} {chat.key}")

    def consumer_job(n: int) -> Any:
        chat = _chat(tg, zalo, 20_000 + n, n % 2 == 0, "consumer", stats, cal, False, timeout)
        crowd.chats.append(chat)
        png, serial = stamps[2 * n].read_bytes(), stamps[2 * n + 1].stem

        async def job() -> None:
            await asyncio.sleep(rng.uniform(0, args.ramp))
            while True:
                await check_stamps(chat, png, serial)
                stats.completed["stamp check"] += 1
                stats.completed_at.append(time.monotonic())
                if deadline is None or time.monotonic() > deadline:
                    break

        return guarded(job, stats, f"consumer {chat.channel} {chat.key}")

    jobs = [producer_job(n) for n in range(producers_n)]
    jobs += [consumer_job(n) for n in range(consumers_n)]
    crowd.chats.extend(officers)

    def officer_job(i: int) -> Any:
        chat = officers[i]

        async def job() -> None:
            # Each officer reviews its commune's ideas as their notices come; while producers
            # keep registering (--minutes) the count grows, read again each time. On Zalo a
            # typed number answers the latest list shown, and a notice coming between the
            # list and the number is the latest: Zalo officers review once their commune's
            # producers are all done, so that no notice comes in between (see load.md).
            done = 0
            while chat.channel == "zalo" and unfinished[i] > 0:
                await asyncio.sleep(0.5)
            while True:
                done += await officer_loop(
                    chat, stats, per_commune[i] - done, lambda: producers_left[0] <= 0
                )
                if producers_left[0] <= 0 and done >= per_commune[i]:
                    break
                if producers_left[0] <= 0 and not chat.inbox.queue.qsize():
                    await asyncio.sleep(2)  # the last notices may still be on their way
                    if not chat.inbox.queue.qsize() and not chat.unhandled:
                        break
                await asyncio.sleep(0.2)

        return guarded(job, stats, f"officer {chat.channel} {chat.key}")

    everyone = [asyncio.create_task(j()) for j in jobs]
    everyone += [asyncio.create_task(officer_job(i)()) for i in range(len(officers))]
    progress = asyncio.create_task(_progress(stats, len(jobs)))
    await asyncio.gather(*everyone)
    progress.cancel()


async def _progress(stats: Stats, total: int) -> None:
    t0 = time.monotonic()
    told = 0
    while True:
        await asyncio.sleep(15)
        print(
            f"  {time.monotonic() - t0:>5.0f} s: {dict(stats.completed)}, "
            f"{stats.steps} steps, {len(stats.failures)} failures",
            file=sys.stderr,
            flush=True,
        )
        for failure in stats.failures[told : told + 5]:
            print(f"    failed: {failure[:400]}", file=sys.stderr, flush=True)
        told = len(stats.failures)


async def open_forms(
    tg: LoadTelegram, zalo: LoadZalo, crowd: Crowd, args: argparse.Namespace
) -> None:
    """N people each start a registration and stop at its second question."""
    stats, cal = crowd.stats, crowd.cal
    gate = asyncio.Semaphore(max(1, args.people))

    async def person(n: int) -> None:
        async with gate:
            chat = _chat(
                tg, zalo, 40_000 + n, n % 2 == 0, "producer", stats, cal, False, args.timeout
            )
            crowd.chats.append(chat)
            await chat.step("start", lambda: chat.say("/start"), "Đăng ký ý tưởng")
            await chat.step("register", lambda: chat.choose("Đăng ký ý tưởng"), "Bước 1/12")
            await chat.step("name", lambda: chat.say("Nguyễn Thị Hoa"), "Bước 2/12")
            stats.completed["open form"] += 1
            stats.completed_at.append(time.monotonic())

    progress = asyncio.create_task(_progress(stats, args.open_conversations))
    await asyncio.gather(
        *(
            guarded(lambda n=n: person(n), stats, f"open {n}")()  # type: ignore[misc]
            for n in range(args.open_conversations)
        )
    )
    progress.cancel()


async def verify(
    crowd: Crowd, first: BotProcess, tg: LoadTelegram, zalo: LoadZalo, bots: Sequence[BotProcess]
) -> tuple[list[str], list[str]]:
    """What must hold after the load; (problems, checks passed)."""
    stats = crowd.stats
    problems, checks = [], []
    extra = leftovers(crowd.chats)
    if extra:
        problems.append(
            f"messages beyond the answers (sent twice?): {sum(extra.values())}: "
            + "; ".join(f"{k} x{v}" for k, v in list(extra.items())[:5])
        )
    else:
        checks.append("no message beyond the answers (none sent twice)")
    if stats.mismatches:
        problems.append(f"mismatched steps: {dict(stats.mismatches)}")
    rows = await export_ideas(first.env(), first.workdir)
    by_number = Counter(r["Số phiếu"] for r in rows)
    missing = [n for n in stats.confirmed if by_number[n] == 0]
    twice = [n for n, c in by_number.items() if c > 1]
    photos_wrong = [
        r["Số phiếu"] for r in rows if r["Số phiếu"] in stats.confirmed and r["Số ảnh"] != "3"
    ]
    if missing or twice or photos_wrong:
        problems.append(
            f"export: {len(missing)} confirmed missing, {len(twice)} twice, "
            f"{len(photos_wrong)} without their 3 photos"
        )
    else:
        checks.append(
            f"all {len(stats.confirmed)} confirmed registrations exported once, 3 photos each"
        )
    state = {r["Số phiếu"]: r["Trạng thái"] for r in rows}
    not_forwarded = [n for n in stats.forwarded if FORWARDED not in state.get(n, "")]
    if stats.forwarded:
        if not_forwarded:
            problems.append(
                f"{len(not_forwarded)} forwarded ideas not shown forwarded, "
                f"e.g. {not_forwarded[:3]} -> {state.get(not_forwarded[0])}"
            )
        else:
            checks.append(f"all {len(stats.forwarded)} forwarded ideas exported as forwarded")
    if stats.forwarded and len(set(stats.forwarded)) != len(stats.forwarded):
        problems.append("an idea forwarded twice")
    if not stats.minutes and stats.forwarded and len(stats.forwarded) != len(stats.confirmed):
        problems.append(f"{len(stats.confirmed) - len(stats.forwarded)} ideas never reviewed")
    officer_notices = sum(len(c.notices) for c in crowd.chats if c.kind == "officer")
    producer_notices = sum(len(c.notices) for c in crowd.chats if c.kind == "producer")
    registered = len([n for n in stats.confirmed])
    if crowd.chats and any(c.kind == "officer" for c in crowd.chats):
        note = (
            f"notices: officers {officer_notices} for {registered} registrations, "
            f"producers {producer_notices} for {len(stats.forwarded)} forwarded"
        )
        (
            checks
            if officer_notices == registered and producer_notices == len(stats.forwarded)
            else problems
        ).append(note)
    received = sum(c.taken for c in crowd.chats)
    expected = sum(c.expected + len(c.notices) for c in crowd.chats)
    (checks if received == expected else problems).append(
        f"messages read {received}, expected by calibration {expected}"
    )
    if len(bots) > 1:
        checks.append(
            "updates per process: telegram "
            + "/".join(str(v) for v in Counter(tg.delivered_to.values()).values())
            + ", zalo "
            + "/".join(str(v) for v in zalo.delivered_to.values())
        )
    return problems, checks


# ------------------------------------------------------------------------------ output


def report(results: list[Result], args: argparse.Namespace) -> None:
    print(
        f"\n{os.cpu_count()} CPUs; people: {_mix(args.people)} producers/consumers/officers;"
        " bench and bot(s) on the same machine\n"
    )
    print(HEADER)
    for r in results:
        print(r.row())
    for r in results:
        print(
            f"\n{r.config}: {dict(r.completed)}; RSS at start "
            f"{' + '.join(f'{x:.0f}' for x in r.start_rss)} MB"
        )
        slow = sorted(r.by_step.items(), key=lambda kv: -statistics.median(kv[1]))
        print(
            "  median latency by step (s): "
            + ", ".join(f"{k} {statistics.median(v):.1f}" for k, v in slow[:8])
        )
        for c in r.checks:
            print(f"  ok: {c}")
        for p in r.problems:
            print(f"  PROBLEM: {p}")
        for f in r.failures[:10]:
            print(f"  FAILED: {f[:300]}")
        if len(r.failures) > 10:
            print(f"  ... {len(r.failures) - 10} more failures")
        if r.open_rss is not None:
            print(
                f"  RSS with {args.open_conversations} forms open: "
                + " + ".join(f"{x:.0f}" for x in r.open_rss)
                + " MB"
            )
        if args.minutes:
            print(
                "  RSS every 10 s (MB): "
                + ", ".join(f"{t:.0f}s {'+'.join(f'{x:.0f}' for x in rss)}" for t, rss in r.series)
            )


async def main_async(args: argparse.Namespace) -> None:
    pg = args.database_url if is_postgresql(args.database_url) else None
    if args.matrix:
        pg = pg or DEFAULT_PG
        configs = [
            ("sqlite polling", None, 1, False),
            ("sqlite webhook", None, 1, True),
            ("pg 1 webhook", pg, 1, True),
            ("pg 2 webhook", pg, 2, True),
        ]
    elif pg:
        configs = [(f"pg {args.processes} {args.mode}", pg, args.processes, args.mode == "webhook")]
    else:
        if args.processes != 1:
            raise SystemExit("several processes need PostgreSQL (--database-url)")
        configs = [(f"sqlite {args.mode}", None, 1, args.mode == "webhook")]
    results = []
    for name, url, processes, webhook in configs:
        result = await run_config(args, name, url, processes, webhook)
        print(result.row(), file=sys.stderr, flush=True)
        results.append(result)
    report(results, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument(
        "--minutes",
        type=float,
        default=0.0,
        help="keep people going this long (RSS sampled every 10 s)",
    )
    parser.add_argument(
        "--open-conversations",
        type=int,
        default=0,
        help="instead of the load: this many people leave a form open",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("OCOP_BENCH_DATABASE_URL"),
        help="PostgreSQL of the bench's own (its public schema is dropped); "
        "unset: SQLite in a temporary directory",
    )
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--mode", choices=("webhook", "polling"), default="webhook")
    parser.add_argument(
        "--matrix",
        action="store_true",
        help="SQLite polling and webhook, PostgreSQL with 1 and 2 processes",
    )
    parser.add_argument(
        "--ramp", type=float, default=5.0, help="people start at random within this many seconds"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per step")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare_in_process(args.prepare)
        return
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
