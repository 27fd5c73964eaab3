"""A new idea is news for its commune's officers at once, and for no one else."""

from __future__ import annotations

from pathlib import Path

from storage.database import Database
from tests.handlers.test_dispatcher import register
from tests.handlers.test_review import COMMUNE, DISTRICT, OTHER, PRODUCER, _idea, _officers, _told
from tests.harness import make_bot


async def test_the_communes_officers_are_told_of_a_new_idea(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "zalo")
    await _officers(bot)
    before = len(bot.channel.sent)
    await register(bot, chat=PRODUCER, photos=1)
    await bot.dispatcher.drain_deliveries()
    idea = await _idea(database)
    told = _told(bot, COMMUNE, before)
    assert len(told) == 1 and "đang chờ anh/chị xem xét" in told[0].text
    assert idea.registration_number in told[0].text
    assert [o.id for o in told[0].options] == [f"idea:{idea.id}:view"]
    assert not _told(bot, DISTRICT, before) and not _told(bot, OTHER, before)

    card = await bot.say("1", chat=COMMUNE)  # the notice's "Xem ý tưởng", by its number
    assert "Mật ong rừng Vũ Quang" in card[0].text
