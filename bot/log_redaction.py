"""Keep secrets (bot tokens) and phone numbers out of log output.

Telegram file URLs and API URLs carry the bot token in their path, Zalo's too; a library that
logs a URL or an exception that quotes one would leak it. Secrets are registered once
(`register_secret`) and `install_log_redaction` wraps the log record factory, so every record
is cleaned when it is created, whichever logger emits it and whatever handlers are configured
later.

Beyond the registered secrets, a record is cleaned of what has the shape of one: a bot token
(`123456:AA...`, after `/bot` in a URL or alone), the value of a `token=`/`secret=`/`key=`
parameter in a URL, and Vietnamese phone numbers as people write them (`0912 345 678`,
`0912.345.678`, `+84 912 345 678`, `0239 3856 789`): a registration's answers reach logs
through exceptions and libraries' debug lines, and the log file outlives the database's
pruning.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

REDACTED = "<redacted>"
PHONE_REDACTED = "<phone>"

_lock = threading.Lock()
_secrets: list[str] = []
_installed = False

_SEP = r"[ .\-]?"
# Mobiles: 0 + 3/5/7/8/9 + 8 digits; landlines: 02 + 9 digits (0239 3856 789). Written with
# "+84" or "0084" in front of the number without its 0, or a bare "84" as Telegram gives a
# shared contact's. Separators (one space, dot or dash) may fall anywhere after the first two
# digits, as people group them.
_NATIONAL = rf"(?:[35789](?:{_SEP}\d){{8}}|2(?:{_SEP}\d){{9}})"
_PHONE = re.compile(
    rf"(?<![0-9.,+])(?:(?:(?:\+|00)84{_SEP}(?:\(0\){_SEP})?|0){_NATIONAL}|84[35789][0-9]{{8}})(?![0-9])",
    re.ASCII,
)
# A Telegram or Zalo bot token: the bot's number, a colon and the key.
_BOT_TOKEN = re.compile(r"\b\d{5,}:[A-Za-z0-9_\-]{20,}")
_URL_BOT_TOKEN = re.compile(r"(/bot)[0-9]+:[^/\s?#]+")  # <base>/bot<id>:<key>/<method>
_QUERY_SECRET = re.compile(
    r"([?&](?:access_token|token|secret|secret_token|key|signature|sig|password|X-Amz-Signature|"
    r"X-Amz-Credential)=)[^&\s#\"']+",
    re.IGNORECASE,
)


def register_secret(secret: str | None) -> None:
    """Remember a secret to redact; short strings are ignored (they would mangle logs)."""
    if not secret or len(secret) < 8:
        return
    with _lock:
        if secret not in _secrets:
            _secrets.append(secret)
            # Longest first so that a secret containing another is replaced whole.
            _secrets.sort(key=len, reverse=True)


def redact_phones(text: str) -> str:
    return _PHONE.sub(PHONE_REDACTED, text)


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _URL_BOT_TOKEN.sub(rf"\1{REDACTED}", text)
    text = _BOT_TOKEN.sub(REDACTED, text)
    text = _QUERY_SECRET.sub(rf"\1{REDACTED}", text)
    return redact_phones(text)


def _clean(record: logging.LogRecord) -> None:
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
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
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
