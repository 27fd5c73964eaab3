"""/reminders through the real dispatcher on a real database: the choice stored once per
person (paused until a time, or stopped), read back, and what the sweep asks of it
(`muted_many`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from flows.messages import Reply
from flows.reminder_preference_effects import ReminderPreference
from storage.database import Database
from storage.models import ReminderPreferenceRecord
from storage.unit_of_work import UnitOfWork
from tests.harness import make_bot

NOW = dt.datetime(2026, 3, 16, 2, 30, tzinfo=dt.UTC)  # 09:30 in Vietnam
DAY = dt.timedelta(days=1)


def _text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


async def _user_ids(database: Database, *chats: str) -> list[int]:
    async with UnitOfWork(database) as uow:
        found = await uow.users.get_or_create_many([("fake", c, None) for c in chats], "vi", NOW)
        await uow.commit()
    return [found[("fake", c)].id for c in chats]


async def test_pause_stop_and_back_on_as_the_sweep_sees_them(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW
    assert "đang bật" in _text(await bot.say("/nhacnho", chat="hoa"))
    assert "đến 23/03/2026 09:30" in _text(await bot.say("1", chat="hoa"))
    # From a reminder's "Tạm dừng nhắc" button, over nothing open.
    shown = _text(await bot.press("menu::reminders", chat="lan"))
    assert "đang bật" in shown
    assert "dừng hẳn" in _text(await bot.say("dung han", chat="lan"))
    hoa, lan, binh = await _user_ids(database, "hoa", "lan", "binh")

    async with UnitOfWork(database) as uow:
        prefs = uow.reminder_preferences
        assert await prefs.get(hoa) == ReminderPreference(NOW + 7 * DAY)
        assert await prefs.get(lan) == ReminderPreference(stopped=True)
        assert await prefs.get(binh) == ReminderPreference()  # nothing stored: on
        assert await prefs.muted_many([hoa, lan, binh], NOW) == {hoa, lan}
        # Once the pause has run out, only the stop holds.
        assert await prefs.muted_many([hoa, lan, binh, hoa], NOW + 8 * DAY) == {lan}

    assert "đang tạm dừng đến 23/03/2026 09:30" in _text(await bot.say("/reminders", chat="hoa"))
    assert "Đã bật lại" in _text(await bot.say("bat lai nhac nho", chat="hoa"))
    async with UnitOfWork(database) as uow:
        assert await uow.reminder_preferences.muted_many([hoa], NOW) == set()
        rows = await uow.session.execute(
            select(
                ReminderPreferenceRecord.user_id,
                ReminderPreferenceRecord.stopped,
                ReminderPreferenceRecord.paused_until,
            )
        )
        stored = sorted(tuple(r) for r in rows)
    assert stored == [
        (hoa, False, None),
        (lan, True, None),
    ]


async def test_many_people_at_once(database: Database, tmp_path: Path) -> None:
    chats = [f"u{i}" for i in range(1200)]  # more than one statement's slice
    ids = await _user_ids(database, *chats)
    async with UnitOfWork(database) as uow:
        for user_id in ids[::3]:
            await uow.reminder_preferences.set(user_id, ReminderPreference(stopped=True), NOW)
        await uow.commit()
    async with UnitOfWork(database) as uow:
        assert await uow.reminder_preferences.muted_many(ids, NOW) == set(ids[::3])
