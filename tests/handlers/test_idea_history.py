"""An idea's history in the chat, read from the audit log: an officer of its area sees who
(name and role) did what and when, with the officers' notes; the owner the same in plain
words without names or notes; a long history is paged."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from flows.idea_history import PAGE_SIZE
from storage.database import Database
from storage.models import IdeaRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_dispatcher import register
from tests.handlers.test_review import _number_of, _user_id
from tests.harness import Bot, make_bot

PRODUCER, COMMUNE, DISTRICT = "producer", "c-18316", "d-441"


async def _grant(bot: Bot, chat: str, role: str, area: str) -> int:
    await bot.say("/start", chat=chat)
    user = await _user_id(bot.database, chat)
    async with UnitOfWork(bot.database) as uow:
        await uow.users.grant(user, role, area, "2020", bot.clock.now())
        await uow.commit()
    return user


async def _idea_id(database: Database) -> int:
    async with database.session() as session:
        return int((await session.scalars(select(IdeaRecord.id))).one())


async def test_officer_and_owner_read_the_history(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await register(bot, chat=PRODUCER)
    idea = await _idea_id(database)
    commune = await _grant(bot, COMMUNE, "commune", "18316")
    await _grant(bot, DISTRICT, "district", "441")
    async with UnitOfWork(database) as uow:
        await uow.session.execute(
            update(UserRecord).where(UserRecord.id == commune).values(display_name="Lê Văn Nam")
        )
        await uow.commit()

    bot.clock.advance(days=2)
    menu = (await bot.say("/duyet", chat=COMMUNE))[-1]
    opened = await bot.say("1", chat=COMMUNE)
    card = opened[-1]
    assert "Xem lịch sử" in [o.label for o in card.options]
    await bot.say(_number_of(card, "Chuyển lên huyện"), chat=COMMUNE)
    await bot.say("Hồ sơ đủ, đề nghị huyện xem", chat=COMMUNE)
    assert menu.text

    seen = await bot.say(f"/lichsu {idea}", chat=DISTRICT)
    text = seen[0].text
    assert "Lịch sử ý tưởng «Mật ong rừng Vũ Quang»" in text and "trang 1/1" in text
    assert "Xã chuyển lên huyện (Lê Văn Nam, cán bộ xã)" in text
    assert "Ghi chú của cán bộ: Hồ sơ đủ, đề nghị huyện xem" in text
    assert "Người đăng ký gửi ý tưởng (Nguyễn Thị Hoa)" in text
    # Times are local (UTC+7), dd/mm/yyyy HH:MM.
    when = bot.clock.now().astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert when.strftime("%d/%m/%Y %H:%M") in text

    own = await bot.say(f"/lichsu {idea}", chat=PRODUCER)
    plain = next(r.text for r in own if "Lịch sử ý tưởng" in r.text)
    assert "Xã chuyển lên huyện" in plain
    assert "Lê Văn Nam" not in plain and "Ghi chú" not in plain

    # By registration number too, in any case, and by the notice's button.
    async with database.session() as session:
        record = await session.get(IdeaRecord, idea)
    assert record is not None
    number = record.registration_number
    by_number = await bot.say(f"/lichsu {number.lower()}", chat=DISTRICT)
    assert "Xã chuyển lên huyện" in by_number[0].text
    pressed = await bot.press(f"history:{idea}:view", chat=PRODUCER)
    assert any("Xã chuyển lên huyện" in r.text for r in pressed)


async def test_a_long_history_is_paged(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await register(bot, chat=PRODUCER)
    idea = await _idea_id(database)
    async with UnitOfWork(database) as uow:  # many answers: more lines than a page holds
        for n in range(PAGE_SIZE + 3):
            await uow.audit.record(
                actor_user_id=None,
                action="idea.answer",
                subject=f"idea:{idea}",
                area="18316",
                before=None,
                after={"answer": f"trả lời {n}"},
                now=bot.clock.now(),
            )
        await uow.commit()
    first = await bot.say(f"/lichsu {idea}", chat=PRODUCER)
    assert "trang 1/2" in first[-1].text and "trả lời 0" in first[-1].text
    assert "trả lời 12" not in first[-1].text
    labels = [o.label for o in first[-1].options]
    assert labels[0] == "Trang sau"
    second = await bot.say("1", chat=PRODUCER)
    assert "trang 2/2" in second[-1].text and "trả lời 12" in second[-1].text
    assert [o.label for o in second[-1].options] == ["Trang trước", "Xong"]
