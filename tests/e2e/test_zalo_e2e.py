"""The real `ocop-bot run` process against the local fake Zalo Bot API, over HTTP.

Zalo has no buttons: the user answers a list by its number or by typing the words, as a
person would. Where the real API's behaviour is an open question (envelope, photo field, how
an idle poll ends) the polling and webhook runs take different answers, so both are covered.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
import signal
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from PIL import Image

from tests.e2e.fake_zalo import FakeUser, FakeZalo, Sent

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
OCOP_BOT = REPO / ".venv" / "bin" / "ocop-bot"
START_TIMEOUT = 90.0
STEP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def jpeg(seed: int) -> bytes:
    """A small real photo, different for every seed (the bot dedupes identical photos)."""
    image = Image.new("RGB", (640, 480), (seed * 70 % 256, 90, 200 - seed * 30 % 200))
    for x in range(0, 640, 8):
        image.putpixel((x, seed % 480), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


@dataclass
class BotProcess:
    zalo: FakeZalo
    data_dir: Path
    port: int
    webhook: bool = False
    proc: asyncio.subprocess.Process | None = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.data_dir.parent / "bot-stderr.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        # Only Zalo: no Telegram token, so the run serves Zalo alone.
        env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
        env.update(
            OCOP_DATA_DIR=str(self.data_dir),
            OCOP_ZALO_TOKEN=self.zalo.token,
            OCOP_ZALO_API_URL=self.zalo.base_url,
            OCOP_WEB_HOST="127.0.0.1",
            OCOP_WEB_PORT=str(self.port),
            OCOP_PUBLIC_URL=self.url,
            OCOP_LANG="vi",
        )
        return env

    async def start(self) -> None:
        args = [str(OCOP_BOT), "run", *(["--webhook"] if self.webhook else [])]
        calls_before = len(self.zalo.calls)
        out = self.log_path.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            *args, env=self.env(), cwd=self.data_dir.parent, stdout=out, stderr=out
        )
        out.close()
        await self.wait_ready(calls_before)

    async def wait_ready(self, calls_before: int) -> None:
        """Ready when /healthz answers and Zalo is polled (or the webhook is set)."""
        deadline = time.monotonic() + START_TIMEOUT
        connected = "setWebhook" if self.webhook else "getUpdates"
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                assert self.proc is not None
                if self.proc.returncode is not None:
                    raise AssertionError(f"bot exited {self.proc.returncode}:\n{self.log()}")
                if connected in {m for m, _ in self.zalo.calls[calls_before:]}:
                    try:
                        async with http.get(self.url + "/healthz") as resp:
                            if resp.status == 200:
                                return
                    except aiohttp.ClientError:
                        pass
                await asyncio.sleep(0.2)
        raise AssertionError(f"bot not ready in {START_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), timeout)


_NUMBERED = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)


@dataclass
class Chat:
    """One Zalo user talking to the bot through the fake."""

    zalo: FakeZalo
    user: FakeUser
    last: list[Sent] = field(default_factory=list)

    async def _replies(self, at_least: int = 1) -> str:
        self.last = await self.zalo.settle(
            self.user.id, quiet=0.4, timeout=STEP_TIMEOUT, at_least=at_least
        )
        return "\n".join(m.text for m in self.last)

    async def say(self, text: str) -> str:
        self.zalo.send_text(self.user, text)
        return await self._replies()

    async def choose(self, label: str) -> str:
        """Answer with the number of the latest listed option starting with `label`."""
        text = "\n".join(m.text for m in self.last)
        numbers = [n for n, lbl in _NUMBERED.findall(text) if lbl.startswith(label)]
        assert numbers, f"no option {label!r} in {text!r}"
        return await self.say(numbers[-1])

    async def photo(self, data: bytes) -> str:
        self.zalo.send_photo(self.user, data)
        return await self._replies()


async def register(chat: Chat) -> None:
    """A whole registration: numbers for some lists, words without diacritics for others."""
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    assert "Bước 1/13" in await chat.choose("Đăng ký ý tưởng")
    assert "Bước 2/13" in await chat.say("Nguyễn Thị Hoa")
    assert "Bước 3/13" in await chat.say("hop tac xa")  # no phone button: the text asks
    assert "Bước 4/13" in await chat.say("0912 345 678")
    assert "Bước 5/13" in await chat.say("vu quang")
    assert "Bước 6/13" in await chat.choose("Xã Ân Phú")
    assert "Bước 7/13" in await chat.say("Mật ong rừng Vũ Quang")
    assert "Bước 8/13" in await chat.choose("Thực phẩm")
    assert "Bước 9/13" in await chat.say("Mật ong nguyên chất từ hoa rừng")
    assert "Bước 10/13" in await chat.say("trong tinh")
    assert "Bước 11/13" in await chat.say("2 tấn")
    assert "Bước 12/13" in await chat.say("150.000 đ")
    assert "Bước 13/13" in await chat.say("Nghề nuôi ong của gia đình đã có từ ba đời")
    for n in (1, 2, 3):  # Zalo sends one photo per message
        assert f"{n}/5" in await chat.photo(jpeg(n))
    summary = await chat.say("xong")
    assert "Mật ong rừng Vũ Quang" in summary and "3 ảnh" in summary, summary
    done = await chat.choose("Gửi đăng ký")
    assert "Số phiếu" in done, done


async def export_csv(bot: BotProcess) -> list[dict[str, str]]:
    out = bot.data_dir.parent / f"ideas-{time.monotonic_ns()}.csv"
    proc = await asyncio.create_subprocess_exec(
        str(OCOP_BOT),
        *("export", "ideas", "--format", "csv", "--out", str(out)),
        env=bot.env(),
        cwd=bot.data_dir.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, output.decode()
    with out.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def check_registration(rows: list[dict[str, str]]) -> None:
    [row] = rows
    assert row["product_name"] == "Mật ong rừng Vũ Quang"
    assert row["commune"] == "Xã Ân Phú"
    assert row["phone"].endswith("912345678")
    assert row["channel"] == "zalo"
    assert row["photo_count"] == "3"


def text_update(zalo: FakeZalo, user: FakeUser, text: str) -> dict[str, Any]:
    return zalo.message(user, "message.text.received", text=text)


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def bot(zalo: FakeZalo, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(zalo, tmp_path / "var", free_port())
    yield process
    if process.proc is not None and process.proc.returncode is None:
        process.proc.kill()
        await process.proc.wait()


async def test_registration_by_polling(zalo: FakeZalo, bot: BotProcess) -> None:
    await bot.start()
    assert zalo.calls[0][0] == "getMe"
    assert [m for m, _ in zalo.calls].index("deleteWebhook") < [m for m, _ in zalo.calls].index(
        "getUpdates"
    )
    await register(Chat(zalo, zalo.user("a1b2c3d4e5f6a7b8c9d0")))
    assert await bot.stop() == 0
    check_registration(await export_csv(bot))
    assert zalo.token not in bot.log()
    assert zalo.token.split(":")[1] not in bot.log()


async def test_registration_by_webhook_with_the_other_payload_shapes(
    zalo: FakeZalo, bot: BotProcess
) -> None:
    # The shapes the polling run does not use: bare webhook bodies, the legacy `photo`
    # field, idle polls answered HTTP 200 with ok:false.
    zalo.webhook_envelope, zalo.photo_field, zalo.idle_as_http_408 = False, "photo", False
    bot.webhook = True
    await bot.start()
    assert zalo.webhook_url == f"{bot.url}/webhook/zalo"
    assert zalo.webhook_secret is not None and 8 <= len(zalo.webhook_secret) <= 256
    await register(Chat(zalo, zalo.user("b1b2c3d4e5f6a7b8c9d0")))
    assert zalo.webhook_statuses and all(s == 200 for s in zalo.webhook_statuses)
    assert not zalo.calls_of("getUpdates")
    assert await bot.stop() == 0
    check_registration(await export_csv(bot))
    assert zalo.token not in bot.log() and zalo.webhook_secret not in bot.log()


async def test_webhook_refuses_a_wrong_secret_and_handles_a_redelivery_once(
    zalo: FakeZalo, bot: BotProcess
) -> None:
    bot.webhook = True
    await bot.start()
    user = zalo.user("c1b2c3d4e5f6a7b8c9d0")
    update = text_update(zalo, user, "/start")
    assert await zalo.push_webhook(update, secret="wrong-secret-value") == 401
    assert await zalo.push_webhook(update, secret="") == 401
    await asyncio.sleep(1.0)
    assert zalo.sent_to(user.id) == []
    assert await zalo.push_webhook(update) == 200
    first = await zalo.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    assert first and "xin chào" in first[0].text
    assert await zalo.push_webhook(update) == 200  # the same message_id again
    await asyncio.sleep(1.5)
    assert zalo.sent_to(user.id) == first
    assert await bot.stop() == 0


async def test_polling_redelivery_is_handled_once(zalo: FakeZalo, bot: BotProcess) -> None:
    await bot.start()
    user = zalo.user("d1b2c3d4e5f6a7b8c9d0")
    update = text_update(zalo, user, "/start")
    zalo.add_update(update)
    first = await zalo.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    zalo.add_update(update)
    await asyncio.sleep(1.5)
    assert zalo.pending_updates() == 0
    assert zalo.sent_to(user.id) == first
    assert await bot.stop() == 0


async def test_stickers_and_protected_users_get_a_polite_hint(
    zalo: FakeZalo, bot: BotProcess
) -> None:
    await bot.start()
    sticker_fan, protected = zalo.user("e1b2c3d4e5f6a7b8c9d0"), zalo.user("f1b2c3d4e5f6a7b8c9d0")
    zalo.send_sticker(sticker_fan)
    zalo.send_unsupported(protected)
    for user in (sticker_fan, protected):
        replies = await zalo.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
        assert replies and all(r.method == "sendMessage" for r in replies)
        assert "chưa đọc được" in replies[0].text, replies[0].text
    assert await bot.stop() == 0


async def test_quota_exceeded_backs_off_and_sends_once(zalo: FakeZalo, bot: BotProcess) -> None:
    await bot.start()
    user = zalo.user("a2b2c3d4e5f6a7b8c9d0")
    zalo.fail_next_sends(1, 429, http_status=200)  # ok:false inside an HTTP 200
    zalo.send_text(user, "/start")
    replies = await zalo.settle(user.id, quiet=0.5, timeout=STEP_TIMEOUT)
    texts = [r.text for r in replies]
    assert texts and "xin chào" in texts[0]
    assert len(texts) == len(set(texts))  # nothing twice
    # Zalo gives no retry_after: the channel's default backoff (10 s) was waited.
    assert replies[0].at - zalo.failed_at[0] >= 9.5
    assert await bot.stop() == 0


async def test_media_urls_are_not_guessable(zalo: FakeZalo, bot: BotProcess) -> None:
    await bot.start()
    async with aiohttp.ClientSession() as http:
        for path in ("/media/zalo/abc.jpg", "/media/zalo/" + "A" * 91 + ".jpg"):
            async with http.get(bot.url + path) as resp:
                assert resp.status == 404
    assert await bot.stop() == 0
