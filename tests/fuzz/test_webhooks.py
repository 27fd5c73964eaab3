"""Hostile webhook bodies at both webhooks, through the real aiohttp app on a real socket: not
JSON, nested a thousand deep, 20 MB announced or sent chunked. Each is refused with a 4xx,
early, nothing is recorded, and the next good update is taken."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import BaseTestServer, TestServer
from sqlalchemy import func, select

from bot.per_chat import PerChatTasks
from bot.telegram.channel import TelegramChannel
from bot.telegram.intake import TelegramIntake
from bot.telegram.webhook import PATH as TELEGRAM_PATH
from bot.telegram.webhook import SECRET_HEADER as TELEGRAM_SECRET_HEADER
from bot.telegram.webhook import TelegramWebhook
from bot.web.server import STATUS_KEY
from bot.webhook_body import MAX_BODY
from bot.zalo.intake import ZaloIntake
from bot.zalo.webhook import SECRET_HEADER as ZALO_SECRET_HEADER
from bot.zalo.webhook import WEBHOOK_PATH as ZALO_PATH
from bot.zalo.webhook import add_zalo_webhook_route
from flows.messages import Inbound
from handlers.inbox import Inbox
from storage.database import Database
from storage.models import InboxRecord
from tests.e2e.fake_telegram import DEFAULT_TOKEN, FakeTelegram
from tests.fakes import FakeClock

SECRET = "fuzz-secret-0123456789"
TWENTY_MB = 20 * 1024 * 1024


class Seen:
    def __init__(self) -> None:
        self.inbounds: list[Inbound] = []

    async def __call__(self, inbound: Inbound) -> None:
        self.inbounds.append(inbound)


@dataclass
class Hooks:
    server: BaseTestServer
    seen: Seen
    database: Database


@pytest.fixture
async def hooks(database: Database, tmp_path: Path) -> AsyncIterator[Hooks]:
    seen = Seen()
    inbox = Inbox(database, FakeClock())
    async with FakeTelegram() as tg:
        channel = TelegramChannel(DEFAULT_TOKEN, tg.base_url)
        await channel.start()
        telegram = TelegramIntake(channel, seen, inbox, PerChatTasks())
        zalo = ZaloIntake(seen, inbox)
        app = web.Application()
        app[STATUS_KEY] = {}
        TelegramWebhook(telegram, SECRET).routes()(app)
        add_zalo_webhook_route(app, SECRET, zalo)
        async with TestServer(app) as server:
            yield Hooks(server, seen, database)
        await telegram.close(5)
        await zalo.close(5)
        await channel.close()


WEBHOOKS = {
    "telegram": (TELEGRAM_PATH, TELEGRAM_SECRET_HEADER),
    "zalo": (ZALO_PATH, ZALO_SECRET_HEADER),
}


def _good(kind: str) -> bytes:
    if kind == "telegram":
        message = {"message_id": 1, "from": {"id": 5}, "chat": {"id": 5}, "text": "/start"}
        return json.dumps({"update_id": 99, "message": message, "date": int(time.time())}).encode()
    message = {"from": {"id": "z5"}, "chat": {"id": "z5"}, "message_id": "m1", "text": "hi"}
    return json.dumps(
        {"ok": True, "result": {"event_name": "message.text.received", "message": message}}
    ).encode()


async def _request(
    server: BaseTestServer, path: str, header: str, head: bytes
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(f"POST {path} HTTP/1.1\r\nHost: x\r\n{header}: {SECRET}\r\n".encode() + head)
    await writer.drain()
    return reader, writer


async def _status(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int:
    line = await asyncio.wait_for(reader.readline(), 10)
    writer.close()
    return int(line.split()[1])


async def _post(server: BaseTestServer, kind: str, body: bytes) -> int:
    path, header = WEBHOOKS[kind]
    head = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    return await _status(*await _request(server, path, header, head + body))


async def _recorded(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(InboxRecord)) or 0)


HOSTILE: dict[str, bytes] = {
    "not-json": b"{not json",
    "binary": bytes(range(256)) * 4,
    "empty": b"",
    "utf16": json.dumps({"update_id": 1}).encode("utf-16"),
    "lists-1000": b"[" * 1000 + b"]" * 1000,
    "objects-1000": b'{"update_id": 1, "message": ' + b'{"a": ' * 1000 + b"1" + b"}" * 1001,
    "huge-number": b'{"update_id": 1' + b"0" * 5000 + b"}",
}


@pytest.mark.parametrize("kind", sorted(WEBHOOKS))
@pytest.mark.parametrize("name", sorted(HOSTILE))
async def test_a_hostile_body_is_refused_and_nothing_is_recorded(
    hooks: Hooks, kind: str, name: str
) -> None:
    status = await _post(hooks.server, kind, HOSTILE[name])
    # A long number and UTF-16 are JSON (json reads UTF-16 too): taken, but no message in them.
    assert 400 <= status < 500 or (name in ("huge-number", "utf16") and status == 200)
    await asyncio.sleep(0.05)
    assert hooks.seen.inbounds == [] and await _recorded(hooks.database) == 0
    assert await _post(hooks.server, kind, _good(kind)) == 200  # and the server still serves


@pytest.mark.parametrize("kind", sorted(WEBHOOKS))
async def test_twenty_megabytes_announced_are_refused_before_they_are_sent(
    hooks: Hooks, kind: str
) -> None:
    path, header = WEBHOOKS[kind]
    head = f"Content-Length: {TWENTY_MB}\r\n\r\n".encode() + b'{"update_id": 1, "pad": "'
    assert (
        await _status(*await _request(hooks.server, path, header, head)) == 413
    )  # answered with 20 MB still unsent
    assert await _recorded(hooks.database) == 0


@pytest.mark.parametrize("kind", sorted(WEBHOOKS))
async def test_twenty_megabytes_chunked_are_refused_once_the_cap_is_counted(
    hooks: Hooks, kind: str
) -> None:
    path, header = WEBHOOKS[kind]
    reader, writer = await asyncio.open_connection(hooks.server.host, hooks.server.port)
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: x\r\n{header}: {SECRET}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n".encode()
    )
    chunk = b" " * 65536
    sent = 0
    try:
        while sent < TWENTY_MB:
            writer.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            await writer.drain()
            sent += len(chunk)
            if reader.at_eof() or reader._buffer:  # type: ignore[attr-defined]
                break
    except (ConnectionError, OSError):
        pass
    assert await _status(reader, writer) == 413
    # Refused once the cap was passed, not after all 20 MB (socket buffers hold some more).
    assert sent < MAX_BODY + 8 * 1024 * 1024
    assert await _recorded(hooks.database) == 0


def _any_json() -> Any:
    return [None, 1, "x", [], {}, {"update_id": "1"}, {"ok": False}, {"result": [1, 2]}]


@pytest.mark.parametrize("kind", sorted(WEBHOOKS))
async def test_json_that_is_no_update_records_nothing(hooks: Hooks, kind: str) -> None:
    for body in _any_json():
        status = await _post(hooks.server, kind, json.dumps(body).encode())
        assert status in (200, 400)
    await asyncio.sleep(0.05)
    assert hooks.seen.inbounds == [] and await _recorded(hooks.database) == 0
