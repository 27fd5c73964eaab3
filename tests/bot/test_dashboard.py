"""The web dashboard in a real headless Chromium: the one-time link from the chat opens a page
with a button (a link preview spends nothing), the button logs in with an HttpOnly,
SameSite=Strict cookie, and the page shows the officer's figures, tables with filters and the
chart, in plain HTML without JavaScript. Over plain HTTP: what a page cannot show (cookies,
refusals, the XLSX)."""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from openpyxl import load_workbook

from bot.app import App, build_app
from bot.settings import Settings
from bot.web.dashboard import COOKIE, add_dashboard_routes
from bot.web.server import build_web_app
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from storage.web_logins import WebLoginRepository
from tests import chromium
from tests.bot.test_reports import DUC_THO, SHEETS, VU_QUANG, build_month
from tests.bot.test_stamp_page import free_port
from tests.fakes import FakeClock


@dataclass
class Served:
    app: App
    base: str


def _press_the_button(web_app: web.Application) -> None:
    """A page of the same site that presses the login page's button, as a person would (the
    dashboard itself has no script; only this test page does)."""

    async def press(request: web.Request) -> web.Response:
        token = html.escape(request.query["token"])
        body = (
            '<!doctype html><form method="post" action="/dashboard/login">'
            f'<input type="hidden" name="token" value="{token}"></form>'
            "<script>document.forms[0].submit()</script>"
        )
        # Its own policy: the site's (bot/web/security_headers.py) allows no script at all.
        policy = {"Content-Security-Policy": "script-src 'unsafe-inline'"}
        return web.Response(text=body, content_type="text/html", headers=policy)

    web_app.router.add_get("/test/press", press)


@pytest.fixture
async def served(database: Database, tmp_path: Path) -> AsyncIterator[Served]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database.url, public_url=base, web_port=port
    )
    # April 2020: the fixture's products still hold their certificates.
    app = await build_app(settings, FakeClock(dt.datetime(2020, 4, 10, 3, tzinfo=dt.UTC)))
    await build_month(app.database)
    web_app = build_web_app(app, [add_dashboard_routes, _press_the_button])
    runner = web.AppRunner(web_app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield Served(app, base)
    finally:
        await runner.cleanup()
        await app.close()


async def _link(app: App, role: str, area: str | None, who: str) -> str:
    async with UnitOfWork(app.database) as uow:
        user = await uow.users.get_or_create("telegram", who, None, "vi", app.clock.now())
        await uow.users.grant(user.id, role, area, "2020", app.clock.now())
        token = await WebLoginRepository(uow.session).create_link(user.id, app.clock.now())
        await uow.commit()
    return token


async def browse(url: str, tmp_path: Path) -> str:
    # The button's form, its redirect, then the page.
    return await chromium.browse(url, tmp_path, virtual_time_ms=10000, timeout=90)


async def test_a_district_officer_logs_in_by_the_link_and_sees_their_district(
    served: Served, tmp_path: Path
) -> None:
    token = await _link(served.app, "district", VU_QUANG, "officer")

    login = await browse(f"{served.base}/dashboard/login?token={token}", tmp_path)
    assert "Đăng nhập trang tổng hợp OCOP" in login
    assert "Vào trang tổng hợp" in login and "<script" not in login

    page = await browse(f"{served.base}/test/press?token={token}", tmp_path)
    assert "Số liệu OCOP — Huyện Vũ Quang" in page
    assert "Sản phẩm đạt 3–4 sao còn hiệu lực: 1/50" in page
    assert "<svg" in page  # the chart, inline
    assert "OCOP-441-0001" in page
    assert "OCOP-440-" not in page  # another district's ideas are not theirs
    assert 'name="district"' not in page  # their district is the only one to choose
    assert "<script" not in page

    filtered = await browse(f"{served.base}/dashboard?stage=approved", tmp_path)
    assert "Hiện 1 trên 1 ý tưởng." in filtered and "OCOP-441-0001" in filtered
    assert "OCOP-441-0002" not in filtered

    # The same link in another browser (someone it was passed to): spent.
    again = await browse(f"{served.base}/test/press?token={token}", tmp_path / "other")
    assert "đã được dùng" in again


async def test_the_cookie_the_refusals_and_the_report_file(served: Served) -> None:
    token = await _link(served.app, "province", None, "province")
    async with httpx.AsyncClient(base_url=served.base) as client:
        needed = await client.get("/dashboard")
        assert needed.status_code == 401 and "gửi /dashboard cho bot OCOP" in needed.text

        shown = await client.get("/dashboard/login", params={"token": token})
        assert shown.status_code == 200  # looking at the link (a preview) spends nothing
        logged = await client.post("/dashboard/login", data={"token": token})
        assert logged.status_code == 303 and logged.headers["location"] == "/dashboard"
        cookie = logged.headers["set-cookie"]
        assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "Path=/dashboard" in cookie
        session = client.cookies[COOKIE]
        assert token != session

        page = await client.get("/dashboard", params={"district": DUC_THO})
        assert "Số liệu OCOP — Tỉnh Hà Tĩnh" in page.text
        assert (
            "Tập huấn năm 2020 (mục tiêu 100% cán bộ và chủ thể): 5 lớp, 43 lượt chủ thể và "
            "21 lượt cán bộ tham dự"
        ) in page.text
        assert "Sản phẩm OCOP năm 2019 đang quản lý (kế hoạch cả tỉnh: 72)" in page.text
        assert "OCOP-440-0004" in page.text and "OCOP-441-0001" not in page.text
        assert page.headers["cache-control"] == "no-store"
        english = await client.get("/dashboard", params={"lang": "en"})
        assert "OCOP figures — Tỉnh Hà Tĩnh" in english.text

        report = await client.get("/dashboard/report.xlsx", params={"month": "2020-03"})
        assert report.status_code == 200
        book = load_workbook(io.BytesIO(report.content))
        assert book.sheetnames == SHEETS
        rows = {r[0].value: r[1].value for r in book["Ý tưởng"].iter_rows(min_row=2)}
        assert rows["Huyện Vũ Quang"] == 2 and rows["Cả tỉnh"] == 3

        # Pressed twice, the button finds them logged in already.
        twice = await client.post("/dashboard/login", data={"token": token})
        assert twice.status_code == 303

        await client.post("/dashboard/logout")
    async with httpx.AsyncClient(base_url=served.base, cookies={COOKIE: session}) as client:
        assert (await client.get("/dashboard")).status_code == 401  # logged out for good

    async with httpx.AsyncClient(base_url=served.base) as stranger:
        used = await stranger.post("/dashboard/login", data={"token": token})
        assert used.status_code == 403 and "đã được dùng" in used.text

    producer = await _link(served.app, "commune", "18316", "commune")
    async with httpx.AsyncClient(base_url=served.base) as client:
        await client.post("/dashboard/login", data={"token": producer})
        refused = await client.get("/dashboard")
        assert refused.status_code == 403
        assert "dành cho cán bộ OCOP cấp huyện và cấp tỉnh" in refused.text
