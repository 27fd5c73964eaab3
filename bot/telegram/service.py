"""Telegram as a service of `ocop-bot run` (see bot/runtime.py): long polling by default, the
webhook at OCOP_PUBLIC_URL/webhook/telegram with `--webhook`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from aiohttp import web

from bot.app import App
from bot.retrying import retry_until_stopped
from bot.secret_files import load_or_create_secret
from bot.service_state import ServiceState
from bot.web.server import STATUS_KEY, RouteSetup
from handlers.inbox import Inbox
from storage.delivery_marks import StoredDeliveryMarks

log = logging.getLogger(__name__)

# How long a stop waits for the updates in hand before giving up on them.
DRAIN_TIMEOUT = 30.0


class TelegramService:
    """Telegram in polling or webhook mode."""

    name = "telegram"

    def __init__(self, app: App, webhook: bool) -> None:
        from bot.per_chat import PerChatTasks
        from bot.telegram.channel import TelegramChannel
        from bot.telegram.intake import TelegramIntake
        from bot.telegram.polling import TelegramPoller
        from bot.telegram.webhook import SECRET_FILE, TelegramWebhook

        settings = app.settings
        assert settings.telegram_token is not None
        self.settings = settings
        self.webhook_mode = webhook
        self.channel = TelegramChannel(
            settings.telegram_token.get_secret_value(),
            settings.telegram_api_url,
            photo_path=app.photo_store.path_of,
            lang=settings.lang,
            marks=StoredDeliveryMarks(app.database),
            clock=app.clock,
        )
        app.add_channel(self.channel)
        self.state = ServiceState()
        self.intake = TelegramIntake(
            self.channel, app.dispatcher.handle, Inbox(app.database, app.clock), PerChatTasks()
        )
        self.poller: TelegramPoller | None = None
        self.webhook: TelegramWebhook | None = None
        if webhook:
            if not settings.public_url:
                raise SystemExit("ocop-bot run --webhook needs OCOP_PUBLIC_URL (the bot's address)")
            if settings.webhook_secret is not None:
                secret = settings.webhook_secret.get_secret_value()
            else:
                secret = load_or_create_secret(settings.data_dir, SECRET_FILE)
            self.webhook = TelegramWebhook(self.intake, secret)
        else:
            self.poller = TelegramPoller(self.intake)
        self._poll_task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    def routes(self) -> Iterable[RouteSetup]:
        if self.webhook is not None:
            yield self.webhook.routes()
            status = self.webhook.status
        else:
            assert self.poller is not None
            status = self.poller.status

        def add_status(web_app: web.Application) -> None:
            # Replaces the webhook's own entry: the same status, with the service's state.
            web_app[STATUS_KEY]["telegram"] = lambda: self.state.merged(status())

        yield add_status

    async def start(self, stop: asyncio.Event) -> None:
        self._stop = stop
        username = await retry_until_stopped(
            self.channel.start, stop, "Telegram getMe", self.state.retrying
        )
        if username is None:
            return
        log.info("Telegram: connected as @%s", username)
        if self.webhook is not None:
            await self._set_webhook(stop)
        else:
            await retry_until_stopped(
                self.channel.delete_webhook, stop, "Telegram deleteWebhook", self.state.retrying
            )
            assert self.poller is not None
            self._poll_task = asyncio.create_task(self.poller.run(stop), name="telegram polling")
            log.info("Telegram: polling for updates")

    async def _set_webhook(self, stop: asyncio.Event) -> None:
        public = (self.settings.public_url or "").rstrip("/")
        if not public.startswith("https://"):
            log.warning(
                "OCOP_PUBLIC_URL %s is not https: Telegram only calls https webhooks, so a TLS "
                "proxy must sit in front of this server",
                public,
            )
        from bot.telegram.webhook import PATH

        assert self.webhook is not None
        secret = self.webhook.secret

        async def register() -> None:
            await self.channel.set_webhook(public + PATH, secret)

        await retry_until_stopped(register, stop, "Telegram setWebhook", self.state.retrying)
        log.info("Telegram: webhook registered at %s%s", public, PATH)

    async def shutdown(self) -> None:
        if self._poll_task is not None:
            await self._poll_task
        if self.poller is not None:
            # Everything up to the offset is in the inbox: it need not come again.
            await self.poller.confirm()
        if not await self.intake.close(DRAIN_TIMEOUT):
            log.warning("Telegram: gave up on updates still in hand after %.0f s", DRAIN_TIMEOUT)
        await self.channel.close()


async def telegram_service(app: App, webhook: bool) -> TelegramService | None:
    if app.settings.telegram_token is None:
        return None
    return TelegramService(app, webhook)
