"""POST /webhook/telegram: Telegram pushes updates here once `setWebhook` is called.

Only requests carrying our secret in X-Telegram-Bot-Api-Secret-Token are taken (401 otherwise,
nothing processed). A taken update is recorded in the inbox, then answered 200 and handled in
the background; when it cannot be recorded the answer is 503 and Telegram sends it again. A
redelivered one is recorded once and handled once.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
from typing import Any

from aiohttp import web

from bot.telegram.intake import TelegramIntake
from bot.web.server import STATUS_KEY, RouteSetup
from bot.webhook_body import BadBody, read_json_body, refuse

log = logging.getLogger(__name__)

PATH = "/webhook/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_FILE = "telegram-webhook-secret"


class TelegramWebhook:
    def __init__(self, intake: TelegramIntake, secret: str) -> None:
        if not secret:
            raise ValueError("a webhook needs a secret")
        self.intake = intake
        self._secret = secret.encode()
        self.rejected = 0
        self.last_update: dt.datetime | None = None

    @property
    def secret(self) -> str:
        return self._secret.decode()

    def routes(self) -> RouteSetup:
        def setup(web_app: web.Application) -> None:
            web_app.router.add_post(PATH, self.handle)
            web_app[STATUS_KEY]["telegram"] = self.status

        return setup

    def status(self) -> dict[str, Any]:
        return {
            "mode": "webhook",
            "ok": True,
            "last_update": self.last_update.isoformat() if self.last_update else None,
            "received": self.intake.received,
            "rejected": self.rejected,
            "in_hand": self.intake.pending,
        }

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            self.rejected += 1
            log.warning(
                "telegram webhook: request without the right secret from %s", request.remote
            )
            return web.Response(status=401, text="unauthorized")
        if self.intake.full:
            # Telegram retries later; the inbox makes a retry harmless.
            return web.Response(status=503, text="busy")
        try:
            payload = await read_json_body(request)
        except BadBody as bad:
            refuse("telegram webhook", request, bad)
            return web.Response(status=bad.status, text=bad.reason)
        if not isinstance(payload, dict):
            return web.Response(status=400, text="not an update")
        self.last_update = dt.datetime.now(dt.UTC)
        try:
            await self.intake.take(self.intake.parse([payload]))
        except Exception as exc:
            log.error(
                "telegram webhook: update %s not recorded (%r); answered 503",
                payload.get("update_id"),
                exc,
            )
            return web.Response(status=503, text="not recorded")
        return web.Response(status=200)
