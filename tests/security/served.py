"""The bot's web server as `ocop-bot run --webhook` composes it (bot/runtime.py: the stamp
page, the dashboard, Telegram's and Zalo's webhooks and media), in-process on a real port,
over the fake Telegram and Zalo servers, on the test's database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.runtime import Runtime
from bot.settings import Settings
from bot.telegram.service import telegram_service
from bot.web.dashboard import add_dashboard_routes
from bot.web.stamp_page import add_stamp_routes
from bot.zalo.service import zalo_service
from bot.zalo.webhook import zalo_webhook_secret
from storage.database import Database
from storage.models import InboxRecord
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.support import free_port

WEBHOOK_SECRET = "the-shared-webhook-secret-for-tests"


@dataclass
class Served:
    app: App
    base: str
    host: str
    port: int
    tg: FakeTelegram
    zalo: FakeZalo

    @property
    def zalo_secret(self) -> str:
        return zalo_webhook_secret(WEBHOOK_SECRET, self.zalo.token)

    async def inbox_rows(self) -> int:
        async with self.app.database.session() as session:
            return int(await session.scalar(select(func.count()).select_from(InboxRecord)) or 0)

    async def raw(self, request: bytes, timeout: float = 10.0) -> tuple[int, bytes]:
        """Send `request` as written (no client normalising the path): the status and the
        whole answer."""
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(request)
            await writer.drain()
            head = await asyncio.wait_for(reader.readline(), timeout)
            rest = await asyncio.wait_for(reader.read(256 * 1024), timeout)
        finally:
            writer.close()
        parts = head.split(b" ", 2)
        return int(parts[1]), head + rest


@asynccontextmanager
async def serve(database: Database, tmp_path: Path) -> AsyncIterator[Served]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with FakeTelegram() as tg, FakeZalo() as zalo:
        settings = Settings(
            data_dir=tmp_path / "data",
            database_url=database.url,
            public_url=base,
            web_host="127.0.0.1",
            web_port=port,
            telegram_token=SecretStr(tg.token),
            telegram_api_url=tg.base_url,
            zalo_token=SecretStr(zalo.token),
            zalo_api_url=zalo.base_url,
            webhook_secret=SecretStr(WEBHOOK_SECRET),
            _env_file=None,  # type: ignore[call-arg]
        )
        app = await build_app(settings)
        services = [
            s for s in (await telegram_service(app, True), await zalo_service(app, True)) if s
        ]
        runtime = Runtime(app, services, extra_routes=[add_stamp_routes, add_dashboard_routes])
        await runtime.start()
        try:
            yield Served(app, base, "127.0.0.1", port, tg, zalo)
        finally:
            await runtime.shutdown()
            await app.close()
