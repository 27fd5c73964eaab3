"""Reading a webhook's JSON body without letting a hostile one cost more than a 400.

A body over `MAX_BODY` is refused by its Content-Length before it is read, and by counting
while reading when the length is not announced (chunked). JSON nested deeper than `MAX_DEPTH`
is refused too: an update is a handful of levels deep, and a deep one would otherwise end in
a RecursionError inside the parser or in whatever walks it next.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # bytes; an update is a few kB
MAX_DEPTH = 32
# Updates one request may carry: a platform pushes one at a time; a body with more is refused
# whole (413, nothing recorded). What is taken is held in memory within the intake's bounds
# (bot/intake.py), the rest waits in the inbox.
MAX_UPDATES_PER_REQUEST = 10_000


class BadBody(Exception):
    """The body is not one we take: answer `status` (400 or 413), log one line."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_json_body(request: web.Request, max_bytes: int = MAX_BODY) -> Any:
    """The parsed body, or `BadBody`."""
    length = request.content_length
    if length is not None and length > max_bytes:
        raise BadBody(413, f"body of {length} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise BadBody(413, f"body over {max_bytes} bytes")
        chunks.append(chunk)
    try:
        body = json.loads(b"".join(chunks))
    except RecursionError:
        raise BadBody(400, "JSON nested too deep") from None
    except ValueError:
        raise BadBody(400, "not JSON") from None
    if _depth_over(body, MAX_DEPTH):
        raise BadBody(400, "JSON nested too deep")
    return body


def check_update_count(count: int, max_updates: int = MAX_UPDATES_PER_REQUEST) -> None:
    """`BadBody` (413) when one request carries more updates than we take."""
    if count > max_updates:
        raise BadBody(413, f"{count} updates in one request (at most {max_updates})")


def _depth_over(value: Any, limit: int) -> bool:
    """Whether `value` nests deeper than `limit` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def refuse(what: str, request: web.Request, bad: BadBody) -> None:
    """The one log line of a refused body."""
    log.warning("%s: refused a body from %s: %s", what, request.remote, bad.reason)
