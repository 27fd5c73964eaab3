"""`ocop-bot run`: every configured channel, the web server and the outbox sender, until
SIGTERM or Ctrl-C, then a clean stop that finishes the updates in hand.

A channel (or any feature with background work or routes) is a `Service`. Telegram's is built
here; others plug in through `extra_services` (see `_extension_services`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from aiohttp import web

from bot.app import App, build_app
from bot.retrying import retry_until_stopped
from bot.secret_files import load_or_create_secret
from bot.settings import Settings
from bot.stamp_page import add_stamp_routes
from bot.web import STATUS_KEY, RouteSetup, build_web_app

log = logging.getLogger(__name__)

# How long a stop waits for the updates in hand before giving up on them.
DRAIN_TIMEOUT = 30.0


class Service(Protocol):
    name: str

    def routes(self) -> Iterable[RouteSetup]:
        """Web routes to serve (may be none)."""

    async def start(self, stop: asyncio.Event) -> None:
        """Connect and start background work; return once started."""

    async def shutdown(self) -> None:
        """Stop taking work, finish what is in hand, close connections."""


ServiceFactory = Callable[[App, bool], Awaitable["Service | None"]]


class TelegramService:
    """Telegram in polling or webhook mode."""

    name = "telegram"

    def __init__(self, app: App, webhook: bool) -> None:
        # aiogram takes seconds to import: only when Telegram is configured.
        from bot.per_chat import PerChatTasks
        from bot.telegram_channel import TelegramChannel
        from bot.telegram_intake import TelegramIntake
        from bot.telegram_polling import TelegramPoller
        from bot.telegram_webhook import SECRET_FILE, TelegramWebhook

        settings = app.settings
        assert settings.telegram_token is not None
        self.settings = settings
        self.webhook_mode = webhook
        self.channel = TelegramChannel(
            settings.telegram_token.get_secret_value(),
            settings.telegram_api_url,
            photo_path=app.photo_store.path_of,
            lang=settings.lang,
        )
        app.add_channel(self.channel)
        self.tasks = PerChatTasks()
        self.intake = TelegramIntake(self.channel, app.dispatcher, self.tasks)
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
        elif self.poller is not None:
            poller = self.poller

            def add_status(web_app: web.Application) -> None:
                web_app[STATUS_KEY]["telegram"] = poller.status

            yield add_status

    async def start(self, stop: asyncio.Event) -> None:
        self._stop = stop
        username = await retry_until_stopped(self.channel.start, stop, "Telegram getMe")
        if username is None:
            return
        log.info("Telegram: connected as @%s", username)
        if self.webhook is not None:
            await self._set_webhook(stop)
        else:
            await retry_until_stopped(self.channel.delete_webhook, stop, "Telegram deleteWebhook")
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
        from bot.telegram_webhook import PATH

        assert self.webhook is not None
        secret = self.webhook.secret

        async def register() -> None:
            await self.channel.set_webhook(public + PATH, secret)

        await retry_until_stopped(register, stop, "Telegram setWebhook")
        log.info("Telegram: webhook registered at %s%s", public, PATH)

    async def shutdown(self) -> None:
        if self._poll_task is not None:
            await self._poll_task
        finished = await self.tasks.drain(DRAIN_TIMEOUT)
        if not finished:
            log.warning("Telegram: gave up on updates still in hand after %.0f s", DRAIN_TIMEOUT)
        if self.poller is not None:
            await self.poller.confirm()
        await self.intake.close()
        await self.channel.close()


async def telegram_service(app: App, webhook: bool) -> Service | None:
    if app.settings.telegram_token is None:
        return None
    return TelegramService(app, webhook)


def _channel_services() -> list[ServiceFactory]:
    """Every channel; each starts only when its token is set."""
    from bot.zalo_runtime import zalo_service

    return [telegram_service, zalo_service]


class Runtime:
    def __init__(self, app: App, services: list[Service], extra_routes: Iterable[RouteSetup] = ()):
        self.app = app
        self.services = services
        self.extra_routes = list(extra_routes)
        self.stop = asyncio.Event()
        self.web_runner: web.AppRunner | None = None
        self._outbox_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        settings = self.app.settings
        setups: list[RouteSetup] = [*self.extra_routes]
        for service in self.services:
            setups.extend(service.routes())
        web_app = build_web_app(self.app, setups)
        self.web_runner = web.AppRunner(web_app, access_log=None, handle_signals=False)
        await self.web_runner.setup()
        site = web.TCPSite(self.web_runner, settings.web_host, settings.web_port)
        await site.start()
        log.info("web server on http://%s:%s", settings.web_host, settings.web_port)
        for service in self.services:
            await service.start(self.stop)
        if not self.services:
            log.warning("no channel configured: set OCOP_TELEGRAM_TOKEN (or OCOP_ZALO_TOKEN)")
        # Replies a crash left unsent go first, then the periodic retry loop.
        self._outbox_task = asyncio.create_task(self._outbox(), name="outbox")

    async def _outbox(self) -> None:
        try:
            await self.app.outbox.deliver_pending()
        except Exception:
            log.exception("outbox: delivering pending replies failed")
        await self.app.outbox.run_forever(self.stop)

    async def shutdown(self) -> None:
        self.stop.set()
        # Stop taking webhooks first, then let each service finish its updates in hand.
        if self.web_runner is not None:
            await self.web_runner.shutdown()
        for service in self.services:
            try:
                await service.shutdown()
            except Exception:
                log.exception("%s did not stop cleanly", service.name)
        if self._outbox_task is not None:
            await self._outbox_task
        if self.web_runner is not None:
            await self.web_runner.cleanup()
        log.info("stopped")


async def run(settings: Settings, webhook: bool) -> int:
    app = await build_app(settings)
    try:
        services: list[Service] = []
        for factory in _channel_services():
            service = await factory(app, webhook)
            if service is not None:
                services.append(service)
        # The stamp page is served even when no chat channel is configured.
        runtime = Runtime(app, services, extra_routes=[add_stamp_routes])
        loop = asyncio.get_running_loop()
        signals = 0

        def on_signal() -> None:
            nonlocal signals
            signals += 1
            if signals == 1:
                log.info("stopping: finishing the updates in hand (again to quit at once)")
                runtime.stop.set()
            else:
                raise SystemExit(130)

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal)
        try:
            await runtime.start()
            await runtime.stop.wait()
        finally:
            await runtime.shutdown()
    finally:
        await app.close()
    return 0


async def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    return await run(settings, webhook=bool(args.webhook))


def add_run_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "run", help="serve Telegram and Zalo (whichever has a token) and the web server"
    )
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="take updates by webhook at OCOP_PUBLIC_URL/webhook/telegram and /webhook/zalo",
    )
    parser.set_defaults(run=cmd_run, quiet=False)
