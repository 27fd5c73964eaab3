"""Hostile updates through the real dispatcher: each answered, nothing half written.

A case runs on a copy of a database prepared once (a registered idea, an officer of each role),
so that hypothesis can run many cases without migrating a database for each."""

from __future__ import annotations

import asyncio
import io
import itertools
import logging
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from flows.messages import Inbound
from flows.principal import PRODUCER
from storage.database import Database, sqlite_url
from storage.models import IdeaPhotoRecord, IdeaRecord, PhotoRecord
from storage.unit_of_work import UnitOfWork
from tests.fuzz.bank import ROLES, _user
from tests.handlers.test_dispatcher import register
from tests.harness import Bot, make_bot

CHANNEL = "telegram"


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _png_cut() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (1, 2, 3)).save(buffer, format="PNG")
    return buffer.getvalue()[:120]


# What the photo refs of tests/fuzz/strategies.inbound download as.
FILES = {"jpeg": _jpeg(), "png": _png_cut(), "not-a-photo": b"<svg onload=alert(1)>"}


async def prepare(path: Path) -> None:
    """The template: migrated, one idea registered, each role held by its chat."""
    database = Database(sqlite_url(path))
    await database.upgrade()
    bot = make_bot(database, path.parent, CHANNEL)
    await register(bot, chat="producer", photos=1)
    for chat, (role, area) in ROLES.items():
        await bot.say("/start", chat=chat)
        if role != PRODUCER:
            user = await _user(database, chat)
            async with UnitOfWork(database) as uow:
                await uow.users.grant(user, role, area, "2020", bot.clock.now())
                await uow.commit()
    await bot.outbox.close()
    bot.photo_store.close()
    await database.dispose()


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def errors_logged() -> Iterator[list[logging.LogRecord]]:
    handler = _Errors()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)


async def whole_records(database: Database) -> None:
    """No half-written record: every idea has its number and answers, every photo link a
    photo, and the counts agree."""
    async with UnitOfWork(database) as uow:
        ideas = list(await uow.session.scalars(select(IdeaRecord)))
        for idea in ideas:
            assert idea.registration_number and idea.answers, idea.id
            assert idea.applicant_name and idea.product_name and idea.commune_code
        photos = set(await uow.session.scalars(select(PhotoRecord.sha256)))
        linked = list(await uow.session.scalars(select(IdeaPhotoRecord.photo_sha256)))
        assert set(linked) <= photos
        orphans = await uow.session.scalar(
            select(func.count())
            .select_from(IdeaPhotoRecord)
            .where(IdeaPhotoRecord.idea_id.not_in(select(IdeaRecord.id)))
        )
        assert orphans == 0


_ids = itertools.count(1)


def _short(inbound: Inbound) -> str:
    """The update, with a long text cut, for a failure's message."""
    text = inbound.text if inbound.text is None or len(inbound.text) < 80 else inbound.text[:80]
    return repr(replace(inbound, text=text))


async def run_on(bot: Bot, inbounds: Sequence[Inbound]) -> None:
    bot.channel.files.update(FILES)
    with errors_logged() as errors:
        for inbound in inbounds:
            inbound = replace(inbound, message_id=f"fz{next(_ids)}")
            before = len(bot.channel.sent)
            await bot.dispatcher.handle(inbound)
            await bot.dispatcher.drain_deliveries()
            answered = [s for s in bot.channel.sent[before:] if s.chat_id == inbound.chat_id]
            assert answered, _short(inbound)
            assert all(s.reply.text.strip() or s.reply.photo for s in answered), _short(inbound)
        assert not errors, [r.getMessage() for r in errors]
    await whole_records(bot.database)


def run_case(template: Path, work: Path, inbounds: Sequence[Inbound]) -> None:
    """One case on a fresh copy of the template."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / "case.sqlite3"
    shutil.copyfile(template, path)
    for suffix in ("-wal", "-shm"):
        side = template.with_name(template.name + suffix)
        if side.exists():
            shutil.copyfile(side, path.with_name(path.name + suffix))

    async def go() -> None:
        database = Database(sqlite_url(path))
        bot = make_bot(database, work, CHANNEL)
        try:
            await run_on(bot, inbounds)
        finally:
            await bot.outbox.close()
            bot.photo_store.close()
            await database.dispose()

    asyncio.run(go())
    shutil.rmtree(work, ignore_errors=True)
