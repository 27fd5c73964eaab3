"""Hostile updates through the real dispatcher on SQLite, and a fixed hostile set on each
database: an answer for every update, no error logged, no half-written record."""

from __future__ import annotations

import asyncio
import atexit
import functools
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from flows.messages import Inbound, PhotoAttachment
from storage.database import Database
from tests.fuzz import dispatch
from tests.fuzz.bank import ROLES
from tests.fuzz.strategies import CI_EXAMPLES, hostile_text, inbound, profile
from tests.handlers.test_dispatcher import register
from tests.harness import make_bot

_ROOT = Path(
    tempfile.mkdtemp(prefix="ocop-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
)
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)


@functools.cache
def template() -> Path:
    path = _ROOT / "template" / "db.sqlite3"
    path.parent.mkdir(parents=True)
    asyncio.run(dispatch.prepare(path))
    return path


def updates() -> st.SearchStrategy[list[Inbound]]:
    one = st.sampled_from(sorted(ROLES)).flatmap(
        lambda chat: inbound(dispatch.CHANNEL, chat, hostile_text())
    )
    return st.lists(one, min_size=1, max_size=6)


@profile(max(5, CI_EXAMPLES // 6))
@given(updates())
def test_hostile_updates_are_each_answered_and_nothing_is_half_written(
    inbounds: list[Inbound],
) -> None:
    dispatch.run_case(template(), _ROOT / uuid.uuid4().hex, inbounds)


HOSTILE = (
    "A" * 5000,
    "Nguyễn\u202eThị\u200f Hoa\x00\x1b[31m",
    "👨‍👩‍👧" * 700,
    "\n\n\n",
    "0" * 300,
    "9" * 40,
    "-0,5 tỷ",
    "x" * 199 + "😀",
)


async def test_hostile_answers_at_every_registration_step_are_answered_and_stored_whole(
    database: Database, tmp_path: Path
) -> None:
    """On SQLite and PostgreSQL: every registration step meets texts longer than its column,
    controls and emoji, a sticker and a photo that is not one; the idea submitted at the end is
    whole."""
    bot = make_bot(database, tmp_path, dispatch.CHANNEL)
    bot.channel.files.update(dispatch.FILES)
    chat = "hostile"
    junk = [Inbound(dispatch.CHANNEL, chat, chat, "", text=t) for t in HOSTILE[:3]]
    junk.append(Inbound(dispatch.CHANNEL, chat, chat, "", unsupported=True))
    junk.append(Inbound(dispatch.CHANNEL, chat, chat, "", photos=(PhotoAttachment("png"),)))
    junk.append(Inbound(dispatch.CHANNEL, chat, chat, "", choice="idea:999999:view"))
    await bot.say("/start", chat=chat)
    await bot.press("menu::register", chat=chat)
    for _ in range(14):
        await dispatch.run_on(bot, junk)
        await bot.say(HOSTILE[7], chat=chat)  # a name, a product, a story: taken where text is
    await register(bot, chat=chat, photos=1)
    await dispatch.whole_records(database)
