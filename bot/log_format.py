"""Structured logs: `ocop-bot run --log-format json` (or OCOP_LOG_FORMAT=json) writes one JSON
object per line, for journald, Loki or any collector that reads lines:

    {"time": "2025-03-01T08:00:00.123+00:00", "level": "INFO", "logger": "handlers.outbox",
     "message": "...", "conversation": "telegram:12345"}

`conversation` (channel:chat) is there when the line concerns one chat: the dispatcher and the
outbox set it for the task that serves the chat (handlers/log_context.py). Every message and
traceback passes through bot/log_redaction.py again here, so that a secret registered after a
record was made still never reaches the output.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any, Literal

from bot.log_redaction import redact
from handlers.log_context import conversation_key

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ConversationFilter(logging.Filter):
    """Puts the conversation key on the record (the handler's, so library records get it too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "conversation"):
            record.conversation = conversation_key.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        key = getattr(record, "conversation", None) or conversation_key.get()
        if key:
            entry["conversation"] = key
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)


def formatter_for(log_format: LogFormat) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def apply_format(handlers: list[logging.Handler], log_format: LogFormat) -> None:
    """Give these handlers the format and the conversation key."""
    for handler in handlers:
        handler.setFormatter(formatter_for(log_format))
        handler.addFilter(ConversationFilter())
