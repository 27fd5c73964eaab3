"""The real `ocop-bot run` process against the local fake Telegram Bot API, over HTTP.

Each test starts the bot as a subprocess with its own data directory and drives it the way a
user would: pressing the offered buttons where there are options, typing otherwise.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from PIL import Image

from tests.e2e.fake_telegram import FakeTelegram, FakeUser, Sent

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
OCOP_BOT = REPO / ".venv" / "bin" / "ocop-bot"
START_TIMEOUT = 90.0  # importing aiogram takes seconds on a busy machine
STEP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def jpeg(seed: int) -> bytes:
    """A small real photo, different for every seed (the bot dedupes identical photos)."""
    image = Image.new("RGB", (640, 480), (seed * 70 % 256, 120, 200 - seed * 30 % 200))
    for x in range(0, 640, 16):
        image.putpixel((x, seed % 480), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


@dataclass
class BotProcess:
    tg: FakeTelegram
    data_dir: Path
    port: int
    webhook: bool = False
    proc: asyncio.subprocess.Process | None = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.data_dir.parent / "bot-stderr.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
        env.update(
            OCOP_DATA_DIR=str(self.data_dir),
            OCOP_TELEGRAM_TOKEN=self.tg.token,
            OCOP_TELEGRAM_API_URL=self.tg.base_url,
            OCOP_WEB_HOST="127.0.0.1",
            OCOP_WEB_PORT=str(self.port),
            OCOP_LANG="vi",
        )
        if self.webhook:
            env["OCOP_PUBLIC_URL"] = f"http://127.0.0.1:{self.port}"
        return env

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        args = [str(OCOP_BOT), "run", *(["--webhook"] if self.webhook else [])]
        calls_before = len(self.tg.calls)
        stderr = self.log_path.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            *args, env=self.env(), cwd=self.data_dir.parent, stdout=stderr, stderr=stderr
        )
        stderr.close()
        await self.wait_ready(calls_before)

    async def wait_ready(self, calls_before: int) -> None:
        """Ready when /healthz answers and Telegram polls (or the webhook is set)."""
        deadline = time.monotonic() + START_TIMEOUT
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                assert self.proc is not None
                if self.proc.returncode is not None:
                    raise AssertionError(f"bot exited {self.proc.returncode}:\n{self.log()}")
                methods = {m for m, _ in self.tg.calls[calls_before:]}
                connected = "setWebhook" if self.webhook else "getUpdates"
                if connected in methods:
                    try:
                        async with http.get(self.url + "/healthz") as resp:
                            if resp.status == 200:
                                return
                    except aiohttp.ClientError:
                        pass
                await asyncio.sleep(0.2)
        raise AssertionError(f"bot not ready in {START_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-5000:]

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), timeout)


@dataclass
class Chat:
    """One user talking to the bot through the fake."""

    tg: FakeTelegram
    user: FakeUser
    last: list[Sent] = field(default_factory=list)

    async def _replies(self, at_least: int = 1) -> list[Sent]:
        self.last = await self.tg.settle(
            self.user.id, quiet=0.4, timeout=STEP_TIMEOUT, at_least=at_least
        )
        return self.last

    def _text(self) -> str:
        """What the user sees: the texts and the button labels."""
        lines = []
        for m in self.last:
            lines.append(m.text or "")
            lines.extend(f"[{label}]" for label, _ in m.buttons)
        return "\n".join(lines)

    async def say(self, text: str) -> str:
        self.tg.send_text(self.user, text)
        await self._replies()
        return self._text()

    async def press(self, label: str) -> str:
        """Press the button whose label starts with `label` on the latest keyboard."""
        keyboard = next((m for m in reversed(self.last) if m.buttons), None)
        assert keyboard is not None, f"no buttons in {self._text()!r}"
        data = next((d for lbl, d in keyboard.buttons if lbl.startswith(label)), None)
        assert data is not None, f"no button {label!r} in {keyboard.buttons}"
        self.tg.press(self.user, keyboard, data)
        await self._replies()
        return self._text()

    async def share_phone(self, phone: str) -> str:
        markup = next((m.keyboard for m in reversed(self.last) if m.keyboard), [])
        assert any(b.get("request_contact") for b in markup), "no share-phone button"
        self.tg.send_contact(self.user, phone)
        await self._replies()
        return self._text()

    async def album(self, photos: list[bytes]) -> str:
        self.tg.send_album(self.user, photos)
        await self._replies(at_least=len(photos))
        return self._text()


async def register(chat: Chat) -> None:
    """A whole registration, by buttons where the bot offers them."""
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    assert "Bước 1/13" in await chat.press("Đăng ký ý tưởng")
    assert "Bước 2/13" in await chat.say("Nguyễn Thị Hoa")
    assert "Bước 3/13" in await chat.press("Hợp tác xã")
    assert "Bước 4/13" in await chat.share_phone("84912345678")
    assert "Bước 5/13" in await chat.press("Huyện Vũ Quang")
    assert "Bước 6/13" in await chat.press("Xã Ân Phú")
    assert "Bước 7/13" in await chat.say("Mật ong rừng Vũ Quang")
    assert "Bước 8/13" in await chat.press("Thực phẩm")
    assert "Bước 9/13" in await chat.say("Mật ong nguyên chất từ hoa rừng")
    assert "Bước 10/13" in await chat.press("Trong tỉnh")
    assert "Bước 11/13" in await chat.say("2 tấn")
    assert "Bước 12/13" in await chat.say("150.000 đ")
    assert "Bước 13/13" in await chat.say("Nghề nuôi ong của gia đình đã có từ ba đời")
    received = await chat.album([jpeg(1), jpeg(2), jpeg(3)])
    assert "3/5" in received, received
    summary = await chat.press("Xong")
    assert "Mật ong rừng Vũ Quang" in summary and "3 ảnh" in summary, summary
    done = await chat.press("Gửi đăng ký")
    assert "Số phiếu" in done, done


async def export_csv(bot: BotProcess) -> list[dict[str, str]]:
    out = bot.data_dir.parent / f"ideas-{time.monotonic_ns()}.csv"
    proc = await asyncio.create_subprocess_exec(
        str(OCOP_BOT),
        "export",
        "ideas",
        "--format",
        "csv",
        "--out",
        str(out),
        env=bot.env(),
        cwd=bot.data_dir.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, output.decode()
    with out.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(tg, tmp_path / "var", free_port())
    yield process
    if process.proc is not None and process.proc.returncode is None:
        process.proc.kill()
        await process.proc.wait()


def check_registration(rows: list[dict[str, str]], tg: FakeTelegram, user: FakeUser) -> None:
    [row] = rows
    assert row["product_name"] == "Mật ong rừng Vũ Quang"
    assert row["commune"] == "Xã Ân Phú"
    assert row["phone"].endswith("912345678")
    assert row["channel"] == "telegram"
    assert row["photo_count"] == "3"
    # Every button press was answered, so no spinner was left turning.
    presses = [c for m, c in tg.calls if m == "answerCallbackQuery"]
    assert len(presses) == len(tg.callback_answers) >= 8
    # The phone keyboard was taken away once the number was given.
    sent = tg.sent_to(user.id)
    asked = next(i for i, m in enumerate(sent) if m.keyboard)
    assert any(m.reply_markup == {"remove_keyboard": True} for m in sent[asked + 1 :])


async def test_registration_by_polling(tg: FakeTelegram, bot: BotProcess) -> None:
    await bot.start()
    user = tg.user(5100000001)
    await register(Chat(tg, user))
    assert await bot.stop() == 0
    check_registration(await export_csv(bot), tg, user)
    assert tg.token not in bot.log()


async def test_registration_by_webhook(tg: FakeTelegram, bot: BotProcess) -> None:
    bot.webhook = True
    await bot.start()
    assert tg.webhook_url == f"{bot.url}/webhook/telegram"
    secret_file = bot.data_dir / "telegram-webhook-secret"
    assert tg.webhook_secret == secret_file.read_text().strip()
    assert "not https" in bot.log()
    user = tg.user(5100000002)
    await register(Chat(tg, user))
    assert all(200 <= status < 300 for status in tg.webhook_deliveries)
    assert not any(m == "getUpdates" for m, _ in tg.calls)
    assert await bot.stop() == 0
    check_registration(await export_csv(bot), tg, user)


async def test_webhook_refuses_a_wrong_secret_and_dedupes(
    tg: FakeTelegram, bot: BotProcess
) -> None:
    bot.webhook = True
    await bot.start()
    user = tg.user(5100000003)
    update = {
        "update_id": 900000001,
        "message": {
            "message_id": 1,
            "from": user.as_json(),
            "chat": user.chat(),
            "date": int(time.time()),
            "text": "/start",
        },
    }
    assert await tg.push_webhook(update, secret="wrong-secret") == 401
    assert await tg.push_webhook(update, secret=None) == 401
    await asyncio.sleep(1.0)
    assert tg.sent_to(user.id) == []
    assert await tg.push_webhook(update) == 200
    first = await tg.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    assert await tg.push_webhook(update) == 200  # Telegram redelivers: handled once
    await asyncio.sleep(1.0)
    assert tg.sent_to(user.id) == first
    assert await bot.stop() == 0


async def test_429_retry_after_is_honoured(tg: FakeTelegram, bot: BotProcess) -> None:
    await bot.start()
    user = tg.user(5100000004)
    tg.fail_next_sends(1, retry_after=2)
    tg.send_text(user, "/start")
    replies = await tg.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    assert len(tg.failed_at) == 1
    assert replies[0].at - tg.failed_at[0] >= 1.9
    assert "xin chào" in (replies[0].text or "")
    assert [r.text for r in replies] == [r.text for r in tg.sent_to(user.id)]  # none twice
    assert await bot.stop() == 0


async def test_sigterm_finishes_the_update_in_hand(tg: FakeTelegram, bot: BotProcess) -> None:
    await bot.start()
    user = tg.user(5100000005)
    tg.send_delay = 1.0
    tg.send_text(user, "/start")
    deadline = time.monotonic() + STEP_TIMEOUT
    while tg.sends_in_flight == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert await bot.stop(signal.SIGTERM) == 0
    texts = [m.text or "" for m in tg.sent_to(user.id)]
    assert len(texts) == 2 and "xin chào" in texts[0] and "chọn" in texts[1]


async def test_sigkill_loses_no_queued_reply(tg: FakeTelegram, bot: BotProcess) -> None:
    await bot.start()
    users = [tg.user(5100000010 + i) for i in range(3)]
    tg.send_delay = 5.0  # replies hang in flight
    for user in users:
        tg.send_text(user, "/start")
    deadline = time.monotonic() + STEP_TIMEOUT
    while tg.sends_in_flight < len(users) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert tg.sends_in_flight == len(users)
    await bot.stop(signal.SIGKILL)
    tg.send_delay = 0.0
    await bot.start()
    for user in users:
        await tg.settle(user.id, quiet=1.0, timeout=STEP_TIMEOUT, at_least=2)
        texts = [m.text or "" for m in tg.sent_to(user.id)]
        greeting = next(i for i, t in enumerate(texts) if "xin chào" in t)
        menu = max(i for i, t in enumerate(texts) if "chọn một việc" in t)
        assert greeting < menu, texts  # in order, none lost (a repeat is allowed)
    assert await bot.stop() == 0


if sys.platform == "win32":  # pragma: no cover
    pytest.skip("signals", allow_module_level=True)
