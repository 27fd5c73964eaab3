"""Requests the HTTP parser refuses are the client's fault: each is one warning line, without
a traceback, so that a scanner cannot fill the logs with errors."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from bot.web.bad_requests import MAX_DETAIL_CHARS, SERVER_LOGGER, BadRequestFilter
from storage.database import Database
from tests.security.served import serve

MALFORMED = (
    # A request line over aiohttp's 8 kB limit.
    b"GET /" + b"x" * 10_000 + b" HTTP/1.1\r\nHost: ocop.example\r\n\r\n",
    # A header line over the limit.
    b"GET /healthz HTTP/1.1\r\nHost: ocop.example\r\nX-Junk: " + b"y" * 10_000 + b"\r\n\r\n",
    b"POST /webhook/telegram HTTP/1.1\r\nHost: ocop.example\r\nContent-Length: abc\r\n\r\n",
    b"POST /webhook/telegram HTTP/1.1\r\nHost: ocop.example\r\nContent-Length: -5\r\n\r\n",
    b"POST /webhook/telegram HTTP/1.1\r\nHost: o\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: ocop.example\r\nBad Header Line\r\n\r\n",
)


async def test_malformed_requests_are_one_warning_line_each(
    database: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with serve(database, tmp_path) as served:
        caplog.set_level(logging.DEBUG, logger=SERVER_LOGGER)
        for request in MALFORMED:
            caplog.clear()
            status, _ = await served.raw(request)
            assert status == 400, request[:60]
            records = [r for r in caplog.records if r.name == SERVER_LOGGER]
            assert [r.levelno for r in records] == [logging.WARNING], request[:60]
            (record,) = records
            assert record.exc_info is None and not record.exc_text
            line = record.getMessage()
            assert "\n" not in line and len(line) < MAX_DETAIL_CHARS + 120, line
            assert "400" in line


def test_an_error_of_our_own_keeps_its_level_and_traceback() -> None:
    try:
        raise RuntimeError("a handler's bug")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        SERVER_LOGGER,
        logging.ERROR,
        __file__,
        1,
        "Error handling request from %s",
        ("x",),
        exc_info,
    )
    assert BadRequestFilter().filter(record)
    assert record.levelno == logging.ERROR and record.exc_info is exc_info
