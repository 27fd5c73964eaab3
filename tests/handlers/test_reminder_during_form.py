"""A reminder that falls due while the person is filling in a form leaves the form alone: on
Zalo it comes without numbered options (the number typed next answers the form), on
Telegram its buttons work and the form's question is asked again after the answer."""

from __future__ import annotations

from pathlib import Path

from flows.reminder_plan import ReminderSettings
from flows.reminder_types import ANNOUNCEMENT, Candidate
from flows.texts import t
from handlers.reminder_render import render_due
from handlers.reminder_sweep import ReminderSweep
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from tests.harness import REGISTRATION_ANSWERS, Bot, make_bot

NAME, APPLICANT_TYPE = REGISTRATION_ANSWERS[0], REGISTRATION_ANSWERS[1]
NEWS = "Lớp tập huấn viết phương án kinh doanh ngày 15/3 tại UBND huyện."


async def _announce_to(bot: Bot, chat: str) -> None:
    """An announcement due now for the person of `chat`, swept into the outbox and sent."""
    now = bot.clock.now()
    async with UnitOfWork(bot.database) as uow:
        user = await uow.users.get_or_create(bot.channel.name, chat, None, "vi", now)
        params = {"announcement_id": "1", "topic": "training", "text": NEWS, "sender": "Huyện"}
        await uow.reminders.add_many(
            [Candidate(ANNOUNCEMENT, user.id, "announcement:1", now, params=params)], now
        )
        await uow.commit()
    # 10:00 in Hà Tĩnh: out of the quiet hours.
    bot.clock.moment = now.replace(hour=3, minute=0)
    sweep = ReminderSweep(bot.database, bot.clock, render_due, settings=ReminderSettings())
    assert (await sweep.sweep()).sent == 1
    await bot.outbox.deliver_pending()


async def test_on_zalo_the_number_typed_after_a_reminder_answers_the_form(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "zalo")
    await bot.say("/start")
    await bot.press("register")
    asked = await bot.say(NAME)
    assert asked[-1].options  # the applicant's kind, by number
    before = len(bot.channel.sent)

    await _announce_to(bot, bot.chat)
    [reminder] = [s.reply for s in bot.channel.sent[before:]]
    assert NEWS in reminder.text
    assert reminder.options == ()  # nothing numbered that a typed "4" could mean

    replies = await bot.say(APPLICANT_TYPE)
    assert t("ASK_PHONE", "vi").split("{")[0][:20] in replies[-1].text, replies[-1].text


async def test_on_telegram_a_reminders_button_brings_the_form_back(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    await bot.say("/start")
    await bot.press("register")
    asked = await bot.say(NAME)
    question = asked[-1].text
    before = len(bot.channel.sent)

    await _announce_to(bot, bot.chat)
    [reminder] = [s.reply for s in bot.channel.sent[before:]]
    assert reminder.options, reminder  # "Tôi sẽ tham gia" and the like stay buttons
    answered = await bot.press(reminder.options[0].id)
    assert answered[-1].text == question  # the form's question again, where it was

    replies = await bot.say(APPLICANT_TYPE)
    assert t("ASK_PHONE", "vi").split("{")[0][:20] in replies[-1].text, replies[-1].text


async def test_without_a_form_a_typed_number_answers_the_reminder(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "zalo")
    await bot.say("/start")
    before = len(bot.channel.sent)
    await _announce_to(bot, bot.chat)
    [reminder] = [s.reply for s in bot.channel.sent[before:]]
    assert reminder.options
    replies = await bot.say("1")
    assert replies and replies[0].text != t("BAD_CHOICE", "vi")
