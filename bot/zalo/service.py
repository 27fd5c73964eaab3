"""Zalo as a service of `ocop-bot run` (see bot/runtime.py): polling by default, the webhook
at OCOP_PUBLIC_URL/webhook/zalo with `--webhook`, and the short-lived photo URLs Zalo needs to
send pictures, whenever OCOP_PUBLIC_URL is set."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from bot.app import App
from bot.retrying import retry_until_stopped
from bot.service_state import ServiceState
from bot.web.server import STATUS_KEY, RouteSetup
from bot.zalo.channel import ZaloChannel
from bot.zalo.client import ZaloClient
from bot.zalo.intake import ZaloIntake
from bot.zalo.media import ZaloMediaPublisher, add_zalo_media_routes
from bot.zalo.polling import PollStatus, run_zalo_polling
from bot.zalo.webhook import add_zalo_webhook_route, register_zalo_webhook, zalo_webhook_secret
from handlers.inbox import Inbox
from handlers.scoring_effects import documents_dir
from storage.delivery_marks import StoredDeliveryMarks

log = logging.getLogger(__name__)

DRAIN_TIMEOUT = 30.0


class ZaloService:
    name = "zalo"

    def __init__(self, app: App, webhook: bool) -> None:
        settings = app.settings
        assert settings.zalo_token is not None
        token = settings.zalo_token.get_secret_value()
        self.public_url = (settings.public_url or "").rstrip("/") or None
        if webhook and self.public_url is None:
            raise SystemExit("ocop-bot run --webhook needs OCOP_PUBLIC_URL (the bot's address)")
        self.client = ZaloClient(token, settings.zalo_api_url)
        self.publisher = (
            ZaloMediaPublisher.for_bot_token(
                self.public_url,
                token,
                app.photo_store,
                documents=documents_dir(app.dispatcher.stamp_checker),
            )
            if self.public_url
            else None
        )
        self.channel = ZaloChannel(
            self.client,
            self.publisher,
            marks=StoredDeliveryMarks(app.database),
            clock=app.clock,
        )
        app.add_channel(self.channel)
        self.state = ServiceState()
        self.intake = ZaloIntake(app.dispatcher.handle, Inbox(app.database, app.clock))
        self.webhook_secret: str | None = None
        if webhook:
            shared = settings.webhook_secret
            self.webhook_secret = zalo_webhook_secret(
                shared.get_secret_value() if shared else None, token
            )
        self.poll_status = PollStatus()
        self._poll_task: asyncio.Task[None] | None = None

    def routes(self) -> Iterable[RouteSetup]:
        if self.publisher is not None:
            publisher = self.publisher

            def add_media(web_app: web.Application) -> None:
                add_zalo_media_routes(web_app, publisher)

            yield add_media
        if self.webhook_secret is not None:
            secret = self.webhook_secret

            def add_webhook(web_app: web.Application) -> None:
                add_zalo_webhook_route(web_app, secret, self.intake)

            yield add_webhook

        def add_status(web_app: web.Application) -> None:
            web_app[STATUS_KEY]["zalo"] = self.status

        yield add_status

    def status(self) -> dict[str, Any]:
        if self.webhook_secret is not None:
            own: dict[str, Any] = {"mode": "webhook", "ok": True}
        else:
            own = self.poll_status.as_json()
        own.update(received=self.intake.received, in_hand=self.intake.pending)
        return self.state.merged(own)

    async def start(self, stop: asyncio.Event) -> None:
        if self.publisher is None:
            log.warning("Zalo: OCOP_PUBLIC_URL is unset, so photo replies go as text only")
        me = await retry_until_stopped(self.client.get_me, stop, "Zalo getMe", self.state.retrying)
        if me is None:
            return
        log.info("Zalo: connected as %s", me.get("account_name") or me.get("id") or "the bot")
        if self.webhook_secret is not None:
            assert self.public_url is not None
            public_url, secret = self.public_url, self.webhook_secret

            async def register() -> str:
                return await register_zalo_webhook(self.client, public_url, secret)

            await retry_until_stopped(register, stop, "Zalo setWebhook", self.state.retrying)
        else:
            self._poll_task = asyncio.create_task(
                run_zalo_polling(self.client, self.intake, stop, status=self.poll_status),
                name="zalo polling",
            )

    async def shutdown(self) -> None:
        if self._poll_task is not None:
            await self._poll_task
        if not await self.intake.close(DRAIN_TIMEOUT):
            log.warning("Zalo: gave up on updates still in hand after %.0f s", DRAIN_TIMEOUT)
        await self.channel.aclose()


async def zalo_service(app: App, webhook: bool) -> ZaloService | None:
    if app.settings.zalo_token is None:
        return None
    return ZaloService(app, webhook)
