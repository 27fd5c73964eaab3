"""On Zalo a notice's options are numbered lines: a number typed right after the notice
chooses its option, not the menu's; once anything else came after, numbers mean what they did."""

from __future__ import annotations

from pathlib import Path

from storage.database import Database
from tests.handlers.test_dispatcher import register
from tests.handlers.test_review import COMMUNE, DISTRICT, PRODUCER, _idea, _officers, _told
from tests.harness import make_bot


async def test_a_number_after_a_notice_chooses_its_option_on_zalo(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "zalo")
    await register(bot, chat=PRODUCER, photos=1)
    await _officers(bot)
    idea = await _idea(database)
    await bot.say("/review", chat=COMMUNE)
    await bot.say("1", chat=COMMUNE)
    await bot.say("/review", chat=DISTRICT)  # something between: the commune's own replies
    before = len(bot.channel.sent)
    await bot.say("/review", chat=COMMUNE)
    opened = await bot.say("1", chat=COMMUNE)
    forward = [o.label for o in opened[-1].options].index("Chuyển lên huyện") + 1
    await bot.say(str(forward), chat=COMMUNE)
    await bot.say("bỏ qua", chat=COMMUNE)
    await bot.dispatcher.drain_deliveries()
    notice = _told(bot, PRODUCER, before)[-1]
    assert [o.id for o in notice.options] == [f"idea:{idea.id}:view"]

    card = await bot.say("1", chat=PRODUCER)  # the notice's "Xem ý tưởng", not "Đăng ký"
    assert "Mật ong rừng Vũ Quang" in card[0].text and "chuyển lên huyện" in card[0].text.lower()

    # Now the bot's own reply is the last thing shown: "1" is that reply's first option.
    again = await bot.say("/start", chat=PRODUCER)
    assert again[-1].options[0].label == "Đăng ký ý tưởng sản phẩm"
    chosen = await bot.say("1", chat=PRODUCER)
    assert "Bước 1/12" in chosen[-1].text  # the registration's first question


async def test_on_telegram_a_typed_number_keeps_its_old_meaning(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    await register(bot, chat=PRODUCER, photos=1)
    await _officers(bot)
    await bot.say("/review", chat=COMMUNE)
    opened = await bot.say("1", chat=COMMUNE)
    forward = [o.label for o in opened[-1].options].index("Chuyển lên huyện") + 1
    await bot.say(str(forward), chat=COMMUNE)
    await bot.say("bỏ qua", chat=COMMUNE)
    await bot.dispatcher.drain_deliveries()
    replies = await bot.say("1", chat=PRODUCER)  # Telegram shows buttons, not numbers
    assert "Mật ong rừng Vũ Quang" not in replies[0].text
