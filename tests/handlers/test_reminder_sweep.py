"""What the sweep does with due reminders a stopped process left behind, and with people who
cannot or do not want to be reminded: late ones go once, marked late; long past ones are
dropped; blocked people are skipped and counted; a paused producer is left alone while an
officer's legal deadline still comes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import update

from flows.reminder_plan import ReminderSettings
from flows.reminder_preference_effects import ReminderPreference
from flows.reminder_types import ANNOUNCEMENT, Candidate
from handlers.reminder_planning import ReminderPlanning
from handlers.reminder_render import render_due
from handlers.reminder_sweep import ReminderSweep
from storage.admin_units_source import load_default_admin_units
from storage.calendar_source import load_calendar
from storage.database import Database
from storage.models import UserRecord
from storage.unit_of_work import UnitOfWork
from tests.harness import Bot, make_bot

LOCAL = dt.timezone(dt.timedelta(hours=7))


async def _person(bot: Bot, chat: str, role: str | None = None) -> int:
    units = load_default_admin_units()
    [vu_quang] = units.find_districts("Vũ Quang")
    async with UnitOfWork(bot.database) as uow:
        user = await uow.users.get_or_create(bot.channel.name, chat, chat, "vi", bot.clock.now())
        if role is not None:
            await uow.users.grant(user.id, role, vu_quang.code, "2020", bot.clock.now())
        await uow.commit()
        return int(user.id)


def _parts(bot: Bot) -> tuple[ReminderPlanning, ReminderSweep]:
    rules = ReminderSettings()
    planning = ReminderPlanning(bot.database, bot.clock, load_calendar(), rules, "2020")
    return planning, ReminderSweep(bot.database, bot.clock, render_due, settings=rules)


async def _deliver(bot: Bot) -> list[str]:
    before = len(bot.channel.sent)
    await bot.outbox.deliver_pending()
    await bot.outbox.flush()
    return [s.reply.text for s in bot.channel.sent[before:]]


async def test_a_process_down_over_a_deadline_sends_the_latest_reminder_once_marked_late(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = dt.datetime(2027, 3, 20, 9, 0, tzinfo=LOCAL)
    await _person(bot, "district", "district")
    planning, sweep = _parts(bot)
    await planning.run()  # the last run before the stop: planned up to a day ahead

    # Down from 20 March until 09:00 on 1 April: the 24, 28 and 30 March reminders missed.
    bot.clock.moment = dt.datetime(2027, 4, 1, 9, 0, tzinfo=LOCAL)
    await planning.run()
    result = await sweep.sweep()
    texts = await _deliver(bot)

    ideas = [t for t in texts if "31/03" in t]
    assert len(ideas) == 1, texts  # the latest one only, not three
    assert "đã qua 1 ngày" in ideas[0], ideas[0]
    assert result.late >= 1 and result.skipped["superseded"] >= 2, result

    await planning.run()
    assert (await sweep.sweep()).sent == 0  # once
    assert await _deliver(bot) == []


async def test_reminders_of_a_deadline_long_past_are_dropped_not_sent(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = dt.datetime(2027, 3, 20, 9, 0, tzinfo=LOCAL)
    await _person(bot, "district", "district")
    planning, sweep = _parts(bot)
    await planning.run()

    bot.clock.moment = dt.datetime(2027, 4, 12, 9, 0, tzinfo=LOCAL)  # 12 days after it
    await planning.run()
    result = await sweep.sweep()
    texts = await _deliver(bot)
    assert not [t for t in texts if "31/03" in t], texts
    assert result.dropped >= 1
    async with UnitOfWork(database) as uow:
        counts = await uow.reminders.counts()
    assert counts.get(("deadline", "dropped", "long_past"), 0) >= 1, counts


async def test_blocked_people_are_skipped_and_counted_muted_ones_keep_legal_deadlines(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    now = dt.datetime(2027, 3, 16, 10, 0, tzinfo=LOCAL)
    bot.clock.moment = now
    blocked = await _person(bot, "blocked-officer", "district")
    paused = await _person(bot, "paused-officer", "district")
    producer = await _person(bot, "paused-producer")
    async with UnitOfWork(database) as uow:
        await uow.session.execute(
            update(UserRecord).where(UserRecord.id == blocked).values(blocked=True)
        )
        for who in (paused, producer):
            pause = ReminderPreference(paused_until=now + dt.timedelta(days=30))
            await uow.reminder_preferences.set(who, pause, now)
        params = {"announcement_id": "1", "topic": "fair", "text": "Hội chợ", "sender": "Tỉnh"}
        await uow.reminders.add_many(
            [Candidate(ANNOUNCEMENT, producer, "announcement:1", now, params=params)], now
        )
        await uow.commit()

    planning, sweep = _parts(bot)
    await planning.run()
    bot.clock.moment = dt.datetime(2027, 3, 17, 8, 0, tzinfo=LOCAL)
    result = await sweep.sweep()
    await _deliver(bot)

    reached = {s.chat_id for s in bot.channel.sent}
    assert reached == {"paused-officer"}  # the legal deadline, despite the pause
    assert result.skipped["blocked"] >= 1 and result.skipped["muted"] == 1, result
    async with UnitOfWork(database) as uow:
        counts = await uow.reminders.counts()
    assert counts[("announcement", "skipped", "muted")] == 1
    assert counts[("deadline", "skipped", "blocked")] >= 1
