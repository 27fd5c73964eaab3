"""Back-pressure: a huge Zalo webhook POST neither starves other chats nor loses an update.

The real `Runtime` serves Telegram and Zalo in webhook mode over the fake Bot API servers of
tests/e2e (outgoing rate limits lifted: the fakes impose none); the bodies are POSTed straight
to the bot's own webhook routes, as the platforms would.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bot.app import App, build_app
from bot.runtime import Runtime
from bot.settings import Settings
from bot.telegram.service import TelegramService
from bot.telegram.webhook import PATH as TELEGRAM_PATH
from bot.telegram.webhook import SECRET_HEADER as TELEGRAM_SECRET_HEADER
from bot.webhook_body import MAX_UPDATES_PER_REQUEST
from bot.zalo.service import ZaloService
from bot.zalo.webhook import SECRET_HEADER as ZALO_SECRET_HEADER
from bot.zalo.webhook import WEBHOOK_PATH as ZALO_PATH
from tests.e2e.fake_telegram import DEFAULT_TOKEN as TELEGRAM_TOKEN
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.fake_zalo import DEFAULT_TOKEN as ZALO_TOKEN
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.support import free_port

_message_ids = itertools.count(1)


@dataclass
class TwoChannels:
    app: App
    runtime: Runtime
    telegram: FakeTelegram
    zalo: FakeZalo
    base: str
    http: aiohttp.ClientSession

    async def ready(self, timeout: float = 30) -> None:
        """Both webhooks registered with their platforms."""
        deadline = time.monotonic() + timeout
        while not all(s.state.running for s in self.runtime.services):
            assert time.monotonic() < deadline, "the services did not start"
            await asyncio.sleep(0.05)

    def zalo_counts(self) -> collections.Counter[str]:
        return collections.Counter(s.chat_id for s in self.zalo.sent)

    async def zalo_messages_per(self, text: str, user_id: str) -> int:
        """How many messages one `text` from a new Zalo person is answered with."""
        assert await self.post_zalo([self.zalo_update(user_id, text)]) == 200
        await self.zalo.wait_sent(user_id, 1)
        return len(await self.zalo.settle(user_id, quiet=0.5))

    def zalo_answered(self, wanted: collections.Counter[str]) -> bool:
        counts = self.zalo_counts()
        return all(counts[chat] >= n for chat, n in wanted.items())

    async def wait_zalo_answered(self, wanted: collections.Counter[str], timeout: float) -> float:
        """The moment every chat in `wanted` had its messages."""
        deadline = time.monotonic() + timeout
        while not self.zalo_answered(wanted):
            if time.monotonic() > deadline:
                counts = self.zalo_counts()
                short = sum(1 for chat, n in wanted.items() if counts[chat] < n)
                raise AssertionError(f"{short} Zalo chats not fully answered")
            await asyncio.sleep(0.1)
        return time.monotonic()

    @property
    def zalo_service(self) -> ZaloService:
        service = self.runtime.services[1]
        assert isinstance(service, ZaloService)
        return service

    def zalo_update(self, user_id: str, text: str) -> dict[str, Any]:
        """A text update as small as Zalo's parser takes (the event inferred from the text), so
        that 8,000 fit in one body."""
        return {
            "message": {
                "from": {"id": user_id},
                "chat": {"id": user_id},
                "message_id": f"m{next(_message_ids)}",
                "text": text,
            },
        }

    async def post_zalo(self, updates: list[dict[str, Any]]) -> int:
        secret = self.zalo_service.webhook_secret or ""
        # Compact, as a platform sends it: 8,000 small updates fit in the 1 MB a body may have.
        body = json.dumps({"ok": True, "result": updates}, separators=(",", ":"))
        async with self.http.post(
            self.base + ZALO_PATH,
            data=body,
            headers={ZALO_SECRET_HEADER: secret, "Content-Type": "application/json"},
        ) as response:
            return response.status

    async def telegram_start(self, user_id: int) -> float:
        """POST a /start to the Telegram webhook; seconds until its answer reached Telegram."""
        service = self.runtime.services[0]
        assert isinstance(service, TelegramService) and service.webhook is not None
        user = self.telegram.user(user_id)
        update_id = next(_message_ids)
        update = {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "from": user.as_json(),
                "chat": user.chat(),
                "date": int(time.time()),
                "text": "/start",
            },
        }
        started = time.monotonic()
        async with self.http.post(
            self.base + TELEGRAM_PATH,
            json=update,
            headers={TELEGRAM_SECRET_HEADER: service.webhook.secret},
        ) as response:
            assert response.status == 200, response.status
        await self.telegram.wait_sent(user_id, 1, timeout=600)
        return time.monotonic() - started


@asynccontextmanager
async def two_channels(data_dir: Path, **settings: Any) -> AsyncIterator[TwoChannels]:
    async with FakeTelegram() as telegram, FakeZalo() as zalo:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        app = await build_app(
            Settings(
                data_dir=data_dir,
                telegram_token=TELEGRAM_TOKEN,
                telegram_api_url=telegram.base_url,
                zalo_token=ZALO_TOKEN,
                zalo_api_url=zalo.base_url,
                web_port=port,
                web_host="127.0.0.1",
                public_url=base,
                telegram_per_second=0,
                zalo_per_second=0,
                chat_per_second=0,
                _env_file=None,  # type: ignore[call-arg]
                **settings,
            )
        )
        runtime = Runtime(app, [TelegramService(app, True), ZaloService(app, True)])
        try:
            await runtime.start()
            async with aiohttp.ClientSession() as http:
                yield TwoChannels(app, runtime, telegram, zalo, base, http)
        finally:
            await runtime.shutdown()
            await app.close()


async def flood(
    bot: TwoChannels, updates: list[dict[str, Any]], per_update: int
) -> tuple[bool, int]:
    """POST `updates` in one body while Telegram /starts come; whether the first /start was
    answered while the flood was still being worked through (how long it took is the
    benchmark's: bench/backpressure.py), and the most updates the Zalo intake held in memory
    meanwhile."""
    intake = bot.zalo_service.intake
    wanted: collections.Counter[str] = collections.Counter()
    for update in updates:
        wanted[update["message"]["chat"]["id"]] += per_update
    held = 0
    poster = asyncio.create_task(bot.post_zalo(updates))
    served_beside: bool | None = None
    user = 7000
    while not bot.zalo_answered(wanted):
        held = max(held, intake.in_hand)
        user += 1
        await bot.telegram_start(user)
        if served_beside is None:
            served_beside = not bot.zalo_answered(wanted)
        await asyncio.sleep(0.3)
    assert await poster == 200
    await bot.wait_zalo_answered(wanted, timeout=600)
    await asyncio.sleep(0.5)  # a reply sent twice would come now
    counts = bot.zalo_counts()
    assert {chat: counts[chat] for chat in wanted} == dict(wanted)  # each answered once
    return bool(served_beside), held


async def bounded(tmp_path: Path, in_hand: int, per_chat: int) -> AsyncIterator[TwoChannels]:
    async with two_channels(tmp_path / "var") as bot:
        await bot.ready()
        intake = bot.zalo_service.intake
        intake.max_in_hand, intake.max_in_hand_per_chat = in_hand, per_chat
        yield bot


async def test_a_big_post_of_many_chats_leaves_the_rest_in_the_inbox(tmp_path: Path) -> None:
    async for bot in bounded(tmp_path, in_hand=40, per_chat=5):
        per = await bot.zalo_messages_per("/start", "calibrate")
        updates = [bot.zalo_update(f"z{i:05d}", "/start") for i in range(1200)]
        served_beside, held = await flood(bot, updates, per)
        assert held <= 40
        assert served_beside  # Telegram answered while Zalo's flood still waited its turn
        assert bot.zalo_service.intake.left_in_inbox > 0  # the bound was really met


async def test_one_chat_flooding_keeps_its_order_and_leaves_room(tmp_path: Path) -> None:
    async for bot in bounded(tmp_path, in_hand=40, per_chat=5):
        per = await bot.zalo_messages_per("/help", "calibrate")
        updates = [bot.zalo_update("flood", "/help") for _ in range(150)]
        # Another Zalo person beside the flood is served from their own share of the room.
        assert await bot.post_zalo(updates) == 200
        assert await bot.post_zalo([bot.zalo_update("beside", "/start")]) == 200
        await bot.zalo.wait_sent("beside", 1, timeout=10)
        await bot.wait_zalo_answered(collections.Counter({"flood": 150 * per}), timeout=120)
        # The last reply reaches the fake Zalo before its step has marked the update handled.
        assert await bot.zalo_service.intake.drain(timeout=30)
        assert bot.zalo_service.intake.pending == 0
        assert await bot.zalo_service.intake.inbox.unhandled(["zalo"]) == []  # type: ignore[union-attr]


async def test_a_post_with_too_many_updates_is_refused_whole(tmp_path: Path) -> None:
    async with two_channels(tmp_path / "var") as bot:
        await bot.ready()
        updates = [{"message": {}} for _ in range(MAX_UPDATES_PER_REQUEST)]
        updates.append(bot.zalo_update("z1", "/start"))
        # Empty updates are no updates: only real ones count, and this body has one.
        assert await bot.post_zalo(updates) == 200
        many = [bot.zalo_update(f"y{i}", "hi") for i in range(MAX_UPDATES_PER_REQUEST + 1)]
        assert await bot.post_zalo(many) == 413
        assert await bot.zalo_service.intake.drain(timeout=30)  # z1's step is done
        assert await bot.zalo_service.intake.inbox.unhandled(["zalo"]) == []  # type: ignore[union-attr]
