"""The chain under the 2025 structure (no districts) through the dispatcher, on SQLite and on
PostgreSQL: a producer of Phường Thành Sen (18073) registers; the commune's officer sends the
idea to the province; the province asks a question; the producer answers; the province
approves (the business plan comes next, and is not this test's). Each notice reaches whom it
should: not an officer of another commune, and not the officer whose role of commune 18073
was given under 2020, when that code was Phường Nam Hà. Then both read the idea's history.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from flows.messages import Reply
from storage.admin_units_source import load_admin_units
from storage.database import Database
from storage.models import IdeaRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_dispatcher import jpeg
from tests.harness import Bot, make_bot

PRODUCER, COMMUNE, PROVINCE = "producer", "commune-18073", "province"
OTHER_COMMUNE, OLD_COMMUNE = "commune-18100", "commune-18073-of-2020"
ANSWERS_2025 = (
    "Nguyễn Thị Hoa",
    "4",
    "0912 345 678",
    "thanh sen",
    "Mật ong rừng Thành Sen",
    "1",
    "Mật ong nguyên chất từ hoa rừng",
    "2",
    "2 tấn",
    "150k",
    "bỏ qua",
)


async def _user_id(database: Database, chat: str) -> int:
    async with database.session() as session:
        found = await session.scalar(select(UserRecord.id).where(UserRecord.external_id == chat))
    assert found is not None
    return int(found)


async def _idea(database: Database) -> IdeaRecord:
    async with database.session() as session:
        return (await session.scalars(select(IdeaRecord))).one()


async def _officers(bot: Bot) -> None:
    grants = (
        (COMMUNE, "commune", "18073", "2025"),
        (OTHER_COMMUNE, "commune", "18100", "2025"),
        (PROVINCE, "province", None, "2025"),
        (OLD_COMMUNE, "commune", "18073", "2020"),
    )
    for chat, *_ in grants:
        await bot.say("/start", chat=chat)
    users = [await _user_id(bot.database, chat) for chat, *_ in grants]
    async with UnitOfWork(bot.database) as uow:
        for user, (_, role, area, structure) in zip(users, grants, strict=True):
            await uow.users.grant(user, role, area, structure, bot.clock.now())
        await uow.commit()


def _number_of(reply: Reply, label: str) -> str:
    return str([o.label for o in reply.options].index(label) + 1)


class Told:
    """What each person was sent since the last look."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.since = len(bot.channel.sent)

    async def take(self) -> dict[str, list[str]]:
        await self.bot.dispatcher.drain_deliveries()
        found: dict[str, list[str]] = {}
        for sent in self.bot.channel.sent[self.since :]:
            found.setdefault(sent.chat_id, []).append(sent.reply.text)
        self.since = len(self.bot.channel.sent)
        return found


async def _act(bot: Bot, chat: str, label: str, *texts: str) -> None:
    """Open the first idea of the inbox, take the move labelled so, then type `texts`."""
    await bot.say("/duyet", chat=chat)
    opened = await bot.say("1", chat=chat)
    await bot.say(_number_of(opened[-1], label), chat=chat)
    for text in texts:
        await bot.say(text, chat=chat)


async def test_the_2025_chain_to_the_provinces_approval_tells_the_right_people(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    bot.dispatcher.units = load_admin_units("2025")
    await _officers(bot)
    await bot.say("/start", chat=PRODUCER)
    await bot.press("register", chat=PRODUCER)
    for answer in ANSWERS_2025:
        await bot.say(answer, chat=PRODUCER)
    await bot.photo(jpeg((90, 120, 30)), chat=PRODUCER)
    await bot.say("xong", chat=PRODUCER)
    await bot.press("submit", chat=PRODUCER)
    idea = await _idea(database)
    assert (idea.admin_structure, idea.commune_code, idea.state) == ("2025", "18073", "submitted")

    # The commune's inbox, with the province's deadline (the commune sends to it in 2025).
    inbox = await bot.say("/duyet", chat=COMMUNE)
    assert "Mật ong rừng Thành Sen" in inbox[-1].text
    assert "Hạn gửi tỉnh: 31/03/2026 (còn 29 ngày)" in inbox[-1].text
    # The officer of 2020's 18073 sees nothing of it.
    assert "Mật ong" not in " ".join(r.text for r in await bot.say("/duyet", chat=OLD_COMMUNE))

    told = Told(bot)
    await _act(bot, COMMUNE, "Gửi lên tỉnh", "Hồ sơ đủ, mời tỉnh thẩm định")
    sent = await told.take()
    assert any("gửi lên tỉnh thẩm định" in text for text in sent[PRODUCER])
    assert any("đang chờ anh/chị xem xét" in text for text in sent[PROVINCE])
    assert OTHER_COMMUNE not in sent and OLD_COMMUNE not in sent
    assert (await _idea(database)).state == "to_province"

    await _act(bot, PROVINCE, "Trả lại, hỏi thêm người đăng ký", "Mật ong đã kiểm nghiệm chưa?")
    await bot.say("bỏ qua", chat=PROVINCE)
    sent = await told.take()
    assert any("Cán bộ tỉnh hỏi thêm" in text for text in sent[PRODUCER])
    assert set(sent) == {PROVINCE, PRODUCER}
    assert (await _idea(database)).state == "returned_prov"

    await bot.press(f"question:{idea.id}:answer", chat=PRODUCER)
    await bot.say("Đã kiểm nghiệm tháng 2/2026", chat=PRODUCER)
    sent = await told.take()
    assert any("Đã kiểm nghiệm tháng 2/2026" in text for text in sent[PROVINCE])
    assert set(sent) == {PROVINCE, PRODUCER}
    assert (await _idea(database)).state == "to_province"

    await _act(bot, PROVINCE, "Thẩm định: đạt", "bỏ qua")
    sent = await told.take()
    assert any("Tỉnh đã thẩm định" in text and "đạt" in text for text in sent[PRODUCER])
    assert OTHER_COMMUNE not in sent and OLD_COMMUNE not in sent and COMMUNE not in sent
    assert (await _idea(database)).state == "approved"

    # The history: the owner's in plain words; the province's with names and notes.
    mine = "\n".join(r.text for r in await bot.say(f"/lichsu {idea.id}", chat=PRODUCER))
    assert "Người đăng ký gửi ý tưởng" in mine
    assert "Xã gửi lên tỉnh" in mine
    assert "Tỉnh hỏi thêm: Mật ong đã kiểm nghiệm chưa?" in mine
    assert "Người đăng ký trả lời: Đã kiểm nghiệm tháng 2/2026" in mine
    assert "Tỉnh thẩm định: đạt" in mine
    assert "Hồ sơ đủ" not in mine and "cán bộ" not in mine
    theirs = "\n".join(
        r.text for r in await bot.say(f"/lichsu {idea.registration_number}", chat=PROVINCE)
    )
    assert "Ghi chú của cán bộ: Hồ sơ đủ, mời tỉnh thẩm định" in theirs
    assert "cán bộ xã" in theirs and "cán bộ tỉnh" in theirs
    refused = await bot.say(f"/lichsu {idea.id}", chat=OLD_COMMUNE)
    assert "cơ cấu hành chính cũ" in refused[0].text
