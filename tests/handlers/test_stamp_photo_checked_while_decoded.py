"""A stamp photo is decoded from its original bytes while the photo store checks and stores it:
the answer still comes only from a photo the store accepted and stored, a photo the store's
header checks refuse is not decoded at all, and the conversation is read once per update."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from flows.effects import CheckStamp
from flows.messages import DocumentAttachment, PhotoAttachment
from handlers.stamp_check import PhotoReading, StampChecker
from stamps.decode import decode_qr
from stamps.payload import make_stamp_url
from storage.conversations import ConversationRepository
from storage.database import Database
from storage.models import StampCheckRecord
from storage.photo_store import (
    PHOTO_NOT_IMAGE,
    PHOTO_TOO_MANY_PIXELS,
    PhotoRejectedError,
    PhotoStore,
)
from tests.handlers.test_stamp_checks import certified_product, issue, photo_of
from tests.harness import PUBLIC_URL, Bot, make_bot
from tests.storage.test_hostile_files import jpeg_bomb, png_bomb


@pytest.fixture
async def bot(database: Database, tmp_path: Path) -> Bot:
    return make_bot(database, tmp_path)


def spy_decodes(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bytes every decode was asked for, in order (the decoding itself runs as usual)."""
    asked: list[bytes] = []
    decode = StampChecker.decode_original

    async def recording(self: StampChecker, data: bytes) -> PhotoReading:
        asked.append(data)
        return await decode(self, data)

    monkeypatch.setattr(StampChecker, "decode_original", recording)
    return asked


async def checks_logged(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(StampCheckRecord)) or 0)


async def stamp_url(bot: Bot) -> str:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    return make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])


async def test_the_codes_come_from_the_original_while_the_store_checks_it(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = await stamp_url(bot)
    asked = spy_decodes(monkeypatch)
    decoding = threading.Event()

    def signalling(*args: Any, **kwargs: Any) -> Any:
        decoding.set()
        return decode_qr(*args, **kwargs)

    monkeypatch.setattr("handlers.stamp_check.decode_qr", signalling)
    check = PhotoStore.check_and_store

    def waiting(self: PhotoStore, data: bytes, **kwargs: Any) -> Any:
        # Decoded alongside, not after: the store's check sees the decoding under way.
        assert decoding.wait(timeout=5)
        return check(self, data, **kwargs)

    monkeypatch.setattr(PhotoStore, "check_and_store", waiting)
    seen_by_the_step: list[bool] = []
    step_check = StampChecker.check

    async def step(self: StampChecker, uow: Any, effect: CheckStamp, *args: Any) -> Any:
        # The step gets the photo stored already, with the codes read from the original.
        assert effect.photo is not None and effect.codes == (url,)
        seen_by_the_step.append(self.photo_store.path_of(effect.photo).exists())
        return await step_check(self, uow, effect, *args)

    monkeypatch.setattr(StampChecker, "check", step)
    original = photo_of(url)
    replies = await bot.photo(original)
    assert replies[0].text.startswith("✅ Tem OCOP chính hãng")
    assert asked == [original]  # decoded once, from the bytes as sent, not the kept copy
    assert seen_by_the_step == [True]
    async with bot.database.session() as session:
        logged = (await session.scalars(select(StampCheckRecord))).one()
    assert logged.photo_sha256 is not None
    assert bot.photo_store.path_of(logged.photo_sha256).exists()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (png_bomb(50_000, 50_000), PHOTO_TOO_MANY_PIXELS),
        (jpeg_bomb(50_000, 50_000), PHOTO_TOO_MANY_PIXELS),
        (b"%PDF-1.4\n%%EOF\n", PHOTO_NOT_IMAGE),
    ],
    ids=["png-bomb", "jpeg-bomb", "pdf"],
)
async def test_a_photo_the_header_checks_refuse_is_not_decoded(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str
) -> None:
    asked = spy_decodes(monkeypatch)
    replies = await bot.photo(data)
    assert asked == []
    assert not replies[0].text.startswith("✅")
    assert await checks_logged(bot.database) == 0
    assert list(bot.photo_store.root.rglob("*.jpg")) == []
    with pytest.raises(PhotoRejectedError) as refused:
        bot.photo_store.plan(data)
    assert refused.value.reason == reason


async def test_what_was_read_in_a_photo_the_store_refuses_is_dropped(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real stamp, read while the store's check runs; the check then fails on the pixels
    (as a corrupt file's would): the person is told the photo is unusable, nothing is
    checked, logged or stored."""
    url = await stamp_url(bot)
    asked = spy_decodes(monkeypatch)

    def corrupt(self: PhotoStore, data: bytes, **kwargs: Any) -> Any:
        raise PhotoRejectedError(PHOTO_NOT_IMAGE)

    monkeypatch.setattr(PhotoStore, "check_and_store", corrupt)
    replies = await bot.photo(photo_of(url))
    assert len(asked) == 1  # it was decoded meanwhile...
    assert not replies[0].text.startswith("✅")  # ...and what it read was dropped
    assert "Tem" not in replies[0].text.split("\n")[0]
    assert await checks_logged(bot.database) == 0


async def test_the_next_accepted_photo_is_decoded_when_the_first_is_refused(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = await stamp_url(bot)
    asked = spy_decodes(monkeypatch)
    good = photo_of(url)
    bot.channel.files.update(bomb=png_bomb(50_000, 50_000), good=good)
    inbound = bot.inbound(photos=(PhotoAttachment("bomb"), PhotoAttachment("good")))
    replies = await bot.send(inbound)
    assert asked == [good]
    assert replies  # the flow answers the message as a whole (the first refusal, here)


async def test_a_message_with_a_photo_and_a_file_reads_the_conversation_once_before_its_step(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the photo is a stamp and whether the file is wanted both come from one read."""
    url = await stamp_url(bot)
    keys: list[list[str]] = []
    load_many = ConversationRepository.load_many

    async def counting(self: ConversationRepository, wanted: list[str]) -> Any:
        keys.append(list(wanted))
        return await load_many(self, wanted)

    monkeypatch.setattr(ConversationRepository, "load_many", counting)
    bot.channel.files["stamp"] = photo_of(url)
    plan = DocumentAttachment("plan", data=b"%PDF-1.4\n%%EOF\n", file_name="plan.pdf")
    inbound = replace(bot.inbound(photos=(PhotoAttachment("stamp"),)), documents=(plan,))
    replies = await bot.send(inbound)
    assert "plan.pdf" in replies[0].text  # the file is answered (not wanted now)
    assert keys == [["fake:chat-1"], ["fake:chat-1"]]  # the read before, and the step's own


async def test_chats_sending_stamps_at_once_share_the_read_and_a_redelivery_is_skipped(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 6)
    asked = spy_decodes(monkeypatch)
    inbounds = []
    for i, serial in enumerate(serials):
        bot.channel.files[f"s{i}"] = photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serial))
        inbounds.append(
            bot.inbound(photos=(PhotoAttachment(f"s{i}"),), chat=f"c{i}", message_id=f"m{i}")
        )
    await asyncio.gather(*(bot.dispatcher.handle(i) for i in inbounds))
    answered = {s.chat_id for s in bot.channel.sent if s.reply.text.startswith("✅")}
    assert answered == {f"c{i}" for i in range(6)}
    assert len(asked) == 6
    before = len(bot.channel.sent)
    await bot.dispatcher.handle(inbounds[0])  # the webhook delivers it again
    assert len(bot.channel.sent) == before
    assert len(asked) == 6  # neither checked nor decoded again
    assert await checks_logged(bot.database) == 6
