"""`POST /webhook/zalo`: updates pushed by Zalo once a webhook is registered.

Zalo sends the secret given to setWebhook, in clear, in `X-Bot-Api-Secret-Token` (no body
signature). A wrong or missing secret gets 401. Otherwise the update is recorded in the inbox,
answered 200 and handled in the background: whether and how often Zalo redelivers is not
documented, so a slow answer must not invite a retry. An update that cannot be recorded is
answered 503, for Zalo to send it again; a redelivery is recorded and handled once.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from aiohttp import web

from bot.webhook_body import BadBody, check_update_count, read_json_body, refuse
from bot.zalo.client import ZaloClient
from bot.zalo.intake import ZaloIntake

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhook/zalo"
SECRET_HEADER = "X-Bot-Api-Secret-Token"


def zalo_webhook_secret(webhook_secret: str | None, zalo_token: str) -> str:
    """The secret to register with Zalo: derived, so that Zalo and Telegram never share one
    and its form always fits Zalo's rule (8-256 characters); from the bot token when
    OCOP_WEBHOOK_SECRET is unset."""
    seed = webhook_secret or zalo_token
    return hmac.new(seed.encode(), b"ocop zalo webhook v1", hashlib.sha256).hexdigest()


def add_zalo_webhook_route(web_app: web.Application, secret: str, intake: ZaloIntake) -> None:
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("Zalo webhook call with a wrong secret from %s", request.remote)
            return web.json_response({"ok": False}, status=401)
        if intake.full:
            return web.json_response({"ok": False}, status=503)
        try:
            body = await read_json_body(request)
            inbounds = intake.parse(body)
            check_update_count(len(inbounds))
        except BadBody as bad:
            refuse("Zalo webhook", request, bad)
            return web.json_response({"ok": False}, status=bad.status)
        try:
            await intake.take(inbounds)
        except Exception as exc:
            log.error("Zalo webhook: update not recorded (%r); answered 503", exc)
            return web.json_response({"ok": False}, status=503)
        return web.json_response({"ok": True})

    web_app.router.add_post(WEBHOOK_PATH, receive)


async def register_zalo_webhook(client: ZaloClient, public_url: str, secret: str) -> str:
    """Point Zalo at our webhook (replacing polling); return the registered URL."""
    url = public_url.rstrip("/") + WEBHOOK_PATH
    if not url.startswith("https://"):
        log.warning("Zalo requires a public https webhook URL; %s may be refused", url)
    await client.set_webhook(url, secret)
    log.info("Zalo: webhook registered at %s", url)
    return url
