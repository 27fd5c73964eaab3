"""Announcements through the real dispatcher on a real database: the recipients of each
audience, a district officer kept to their district, producers refused, one reminder row per
recipient written once in the step's transaction, "Tôi sẽ tham gia" recorded once (by button
and by a number typed on Zalo), and the count in /thongke.

Places: Ân Phú (18316) and Đức Giang (18319) in Vũ Quang (441); Nam Hà (18073) in 436.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from flows.announcement import announcement_params, announcement_reply
from flows.announcement_effects import (
    DISTRICT_PRODUCERS,
    GROUP_PRODUCERS,
    OFFICERS,
    Audience,
    AudienceCounted,
    CountAudience,
    SendAnnouncement,
)
from flows.messages import Inbound, Reply
from flows.notice import notice_payload
from flows.officer_effects import ActionRefused
from flows.principal import Principal
from flows.reminder_types import ANNOUNCEMENT
from handlers.effects import EffectContext
from storage.database import Database
from storage.models import (
    AnnouncementRecord,
    AnnouncementReplyRecord,
    AuditRecord,
    IdeaRecord,
    ReminderRecord,
)
from storage.outbox import NewMessage
from storage.unit_of_work import UnitOfWork
from tests.fakes import FakeChannel
from tests.harness import Bot, make_bot

VU_QUANG, OTHER_DISTRICT = "441", "436"
AN_PHU, DUC_GIANG, NAM_HA = "18316", "18319", "18073"
# 09:30 on 16 March 2026 in Vietnam.
NOW = dt.datetime(2026, 3, 16, 2, 30, tzinfo=dt.UTC)

# chat: (district, commune, product group, blocked)
PRODUCERS = {
    "p-food": (VU_QUANG, AN_PHU, "food", False),
    "p-drink": (VU_QUANG, DUC_GIANG, "beverage", False),
    "p-blocked": (VU_QUANG, AN_PHU, "food", True),
    "p-elsewhere": (OTHER_DISTRICT, NAM_HA, "food", False),
}
# chat: (role, area)
OFFICER_SEATS = {
    "d-441": ("district", VU_QUANG),
    "d-436": ("district", OTHER_DISTRICT),
    "province": ("province", None),
    "c-18316": ("commune", AN_PHU),
    "c-18319": ("commune", DUC_GIANG),
    "c-18073": ("commune", NAM_HA),
}


def _text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


async def _people(bot: Bot) -> dict[str, int]:
    """Every producer (an idea each; p-food two) and officer, by chat."""
    ids: dict[str, int] = {}
    now = bot.clock.now()
    async with UnitOfWork(bot.database) as uow:
        for n, (chat, (district, commune, group, blocked)) in enumerate(PRODUCERS.items()):
            user = await uow.users.get_or_create(bot.channel.name, chat, None, "vi", now)
            user.blocked = blocked
            ids[chat] = user.id
            for k in range(2 if chat == "p-food" else 1):
                uow.session.add(_idea(user.id, f"{n}-{k}", district, commune, group, now))
        for chat, (role, area) in OFFICER_SEATS.items():
            user = await uow.users.get_or_create(bot.channel.name, chat, None, "vi", now)
            await uow.users.grant(user.id, role, area, "2020", now)
            ids[chat] = user.id
        await uow.commit()
    return ids


def _idea(
    user_id: int, number: str, district: str, commune: str, group: str, now: dt.datetime
) -> IdeaRecord:
    return IdeaRecord(
        registration_number=f"T-{number}",
        user_id=user_id,
        state="submitted",
        applicant_name="Nguyễn Thị Hoa",
        applicant_type="htx",
        phone="+84912345678",
        admin_structure="2020",
        district_code=district,
        commune_code=commune,
        product_name="Mật ong",
        product_group=group,
        group_ruleset="1048/QĐ-TTg",
        core_value="Nguyên chất",
        target_market="province",
        volume="2 tấn",
        price=150_000,
        story="",
        answers={},
        created_at=now,
        submitted_at=now,
    )


async def _apply_as(bot: Bot, chat: str, effect: object) -> Any:
    """Carry out `effect` as this person with the dispatcher's own handlers, in one committed
    transaction, as a flow would have asked for it."""
    now = bot.clock.now()
    async with UnitOfWork(bot.database) as uow:
        [info] = (await uow.users.get_or_create_many([("fake", chat, None)], "vi", now)).values()
        roles = await uow.users.roles_many([info.id], "2020")
        held = roles.get(info.id)
        principal = Principal(info.id, "fake", chat, held.current if held else ())
        result = await bot.dispatcher.effects.apply(
            EffectContext(uow, principal, info, now), effect
        )
        await uow.commit()
    return result


async def _reminders(database: Database) -> list[tuple[int, str, str, dt.datetime]]:
    async with database.session() as session:
        rows = await session.execute(
            select(
                ReminderRecord.user_id,
                ReminderRecord.kind,
                ReminderRecord.subject,
                ReminderRecord.due_at,
            ).order_by(ReminderRecord.user_id)
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]


async def _count(database: Database, model: type) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _audit(database: Database) -> list[tuple[str, str, dict[str, Any]]]:
    async with database.session() as session:
        rows = await session.scalars(select(AuditRecord).order_by(AuditRecord.id))
        return [(a.action, a.subject, a.after or {}) for a in rows]


async def test_a_district_officer_announces_a_training_to_their_producers(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW
    ids = await _people(bot)
    await bot.say("/thongbao", chat="d-441")
    await bot.say("cac chu the da dang ky", chat="d-441")
    await bot.say("1", chat="d-441")
    preview = _text(await bot.say("Lớp tập huấn bán hàng trên mạng, 8 giờ 25/3", chat="d-441"))
    assert "các chủ thể đã đăng ký ở Huyện Vũ Quang — 2 người" in preview
    assert "(1 người đã chặn Trợ lý nên không nhận được)" in preview
    assert "Người gửi: Huyện Vũ Quang" in preview
    assert await _count(database, ReminderRecord) == 0  # a preview writes nothing

    sent = _text(await bot.say("1", chat="d-441"))
    assert "✅ Đã gửi thông báo tới 2 người" in sent
    async with database.session() as session:
        (announcement,) = await session.scalars(select(AnnouncementRecord))
    assert (announcement.audience, announcement.audience_area) == (DISTRICT_PRODUCERS, VU_QUANG)
    assert (announcement.topic, announcement.recipients) == ("training", 2)
    assert announcement.sender_user_id == ids["d-441"]
    subject = f"announcement:{announcement.id}"
    assert await _reminders(database) == [
        (ids["p-food"], ANNOUNCEMENT, subject, NOW),
        (ids["p-drink"], ANNOUNCEMENT, subject, NOW),
    ]
    async with database.session() as session:
        params = (await session.scalars(select(ReminderRecord.params))).first()
    assert params == announcement_params(
        announcement.id, "training", "Lớp tập huấn bán hàng trên mạng, 8 giờ 25/3", "Huyện Vũ Quang"
    )
    assert (await _audit(database))[-1][:2] == ("announcement.sent", subject)
    # Nothing reached the producers yet: the sweep delivers the rows.
    assert not bot.channel.texts("p-food")


async def test_the_recipients_of_each_audience(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW
    await _people(bot)

    async def count(chat: str, audience: Audience) -> tuple[int, int]:
        counted = await _apply_as(bot, chat, CountAudience(audience))
        assert isinstance(counted, AudienceCounted), counted
        return counted.recipients, counted.blocked

    food = Audience(GROUP_PRODUCERS, "2020", group="food")
    assert await count("province", food) == (2, 1)  # p-food (two ideas, once), p-elsewhere
    assert await count("d-441", Audience(GROUP_PRODUCERS, "2020", VU_QUANG, "food")) == (1, 1)
    assert await count("province", Audience(DISTRICT_PRODUCERS, "2020", OTHER_DISTRICT)) == (1, 0)
    communes = Audience(OFFICERS, "2020", VU_QUANG, level="commune")
    assert await count("d-441", communes) == (2, 0)  # not Nam Hà's
    assert await count("province", Audience(OFFICERS, "2020", level="commune")) == (3, 0)
    districts = Audience(OFFICERS, "2020", level="district")
    assert await count("province", districts) == (2, 0)

    # The province picks a district by its name, typed without diacritics.
    await bot.say("/thongbao", chat="province")
    await bot.say("1", chat="province")
    await bot.say("duc tho", chat="province")  # 440: nobody registered there
    await bot.say("3", chat="province")
    preview = _text(await bot.say("Họp", chat="province"))
    assert "Huyện Đức Thọ — 0 người" in preview
    await bot.say("2", chat="province")  # change the recipients
    await bot.say("1", chat="province")
    preview = _text(await bot.say("5", chat="province"))  # Huyện Vũ Quang
    assert "Huyện Vũ Quang — 2 người" in preview and "Người gửi: Tỉnh Hà Tĩnh" in preview


async def test_a_district_officer_is_kept_to_their_district_and_producers_are_refused(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW
    await _people(bot)
    for chat in ("p-food", "c-18316"):
        refused = _text(await bot.say("/thongbao", chat=chat))
        assert "⛔" in refused and "cán bộ" in refused, chat
        assert "⛔" in _text(await bot.press("menu::announce", chat=chat))
    assert [a[2].get("action") for a in await _audit(database)] == ["entry.announce"] * 4

    cases = [
        (Audience(DISTRICT_PRODUCERS, "2020", OTHER_DISTRICT), "AUTH_OUTSIDE_AREA"),
        (Audience(GROUP_PRODUCERS, "2020", group="food"), "AUTH_OUTSIDE_AREA"),  # province-wide
        (Audience(OFFICERS, "2020", level="commune"), "AUTH_OUTSIDE_AREA"),
        (Audience(OFFICERS, "2020", VU_QUANG, level="district"), "ANNOUNCE_AUTH_LEVEL"),
    ]
    for audience, reason in cases:
        for effect in (
            CountAudience(audience),
            SendAnnouncement(audience, "other", "Họp", "Huyện Vũ Quang", NOW),
        ):
            assert await _apply_as(bot, "d-441", effect) == ActionRefused(reason), audience
    sent = SendAnnouncement(Audience(DISTRICT_PRODUCERS, "2020", VU_QUANG), "other", "x", "", NOW)
    assert await _apply_as(bot, "p-food", sent) == ActionRefused("AUTH_ROLE_NEEDED")
    assert await _count(database, AnnouncementRecord) == 0
    assert await _count(database, ReminderRecord) == 0
    refusals = [a for a in await _audit(database) if a[2].get("action") == "announcement.send"]
    assert len(refusals) == 9


async def _announce(bot: Bot, chat: str, audience: Audience, topic: str) -> int:
    effect = SendAnnouncement(audience, topic, "Lớp tập huấn 25/3", "Huyện Vũ Quang", NOW)
    sent = await _apply_as(bot, chat, effect)
    return int(sent.id)


async def test_i_will_attend_is_recorded_once_and_counted(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.clock.moment = NOW
    await _people(bot)
    producers = Audience(DISTRICT_PRODUCERS, "2020", VU_QUANG)
    training = await _announce(bot, "d-441", producers, "training")
    other = await _announce(bot, "d-441", producers, "other")
    # The same again writes new rows for the new announcement, none twice for one.
    assert await _count(database, ReminderRecord) == 4

    said = _text(await bot.press(f"announcement:{training}:attend", chat="p-food"))
    assert "✅ Cảm ơn anh/chị! Tôi đã ghi anh/chị sẽ tham gia." in said
    again = _text(await bot.press(f"announcement:{training}:attend", chat="p-food"))
    assert "đã ghi anh/chị sẽ tham gia từ trước" in again
    for chat, announcement in (("p-elsewhere", training), ("p-food", other)):
        refused = _text(await bot.press(f"announcement:{announcement}:attend", chat=chat))
        assert "không gửi cho anh/chị" in refused, chat
    assert await _count(database, AnnouncementReplyRecord) == 1

    stats = _text(await bot.say("/thongke", chat="d-441"))
    assert "1 người đã báo sẽ tham gia" in stats
    elsewhere = _text(await bot.say("/thongke", chat="d-436"))
    assert "đã báo sẽ tham gia" not in elsewhere
    async with UnitOfWork(database) as uow:
        assert await uow.announcements.will_attend_this_year(None, NOW) == 1
        next_year = NOW.replace(year=2027)
        assert await uow.announcements.will_attend_this_year(None, next_year) == 0


async def test_a_number_typed_on_zalo_after_the_announcement_answers_it(
    database: Database, tmp_path: Path
) -> None:
    zalo = FakeChannel("zalo")
    bot = make_bot(database, tmp_path, others=(zalo,))
    bot.clock.moment = NOW
    ids = await _people(bot)
    now = bot.clock.now()
    async with UnitOfWork(database) as uow:
        user = await uow.users.get_or_create("zalo", "z-1", None, "vi", now)
        uow.session.add(_idea(user.id, "z", VU_QUANG, AN_PHU, "food", now))
        await uow.commit()
    training = await _announce(
        bot, "d-441", Audience(DISTRICT_PRODUCERS, "2020", VU_QUANG), "training"
    )
    assert user.id not in ids.values()
    # What the sweep writes for it: the recipient's message, marked as a reminder notice.
    async with UnitOfWork(database) as uow:
        (params,) = await uow.session.scalars(
            select(ReminderRecord.params).where(ReminderRecord.user_id == user.id)
        )
        reply = announcement_reply(params, "vi")
        payload = notice_payload(reply, "reminder")
        await uow.outbox.add_many([NewMessage("zalo", "z-1", payload, user.id)], now)
        await uow.commit()
    assert reply.options[0].id == f"announcement:{training}:attend"
    await bot.send(Inbound("zalo", "z-1", "z-1", "z-m1", text="1"))
    assert "✅ Cảm ơn anh/chị!" in "\n".join(zalo.texts("z-1"))
    assert await _count(database, AnnouncementReplyRecord) == 1
