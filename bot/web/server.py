"""The one aiohttp application the bot serves: webhooks, the health check, and whatever other
modules add (Zalo's webhook, the stamp page, Zalo's media) through a `RouteSetup`:

    def add_stamp_routes(web_app: web.Application) -> None:
        web_app.router.add_get("/s/{code}", stamp_page)

    web_app = build_web_app(app, [add_stamp_routes, ...])

Handlers find the `App` as `request.app[APP_KEY]`. A module that reports on its health adds a
callable to `request.app[STATUS_KEY]` (name -> status dict with an "ok" boolean).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web

from bot.app import App

log = logging.getLogger(__name__)

RouteSetup = Callable[[web.Application], None]
StatusSource = Callable[[], dict[str, Any]]

APP_KEY = web.AppKey("ocop_app", App)
STATUS_KEY = web.AppKey("ocop_status", dict[str, StatusSource])


def build_web_app(app: App, setups: Iterable[RouteSetup] = ()) -> web.Application:
    # Telegram sends updates of a few kB; 1 MB leaves room for other routes' forms.
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app[APP_KEY] = app
    web_app[STATUS_KEY] = {}
    web_app.router.add_get("/healthz", healthz)
    for setup in setups:
        setup(web_app)
    return web_app


async def healthz(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    try:
        database_ok = await app.database.ping()
    except Exception:
        log.exception("health check: database ping failed")
        database_ok = False
    channels: dict[str, Any] = {}
    for name, source in request.app[STATUS_KEY].items():
        try:
            channels[name] = source()
        except Exception as exc:
            channels[name] = {"ok": False, "error": type(exc).__name__}
    for name in app.channels:
        channels.setdefault(name, {"ok": True})
    ok = database_ok and all(bool(c.get("ok")) for c in channels.values())
    body = {
        "ok": ok,
        "database": {"ok": database_ok, "dialect": app.database.dialect},
        "channels": channels,
    }
    # 503 only for the database: a channel that cannot reach its API still takes webhooks.
    return web.json_response(body, status=200 if database_ok else 503)
