"""Keep secrets (bot tokens) out of log output.

Telegram file URLs and API URLs carry the bot token in their path, Zalo's too; a library that
logs a URL or an exception that quotes one would leak it. Secrets are registered once
(`register_secret`) and `install_log_redaction` wraps the log record factory, so every record
is cleaned when it is created, whichever logger emits it and whatever handlers are configured
later.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

REDACTED = "<redacted>"

_lock = threading.Lock()
_secrets: list[str] = []
_installed = False


def register_secret(secret: str | None) -> None:
    """Remember a secret to redact; short strings are ignored (they would mangle logs)."""
    if not secret or len(secret) < 8:
        return
    with _lock:
        if secret not in _secrets:
            _secrets.append(secret)
            # Longest first so that a secret containing another is replaced whole.
            _secrets.sort(key=len, reverse=True)


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _clean(record: logging.LogRecord) -> None:
    if not _secrets:
        return
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: leave it for logging to report
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and not record.exc_text:
        # Formatters reuse exc_text when it is set, so the traceback prints redacted.
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class SecretRedactingFilter(logging.Filter):
    """For handlers that receive records made elsewhere (e.g. from another process)."""

    def filter(self, record: logging.LogRecord) -> bool:
        _clean(record)
        return True


def install_log_redaction() -> None:
    """Clean every log record at creation; idempotent."""
    global _installed
    with _lock:
        if _installed:
            return
        factory = logging.getLogRecordFactory()

        def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = factory(*args, **kwargs)
            _clean(record)
            return record

        logging.setLogRecordFactory(make_record)
        _installed = True
