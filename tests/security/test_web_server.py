"""The web server as run in production, asked odd things: every answer carries the headers a
public page needs, and nothing odd ends in a 5xx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.web.security_headers import HEADERS
from storage.database import Database
from tests.security.served import Served, serve

ODD_PATHS = (
    "/",
    "/../../etc/passwd",
    "/S/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/photo/..%2f..%2fetc%2fpasswd.jpg",
    "/photo/" + "0" * 64 + ".jpg",
    "/photo/%00.jpg",
    "/S/%ff%fe%00%c0%af",
    "/s/%E2%80%AE%F0%9F%98%80",
    "/S/" + "A" * 4000,
    "/" + "x" * 7000,
    "/dashboard?district=%ff&stage=%00",
    "/dashboard/login?token=" + "%ff" * 500,
    "/webhook/telegram/..%2f..%2fhealthz",
    "/zalo/media/../../../../etc/passwd",
    "/S/ABC?lang=" + "%" * 300,
    "/S/ABC?" + "q=1&" * 1500,
)
ODD_METHODS = ("PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "PROPFIND", "CONNECT")
PATHS_FOR_METHODS = ("/S/ABC", "/dashboard", "/dashboard/login", "/webhook/telegram", "/healthz")


@pytest.fixture
async def served(database: Database, tmp_path: Path) -> AsyncIterator[Served]:
    async with serve(database, tmp_path) as served:
        yield served


def _assert_headers(answer: bytes, what: str) -> None:
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    for name, value in HEADERS.items():
        assert f"{name.lower()}: {value.lower()}" in head, (what, name)


def _request(method: str, target: str, body: bytes = b"", extra: str = "") -> bytes:
    head = f"{method} {target} HTTP/1.1\r\nHost: ocop.example\r\nConnection: close\r\n{extra}"
    if body or method in ("POST", "PUT", "PATCH"):
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode("latin-1") + body


async def test_every_page_sends_the_headers_a_public_page_needs(served: Served) -> None:
    async with httpx.AsyncClient(base_url=served.base) as client:
        for path in ("/S/ABC", "/dashboard", "/dashboard/login?token=x", "/nowhere"):
            response = await client.get(path)
            for name, value in HEADERS.items():
                assert response.headers.get(name) == value, (path, name)
        policy = HEADERS["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "script-src" not in policy
        assert "default-src 'none'" in policy


async def test_odd_paths_and_methods_get_4xx_never_5xx(served: Served) -> None:
    answers: dict[str, int] = {}
    for path in ODD_PATHS:
        for method in ("GET", "HEAD", "POST"):
            status, answer = await served.raw(_request(method, path))
            answers[f"{method} {path[:60]}"] = status
            assert b"root:" not in answer
            if status >= 400:
                _assert_headers(answer, f"{method} {path[:60]}")
    for path in PATHS_FOR_METHODS:
        for method in ODD_METHODS:
            status, answer = await served.raw(_request(method, path))
            answers[f"{method} {path}"] = status
            assert 400 <= status < 500, (method, path, status)
    # What no client sends: a 100 kB query, a 100 kB header, a bare request line, garbage.
    for name, request in (
        ("query 100 kB", _request("GET", "/S/ABC?q=" + "A" * 100_000)),
        ("header 100 kB", _request("GET", "/S/ABC", extra=f"X-Junk: {'j' * 100_000}\r\n")),
        ("no version", b"GET /S/ABC\r\n\r\n"),
        ("binary", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n"),
        ("bad length", _request("GET", "/S/ABC", extra="Content-Length: -5\r\n")),
        (
            "form 2 MB",
            _request(
                "POST",
                "/dashboard/login",
                b"token=" + b"A" * 2_000_000,
                "Content-Type: application/x-www-form-urlencoded\r\n",
            ),
        ),
    ):
        status, _ = await served.raw(request)
        answers[name] = status
    server_errors = {what: status for what, status in answers.items() if status >= 500}
    assert server_errors == {}
    assert answers["form 2 MB"] == 413
    assert answers["query 100 kB"] in (400, 414, 431)
    # A path that climbs out of the site never reaches a file.
    for what, status in answers.items():
        if "passwd" in what:
            assert status in (404, 405), what
