"""Pages as a browser shows them: Debian's Chromium, headless, its DOM after scripts and
redirects (skipped where Chromium is absent; CI must have it)."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


async def browse(
    url: str, tmp_path: Path, *, virtual_time_ms: int | None = None, timeout: float = 60
) -> str:
    """The page's DOM. `virtual_time_ms` lets forms and redirects finish before the dump."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for this test")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    timing = [f"--virtual-time-budget={virtual_time_ms}"] if virtual_time_ms else []
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
        *timing,
        "--dump-dom",
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=timeout)
    return out.decode()
