"""`ocop-bot run` with no chat channel still serves the stamp page and the health check."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.support import base_env, free_port

pytestmark = [pytest.mark.e2e]

OCOP_BOT = str(Path(sys.executable).with_name("ocop-bot"))


async def test_run_serves_the_stamp_page_without_channels(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = base_env(tmp_path / "data")
    env.update(OCOP_WEB_PORT=str(port), OCOP_PUBLIC_URL=base)
    subprocess.run([OCOP_BOT, "demo-data"], env=env, check=True, capture_output=True)
    out = tmp_path / "stamps"
    subprocess.run(
        [
            OCOP_BOT,
            "stamps",
            "issue",
            "--product",
            "1",
            "--count",
            "1",
            "--format",
            "png",
            "--out",
            str(out),
            "--allow-local",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    serial = next(out.glob("*.png")).stem
    proc = await asyncio.create_subprocess_exec(
        OCOP_BOT, "run", env=env, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            for _ in range(150):
                try:
                    health = await client.get(f"{base}/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.2)
            else:
                pytest.fail("the web server did not start")
            assert health.status_code == 200 and health.json()["database"]["ok"]
            decoded = subprocess.run(
                [OCOP_BOT, "stamps", "verify", "--json", str(out / f"{serial}.png")],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            assert '"genuine"' in decoded.stdout
            from stamps.decode import decode_qr

            url = decode_qr((out / f"{serial}.png").read_bytes()).texts[0]
            page = await client.get(url.replace("HTTP://", "http://"))
            assert page.status_code == 200
            assert "✅ Tem OCOP chính hãng" in page.text
            assert "Nhung hươu Sơn Lễ" in page.text
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), timeout=30) == 0
