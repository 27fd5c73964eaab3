"""The dashboard shows, beside the trainings held, how many people said "Tôi sẽ tham gia" to
a training announced through the bot (over plain HTTP, the whole app built as `run` builds it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
from aiohttp import web

from bot.app import build_app
from bot.settings import Settings
from bot.web.dashboard import add_dashboard_routes
from bot.web.server import build_web_app
from flows.announcement_effects import DISTRICT_PRODUCERS, Audience
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from storage.web_logins import WebLoginRepository
from tests.bot.test_stamp_page import free_port
from tests.fakes import FakeClock

NOW = dt.datetime(2026, 3, 16, 2, 30, tzinfo=dt.UTC)


async def test_the_dashboard_counts_those_coming_to_trainings(
    database: Database, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database.url, public_url=base, web_port=port
    )
    app = await build_app(settings, FakeClock(NOW))
    runner = web.AppRunner(build_web_app(app, [add_dashboard_routes]))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with UnitOfWork(app.database) as uow:
            officer = await uow.users.get_or_create("telegram", "officer", None, "vi", NOW)
            await uow.users.grant(officer.id, "district", "441", "2020", NOW)
            producers = [
                await uow.users.get_or_create("telegram", f"p{i}", None, "vi", NOW)
                for i in range(3)
            ]
            audience = Audience(DISTRICT_PRODUCERS, "2020", area="441")
            training = await uow.announcements.add(officer.id, audience, "training", "x", 3, NOW)
            fair = await uow.announcements.add(officer.id, audience, "fair", "y", 3, NOW)
            for p in producers[:2]:
                assert await uow.announcements.record_reply(training, p.id, "attend", NOW)
            assert not await uow.announcements.record_reply(
                training, producers[0].id, "attend", NOW
            )
            await uow.announcements.record_reply(fair, producers[2].id, "attend", NOW)
            token = await WebLoginRepository(uow.session).create_link(officer.id, NOW)
            await uow.commit()
        async with httpx.AsyncClient(base_url=base) as client:
            await client.post("/dashboard/login", data={"token": token})
            page = await client.get("/dashboard")
        assert "Số liệu OCOP — Huyện Vũ Quang" in page.text
        # Two people for the training; the fair's answer is not a training's.
        assert "(2 người đã báo sẽ tham gia các lớp tập huấn" in page.text
    finally:
        await runner.cleanup()
        await app.close()
