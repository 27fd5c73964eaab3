"""/deadlines through the dispatcher: an officer sees their coming deadlines with the days
left, today's figures of their own area and the reminders still to come; the menu shows it to
officers only, and a producer is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.app import build_app
from bot.settings import Settings
from flows.deadline_list import figures_asked
from flows.deadline_list_effects import FigureAsked, LoadDeadlineFigures
from flows.formatting import VN_TZ
from flows.messages import Reply
from flows.principal import Principal, RoleGrant
from handlers.default_effects import default_effects
from handlers.effects import EffectContext
from storage.calendar_source import default_calendar_text
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from tests.harness import Bot, make_bot
from tests.storage.test_reminder_figures import AN_PHU, VU_QUANG, seed_ideas

NOW = dt.datetime(2027, 3, 10, 9, 30, tzinfo=VN_TZ)


async def _officer(bot: Bot, chat: str, grants: list[tuple[str, str | None]]) -> int:
    async with UnitOfWork(bot.database) as uow:
        user = await uow.users.get_or_create("fake", chat, None, "vi", bot.clock.now())
        for role, area in grants:
            await uow.users.grant(user.id, role, area, "2020", bot.clock.now())
        await uow.commit()
    return user.id


def _text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


async def test_an_officer_sees_their_deadlines_figures_and_reminders(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW.astimezone(dt.UTC)
    async with UnitOfWork(database) as uow:
        await seed_ideas(uow)
        await uow.commit()
    await _officer(bot, "district", [("district", VU_QUANG)])

    shown = _text(await bot.say("/hanchot", chat="district"))
    lines = shown.splitlines()
    assert lines[0] == "📅 Hạn sắp tới của anh/chị (hôm nay 10/03/2027):"
    assert "• 20/03/2027 — báo cáo tiến độ hằng tháng gửi tỉnh (còn 10 ngày)" in lines
    assert "• 31/03/2027 — gửi ý tưởng sản phẩm lên tỉnh thẩm định (còn 21 ngày)" in lines
    assert "  Vai trò: cán bộ huyện, Huyện Vũ Quang" in lines
    assert "  Còn 2 ý tưởng chờ anh/chị xem xét, chọn và gửi đi." in lines
    assert "  Sẽ nhắc: 17/03, 24/03, 28/03, 30/03 lúc 08:00" in lines
    assert "  Gõ /baocao để làm việc này." in lines
    # Beyond 60 days, the next date of each other deadline, with today's figure.
    assert "• 31/10/2027 — hội đồng cấp huyện đánh giá, phân hạng sản phẩm (còn 235 ngày)" in lines
    assert "  Còn 2 sản phẩm chờ hội đồng cấp huyện chấm điểm." in lines
    assert "tỉnh đánh giá và cấp giấy chứng nhận" not in shown  # the province's, not theirs

    await bot.say("/lang en", chat="district")
    english = _text(await bot.say("/deadlines", chat="district"))
    assert "📅 Your coming deadlines (today 10/03/2027):" in english
    assert "  2 ideas still wait for your review and selection." in english
    assert "  Reminders: 17/03, 24/03, 28/03, 30/03 at 08:00" in english


async def test_the_menu_shows_deadlines_to_officers_only(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW.astimezone(dt.UTC)
    await _officer(bot, "commune", [("commune", AN_PHU)])
    menu = await bot.say("/start", chat="commune")
    assert any(o.id == "menu::deadlines" for r in menu for o in r.options)
    producer = await bot.say("/start", chat="producer")
    assert not any(o.id == "menu::deadlines" for r in producer for o in r.options)
    refused = _text(await bot.say("/hanchot", chat="producer"))
    assert "Hạn sắp tới" not in refused and "cán bộ" in refused
    listed = _text(await bot.press("menu::deadlines", chat="commune"))
    assert "Vai trò: cán bộ xã, Xã Ân Phú" in listed and "Còn 0" not in listed
    assert "Hiện không còn hồ sơ nào chờ anh/chị." in listed


async def test_figures_of_a_seat_not_held_are_left_out(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    user_id = await _officer(bot, "district", [("district", VU_QUANG)])
    principal = Principal(user_id, "fake", "district", (RoleGrant("district", VU_QUANG),))
    mine = FigureAsked("selection", "district", VU_QUANG, "2020")
    other = FigureAsked("selection", "district", "440", "2020")
    assert figures_asked([]) == ()
    async with UnitOfWork(database) as uow:
        await seed_ideas(uow)
        user = await uow.users.get_or_create("fake", "district", None, "vi", bot.clock.now())
        ctx = EffectContext(uow, principal, user, bot.clock.now())
        registry = default_effects(bot.photo_store, bot.dispatcher.stamp_checker)
        loaded = await registry.apply(ctx, LoadDeadlineFigures((mine, other)))
    assert [(c.asked, c.count) for c in loaded.counts] == [(mine, 2)]  # type: ignore[attr-defined]


async def test_a_province_s_own_calendar_moves_the_inbox_line_unless_the_setting_does(
    tmp_path: Path,
) -> None:
    own = tmp_path / "own.toml"
    own.write_text(default_calendar_text().replace('date = "31/03"', 'date = "15/04"'), "utf-8")
    app = await build_app(Settings(data_dir=tmp_path / "a", calendar=own))
    try:
        assert app.dispatcher.province_deadline == (15, 4)
        entry = app.dispatcher.calendar.get("ideas_to_province")
        assert entry is not None and (entry.day, entry.month) == (15, 4)
    finally:
        await app.close()
    app = await build_app(
        Settings(data_dir=tmp_path / "b", calendar=own, province_deadline="20/03")
    )
    try:
        assert app.dispatcher.province_deadline == (20, 3)
    finally:
        await app.close()
