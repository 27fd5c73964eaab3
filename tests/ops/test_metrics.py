"""/metrics after real traffic through the dispatcher, the outbox, the stamp check, the decoder
and the reminder sweep: each number moved by exactly what happened."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import segno

from flows.messages import Reply
from flows.reminder_types import ANNOUNCEMENT, Candidate
from handlers.ports import ChannelUnavailable
from stamps.serial import format_serial
from storage.database import Database
from storage.outbox import NewMessage
from storage.unit_of_work import UnitOfWork
from tests.e2e.support import free_port
from tests.fakes import FakeClock
from tests.ops.support import app_with_channel, parse, text_update, value, web_client


async def _scrape(client: object) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")  # type: ignore[attr-defined]
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return parse(await response.text())


def _qr_png(text: str) -> bytes:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


async def test_scrape_after_traffic(database: Database, tmp_path: Path) -> None:
    clock = FakeClock()
    async with (
        app_with_channel(database, tmp_path, clock) as (app, channel),
        web_client(app) as client,
    ):
        before = await _scrape(client)

        # Three updates from two people; the second reply of the last one fails once.
        for chat, text in [("c1", "/start"), ("c2", "/start"), ("c1", "/help")]:
            if text == "/help":
                channel.failures.append(ChannelUnavailable("the fake API is down"))
            await app.dispatcher.handle(text_update(chat, text))
        sent = len(channel.sent)
        assert sent >= 2

        # A typed serial never issued, and a photo's codes read.
        now = clock.now()
        async with UnitOfWork(app.database) as uow:
            checker = app.dispatcher.stamp_checker
            result = await checker.check_text(uow, format_serial(424242), True, "fake", "h", now)
            await uow.commit()
        assert result.status == "unknown"
        reading = await checker.decode_original(_qr_png("https://example.org/not-a-stamp"))
        assert reading.codes == ("https://example.org/not-a-stamp",)

        # One reminder due 90 s ago, swept now; two outbox rows on a channel this process does
        # not serve: one due two minutes ago, one postponed to tomorrow.
        async with UnitOfWork(app.database) as uow:
            users = await uow.users.get_or_create_many([("zalo", "z1", "Hoa")], "vi", now)
            user = users[("zalo", "z1")]
            await uow.reminders.add_many(
                [
                    Candidate(
                        kind=ANNOUNCEMENT,
                        user_id=user.id,
                        subject="training-1",
                        due_at=now - dt.timedelta(seconds=90),
                        params={"text": "Tập huấn OCOP sáng thứ Năm."},
                    )
                ],
                now - dt.timedelta(seconds=90),
            )
            old = now - dt.timedelta(seconds=120)
            rows = await uow.outbox.add_many(
                [
                    NewMessage("zalo", "z2", Reply("a").to_json()),
                    NewMessage("zalo", "z3", Reply("b").to_json()),
                ],
                old,
            )
            await uow.outbox.postpone(rows[1].id, now + dt.timedelta(days=1), "later")
            await uow.commit()
        assert app.reminders is not None
        swept = await app.reminders.sweep.sweep()
        assert swept.sent == 1

        after = await _scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("ocop_updates_received_total", channel="fake") == 3
    # The failed send was retried later by the outbox, not in this test: sent counts only
    # what the platform took.
    assert delta("ocop_replies_sent_total", channel="fake") == sent
    assert delta("ocop_errors_total", kind="send_unavailable") == 1
    assert delta("ocop_stamp_checks_total", result="unknown") == 1
    assert delta("ocop_photo_decode_seconds_count") == 1
    assert delta("ocop_photo_decode_seconds_sum") > 0
    assert delta("ocop_reminder_lag_seconds_count") == 1
    assert delta("ocop_reminder_lag_seconds_sum") == 90
    # The reminder's row waits on zalo too (due now), beside the two written before.
    assert value(after, "ocop_outbox_pending", channel="zalo") == 3
    assert value(after, "ocop_outbox_due", channel="zalo") == 2
    assert value(after, "ocop_outbox_oldest_due_age_seconds", channel="zalo") == 120
    # The failed reply is pending on the fake channel, postponed by the retry policy.
    assert value(after, "ocop_outbox_pending", channel="fake") == 1
    # prometheus-client's own process metrics come along.
    assert any(name.startswith("process_") for name, _ in after)


async def test_a_database_down_leaves_the_outbox_gauges_out(
    database: Database, tmp_path: Path
) -> None:
    async with app_with_channel(database, tmp_path) as (app, _channel):
        await app.database.dispose()
        broken = Database(f"postgresql+asyncpg://ocop@127.0.0.1:{free_port()}/ocop")
        app.database, real = broken, app.database
        try:
            async with web_client(app) as client:
                samples = await _scrape(client)
        finally:
            app.database = real
            await broken.dispose()
    # The page is still served; the gauges read from the table are not guessed.
    assert any(name.startswith("process_") for name, _ in samples)
    assert not [name for name, _ in samples if name.startswith("ocop_outbox_")]
