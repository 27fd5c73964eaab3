"""Telegram throughput: a bare aiogram echo bot against our full stack, on the local fake Bot API.

    .venv/bin/python bench/telegram_throughput.py [--updates 5000 --chats 500]

One run, four rows: {echo, ours} x {polling, webhook}. Each bot runs in its own process against
the fake server in this one. After a warm-up update, all updates are injected at once (a burst):
the echo bot answers each text with the same text; our stack gets, per chat, "/start" then a
press of the "register" button, alternately (the first registration step and its resume
question), through the whole dispatcher (dedupe, lock, SQLite transaction, outbox).
Outgoing rate limits are lifted for ours (the echo bot has none); everything else is as shipped.

Figures: updates per second (burst start to last reply), CPU ms per update of the bot process,
p50/p99 latency from injection to the first reply of that update, peak RSS of the bot process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.fake_telegram import DEFAULT_TOKEN, FakeTelegram  # noqa: E402

PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
OURS_PATTERN = (1, 1)  # replies to "/start" (greeting and menu), then to the "register" press


# ----------------------------------------------------------------------------- the bots


def serve_echo(api_url: str, webhook_port: int | None) -> None:
    """The bare aiogram echo bot (default settings), polling or on a webhook."""
    import logging

    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    logging.basicConfig(level=logging.WARNING)
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    bot = Bot(DEFAULT_TOKEN, session=session)
    if webhook_port is None:
        dp.run_polling(bot)
        return

    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
    from aiohttp import web

    secret = "bench-secret"

    async def on_startup(bot: Bot) -> None:
        await bot.set_webhook(f"http://127.0.0.1:{webhook_port}/webhook", secret_token=secret)

    dp.startup.register(on_startup)
    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(app, "/webhook")
    setup_application(app, dp, bot=bot)
    web.run_app(app, host="127.0.0.1", port=webhook_port, print=None, access_log=None)


def serve_ours(webhook: bool) -> int:
    """`ocop-bot run` with outgoing rate limits lifted (the fake imposes none)."""
    os.environ["OCOP_TELEGRAM_PER_SECOND"] = "0"
    os.environ["OCOP_CHAT_PER_SECOND"] = "0"
    from bot.cli.main import main

    return main(["run", *(["--webhook"] if webhook else [])])


# ----------------------------------------------------------------------------- measuring


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Result:
    bot: str
    mode: str
    updates: int
    seconds: float
    cpu_ms: float
    p50_ms: float
    p99_ms: float
    peak_mb: float
    replies: int

    def row(self) -> str:
        return (
            f"| {self.bot:<20} | {self.mode:<7} | {self.updates / self.seconds:>9.0f} "
            f"| {self.cpu_ms:>10.2f} | {self.p50_ms:>8.0f} | {self.p99_ms:>8.0f} "
            f"| {self.peak_mb:>8.0f} | {self.replies:>7} |"
        )


HEADER = (
    "| bot                  | mode    | updates/s | CPU ms/upd | p50 ms   | p99 ms   "
    "| peak MB  | replies |\n"
    "|----------------------|---------|-----------|------------|----------|----------"
    "|----------|---------|"
)


async def run_case(bot: str, mode: str, updates: int, chats: int, timeout: float) -> Result:
    webhook = mode == "webhook"
    async with FakeTelegram(max_poll_wait=10.0) as tg:
        port = _free_port()
        with tempfile.TemporaryDirectory(prefix="ocop-bench-") as tmp:
            env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
            env.update(
                OCOP_DATA_DIR=str(Path(tmp) / "var"),
                OCOP_TELEGRAM_TOKEN=DEFAULT_TOKEN,
                OCOP_TELEGRAM_API_URL=tg.base_url,
                OCOP_WEB_PORT=str(port),
                OCOP_LOG_LEVEL="WARNING",
                OCOP_PUBLIC_URL=f"http://127.0.0.1:{port}",
            )
            if bot == "echo":
                args = ["--serve-echo", tg.base_url, *(["--port", str(port)] if webhook else [])]
            else:
                args = ["--serve-ours", *(["--webhook"] if webhook else [])]
            log = open(Path(tmp) / "bot.log", "wb")  # noqa: SIM115
            proc = await asyncio.create_subprocess_exec(
                PYTHON, __file__, *args, env=env, cwd=tmp, stdout=log, stderr=log
            )
            try:
                await _wait_connected(tg, webhook, proc)
                per_update = OURS_PATTERN if bot == "ours" else (1,)
                await _warm_up(tg, bot)
                return await _burst(tg, bot, mode, proc.pid, updates, chats, per_update, timeout)
            finally:
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
                    try:
                        await asyncio.wait_for(proc.wait(), 60)
                    except TimeoutError:
                        proc.kill()
                        await proc.wait()
                log.close()
                if proc.returncode not in (0, -signal.SIGTERM):
                    print((Path(tmp) / "bot.log").read_text()[-3000:], file=sys.stderr)


async def _wait_connected(
    tg: FakeTelegram, webhook: bool, proc: asyncio.subprocess.Process
) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.returncode is not None:
            raise RuntimeError(f"bot exited with {proc.returncode}")
        methods = {m for m, _ in tg.calls}
        if ("setWebhook" if webhook else "getUpdates") in methods:
            await asyncio.sleep(0.5)
            return
        await asyncio.sleep(0.1)
    raise RuntimeError("bot did not connect")


async def _warm_up(tg: FakeTelegram, bot: str) -> None:
    user = tg.user(1)
    tg.send_text(user, "/start" if bot == "ours" else "warm up")
    await tg.settle(user.id, quiet=1.0, timeout=60)


async def _burst(
    tg: FakeTelegram,
    bot: str,
    mode: str,
    pid: int,
    updates: int,
    chats: int,
    per_update: tuple[int, ...],
    timeout: float,
) -> Result:
    users = [tg.user(10_000 + i) for i in range(chats)]
    per_chat = updates // chats
    expected_replies = 0
    sent_before = tg.sent_count
    plan: dict[int, list[tuple[int, int]]] = {}  # chat -> [(update_id, replies expected)]
    cpu0 = cpu_seconds(pid)
    t0 = time.monotonic()
    for j in range(per_chat):
        for user in users:
            if bot == "echo":
                update_id = tg.send_text(user, f"hello {j}")
            elif j % 2 == 0:
                update_id = tg.send_text(user, "/start")
            else:
                update_id = tg.press(user, None, "register")
            count = per_update[j % len(per_update)]
            plan.setdefault(user.id, []).append((update_id, count))
            expected_replies += count
    deadline = t0 + timeout
    while tg.sent_count - sent_before < expected_replies and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    cpu1 = cpu_seconds(pid)
    got = tg.sent_count - sent_before
    last = max(s.at for s in tg.sent[-1:]) if tg.sent else time.monotonic()
    latencies = _latencies(tg, plan, bot)
    handled = len(latencies)
    return Result(
        bot="aiogram echo (bare)" if bot == "echo" else "ours (full stack)",
        mode=mode,
        updates=handled,
        seconds=max(1e-9, last - t0),
        cpu_ms=1000 * (cpu1 - cpu0) / max(1, handled),
        p50_ms=1000 * statistics.median(latencies) if latencies else float("nan"),
        p99_ms=1000 * _percentile(latencies, 99) if latencies else float("nan"),
        peak_mb=peak_rss_mb(pid),
        replies=got,
    )


def _latencies(tg: FakeTelegram, plan: dict[int, list[tuple[int, int]]], bot: str) -> list[float]:
    """Injection -> first reply of each update. Echo replies are matched by their text; ours by
    position, since one chat's replies come in the order of its updates."""
    result: list[float] = []
    for chat_id, updates in plan.items():
        replies = tg.sent_to(chat_id)
        if bot == "echo":
            by_text = {s.text: s.at for s in replies}
            for j, (update_id, _) in enumerate(updates):
                at = by_text.get(f"hello {j}")
                if at is not None:
                    result.append(at - tg.injected_at[update_id])
            continue
        index = 0
        for update_id, count in updates:
            if index < len(replies):
                result.append(replies[index].at - tg.injected_at[update_id])
            index += count
    return result


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[k]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def bench(args: argparse.Namespace) -> None:
    results = []
    for bot in ("echo", "ours"):
        for mode in ("polling", "webhook"):
            print(f"running {bot} / {mode} ...", file=sys.stderr, flush=True)
            result = await run_case(bot, mode, args.updates, args.chats, args.timeout)
            print(result.row(), file=sys.stderr, flush=True)
            results.append(result)
    print(f"\n{args.updates} updates from {args.chats} chats, burst, on {os.cpu_count()} CPUs\n")
    print(HEADER)
    for r in results:
        print(r.row())
    for mode in ("polling", "webhook"):
        echo = next(r for r in results if r.bot.startswith("aiogram") and r.mode == mode)
        ours = next(r for r in results if r.bot.startswith("ours") and r.mode == mode)
        ratio = (ours.updates / ours.seconds) / (echo.updates / echo.seconds)
        p99 = ours.p99_ms / echo.p99_ms
        print(
            f"\n{mode}: ours at {ratio:.2f}x the echo bot's throughput (target >= 0.5), "
            f"p99 {p99:.2f}x the echo bot's (target <= 2)",
            end="",
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--serve-echo", metavar="API_URL", help=argparse.SUPPRESS)
    parser.add_argument("--serve-ours", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--webhook", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_echo:
        serve_echo(args.serve_echo, args.port)
    elif args.serve_ours:
        sys.exit(serve_ours(args.webhook))
    else:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(bench(args))


if __name__ == "__main__":
    main()
