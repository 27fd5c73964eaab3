"""/healthz names the part that is down: 200 when all are up, 503 with `failing` otherwise."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from bot.app import build_app
from bot.runtime import Runtime
from bot.telegram.service import telegram_service
from handlers.ports import ChannelUnavailable
from storage.database import Database
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.support import free_port
from tests.ops.support import app_with_channel, settings_for, text_update, web_client


async def _health(port: int) -> tuple[int, dict[str, Any]]:
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.get(f"http://127.0.0.1:{port}/healthz")
    return response.status_code, response.json()


async def _until(port: int, wanted: int, timeout: float = 15) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        status, body = await _health(port)
        if status == wanted or loop.time() > deadline:
            assert status == wanted, body
            return body
        await asyncio.sleep(0.1)


async def test_all_up_then_the_outbox_loop_stopped(database: Database, tmp_path: Path) -> None:
    settings = settings_for(database, tmp_path)
    app = await build_app(settings)
    runtime = Runtime(app, [])
    try:
        await runtime.start()
        body = await _until(settings.web_port, 200)
        assert body["ok"] is True and body["failing"] == []
        assert body["database"]["ok"] is True
        assert body["outbox"] == {"ok": True, "state": "running"}
        assert body["scheduler"]["ok"] is True and body["scheduler"]["state"] == "running"
        # The outbox loop ends (as on stop) while the web server still answers.
        runtime.stop.set()
        assert runtime._outbox_task is not None
        await runtime._outbox_task
        body = await _until(settings.web_port, 503)
        assert body["failing"] == ["outbox"]
        assert body["outbox"]["state"] == "stopped"
    finally:
        await runtime.shutdown()
        await app.close()


async def test_database_unreachable(database: Database, tmp_path: Path) -> None:
    async with app_with_channel(database, tmp_path) as (app, _channel):
        real = app.database
        # PostgreSQL at a port where nothing listens: the database part, and only it, is down.
        app.database = Database(f"postgresql+asyncpg://ocop@127.0.0.1:{free_port()}/ocop")
        try:
            async with web_client(app) as client:
                response = await client.get("/healthz")
                body = await response.json()
        finally:
            await app.database.dispose()
            app.database = real
    assert response.status == 503
    assert body["failing"] == ["database"]
    assert body["database"] == {"dialect": "postgresql", "ok": False, "error": "unreachable"}
    assert body["channels"]["fake"]["ok"] is True


async def test_a_send_that_fails_marks_its_channel_until_one_goes(
    database: Database, tmp_path: Path
) -> None:
    async with app_with_channel(database, tmp_path) as (app, channel), web_client(app) as client:
        channel.failures.append(ChannelUnavailable("connection refused"))
        await app.dispatcher.handle(text_update("c1", "/start"))
        response = await client.get("/healthz")
        body = await response.json()
        assert response.status == 503
        assert body["failing"] == ["channels.fake"]
        assert "connection refused" in body["channels"]["fake"]["send_error"]
        # The platform is back: the next send clears it.
        await app.dispatcher.handle(text_update("c2", "/start"))
        response = await client.get("/healthz")
        assert response.status == 200, await response.json()


async def test_telegram_api_down_at_start_and_while_polling(
    database: Database, tmp_path: Path
) -> None:
    # Down from the start: the service keeps retrying getMe, and says why.
    down = settings_for(
        database,
        tmp_path / "down",
        telegram_token="1:unreachable",
        telegram_api_url=f"http://127.0.0.1:{free_port()}",
    )
    app = await build_app(down)
    service = await telegram_service(app, False)
    assert service is not None
    runtime = Runtime(app, [service])
    try:
        await runtime.start()
        body = await _until(down.web_port, 503)
        while "start_error" not in body["channels"]["telegram"]:
            await asyncio.sleep(0.1)
            _, body = await _health(down.web_port)
        assert body["failing"] == ["channels.telegram"]
        assert body["channels"]["telegram"]["state"] == "starting"
    finally:
        await runtime.shutdown()
        await app.close()

    # Up, then the fake Bot API goes away while the bot polls it.
    async with FakeTelegram() as tg:
        settings = settings_for(
            database,
            tmp_path / "up",
            telegram_token=tg.token,
            telegram_api_url=tg.base_url,
        )
        app = await build_app(settings)
        service = await telegram_service(app, False)
        assert service is not None
        runtime = Runtime(app, [service])
        try:
            await runtime.start()
            body = await _until(settings.web_port, 200)
            assert body["channels"]["telegram"]["state"] == "running"
            await tg.stop()
            body = await _until(settings.web_port, 503)
            assert body["failing"] == ["channels.telegram"]
            assert body["channels"]["telegram"]["error"]
        finally:
            await runtime.shutdown()
            await app.close()
