"""Officers record the trainings they held by chat: a commune officer's training is their
commune's (and its district's), a district officer's their district's, the province's nobody's
in particular; each is audited, and the figures count it. A producer may not record one, and
a training outside the officer's area is refused where the effect is carried out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from flows.messages import Reply
from flows.principal import Principal, RoleGrant
from flows.training_effects import LoadTrainings, NewTraining, RecordTraining, TrainingArea
from handlers.effects import EffectContext
from storage.database import Database
from storage.figures import stats_figures
from storage.models import AuditRecord, TrainingSessionRecord
from storage.unit_of_work import UnitOfWork
from storage.users import UserInfo
from tests.harness import Bot, make_bot

VU_QUANG, AN_PHU = "441", "18316"
# 09:30 on 16 March 2020 in Vietnam.
NOW = dt.datetime(2020, 3, 16, 2, 30, tzinfo=dt.UTC)


async def _officer(bot: Bot, chat: str, role: str, area: str | None) -> int:
    async with UnitOfWork(bot.database) as uow:
        user = await uow.users.get_or_create("fake", chat, None, "vi", bot.clock.now())
        await uow.users.grant(user.id, role, area, "2020", bot.clock.now())
        await uow.commit()
    return user.id


def _text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


async def _sessions(database: Database) -> list[TrainingSessionRecord]:
    async with UnitOfWork(database) as uow:
        found = list(await uow.session.scalars(select(TrainingSessionRecord)))
        uow.session.expunge_all()  # read after the session: the rows as they were loaded
        return found


async def test_a_commune_officer_records_a_training_of_their_commune(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW
    officer = await _officer(bot, "commune", "commune", AN_PHU)

    first = _text(await bot.say("/taphuan", chat="commune"))
    assert "Tập huấn OCOP — Xã Ân Phú (Huyện Vũ Quang)" in first
    asked = _text(await bot.say("1", chat="commune"))
    assert "Bước 1/4" in asked and "16/03/2020" in asked
    assert "chưa tới" in _text(await bot.say("20/3", chat="commune"))
    assert "Ngày chưa đúng" in _text(await bot.say("30/2", chat="commune"))
    assert "tối đa 200 ký tự" in _text(await bot.say("15/3", chat="commune"))
    assert "dài 201 ký tự" in _text(await bot.say("x" * 201, chat="commune"))
    await bot.say("Xây dựng phương án sản xuất kinh doanh", chat="commune")
    assert "con số" in _text(await bot.say("nhiều lắm", chat="commune"))
    await bot.say("không", chat="commune")  # "0" is "back", as every question says
    assert "ít nhất một người" in _text(await bot.say("không", chat="commune"))
    summary = _text(await bot.say("3", chat="commune"))
    assert "• Ngày: 15/03/2020" in summary and "• Chủ thể tham dự: 0 người" in summary
    # The producers corrected from the summary: back to it at once.
    await bot.say("4", chat="commune")
    summary = _text(await bot.say("25 người", chat="commune"))
    assert "• Chủ thể tham dự: 25 người" in summary and "• Cán bộ tham dự: 3 người" in summary
    saved = _text(await bot.say("1", chat="commune"))
    assert "✅ Đã ghi lớp tập huấn số" in saved and "(28 người tham dự)" in saved

    (session,) = await _sessions(database)
    assert (session.held_on, session.producers, session.officers) == (dt.date(2020, 3, 15), 25, 3)
    assert (session.commune_code, session.district_code) == (AN_PHU, VU_QUANG)
    assert session.recorded_by_user_id == officer
    async with UnitOfWork(database) as uow:
        audit = [
            (a.action, a.subject, a.area_code, (a.after or {}).get("producers"))
            for a in await uow.session.scalars(select(AuditRecord))
        ]
        figures = await stats_figures(uow.session, VU_QUANG, NOW)
    assert audit == [("training.recorded", f"training:{session.id}", AN_PHU, 25)]
    assert (figures.trained.sessions, figures.trained.producers) == (1, 25)

    listed = _text(await bot.say("/taphuan ds", chat="commune"))
    assert "Các lớp tập huấn ghi gần đây — Xã Ân Phú (Huyện Vũ Quang) (1 lớp)" in listed
    assert "15/03/2020 — Xây dựng phương án sản xuất kinh doanh: 25 chủ thể, 3 cán bộ" in listed


async def test_district_and_province_trainings_and_who_sees_which(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW
    await _officer(bot, "district", "district", VU_QUANG)
    await _officer(bot, "province", "province", None)
    await _officer(bot, "other", "district", "440")  # Đức Thọ
    for chat, topic in (("district", "Bán hàng trên mạng"), ("province", "An toàn thực phẩm")):
        await bot.say("/training", chat=chat)
        for answer in ("1", "hôm nay", topic, "12", "2"):
            await bot.say(answer, chat=chat)
        assert "✅" in _text(await bot.say("lưu", chat=chat))
    district, province = sorted(await _sessions(database), key=lambda s: s.id)
    assert (district.district_code, district.commune_code) == (VU_QUANG, None)
    assert (province.district_code, province.commune_code) == (None, None)
    assert district.held_on == dt.date(2020, 3, 16)

    theirs = _text(await bot.say("/taphuan ds", chat="district"))
    assert "Bán hàng trên mạng" in theirs and "An toàn thực phẩm" not in theirs
    everyone = _text(await bot.say("/taphuan ds", chat="province"))
    assert "Bán hàng trên mạng" in everyone and "An toàn thực phẩm" in everyone
    other = _text(await bot.say("/taphuan ds", chat="other"))
    assert "Chưa có lớp tập huấn nào được ghi ở Huyện Đức Thọ" in other


async def test_a_producer_may_not_and_another_area_is_refused_where_the_effect_runs(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW
    said = _text(await bot.say("/taphuan", chat="producer"))
    assert "cán bộ" in said and "Bước 1/4" not in said
    menu = [o.label for r in await bot.say("/start", chat="producer") for o in r.options]
    assert not any("tập huấn" in label for label in menu)

    officer = await _officer(bot, "commune", "commune", AN_PHU)
    menu = [o.label for r in await bot.say("/start", chat="commune") for o in r.options]
    assert any("Ghi lớp tập huấn" in label for label in menu)

    # A training of another commune, asked for directly: refused where the effect runs.
    principal = Principal(officer, "fake", "commune", (RoleGrant("commune", AN_PHU),))
    elsewhere = TrainingArea("2020", VU_QUANG, "18313")
    training = NewTraining(dt.date(2020, 3, 15), "Chế biến mật ong", 10, 1, elsewhere)
    async with UnitOfWork(database) as uow:
        user = UserInfo(officer, "fake", "commune", "vi")
        ctx = EffectContext(uow, principal, user, NOW)
        refused = await bot.dispatcher.effects.apply(ctx, RecordTraining(training))
        listing = await bot.dispatcher.effects.apply(ctx, LoadTrainings(elsewhere, 10))
        await uow.commit()
    assert getattr(refused, "reason", None) == "AUTH_OUTSIDE_AREA"
    assert getattr(listing, "reason", None) == "AUTH_OUTSIDE_AREA"
    assert await _sessions(database) == []
    async with UnitOfWork(database) as uow:
        rows = [
            (r.action, r.subject, r.after)
            for r in await uow.session.scalars(select(AuditRecord))
            if r.subject.startswith("training:")
        ]
    assert rows == [
        (
            "auth.refused",
            "training:new",
            {"action": "training.record", "reason": "AUTH_OUTSIDE_AREA"},
        ),
        (
            "auth.refused",
            "training:list",
            {"action": "training.view", "reason": "AUTH_OUTSIDE_AREA"},
        ),
    ]
