"""`GET /metrics`: Prometheus text exposition of handlers/metrics.py and the process's own
(memory, CPU, open files: prometheus-client's default collectors).

The outbox's depth and the age of its oldest due row are read from the database at each
scrape, in two grouped queries on the (status, next_attempt_at) index: pending rows are few
(sent ones are marked, old ones pruned), and every process reports the same shared table.
The route answers anyone who reaches it: the reverse proxy keeps it to localhost
(deploy/nginx/ocop-bot.conf).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from aiohttp import web
from prometheus_client import REGISTRY, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func, select

from bot.web.server import APP_KEY
from handlers import metrics
from storage.database import Database
from storage.models import OutboxRecord
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

PATH = "/metrics"
# A scrape must not hang on a database that does not answer; the gauges are then left out.
QUERY_TIMEOUT = 3.0
_OUTBOX_GAUGES = (metrics.OUTBOX_PENDING, metrics.OUTBOX_DUE, metrics.OUTBOX_OLDEST_DUE_AGE)


def add_metrics_routes(web_app: web.Application) -> None:
    web_app.router.add_get(PATH, metrics_page)


async def metrics_page(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    try:
        await asyncio.wait_for(read_outbox(app.database, app.clock.now()), QUERY_TIMEOUT)
    except Exception as exc:
        log.warning("metrics: the outbox could not be read (%s)", type(exc).__name__)
        for gauge in _OUTBOX_GAUGES:
            gauge.clear()
    body = generate_latest(REGISTRY)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


async def read_outbox(database: Database, now: dt.datetime) -> None:
    """Set the outbox gauges from the table as it is now."""
    pending_q = (
        select(OutboxRecord.channel, func.count())
        .where(OutboxRecord.status == "pending")
        .group_by(OutboxRecord.channel)
    )
    due_q = (
        select(OutboxRecord.channel, func.count(), func.min(OutboxRecord.next_attempt_at))
        .where(OutboxRecord.status == "pending", OutboxRecord.next_attempt_at <= now)
        .group_by(OutboxRecord.channel)
    )
    async with UnitOfWork(database) as uow:
        pending = (await uow.session.execute(pending_q)).all()
        due = (await uow.session.execute(due_q)).all()
    for gauge in _OUTBOX_GAUGES:
        gauge.clear()
    for channel, count in pending:
        metrics.OUTBOX_PENDING.labels(channel).set(count)
        metrics.OUTBOX_DUE.labels(channel).set(0)
        metrics.OUTBOX_OLDEST_DUE_AGE.labels(channel).set(0)
    for channel, count, oldest in due:
        metrics.OUTBOX_DUE.labels(channel).set(count)
        metrics.OUTBOX_OLDEST_DUE_AGE.labels(channel).set(max(0.0, (now - oldest).total_seconds()))
