"""A whole programme year of the seed's calendar with a fake clock, through the planning, the
sweep and the outbox on a real database: every deadline reminder reaches the officers it
concerns at its time (08:00 in Hà Tĩnh, the offsets before each date), exactly once, and
nobody else; planning twice (two processes, or a restart) changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from flows.reminder_plan import ReminderSettings
from handlers.reminder_planning import ReminderPlanning
from handlers.reminder_render import render_due
from handlers.reminder_sweep import ReminderSweep
from storage.admin_units_source import load_default_admin_units
from storage.calendar_source import load_calendar
from storage.database import Database
from storage.models import OutboxRecord, ReminderRecord
from storage.unit_of_work import UnitOfWork
from tests.harness import Bot, make_bot

LOCAL = dt.timezone(dt.timedelta(hours=7))
YEAR = 2027
STEP = dt.timedelta(hours=12)


async def _officer(bot: Bot, chat: str, role: str, area: str | None) -> int:
    async with UnitOfWork(bot.database) as uow:
        user = await uow.users.get_or_create(bot.channel.name, chat, chat, "vi", bot.clock.now())
        await uow.users.grant(user.id, role, area, "2020", bot.clock.now())
        await uow.commit()
        return int(user.id)


def _expected(day: int, month: int, offsets: tuple[int, ...]) -> list[dt.datetime]:
    deadline = dt.date(YEAR, month, day)
    return [
        dt.datetime.combine(deadline - dt.timedelta(days=d), dt.time(8, 0), LOCAL).astimezone(
            dt.UTC
        )
        for d in offsets
    ]


async def test_a_year_of_deadlines_each_once_at_its_time(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = dt.datetime(YEAR - 1, 12, 31, 12, 0, tzinfo=dt.UTC)
    units = load_default_admin_units()
    [vu_quang] = units.find_districts("Vũ Quang")
    [an_phu] = units.find_communes("Ân Phú", vu_quang.code)
    [huong_khe] = units.find_districts("Hương Khê")
    commune = await _officer(bot, "commune", "commune", an_phu.code)
    district = await _officer(bot, "district", "district", vu_quang.code)
    other_district = await _officer(bot, "district-2", "district", huong_khe.code)
    province = await _officer(bot, "province", "province", None)

    rules = ReminderSettings()
    calendar = load_calendar()
    planning = ReminderPlanning(database, bot.clock, calendar, rules, "2020")
    twin = ReminderPlanning(database, bot.clock, calendar, rules, "2020")  # a second process
    sweep = ReminderSweep(database, bot.clock, render_due, settings=rules)

    arrived: list[tuple[dt.datetime, str, str]] = []
    end = dt.datetime(YEAR + 1, 1, 1, tzinfo=LOCAL)
    while bot.clock.now() < end:
        await planning.run()
        await twin.run()
        await sweep.sweep()
        before = len(bot.channel.sent)
        await bot.outbox.deliver_pending()
        await bot.outbox.flush()
        arrived += [(bot.clock.now(), s.chat_id, s.reply.text) for s in bot.channel.sent[before:]]
        async with UnitOfWork(database) as uow:
            due = await uow.reminders.next_due()
        step = bot.clock.now() + STEP
        bot.clock.moment = min(step, due) if due is not None and due > bot.clock.now() else step

    ideas = _expected(31, 3, (14, 7, 3, 1))
    report = [m for month in range(1, 13) for m in _expected(20, month, (3, 1))]
    evaluation = _expected(31, 10, (14, 7, 3, 1))
    certification = _expected(30, 11, (14, 7, 3, 1))
    expected = {
        "commune": sorted(ideas),
        "district": sorted(ideas + report + evaluation),
        "district-2": sorted(ideas + report + evaluation),
        "province": sorted(certification),
    }
    for chat, moments in expected.items():
        got = [at for at, to, _ in arrived if to == chat]
        assert got == moments, chat
    assert {to for _, to, _ in arrived} == set(expected)

    texts = Counter((to, text) for _, to, text in arrived)
    assert max(texts.values()) == 1  # no text twice to one person
    first = next(text for at, to, text in arrived if to == "district" and at == ideas[0])
    assert "31/03" in first, first

    async with UnitOfWork(database) as uow:
        rows = await uow.session.scalar(select(func.count()).select_from(ReminderRecord))
        sent = await uow.session.scalar(
            select(func.count()).select_from(ReminderRecord).where(ReminderRecord.status == "sent")
        )
        outbox = await uow.session.scalar(select(func.count()).select_from(OutboxRecord))
    total = sum(len(m) for m in expected.values())
    assert rows == sent == outbox == total
    assert {commune, district, other_district, province}
