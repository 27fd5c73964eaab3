"""The business plan through the dispatcher on a real database: the province approves an idea
and its producer is told how to send the plan; the producer sends it (photos, a PDF, a photo
sent at the capital question, "500tr"); the district officers are told; a stranger is refused;
the district reads the plan and approves it with the budget support and the officer in charge
picked by number; the producer and that officer are told."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import String, select, update

from flows.business_plan import MAX_CAPACITY, MAX_OFFICER_NAME
from flows.messages import DocumentAttachment, Reply
from storage.database import Database
from storage.models import (
    BusinessPlanFileRecord,
    BusinessPlanRecord,
    IdeaRecord,
    UserRecord,
)
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_dispatcher import jpeg, register
from tests.harness import Bot, make_bot

PRODUCER, DISTRICT, COLLEAGUE, PROVINCE, STRANGER = (
    "producer",
    "district-441",
    "district-441-b",
    "province",
    "stranger",
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def _user_id(database: Database, chat: str) -> int:
    async with database.session() as session:
        found = await session.scalar(select(UserRecord.id).where(UserRecord.external_id == chat))
    assert found is not None
    return int(found)


async def _idea(database: Database) -> IdeaRecord:
    async with database.session() as session:
        return (await session.scalars(select(IdeaRecord))).one()


async def _officers(bot: Bot) -> None:
    grants = [
        (DISTRICT, "district", "441", "Trần Văn Bình"),
        (COLLEAGUE, "district", "441", "Lê Thị Cúc"),
        (PROVINCE, "province", None, "Hồ Văn Tỉnh"),
    ]
    for chat, *_ in grants:
        await bot.say("/start", chat=chat)
    users = [await _user_id(bot.database, chat) for chat, *_ in grants]
    async with UnitOfWork(bot.database) as uow:
        for user, (_, role, area, name) in zip(users, grants, strict=True):
            await uow.users.grant(user, role, area, "2020", bot.clock.now())
            await uow.session.execute(
                update(UserRecord).where(UserRecord.id == user).values(display_name=name)
            )
        await uow.commit()


def _told(bot: Bot, chat: str, since: int) -> list[Reply]:
    return [s.reply for s in bot.channel.sent[since:] if s.chat_id == chat]


def _number_of(reply: Reply, label: str) -> str:
    return str([o.label for o in reply.options].index(label) + 1)


async def _document(bot: Bot, chat: str, data: bytes, name: str) -> list[Reply]:
    attachment = DocumentAttachment(
        ref=f"doc-{name}", size=len(data), mime="application/pdf", file_name=name, data=data
    )
    return await bot.send(replace(bot.inbound(chat=chat), documents=(attachment,)))


async def _approved_idea(bot: Bot) -> IdeaRecord:
    """A registered idea the province approves through its inbox (the step before the plan)."""
    await register(bot, chat=PRODUCER, photos=1)
    await _officers(bot)
    async with UnitOfWork(bot.database) as uow:  # the commune and district steps, already done
        await uow.session.execute(update(IdeaRecord).values(state="selected"))
        await uow.commit()
    await bot.say("/review", chat=PROVINCE)
    opened = await bot.say("1", chat=PROVINCE)
    await bot.say(_number_of(opened[-1], "Thẩm định: đạt"), chat=PROVINCE)
    await bot.say("bỏ qua", chat=PROVINCE)
    await bot.dispatcher.drain_deliveries()
    idea = await _idea(bot.database)
    assert idea.state == "approved"
    return idea


async def _send_plan(bot: Bot, idea: IdeaRecord, capital: str = "500tr") -> list[Reply]:
    pages = await bot.press(f"plan:{idea.id}:send", chat=PRODUCER)
    assert "Mật ong rừng Vũ Quang" in pages[-1].text and "Bước 1/4" in pages[-1].text
    await bot.photo(jpeg((10, 120, 40)), chat=PRODUCER)
    taken = await _document(bot, PRODUCER, PDF, "Phương án mật ong.pdf")
    assert "Đã nhận 2/" in taken[-1].text
    await bot.say("xong", chat=PRODUCER)
    # A photo at the capital question is kept for the pages; the question comes again.
    late = await bot.photo(jpeg((200, 200, 10)), chat=PRODUCER)
    assert "Đã thêm vào các trang phương án (3/" in late[0].text
    assert "vốn đầu tư" in late[-1].text
    await bot.say(capital, chat=PRODUCER)
    await bot.say("1,2 tỷ", chat=PRODUCER)
    summary = await bot.say("2 tấn/năm", chat=PRODUCER)
    assert "1.200.000.000 đ" in summary[-1].text and "2 ảnh, 1 tệp" in summary[-1].text
    return await bot.say("1", chat=PRODUCER)


async def test_a_plan_sent_then_approved_with_support_and_an_officer_picked_by_number(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    idea = await _approved_idea(bot)
    approved = _told(bot, PRODUCER, 0)[-1]
    assert f"/phuongan {idea.id}" in approved.text
    assert f"plan:{idea.id}:send" in [o.id for o in approved.options]

    before = len(bot.channel.sent)
    sent = await _send_plan(bot, idea)
    await bot.dispatcher.drain_deliveries()
    assert "✅ Đã gửi phương án kinh doanh" in sent[0].text
    assert (await _idea(database)).state == "plan_sent"
    async with database.session() as session:
        plan = await session.get(BusinessPlanRecord, idea.id)
        files = list(
            await session.scalars(
                select(BusinessPlanFileRecord).order_by(BusinessPlanFileRecord.position)
            )
        )
    assert plan is not None and plan.capital == 500_000_000 and plan.revenue == 1_200_000_000
    assert plan.capacity == "2 tấn/năm" and plan.approved_at is None
    assert [f.kind for f in files] == ["photo", "document", "photo"]
    assert files[1].file_name == "Phương án mật ong.pdf" and files[1].size == len(PDF)
    assert all(f.size > 0 for f in files)
    for chat in (DISTRICT, COLLEAGUE):
        (told,) = _told(bot, chat, before)
        assert "đã gửi phương án kinh doanh (3 trang" in told.text
        assert [o.id for o in told.options] == [f"idea:{idea.id}:view"]
    assert not _told(bot, PROVINCE, before)
    async with UnitOfWork(database) as uow:
        audit = await uow.audit.for_subject(f"idea:{idea.id}")
    assert audit[-1].action == "idea.send_plan" and audit[-1].before == {
        "state": "approved",
        "plan": None,
    }

    # The district officer reads it: figures, the photos as photos, the PDF as a file.
    inbox = await bot.say("/review", chat=DISTRICT)
    assert "Chuyển tất cả trang này" not in [o.label for o in inbox[-1].options]
    opened = await bot.say("1", chat=DISTRICT)
    plan_text = next(r.text for r in opened if "Phương án kinh doanh (gửi ngày" in r.text)
    assert "500.000.000 đ" in plan_text and "1 tệp" in plan_text
    assert sum(r.photo is not None for r in opened) == 3  # the idea's own, then two pages
    (document,) = [r for r in opened if r.document is not None]
    assert Path(document.document or "").read_bytes() == PDF
    assert Path(document.document or "").name == "Phương án mật ong.pdf"

    budget = await bot.say(_number_of(opened[-1], "Duyệt phương án kinh doanh"), chat=DISTRICT)
    assert "Kinh phí hỗ trợ dự kiến" in budget[-1].text
    officers = await bot.say("50tr", chat=DISTRICT)
    labels = [o.label for o in officers[-1].options]
    assert labels == ["Trần Văn Bình (tôi tự phụ trách)", "Lê Thị Cúc"]
    assert str(MAX_OFFICER_NAME) in officers[-1].text
    confirm = await bot.say("2", chat=DISTRICT)
    assert "50.000.000 đ" in confirm[-1].text and "Lê Thị Cúc" in confirm[-1].text
    before = len(bot.channel.sent)
    done = await bot.say("1", chat=DISTRICT)
    await bot.dispatcher.drain_deliveries()
    assert "✅ Mật ong rừng Vũ Quang: Phương án đã được duyệt" in done[0].text

    async with database.session() as session:
        plan = await session.get(BusinessPlanRecord, idea.id)
    cuc, binh = await _user_id(database, COLLEAGUE), await _user_id(database, DISTRICT)
    assert plan is not None and plan.budget_support == 50_000_000
    assert plan.responsible_user_id == cuc and plan.responsible_name == "Lê Thị Cúc"
    assert plan.approved_by_user_id == binh and plan.approved_at is not None
    moved = await _idea(database)
    assert moved.state == "plan_approved" and moved.state_changed_at is not None
    (producer_told,) = _told(bot, PRODUCER, before)
    assert (
        "50.000.000 đ" in producer_told.text
        and "Cán bộ phụ trách: Lê Thị Cúc" in producer_told.text
    )
    (responsible_told,) = _told(bot, COLLEAGUE, before)
    assert "được giao phụ trách" in responsible_told.text
    async with UnitOfWork(database) as uow:
        audit = await uow.audit.for_subject(f"idea:{idea.id}")
    assert audit[-1].action == "idea.approve_plan"
    assert audit[-1].after is not None and audit[-1].after["budget_support"] == 50_000_000

    # Approved, it is not sent again.
    again = await bot.say(f"/phuongan {idea.id}", chat=PRODUCER)
    assert "đã được duyệt, không gửi lại được" in again[0].text


async def test_a_stranger_and_a_crafted_button_are_refused_and_nothing_moves(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    idea = await _approved_idea(bot)
    crafted = await bot.press(f"plan:{idea.id}:send", chat=STRANGER)
    assert "không phải của anh/chị" in crafted[0].text
    typed = await bot.say(f"/phuongan {idea.id}", chat=STRANGER)
    assert "không phải của anh/chị" in typed[0].text
    mine = await bot.say("/phuongan", chat=STRANGER)
    assert "chưa có ý tưởng nào chờ phương án" in mine[0].text
    # An officer is no owner either.
    officer = await bot.press(f"plan:{idea.id}:send", chat=DISTRICT)
    assert "không phải của anh/chị" in officer[0].text
    async with UnitOfWork(database) as uow:
        audit = await uow.audit.for_subject(f"idea:{idea.id}")
    reasons = [a.after["reason"] for a in audit if a.action == "auth.refused" and a.after]
    assert reasons == ["AUTH_NOT_YOURS"] * 3
    assert (await _idea(database)).state == "approved"
    async with database.session() as session:
        assert await session.get(BusinessPlanRecord, idea.id) is None


async def test_a_question_on_the_plan_sends_it_back_and_the_plan_sent_again_replaces_it(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    idea = await _approved_idea(bot)
    await _send_plan(bot, idea)
    await bot.say("/review", chat=DISTRICT)
    opened = await bot.say("1", chat=DISTRICT)
    await bot.say(_number_of(opened[-1], "Trả lại, hỏi thêm người đăng ký"), chat=DISTRICT)
    await bot.say("Vốn tự có bao nhiêu, vay bao nhiêu?", chat=DISTRICT)
    before = len(bot.channel.sent)
    await bot.say("bỏ qua", chat=DISTRICT)
    await bot.dispatcher.drain_deliveries()
    (asked,) = _told(bot, PRODUCER, before)
    assert "Vốn tự có" in asked.text and f"/phuongan {idea.id}" in asked.text
    assert [o.id for o in asked.options] == [f"idea:{idea.id}:view", f"plan:{idea.id}:send"]
    returned = await _idea(database)
    assert returned.state == "approved" and returned.question is not None

    before = len(bot.channel.sent)
    resent = await _send_plan(bot, idea, capital="800 triệu")
    await bot.dispatcher.drain_deliveries()
    assert "thay phương án trước" in resent[0].text
    again = await _idea(database)
    assert again.state == "plan_sent" and again.question is None
    (told,) = _told(bot, DISTRICT, before)
    assert "gửi lại phương án" in told.text
    async with database.session() as session:
        plan = await session.get(BusinessPlanRecord, idea.id)
        files = list(await session.scalars(select(BusinessPlanFileRecord)))
    assert plan is not None and plan.capital == 800_000_000 and len(files) == 3
    async with UnitOfWork(database) as uow:
        audit = await uow.audit.for_subject(f"idea:{idea.id}")
    assert audit[-1].before is not None and audit[-1].before["plan"]["capital"] == 500_000_000


async def test_the_capacity_limit_is_the_columns() -> None:
    columns = BusinessPlanRecord.__table__.c
    for column, limit in (
        (columns.capacity, MAX_CAPACITY),
        (columns.responsible_name, MAX_OFFICER_NAME),
    ):
        assert isinstance(column.type, String) and column.type.length == limit
