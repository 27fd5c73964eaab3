"""The stamp page (in a real headless Chromium: what a phone camera opens from the QR code;
over plain HTTP for what a page cannot show: what is counted), and officers' stamp commands."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from PIL import Image
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.cli.demo_data import load_demo_data
from bot.cli.stamp_commands import issue, verify
from bot.settings import Settings
from bot.web.server import build_web_app
from bot.web.stamp_page import VISITORS_KEY, VisitorBuckets, add_stamp_routes
from stamps.payload import make_stamp_url
from stamps.serial import parse_serial
from storage.database import Database
from storage.models import StampBatchRecord, StampCheckRecord
from storage.stamp_registry import OFFICER_CHANNEL
from storage.unit_of_work import UnitOfWork
from tests import chromium


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    app: App
    base: str
    web_app: web.Application


@pytest.fixture
async def page(database: Database, tmp_path: Path) -> AsyncIterator[Served]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database.url, public_url=base, web_port=port
    )
    app = await build_app(settings)
    await load_demo_data(app.database, app.photo_store, app.clock.now())
    web_app = build_web_app(app, [add_stamp_routes])
    runner = web.AppRunner(web_app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield Served(app, base, web_app)
    finally:
        await runner.cleanup()
        await app.close()


@pytest.fixture
def served(page: Served) -> tuple[App, str]:
    return page.app, page.base


async def issue_one(app: App, product_id: int) -> str:
    async with UnitOfWork(app.database) as uow:
        _, serials = await uow.stamps.issue_batch(
            product_id, 1, app.keyring.current.kid, app.clock.now()
        )
        await uow.commit()
    return make_stamp_url(app.public_url, app.keyring, serials[0])


async def browse(url: str, tmp_path: Path) -> str:
    return await chromium.browse(url, tmp_path)


async def test_the_page_of_a_genuine_stamp(served: tuple[App, str], tmp_path: Path) -> None:
    app, _ = served
    url = await issue_one(app, 3)
    dom = await browse(url, tmp_path)
    assert "Kiểm tra tem OCOP Hà Tĩnh" in dom
    assert "✅ Tem OCOP chính hãng" in dom
    assert "Mật ong rừng Vũ Quang — ⭐⭐⭐⭐ (4 sao)" in dom
    assert "HTX Nuôi ong Ân Phú, Xã Ân Phú, Huyện Vũ Quang" in dom
    assert "Tem này được kiểm tra lần đầu." in dom
    assert '<img src="/photo/' in dom
    assert "<script" not in dom
    english = await browse(url.replace("/S/", "/s/").lower() + "?lang=en", tmp_path)
    assert "Genuine OCOP stamp" in english
    # The same browser again: one person, so no copy warning.
    assert "Only you have checked this stamp" in english


async def test_the_page_of_a_forged_stamp(served: tuple[App, str], tmp_path: Path) -> None:
    app, _ = served
    url = await issue_one(app, 3)
    forged = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    dom = await browse(forged, tmp_path)
    assert "Đây không phải tem do tỉnh Hà Tĩnh phát hành" in dom


async def test_product_photos_only_for_products(served: tuple[App, str]) -> None:
    app, base = served
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{base}/photo/{'0' * 64}.jpg")
        assert response.status_code == 404
        async with UnitOfWork(app.database) as uow:
            product = await uow.products.get(3)
        assert product is not None and product.photo_sha256
        response = await client.get(f"{base}/photo/{product.photo_sha256}.jpg")
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/jpeg"


async def rows(app: App) -> int:
    async with app.database.session() as session:
        return int(await session.scalar(select(func.count(StampCheckRecord.id))) or 0)


PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 10; Redmi 9A)"}
OTHER_PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 12; SM-A135F)"}


async def test_head_is_not_counted(page: Served) -> None:
    url = await issue_one(page.app, 3)
    async with httpx.AsyncClient() as client:
        for _ in range(3):
            head = await client.head(url, headers=PHONE)
            assert head.status_code == 200
        assert await rows(page.app) == 0
        first = await client.get(url, headers=PHONE)
    assert "Tem này được kiểm tra lần đầu." in first.text
    assert await rows(page.app) == 1


async def test_the_same_visitor_is_one_person(page: Served) -> None:
    url = await issue_one(page.app, 3)
    async with httpx.AsyncClient() as client:
        for _ in range(5):
            again = await client.get(url, headers=PHONE)
            assert "sao chép" not in again.text
        assert "Chỉ có anh/chị đã kiểm tra tem này" in again.text
        other = await client.get(url, headers=OTHER_PHONE)
    assert "Tem này đã được 2 người kiểm tra" in other.text


async def test_junk_payloads_add_no_row(page: Served) -> None:
    url = await issue_one(page.app, 3)
    forged = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    async with httpx.AsyncClient() as client:
        for junk in ("JUNK", "X" * 200, "1K1" + "A" * 24, forged.rsplit("/", 1)[1]):
            answer = await client.get(f"{page.base}/S/{junk}", headers=PHONE)
            assert answer.status_code == 200
            assert "không phải tem do tỉnh Hà Tĩnh phát hành" in answer.text
    assert await rows(page.app) == 0


async def test_a_visitor_over_the_rate_is_answered_uncounted(page: Served) -> None:
    now = [0.0]
    buckets = page.web_app[VISITORS_KEY]
    buckets.burst, buckets.per_second, buckets.clock = 3, 0.5, lambda: now[0]
    urls = [await issue_one(page.app, 3) for _ in range(5)]
    async with httpx.AsyncClient() as client:
        for url in urls:
            answer = await client.get(url, headers=PHONE)
            assert "✅ Tem OCOP chính hãng" in answer.text
        assert await rows(page.app) == 3
        now[0] += 2.0  # one token back
        await client.get(urls[0], headers=OTHER_PHONE)  # the same address: one bucket
    assert await rows(page.app) == 4


def test_visitor_buckets_refill_and_stay_bounded() -> None:
    now = [0.0]
    buckets = VisitorBuckets(burst=2, per_second=1, max_visitors=3, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(3)] == [True, True, False]
    now[0] = 1.0
    assert buckets.take("a") and not buckets.take("a")
    for visitor in "bcdef":
        assert buckets.take(visitor)
    assert len(buckets._buckets) == 3


async def officers_app(database: Database, tmp_path: Path, public_url: str) -> App:
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database.url, public_url=public_url
    )
    app = await build_app(settings)
    await load_demo_data(app.database, app.photo_store, app.clock.now())
    return app


async def batches(app: App) -> int:
    async with app.database.session() as session:
        return int(await session.scalar(select(func.count(StampBatchRecord.id))) or 0)


@pytest.mark.parametrize(
    "public_url",
    ["http://127.0.0.1:8080", "https://localhost", "https://192.168.1.20", "http://ocop.vn"],
)
async def test_stamps_for_a_local_address_are_refused(
    database: Database, tmp_path: Path, public_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    app = await officers_app(database, tmp_path, public_url)
    try:
        out = tmp_path / "stamps"
        assert await issue(app, 3, 2, out, "png") == 2
        message = capsys.readouterr().err
        assert f"OCOP_PUBLIC_URL is {public_url}" in message and "--allow-local" in message
        assert not out.exists() and await batches(app) == 0
        assert await issue(app, 3, 2, out, "png", allow_local=True) == 0
        assert len(list(out.glob("*.png"))) == 2
    finally:
        await app.close()


async def test_stamps_for_a_public_address(database: Database, tmp_path: Path) -> None:
    app = await officers_app(database, tmp_path, "https://ocop.hatinh.gov.vn")
    try:
        out = tmp_path / "stamps"
        assert await issue(app, 3, 1, out, "png") == 0
        [png] = out.glob("*.png")
        with Image.open(png) as image:
            dpi = image.info["dpi"]
        assert round(dpi[0]) == round(dpi[1]) == 300
    finally:
        await app.close()


async def test_officers_checks_are_logged_not_counted(
    page: Served, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "officer"
    assert await issue(page.app, 3, 1, out, "png", allow_local=True) == 0
    [png] = out.glob("*.png")
    for _ in range(3):
        assert await verify(page.app, [png], as_json=False) == 0
    assert "Chưa người mua nào kiểm tra tem này." in capsys.readouterr().out
    async with page.app.database.session() as session:
        channels = list(await session.scalars(select(StampCheckRecord.channel)))
    assert channels == [OFFICER_CHANNEL] * 3
    serial = parse_serial(png.stem)
    assert serial is not None
    url = make_stamp_url(page.app.public_url, page.app.keyring, serial)
    async with httpx.AsyncClient() as client:
        buyer = await client.get(url, headers=PHONE)
    assert "Tem này được kiểm tra lần đầu." in buyer.text
