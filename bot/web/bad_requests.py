"""Malformed requests logged as one warning line, not as an error with a traceback.

aiohttp answers a request it cannot parse (a request line or header over its limits, a bad
Content-Length, a broken chunk) with 400 and logs it on `aiohttp.server` at ERROR with the
parser's whole traceback. Such requests are the client's fault and scanners send them by the
thousand: at ERROR they would fill the logs and hide real faults, and the traceback tells an
operator nothing. An exception in one of our handlers (a real 500) is left as it is.
"""

from __future__ import annotations

import logging
from typing import Final

from aiohttp.http_exceptions import HttpProcessingError

from bot.log_redaction import redact

SERVER_LOGGER: Final = "aiohttp.server"
# The parser's message may quote the request line (a webhook path, a token in a query):
# enough of it to tell what came, never a whole 8 kB line.
MAX_DETAIL_CHARS: Final = 200


class BadRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, HttpProcessingError):
            return True
        detail = " ".join(str(exc.message).split())[:MAX_DETAIL_CHARS]
        try:
            said = record.getMessage()
        except Exception:  # a bad format string: keep aiohttp's words out of it
            said = "Bad request"
        record.msg = redact(f"{said}: {exc.code} {type(exc).__name__}: {detail}")
        record.args = None
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = None
        return True


def quiet_bad_requests() -> None:
    """Install the filter on aiohttp's server logger; idempotent."""
    logger = logging.getLogger(SERVER_LOGGER)
    if not any(isinstance(f, BadRequestFilter) for f in logger.filters):
        logger.addFilter(BadRequestFilter())
