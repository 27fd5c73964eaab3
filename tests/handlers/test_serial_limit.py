"""Typed serials carry no MAC: a per-person limit on typed look-ups (and a tighter one on those
that find nothing), stated in the reply with when to try again; and a typed serial never shows
the producer's phone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from flows.verification import (
    FAILED_LOOKUPS_PER_WINDOW,
    LOOKUP_WINDOW_MINUTES,
    TYPED_LOOKUPS_PER_WINDOW,
)
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from storage.database import Database
from storage.models import StampCheckRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_stamp_checks import issue, photo_of
from tests.harness import PUBLIC_URL, Bot, make_bot

PHONE = "0912345678"


@pytest.fixture
async def bot(database: Database, tmp_path: Path) -> Bot:
    return make_bot(database, tmp_path)


async def product_with_phone(bot: Bot) -> int:
    async with UnitOfWork(bot.database) as uow:
        producer = await uow.products.add_producer(
            "HTX Nuôi ong Ân Phú", "htx", "441", "18316", PHONE
        )
        product, _ = await uow.products.add_product(
            name="Mật ong rừng Vũ Quang",
            producer_id=producer,
            group="food",
            stars=4,
            certificate="123/QĐ-UBND-2025",
            decision_date=dt.date(2025, 6, 15),
            now=bot.clock.now(),
        )
        await uow.commit()
    return product


def not_issued(issued: list[int], count: int) -> list[str]:
    out, n = [], 1
    while len(out) < count:
        if n not in issued:
            out.append(format_serial(n))
        n += 7919
    return out


async def logged(bot: Bot) -> int:
    async with UnitOfWork(bot.database) as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(StampCheckRecord)))


async def test_failed_typed_checks_are_limited_per_person(bot: Bot) -> None:
    product = await product_with_phone(bot)
    _, serials = await issue(bot, product, 2)
    for serial in not_issued(serials, FAILED_LOOKUPS_PER_WINDOW):
        [reply] = await bot.say(serial)
        assert reply.text.startswith("❌ Không có tem OCOP")
        bot.clock.advance(minutes=1)
    before = await logged(bot)
    # Over the limit, even a real serial is not looked up: the reply names the limit and when.
    [limited] = await bot.say(format_serial(serials[0]))
    again = bot.clock.now() - dt.timedelta(minutes=FAILED_LOOKUPS_PER_WINDOW)
    again += dt.timedelta(minutes=LOOKUP_WINDOW_MINUTES)
    assert f"{FAILED_LOOKUPS_PER_WINDOW} số sê-ri" in limited.text
    assert f"{LOOKUP_WINDOW_MINUTES} phút" in limited.text
    assert (again + dt.timedelta(hours=7)).strftime("%H:%M") in limited.text
    assert "Mật ong" not in limited.text
    assert await logged(bot) == before  # refused checks do not push the window on
    # Someone else is not limited; a photo of the signed stamp is not either.
    [other] = await bot.say(format_serial(serials[0]), chat="chat-2")
    assert other.text.startswith("✅ Tem OCOP chính hãng")
    url = make_stamp_url(PUBLIC_URL, bot.keyring, serials[1])
    scanned = await bot.photo(photo_of(url))
    assert scanned[0].text.startswith("✅ Tem OCOP chính hãng")
    # Once the oldest failure leaves the window, typing works again.
    bot.clock.moment = again
    [back] = await bot.say(format_serial(serials[0]))
    assert back.text.startswith("✅ Tem OCOP chính hãng")


async def test_typed_look_ups_are_limited_even_when_they_find_stamps(bot: Bot) -> None:
    product = await product_with_phone(bot)
    _, serials = await issue(bot, product, 1)
    for _ in range(TYPED_LOOKUPS_PER_WINDOW):
        [reply] = await bot.say(format_serial(serials[0]))
        assert reply.text.startswith("✅")
    [limited] = await bot.say(format_serial(serials[0]))
    assert limited.text.startswith("⏳")
    assert f"{TYPED_LOOKUPS_PER_WINDOW} số sê-ri" in limited.text
    # Words that hold no serial look nothing up and are answered as before.
    [words] = await bot.say("xin chào")
    assert not words.text.startswith("⏳")


async def test_a_typed_serial_never_shows_the_producers_phone(bot: Bot) -> None:
    product = await product_with_phone(bot)
    _, serials = await issue(bot, product, 1)
    typed = await bot.say(format_serial(serials[0]))
    assert typed[0].text.startswith("✅") and "HTX Nuôi ong Ân Phú" in typed[0].text
    url = make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])
    scanned = await bot.photo(photo_of(url))
    for reply in [*typed, *scanned]:
        digits = "".join(c for c in reply.text if c.isdigit())
        assert PHONE not in digits and PHONE[1:] not in digits
