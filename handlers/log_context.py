"""The conversation a log line concerns, for structured logs (bot/log_format.py).

Set where the work for one chat runs (the dispatcher's step, the outbox's delivery to a chat):
a context variable follows the task, so every line logged below it, by our code or a
library's, carries the key without being passed around.
"""

from __future__ import annotations

from contextvars import ContextVar

conversation_key: ContextVar[str | None] = ContextVar("ocop_conversation_key", default=None)
