"""The dispatcher on a real database: a whole registration, order, redelivery, errors."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select, text

from handlers.ports import ChannelUnavailable, RecipientUnavailable, RetryAfter
from storage.database import Database
from storage.models import IdeaPhotoRecord, IdeaRecord, OutboxRecord, UserRecord
from tests.harness import REGISTRATION_ANSWERS, Bot, make_bot


def jpeg(color: tuple[int, int, int], size: tuple[int, int] = (120, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


async def register(bot: Bot, chat: str | None = None, photos: int = 2) -> list[str]:
    await bot.say("/start", chat=chat)
    await bot.press("register", chat=chat)
    for answer in REGISTRATION_ANSWERS:
        await bot.say(answer, chat=chat)
    for i in range(photos):
        await bot.photo(jpeg((40 * i, 100, 200)), chat=chat)
    await bot.say("xong", chat=chat)
    replies = await bot.press("submit", chat=chat)
    return [r.text for r in replies]


async def count(database: Database, model: type) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_whole_registration_is_stored_with_photos(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    texts = await register(bot)
    assert "001/PĐK-42-441-2026" in texts[0]
    async with database.session() as session:
        idea = (await session.scalars(select(IdeaRecord))).one()
        assert idea.product_name == "Mật ong rừng Vũ Quang"
        assert idea.phone == "+84912345678"
        assert idea.commune_code == "18316"
        assert idea.price == 150_000
        assert idea.state == "submitted"
    assert await count(database, IdeaPhotoRecord) == 2
    assert len(list((tmp_path / "photos").rglob("*.jpg"))) == 2
    mine = await bot.press("my_ideas")
    assert "001/PĐK-42-441-2026" in mine[0].text


async def test_numbers_count_up_per_district_and_year(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await register(bot, chat="a", photos=1)
    texts = await register(bot, chat="b", photos=1)
    assert "002/PĐK-42-441-2026" in texts[0]


async def test_same_photo_twice_is_stored_once(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start")
    await bot.press("register")
    for answer in REGISTRATION_ANSWERS:
        await bot.say(answer)
    photo = jpeg((10, 20, 30))
    await bot.photo(photo)
    replies = await bot.photo(photo)
    assert "đã gửi rồi" in replies[0].text
    assert len(list((tmp_path / "photos").rglob("*.jpg"))) == 1


async def test_a_text_file_sent_as_a_photo_is_refused(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start")
    await bot.press("register")
    for answer in REGISTRATION_ANSWERS:
        await bot.say(answer)
    replies = await bot.photo(b"%PDF-1.4 this is not a picture")
    assert "không phải là ảnh" in replies[0].text
    replies = await bot.say("xong")
    assert "ít nhất 1 ảnh" in replies[0].text


async def test_a_redelivered_update_is_processed_once(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    first = await bot.say("/start", message_id="same")
    again = await bot.say("/start", message_id="same")
    assert first and not again
    assert bot.dispatcher.stats.duplicates == 1


async def test_concurrent_updates_of_one_chat_stay_in_order(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    bot.channel.send_delay = 0.01
    await bot.say("/start")
    await bot.press("register")
    answers = REGISTRATION_ANSWERS[:6]
    await asyncio.gather(*(bot.dispatcher.handle(bot.inbound(text=a)) for a in answers))
    prompts = [t for t in bot.channel.texts() if t.startswith("Bước")]
    numbers = [int(t.split("/")[0].removeprefix("Bước ")) for t in prompts]
    assert numbers == [1, 2, 3, 4, 4, 5, 6]  # the district and its commune: one step, 4


async def test_different_chats_run_concurrently(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    chats = [f"c{i}" for i in range(20)]
    await asyncio.gather(*(bot.say("/start", chat=c) for c in chats))
    assert {s.chat_id for s in bot.channel.sent} == set(chats)
    assert await count(database, UserRecord) == 20


async def test_an_error_rolls_back_and_the_user_is_told(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start")
    await bot.press("register")
    for answer in REGISTRATION_ANSWERS:
        await bot.say(answer)
    await bot.photo(jpeg((1, 2, 3)))
    await bot.say("xong")
    async with database.engine.begin() as conn:  # the photo table goes missing mid-submit
        await conn.execute(text("ALTER TABLE idea_photos RENAME TO idea_photos_away"))
    replies = await bot.press("submit")
    assert "Xin lỗi, hệ thống vừa gặp sự cố" in replies[-1].text
    assert bot.dispatcher.stats.errors == 1
    assert await count(database, IdeaRecord) == 0  # no half-written idea
    async with database.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE idea_photos_away RENAME TO idea_photos"))
    replies = await bot.press("submit")  # the form was kept: submitting again works
    assert "001/PĐK-42-441-2026" in replies[0].text  # and the failed try used no number


async def at_the_phone_step(bot: Bot) -> None:
    """Where a wrong answer gets two replies: the correction, then the question again."""
    await bot.say("/start")
    await bot.press("register")
    await bot.say("Nguyễn Thị Hoa")
    await bot.say("4")


async def test_outbox_waits_on_429_and_keeps_order(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await at_the_phone_step(bot)
    bot.channel.failures = [RetryAfter(3)]
    replies = await bot.say("12345")
    assert [r.text.split(" ")[0] for r in replies] == ["Số", "Bước"]
    assert bot.slept == [3]


async def test_network_errors_postpone_and_deliver_later(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await at_the_phone_step(bot)
    bot.channel.failures = [ChannelUnavailable("down")]
    assert await bot.say("12345") == []
    await bot.outbox.flush()  # earlier replies are marked sent in groups, a moment later
    async with database.session() as session:
        pending = list(
            await session.scalars(select(OutboxRecord).where(OutboxRecord.status == "pending"))
        )
    assert len(pending) == 2
    # A new update waits behind them, to keep the order.
    assert await bot.say("0912345678") == []
    bot.clock.advance(seconds=5)
    await bot.outbox.deliver_pending()
    texts = [s.reply.text for s in bot.channel.sent[-3:]]
    assert texts[0].startswith("Số điện thoại chưa đúng")
    assert texts[1].startswith("Bước 3/12")
    assert texts[2].startswith("Bước 4/12")


async def test_a_user_who_blocked_the_bot_is_marked(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await at_the_phone_step(bot)
    bot.channel.failures = [RecipientUnavailable("blocked"), RecipientUnavailable("blocked")]
    await bot.say("12345")
    await bot.outbox.flush()
    async with database.session() as session:
        user = (await session.scalars(select(UserRecord))).one()
        assert user.blocked
        statuses = list(
            await session.scalars(select(OutboxRecord.status).order_by(OutboxRecord.id))
        )
    assert statuses[-2:] == ["failed", "failed"]
    assert set(statuses[:-2]) == {"sent"}


async def test_the_outbox_gives_up_after_a_day_of_failures(
    database: Database, tmp_path: Path
) -> None:
    from handlers.outbox import MAX_ATTEMPTS

    bot = make_bot(database, tmp_path)
    await at_the_phone_step(bot)
    bot.channel.failures = [ChannelUnavailable("down")] * (2 * MAX_ATTEMPTS)
    await bot.say("12345")
    for _ in range(2 * MAX_ATTEMPTS):  # two replies, each tried MAX_ATTEMPTS times
        bot.clock.advance(minutes=11)
        await bot.outbox.deliver_pending()
    await bot.outbox.flush()
    async with database.session() as session:
        statuses = list(
            await session.scalars(select(OutboxRecord.status).order_by(OutboxRecord.id))
        )
    assert statuses[-2:] == ["failed", "failed"]


async def test_a_flush_waits_for_the_one_under_way(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start")
    await bot.say("/help")
    background = asyncio.create_task(bot.outbox.flush())  # the timer's flush, say
    await asyncio.sleep(0)
    await bot.outbox.flush()  # must not return before the first has committed
    async with database.session() as session:
        statuses = set(await session.scalars(select(OutboxRecord.status)))
    await background
    assert statuses == {"sent"}
