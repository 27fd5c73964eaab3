"""Pruning through the bot as it runs: consumers' stamp photos go once answered, a
registration's photos stay (in an open form, then in the saved idea), old rows go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from handlers.pruning import Pruning
from stamps.payload import make_stamp_url
from storage.database import Database
from storage.models import IdeaPhotoRecord, OutboxRecord, ProcessedUpdateRecord, StampCheckRecord
from tests.handlers.test_dispatcher import jpeg
from tests.handlers.test_stamp_checks import certified_product, issue, photo_of
from tests.harness import PUBLIC_URL, REGISTRATION_ANSWERS, Bot, make_bot


def files(bot: Bot) -> set[str]:
    return {p.stem for p in bot.photo_store.root.rglob("*.jpg")}


async def checked_photos(bot: Bot) -> list[str | None]:
    async with bot.database.session() as session:
        rows = await session.scalars(select(StampCheckRecord.photo_sha256))
        return list(rows)


async def count(database: Database, model: type) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_stamp_photos_go_after_their_check_form_photos_stay(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    pruning = Pruning(database, bot.clock, bot.photo_store)
    product = await certified_product(bot)
    _, serials = await issue(bot, product)

    # A producer halfway through a registration has sent two photos: only the form holds them.
    await bot.say("/start", chat="hoa")
    await bot.press("register", chat="hoa")
    for answer in REGISTRATION_ANSWERS:
        await bot.say(answer, chat="hoa")
    await bot.photo(jpeg((200, 120, 30)), chat="hoa")
    await bot.photo(jpeg((30, 90, 200)), chat="hoa")
    form_photos = files(bot)
    assert len(form_photos) == 2

    # Two buyers check stamps with photos; one photo holds no code at all.
    genuine = await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])), "b1")
    assert genuine[0].text.startswith("✅ Tem OCOP chính hãng")
    await bot.photo(jpeg((10, 10, 10)), chat="b2")
    stamp_photos = files(bot) - form_photos
    assert len(stamp_photos) == 2
    assert set(await checked_photos(bot)) == stamp_photos

    result = await pruning.prune()
    assert result.stamp_photos == 2 and result.stamp_photos_kept == 0
    assert files(bot) == form_photos  # the open form's photos are still there
    assert set(await checked_photos(bot)) == {None}  # the checks stay, for the reports

    # The form goes on and is saved with its photos.
    await bot.say("xong", chat="hoa")
    submitted = await bot.press("submit", chat="hoa")
    assert "PĐK" in submitted[0].text
    assert await count(database, IdeaPhotoRecord) == 2

    # A buyer sends the very photo of the idea (the same file): it is the idea's, and stays.
    await bot.photo(jpeg((200, 120, 30)), chat="b3")
    again = await pruning.prune()
    assert (again.stamp_photos, again.stamp_photos_kept) == (0, 1)
    assert files(bot) == form_photos
    assert set(await checked_photos(bot)) == {None}


async def test_old_rows_go_recent_ones_and_each_chats_latest_stay(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    pruning = Pruning(database, bot.clock, bot.photo_store, age=dt.timedelta(days=30), batch=3)
    for _ in range(4):
        await bot.say("/help", chat="old")
    await bot.say("/help", chat="quiet")
    await bot.outbox.flush()  # marked sent now, not once the clock has moved on
    sent_long_ago = await count(database, OutboxRecord)
    updates_long_ago = await count(database, ProcessedUpdateRecord)
    assert sent_long_ago >= 5 and updates_long_ago == 5

    bot.clock.advance(days=31)
    await bot.say("/help", chat="old")
    await bot.outbox.flush()
    latest_old = await count(database, OutboxRecord) - sent_long_ago

    dry = await pruning.prune(dry_run=True)
    assert dry.dry_run and dry.processed_updates == 5
    assert await count(database, ProcessedUpdateRecord) == 6

    result = await pruning.prune()
    assert result.processed_updates == 5
    assert result.outbox == dry.outbox == sent_long_ago - 1  # "quiet" keeps its latest
    assert await count(database, ProcessedUpdateRecord) == 1
    assert await count(database, OutboxRecord) == latest_old + 1
    async with database.session() as session:
        statuses = set(await session.scalars(select(OutboxRecord.status)))
    assert statuses <= {"sent", "pending"}

    # Nothing more to delete until more time passes.
    assert (await pruning.prune()).total == 0
