"""The review chain through the dispatcher on a real database: a producer registers, the
commune officer sees it waiting and forwards it, the district asks a question, the producer
answers with a photo; everyone is told; an officer of another commune sees nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from flows.messages import Reply
from storage.database import Database
from storage.models import IdeaPhotoRecord, IdeaRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_dispatcher import jpeg, register
from tests.harness import Bot, make_bot

PRODUCER, COMMUNE, DISTRICT, OTHER = "producer", "commune-18316", "district-441", "commune-x"


async def _user_id(database: Database, chat: str) -> int:
    async with UnitOfWork(database) as uow:
        found = await uow.session.scalar(
            select(UserRecord.id).where(UserRecord.external_id == chat)
        )
    assert found is not None
    return int(found)


async def _idea(database: Database) -> IdeaRecord:
    async with database.session() as session:
        return (await session.scalars(select(IdeaRecord))).one()


async def _officers(bot: Bot) -> None:
    grants = [(COMMUNE, "commune", "18316"), (DISTRICT, "district", "441")]
    grants.append((OTHER, "commune", "18073"))
    for chat, _, _ in grants:
        await bot.say("/start", chat=chat)
    users = [await _user_id(bot.database, chat) for chat, _, _ in grants]
    async with UnitOfWork(bot.database) as uow:  # one at a time, like the bot's own
        for user, (_, role, area) in zip(users, grants, strict=True):
            await uow.users.grant(user, role, area, "2020", bot.clock.now())
        await uow.commit()


def _told(bot: Bot, chat: str, since: int) -> list[Reply]:
    return [s.reply for s in bot.channel.sent[since:] if s.chat_id == chat]


def _number_of(reply: Reply, label: str) -> str:
    return str([o.label for o in reply.options].index(label) + 1)


async def test_forward_then_a_question_answered_reaches_everyone_it_should(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    await register(bot, chat=PRODUCER, photos=1)
    await _officers(bot)
    idea = await _idea(database)
    bot.clock.advance(days=12)

    # The commune officer's inbox: the idea, waiting 12 days.
    listed = await bot.say("/start", chat=COMMUNE)
    menu = listed[-1]
    assert "Ý tưởng chờ tôi xử lý" in [o.label for o in menu.options]
    inbox = await bot.say(_number_of(menu, "Ý tưởng chờ tôi xử lý"), chat=COMMUNE)
    assert "Mật ong rừng Vũ Quang" in inbox[-1].text and "chờ 12 ngày" in inbox[-1].text
    opened = await bot.say("1", chat=COMMUNE)
    assert "Nguyễn Thị Hoa" in opened[0].text and "0912 345 678" in opened[0].text
    assert [r.photo is not None for r in opened[1:-1]] == [True]
    note = await bot.say(_number_of(opened[-1], "Chuyển lên huyện"), chat=COMMUNE)
    assert "Ghi chú" in note[-1].text
    before = len(bot.channel.sent)
    done = await bot.say("Hồ sơ đủ, đề nghị huyện xem", chat=COMMUNE)
    await bot.dispatcher.drain_deliveries()
    assert "✅ Mật ong rừng Vũ Quang" in done[0].text
    assert any("Không có ý tưởng nào" in r.text for r in done)

    told = _told(bot, PRODUCER, before)
    assert "chuyển lên huyện" in told[0].text
    assert [o.id for o in told[0].options] == [f"idea:{idea.id}:view"]
    district_told = _told(bot, DISTRICT, before)
    assert "đang chờ anh/chị xem xét" in district_told[0].text
    assert not _told(bot, OTHER, before)
    async with UnitOfWork(database) as uow:
        audit = await uow.audit.for_subject(f"idea:{idea.id}")
    assert audit[-1].action == "idea.forward"
    assert audit[-1].before == {"state": "submitted"}
    assert audit[-1].after is not None and audit[-1].after["state"] == "forwarded"
    assert audit[-1].after["note"] == "Hồ sơ đủ, đề nghị huyện xem"

    # The district returns it with a question.
    await bot.say("/review", chat=DISTRICT)
    opened = await bot.say("1", chat=DISTRICT)
    asked = await bot.say(_number_of(opened[-1], "Trả lại, hỏi thêm người đăng ký"), chat=DISTRICT)
    assert "điều gì" in asked[-1].text
    await bot.say("Cơ sở đã có giấy chứng nhận an toàn thực phẩm chưa?", chat=DISTRICT)
    before = len(bot.channel.sent)
    await bot.say("bỏ qua", chat=DISTRICT)
    await bot.dispatcher.drain_deliveries()
    question = _told(bot, PRODUCER, before)[0]
    assert "an toàn thực phẩm" in question.text and f"/traloi {idea.id}" in question.text
    assert [o.id for o in question.options] == [
        f"idea:{idea.id}:view",
        f"question:{idea.id}:answer",
    ]
    assert (await _idea(database)).state == "returned_dist"

    # The producer answers, with a photo.
    prompt = await bot.press(f"question:{idea.id}:answer", chat=PRODUCER)
    assert "an toàn thực phẩm" in prompt[-1].text
    taken = await bot.photo(jpeg((200, 10, 10)), chat=PRODUCER)
    assert "Đã nhận 1 ảnh" in taken[-1].text
    before = len(bot.channel.sent)
    sent = await bot.say("Có rồi, cấp tháng 1/2026", chat=PRODUCER)
    await bot.dispatcher.drain_deliveries()
    assert "Đã gửi câu trả lời" in sent[0].text
    answer = _told(bot, DISTRICT, before)[0]
    assert "Có rồi, cấp tháng 1/2026" in answer.text and "kèm 1 ảnh" in answer.text
    assert [o.id for o in answer.options] == [f"idea:{idea.id}:view"]
    moved = await _idea(database)
    assert moved.state == "forwarded" and moved.question is None
    async with database.session() as session:
        photos = list(
            await session.scalars(
                select(IdeaPhotoRecord.position).where(IdeaPhotoRecord.idea_id == idea.id)
            )
        )
    assert sorted(photos) == [1, 2]
    async with UnitOfWork(database) as uow:
        audit = await uow.audit.for_subject(f"idea:{idea.id}")
    assert audit[-1].action == "idea.answer"
    assert audit[-1].after is not None and audit[-1].after["answer"] == "Có rồi, cấp tháng 1/2026"

    # The district officer opens it from the notice's button.
    card = await bot.press(f"idea:{idea.id}:view", chat=DISTRICT)
    assert "Mật ong rừng Vũ Quang" in card[0].text and "Xã đã chuyển lên huyện" in card[0].text


async def test_an_officer_of_another_commune_sees_nothing_and_a_crafted_button_is_refused(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    await register(bot, chat=PRODUCER, photos=1)
    await _officers(bot)
    idea = await _idea(database)

    inbox = await bot.say("/review", chat=OTHER)
    assert "Không có ý tưởng nào" in inbox[0].text
    refused = await bot.press(f"idea:{idea.id}:view", chat=OTHER)
    assert "không thuộc địa bàn" in refused[0].text
    stranger = await bot.press(f"idea:{idea.id}:view", chat="stranger")
    assert "không phải của anh/chị" in stranger[0].text
    crafted = await bot.press(f"question:{idea.id}:answer", chat="stranger")
    assert "không phải của anh/chị" in crafted[0].text
    async with UnitOfWork(database) as uow:
        audit = await uow.audit.for_subject(f"idea:{idea.id}")
    refusals = [a for a in audit if a.action == "auth.refused"]
    assert [a.after["reason"] for a in refusals if a.after] == [
        "AUTH_OUTSIDE_AREA",
        "AUTH_NOT_YOURS",
        "AUTH_NOT_YOURS",
    ]
    # The owner may see their own idea; nothing moved.
    mine = await bot.press(f"idea:{idea.id}:view", chat=PRODUCER)
    assert "Đã gửi, chờ xã xem xét" in mine[0].text
    assert (await _idea(database)).state == "submitted"


async def test_forward_all_moves_the_whole_page(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    await register(bot, chat="p1", photos=1)
    await register(bot, chat="p2", photos=1)
    await _officers(bot)
    inbox = await bot.say("/review", chat=COMMUNE)
    confirm = await bot.say(_number_of(inbox[-1], "Chuyển tất cả trang này"), chat=COMMUNE)
    assert "Chuyển 2 ý tưởng" in confirm[-1].text
    before = len(bot.channel.sent)
    done = await bot.say("1", chat=COMMUNE)
    await bot.dispatcher.drain_deliveries()
    assert sum("✅" in r.text for r in done) >= 1
    async with database.session() as session:
        states = list(await session.scalars(select(IdeaRecord.state)))
    assert states == ["forwarded", "forwarded"]
    assert len(_told(bot, DISTRICT, before)) == 2
    assert len(_told(bot, "p1", before)) == 1 and len(_told(bot, "p2", before)) == 1
