"""Consumers' stamp checks are kept under a salted hash (HMAC with the secret salt), never
the chat id nor a plain hash of it; a check never shows the producer's phone (SQLite and
PostgreSQL)."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest
from sqlalchemy import select

from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from storage.database import Database
from storage.models import StampCheckRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_stamp_checks import issue, photo_of
from tests.harness import PUBLIC_URL, make_bot

CHAT = "7712345001"


async def test_no_check_row_holds_the_chat_id_or_its_plain_hash(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    async with UnitOfWork(database) as uow:
        producer = await uow.products.add_producer(
            "HTX Nuôi ong Ân Phú", "htx", "441", "18316", "+84912345678"
        )
        product, _ = await uow.products.add_product(
            name="Mật ong rừng Vũ Quang",
            producer_id=producer,
            group="food",
            stars=4,
            certificate="123/QĐ-UBND-2025",
            decision_date=bot.clock.now().date(),
            now=bot.clock.now(),
        )
        await uow.commit()
    _, serials = await issue(bot, product)
    await bot.say("/start", chat=CHAT)
    replies = await bot.say(format_serial(serials[0]), chat=CHAT)  # typed
    replies += await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serials[1])), CHAT)
    replies += await bot.say(format_serial(12345), chat=CHAT)  # no such stamp: logged too
    assert any("chính hãng" in r.text for r in replies)
    for reply in replies:
        assert "0912" not in reply.text and "345 678" not in reply.text  # never the phone

    async with database.session() as session:
        rows = list(await session.scalars(select(StampCheckRecord)))
    assert len(rows) == 3
    plain = {
        hashlib.sha256(value.encode()).hexdigest()
        for value in (CHAT, f"fake:{CHAT}", f"{CHAT}:fake")
    }
    checker = bot.dispatcher.stamp_checker
    for row in rows:
        values = [str(getattr(row, c.key)) for c in StampCheckRecord.__table__.columns]
        assert not any(CHAT in v for v in values)
        assert row.user_hash not in plain
        # It is the keyed hash: the same person is recognised, with the salt only.
        expected = hmac.new(checker.user_salt, f"fake:{CHAT}".encode(), hashlib.sha256)
        assert row.user_hash == expected.hexdigest()


def test_a_checker_without_a_salt_is_refused(tmp_path: Path) -> None:
    from handlers.stamp_check import StampChecker
    from stamps.keys import StampKeyring, generate_key
    from storage.photo_store import PhotoStore

    with pytest.raises(ValueError, match="salt"):
        StampChecker(StampKeyring((generate_key(),)), PUBLIC_URL, PhotoStore(tmp_path), b"")
