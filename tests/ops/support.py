"""What the operations tests share: an App on the test's database with a fake channel, an
update as a channel's intake makes it, and a scrape of /metrics parsed."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.app import App, build_app
from bot.settings import Settings
from bot.web.metrics_route import add_metrics_routes
from bot.web.server import build_web_app
from flows.messages import Inbound
from storage.database import Database
from tests.e2e.support import free_port
from tests.fakes import FakeChannel, FakeClock

_ids = itertools.count(1)
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def settings_for(database: Database, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        data_dir=tmp_path / "var",
        database_url=database.url,
        web_port=free_port(),
        _env_file=None,  # type: ignore[call-arg]
        **extra,  # type: ignore[arg-type]
    )


@asynccontextmanager
async def app_with_channel(
    database: Database, tmp_path: Path, clock: FakeClock | None = None
) -> AsyncIterator[tuple[App, FakeChannel]]:
    app = await build_app(settings_for(database, tmp_path), clock=clock or FakeClock())
    channel = FakeChannel("fake")
    app.add_channel(channel)
    try:
        yield app, channel
    finally:
        await app.close()


def text_update(chat: str, text: str) -> Inbound:
    command = arg = None
    if text.startswith("/"):
        command, _, rest = text[1:].partition(" ")
        arg = rest or None
    return Inbound(
        channel="fake",
        chat_id=chat,
        user_id=chat,
        message_id=f"ops-{next(_ids)}",
        text=text,
        command=command,
        command_arg=arg,
    )


@asynccontextmanager
async def web_client(app: App) -> AsyncIterator[TestClient[object, object]]:
    client: TestClient[object, object] = TestClient(
        TestServer(build_web_app(app, [add_metrics_routes]))
    )
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


def parse(exposition: str) -> Samples:
    samples: Samples = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)
