"""The stamp page in a real headless Chromium: what a phone camera opens from the QR code."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.app import App, build_app
from bot.cli.demo_data import load_demo_data
from bot.settings import Settings
from bot.web.server import build_web_app
from bot.web.stamp_page import add_stamp_routes
from stamps.payload import make_stamp_url
from storage.database import Database
from storage.unit_of_work import UnitOfWork

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def served(database: Database, tmp_path: Path) -> AsyncIterator[tuple[App, str]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database.url, public_url=base, web_port=port
    )
    app = await build_app(settings)
    await load_demo_data(app.database, app.photo_store, app.clock.now())
    runner = web.AppRunner(build_web_app(app, [add_stamp_routes]))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield app, base
    finally:
        await runner.cleanup()
        await app.close()


async def issue_one(app: App, product_id: int) -> str:
    async with UnitOfWork(app.database) as uow:
        _, serials = await uow.stamps.issue_batch(
            product_id, 1, app.keyring.current.kid, app.clock.now()
        )
        await uow.commit()
    return make_stamp_url(app.public_url, app.keyring, serials[0])


async def browse(url: str, tmp_path: Path) -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for this test")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    process = await asyncio.create_subprocess_exec(
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--dump-dom",
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    return out.decode()


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
    assert "checked 2 times" in english


async def test_the_page_of_a_forged_stamp(served: tuple[App, str], tmp_path: Path) -> None:
    app, _ = served
    url = await issue_one(app, 3)
    forged = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    dom = await browse(forged, tmp_path)
    assert "Đây không phải tem do tỉnh Hà Tĩnh phát hành" in dom


async def test_product_photos_only_for_products(served: tuple[App, str]) -> None:
    import httpx

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
