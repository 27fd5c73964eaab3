"""The one aiohttp application the bot serves: webhooks, the health check, and whatever other
modules add (Zalo's webhook, the stamp page, Zalo's media) through a `RouteSetup`:

    def add_stamp_routes(web_app: web.Application) -> None:
        web_app.router.add_get("/s/{code}", stamp_page)

    web_app = build_web_app(app, [add_stamp_routes, ...])

Handlers find the `App` as `request.app[APP_KEY]`. A module that reports on its health adds a
callable to `request.app[STATUS_KEY]` (name -> status dict with an "ok" boolean); a part that
is no channel (the outbox loop, the scheduler: bot/runtime.py) to `request.app[PARTS_KEY]`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web

from bot.app import App
from bot.web.bad_requests import quiet_bad_requests
from bot.web.security_headers import add_security_headers

log = logging.getLogger(__name__)

RouteSetup = Callable[[web.Application], None]
StatusSource = Callable[[], dict[str, Any]]

APP_KEY = web.AppKey("ocop_app", App)
STATUS_KEY = web.AppKey("ocop_status", dict[str, StatusSource])
PARTS_KEY = web.AppKey("ocop_parts", dict[str, StatusSource])
# A database that does not answer within this is down, for the health check.
PING_TIMEOUT = 3.0


def build_web_app(app: App, setups: Iterable[RouteSetup] = ()) -> web.Application:
    # Telegram sends updates of a few kB; 1 MB leaves room for other routes' forms.
    web_app = web.Application(client_max_size=1024 * 1024)
    quiet_bad_requests()
    add_security_headers(web_app)
    web_app[APP_KEY] = app
    web_app[STATUS_KEY] = {}
    web_app[PARTS_KEY] = {}
    web_app.router.add_get("/healthz", healthz)
    for setup in setups:
        setup(web_app)
    return web_app


async def healthz(request: web.Request) -> web.Response:
    """200 when every part is up; 503 otherwise, `failing` naming the parts that are down
    ("database", "channels.telegram", "outbox", "scheduler")."""
    app = request.app[APP_KEY]
    database: dict[str, Any] = {"dialect": app.database.dialect}
    try:
        database["ok"] = await asyncio.wait_for(app.database.ping(), PING_TIMEOUT)
    except Exception as exc:
        database.update(ok=False, error=type(exc).__name__)
    if not database["ok"]:
        database.setdefault("error", "unreachable")
        log.warning("health check: the database is down (%s)", database["error"])
    channels: dict[str, Any] = {}
    for name, source in request.app[STATUS_KEY].items():
        channels[name] = _status_of(source)
    for name in app.channels:
        channels.setdefault(name, {"ok": True})
    # Sending fails while the platform is unreachable, webhooks or not: the last error shows
    # until a send goes through again.
    for name, error in app.outbox.send_errors.items():
        if name in channels:
            channels[name] = {**channels[name], "ok": False, "send_error": error}
    parts = {name: _status_of(source) for name, source in request.app[PARTS_KEY].items()}
    failing = ["database"] if not database["ok"] else []
    failing += [f"channels.{n}" for n, c in channels.items() if not c.get("ok")]
    failing += [n for n, p in parts.items() if not p.get("ok")]
    body = {
        "ok": not failing,
        "failing": failing,
        "database": database,
        "channels": channels,
        **parts,
    }
    return web.json_response(body, status=503 if failing else 200)


def _status_of(source: StatusSource) -> dict[str, Any]:
    try:
        return source()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
