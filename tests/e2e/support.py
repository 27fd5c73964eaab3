"""What every end-to-end suite needs: ports, photos, the real `ocop-bot` process, the export.

The bot runs as a user would run it: `ocop-bot run` (or `chat`, `export`, `stamps`) as a
subprocess with its own data directory, configured only through OCOP_ environment variables.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import os
import signal
import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from PIL import Image
from sqlalchemy import text

from flows.reminder_types import ANNOUNCEMENT, Candidate
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.fake_zalo import FakeZalo

REPO = Path(__file__).resolve().parents[2]
OCOP_BOT = REPO / ".venv" / "bin" / "ocop-bot"
START_TIMEOUT = 90.0  # a start takes seconds on a machine busy with other tests
STEP_TIMEOUT = 30.0
CLI_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def jpeg(seed: int) -> bytes:
    """A small real photo, different for every seed (the bot dedupes identical photos)."""
    image = Image.new("RGB", (640, 480), (seed * 70 % 256, 120, 200 - seed * 30 % 200))
    for x in range(0, 640, 8):
        image.putpixel((x, seed % 480), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def base_env(data_dir: Path) -> dict[str, str]:
    """This process's environment without any OCOP_ setting of the developer's, plus the data
    directory and Vietnamese."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.update(OCOP_DATA_DIR=str(data_dir), OCOP_LANG="vi")
    return env


async def run_cli(args: Sequence[str], env: Mapping[str, str], cwd: Path) -> str:
    """Run `ocop-bot ARGS` to its end; its output. Fails the test when it fails."""
    proc = await asyncio.create_subprocess_exec(
        str(OCOP_BOT),
        *args,
        env=dict(env),
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(proc.communicate(), CLI_TIMEOUT)
    text = output.decode("utf-8", errors="replace")
    assert proc.returncode == 0, f"ocop-bot {' '.join(args)} exited {proc.returncode}:\n{text}"
    return text


async def export_ideas(env: Mapping[str, str], cwd: Path) -> list[dict[str, str]]:
    """`ocop-bot export ideas --format csv`, parsed."""
    out = cwd / f"ideas-{time.monotonic_ns()}.csv"
    await run_cli(["export", "ideas", "--format", "csv", "--out", str(out)], env, cwd)
    with out.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


async def issue_demo_stamp(env: Mapping[str, str], cwd: Path, product: int = 3) -> bytes:
    """Load the demo products and issue one PNG stamp for `product`; the PNG."""
    await run_cli(["demo-data"], env, cwd)
    folder = cwd / "stamps"
    args = ["stamps", "issue", "--product", str(product), "--count", "1", "--format", "png"]
    args.append("--allow-local")  # the stamps link to this test's own 127.0.0.1 server
    await run_cli([*args, "--out", str(folder)], env, cwd)
    [stamp] = sorted(folder.glob("*.png"))
    return stamp.read_bytes()


@dataclass
class BotProcess:
    """`ocop-bot run` as a subprocess. Ready when /healthz answers and the chat API has seen
    the connecting call (getUpdates, or setWebhook with `webhook`) in `api_calls`."""

    data_dir: Path
    port: int
    channel_env: Mapping[str, str]
    api_calls: Sequence[tuple[str, Any]]  # the fake API's call log, appended as it is called
    webhook: bool = False
    public_url: bool = False  # set OCOP_PUBLIC_URL to the web server also without webhook
    proc: asyncio.subprocess.Process | None = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.workdir / "bot-stderr.log"

    @property
    def workdir(self) -> Path:
        return self.data_dir.parent

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = base_env(self.data_dir)
        env.update(OCOP_WEB_HOST="127.0.0.1", OCOP_WEB_PORT=str(self.port), **self.channel_env)
        if self.webhook or self.public_url:
            env["OCOP_PUBLIC_URL"] = self.url
        return env

    async def start(self) -> None:
        args = [str(OCOP_BOT), "run", *(["--webhook"] if self.webhook else [])]
        calls_before = len(self.api_calls)
        out = self.log_path.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            *args, env=self.env(), cwd=self.workdir, stdout=out, stderr=out
        )
        out.close()
        await self.wait_ready(calls_before)

    async def wait_ready(self, calls_before: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        connected = "setWebhook" if self.webhook else "getUpdates"
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                assert self.proc is not None
                if self.proc.returncode is not None:
                    raise AssertionError(f"bot exited {self.proc.returncode}:\n{self.tail()}")
                if connected in {m for m, _ in self.api_calls[calls_before:]}:
                    try:
                        async with http.get(self.url + "/healthz") as resp:
                            if resp.status == 200:
                                return
                    except aiohttp.ClientError:
                        pass
                await asyncio.sleep(0.2)
        raise AssertionError(f"bot not ready in {START_TIMEOUT} s:\n{self.tail()}")

    def log(self) -> str:
        """Everything the process wrote so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tail(self) -> str:
        return self.log()[-5000:]

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def kill(self) -> None:
        """Leave no process behind, whatever the test did."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()

    async def export_ideas(self) -> list[dict[str, str]]:
        return await export_ideas(self.env(), self.workdir)


def telegram_bot(tg: FakeTelegram, data_dir: Path) -> BotProcess:
    """The bot serving only Telegram, over the fake Telegram Bot API."""
    channel = {"OCOP_TELEGRAM_TOKEN": tg.token, "OCOP_TELEGRAM_API_URL": tg.base_url}
    return BotProcess(data_dir, free_port(), channel, tg.calls)


def zalo_bot(zalo: FakeZalo, data_dir: Path) -> BotProcess:
    """The bot serving only Zalo (no Telegram token), over the fake Zalo Bot API. Zalo takes
    photos only by URL, so the public URL is always set."""
    channel = {"OCOP_ZALO_TOKEN": zalo.token, "OCOP_ZALO_API_URL": zalo.base_url}
    return BotProcess(data_dir, free_port(), channel, zalo.calls, public_url=True)


def is_postgresql(url: str | None) -> bool:
    return bool(url) and str(url).startswith("postgresql")


async def reset_postgresql(url: str) -> None:
    """An empty schema at `url` (its `public` schema dropped: only ever a database of one's
    own), upgraded to the current migration."""
    db = Database(url)
    try:
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await db.upgrade()
    finally:
        await db.dispose()


async def seed_due_reminders(
    url: str,
    chat_ids: Sequence[int],
    *,
    subject: str,
    text_for: str = "Tập huấn OCOP sáng thứ Năm tại UBND huyện.",
    kind: str = ANNOUNCEMENT,
    due_at: dt.datetime | None = None,
) -> int:
    """Telegram users for `chat_ids` (made if missing) and one reminder row each, due at
    `due_at` (now by default), written as the planner writes them; how many rows were new."""
    now = dt.datetime.now(dt.UTC)
    due = due_at or now
    db = Database(url)
    try:
        await db.upgrade()
        inserted = 0
        for start in range(0, len(chat_ids), 1000):
            chunk = chat_ids[start : start + 1000]
            async with UnitOfWork(db) as uow:
                wanted: list[tuple[str, str, str | None]] = [
                    ("telegram", str(c), f"Hộ {c}") for c in chunk
                ]
                users = await uow.users.get_or_create_many(wanted, "vi", now)
                candidates = [
                    Candidate(
                        kind=kind,
                        user_id=users[("telegram", str(c))].id,
                        subject=subject,
                        due_at=due,
                        params={"text": text_for},
                    )
                    for c in chunk
                ]
                inserted += await uow.reminders.add_many(candidates, now)
                await uow.commit()
        return inserted
    finally:
        await db.dispose()
