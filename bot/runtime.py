"""`ocop-bot run`: every configured channel, the web server and the outbox sender, until
SIGTERM or Ctrl-C, then a clean stop that finishes the updates in hand.

A channel (or any feature with background work or routes) is a `Service`: each channel's lives
in its package (`bot/telegram/service.py`, `bot/zalo/service.py`). At start, the updates a crash
left recorded but unhandled (the inbox) are queued first, before any channel takes new ones; then
the web server and the outbox start, and each service starts in its own task, retrying on its
own: one platform unreachable keeps none of the others waiting (/healthz shows each one's state).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol

from aiohttp import web

from bot.app import App, build_app
from bot.intake import Intake
from bot.service_state import ServiceState
from bot.settings import Settings
from bot.web.dashboard import add_dashboard_routes
from bot.web.metrics_route import add_metrics_routes
from bot.web.server import PARTS_KEY, RouteSetup, build_web_app
from bot.web.stamp_page import add_stamp_routes
from handlers.inbox import Inbox
from scheduler.reminder_jobs import ReminderJobs

log = logging.getLogger(__name__)

# How long a stop waits for a service still starting (a call in flight) before cancelling it.
START_CANCEL_TIMEOUT = 5.0


class Service(Protocol):
    name: str  # the channel's name for a channel
    state: ServiceState

    @property
    def intake(self) -> Intake | None:
        """Where its channel's updates go, recovered ones too (None: not a channel)."""

    def routes(self) -> Iterable[RouteSetup]:
        """Web routes to serve (may be none)."""

    async def start(self, stop: asyncio.Event) -> None:
        """Connect and start background work; return once started."""

    async def shutdown(self) -> None:
        """Stop taking work, finish what is in hand, close connections."""


ServiceFactory = Callable[[App, bool], Awaitable["Service | None"]]


def _channel_services() -> list[ServiceFactory]:
    """Every channel; each starts only when its token is set."""
    from bot.telegram.service import telegram_service
    from bot.zalo.service import zalo_service

    return [telegram_service, zalo_service]


class Runtime:
    def __init__(self, app: App, services: list[Service], extra_routes: Iterable[RouteSetup] = ()):
        self.app = app
        self.services = services
        self.extra_routes = list(extra_routes)
        self.stop = asyncio.Event()
        self.web_runner: web.AppRunner | None = None
        self._outbox_task: asyncio.Task[None] | None = None
        self._start_tasks: list[asyncio.Task[None]] = []
        self._jobs: ReminderJobs | None = None
        self.recovered = 0  # updates a crash had left in hand, queued at start

    async def start(self) -> None:
        # Before the web server: a webhook's new update must queue behind the recovered ones.
        self.recovered = await self.recover()
        settings = self.app.settings
        setups: list[RouteSetup] = [*self.extra_routes]
        for service in self.services:
            setups.extend(service.routes())
        web_app = build_web_app(self.app, setups)
        web_app[PARTS_KEY]["outbox"] = self.outbox_status
        web_app[PARTS_KEY]["scheduler"] = self.scheduler_status
        self.web_runner = web.AppRunner(web_app, access_log=None, handle_signals=False)
        await self.web_runner.setup()
        site = web.TCPSite(self.web_runner, settings.web_host, settings.web_port)
        await site.start()
        log.info("web server on http://%s:%s", settings.web_host, settings.web_port)
        for service in self.services:
            task = asyncio.create_task(self._start_service(service), name=f"start {service.name}")
            self._start_tasks.append(task)
        if not self.services:
            log.warning("no channel configured: set OCOP_TELEGRAM_TOKEN (or OCOP_ZALO_TOKEN)")
        # Replies a crash left unsent go first, then the periodic retry loop.
        self._outbox_task = asyncio.create_task(self._outbox(), name="outbox")
        # Reminders: APScheduler wakes the planning and the sweep; what they write goes out
        # through the outbox like any reply.
        if self.app.reminders is not None:
            self._jobs = self.app.reminders.jobs()
            self._jobs.start()

    async def recover(self) -> int:
        """Queue what was recorded and not handled before the last stop, in the order it came;
        how many. A channel no longer configured keeps its rows for when it is again. Once,
        at start: rows still queued are not handled yet, and would be queued twice."""
        intakes = {s.name: s.intake for s in self.services if s.intake is not None}
        if not intakes:
            return 0
        try:
            pending = await Inbox(self.app.database, self.app.clock).unhandled(intakes.keys())
        except Exception:
            log.exception("inbox: reading the updates left in hand failed")
            return 0
        for inbound in pending:
            intakes[inbound.channel].submit(inbound)
        if pending:
            log.info("inbox: handling %d updates left in hand by the last run", len(pending))
        return len(pending)

    async def _start_service(self, service: Service) -> None:
        try:
            await service.start(self.stop)
        except Exception as exc:
            service.state.failed(f"{type(exc).__name__}: {exc}")
            log.exception("%s could not start; the others go on", service.name)
            return
        if self.stop.is_set():
            service.state.stopped()
        else:
            service.state.started()

    def outbox_status(self) -> dict[str, Any]:
        """The outbox loop, for /healthz: it sends every reply, so a dead loop is an outage."""
        task = self._outbox_task
        if task is None:
            return {"ok": False, "state": "starting"}
        if not task.done():
            return {"ok": True, "state": "running"}
        error = None if task.cancelled() else task.exception()
        if error is not None:
            return {"ok": False, "state": "failed", "error": f"{type(error).__name__}: {error}"}
        return {"ok": False, "state": "stopped"}

    def scheduler_status(self) -> dict[str, Any]:
        """APScheduler, which wakes the reminders: running, and when the sweep runs next."""
        if self.app.reminders is None:
            return {"ok": True, "state": "off"}
        scheduler = getattr(self._jobs, "_scheduler", None)
        if scheduler is None or not scheduler.running:
            return {"ok": False, "state": "stopped" if self.stop.is_set() else "starting"}
        job = scheduler.get_job("reminders.sweep")
        next_run = job.next_run_time.isoformat() if job and job.next_run_time else None
        return {"ok": True, "state": "running", "next_sweep": next_run}

    async def _outbox(self) -> None:
        try:
            await self.app.outbox.deliver_pending()
        except Exception:
            log.exception("outbox: delivering pending replies failed")
        await self.app.outbox.run_forever(self.stop)

    async def shutdown(self) -> None:
        self.stop.set()
        if self._jobs is not None:
            await self._jobs.shutdown()
        # Stop taking webhooks first, then let each service finish its updates in hand.
        if self.web_runner is not None:
            await self.web_runner.shutdown()
        if self._start_tasks:
            _, starting = await asyncio.wait(self._start_tasks, timeout=START_CANCEL_TIMEOUT)
            for task in starting:
                task.cancel()
            await asyncio.gather(*self._start_tasks, return_exceptions=True)
        for service in self.services:
            try:
                await service.shutdown()
            except Exception:
                log.exception("%s did not stop cleanly", service.name)
            service.state.stopped()
        if self._outbox_task is not None:
            await self._outbox_task
        if self.web_runner is not None:
            await self.web_runner.cleanup()
        log.info("stopped")


async def run(settings: Settings, webhook: bool) -> int:
    app = await build_app(settings, exclusive=True)
    try:
        services: list[Service] = []
        for factory in _channel_services():
            service = await factory(app, webhook)
            if service is not None:
                services.append(service)
        # The stamp page is served even when no chat channel is configured.
        routes = [add_stamp_routes, add_dashboard_routes, add_metrics_routes]
        runtime = Runtime(app, services, extra_routes=routes)
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
    parser.add_argument(
        "--log-format",
        choices=["text", "json"],
        default=None,
        help="json: one JSON object a line, with the conversation key (OCOP_LOG_FORMAT)",
    )
    parser.set_defaults(run=cmd_run, quiet=False)
