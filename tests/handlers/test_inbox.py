"""The inbox on SQLite and PostgreSQL: recorded once, in order, handled once after a crash."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sqlalchemy import text as sql

from flows.messages import Inbound, PhotoAttachment
from handlers.inbox import KEEP_HANDLED, Inbox
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from tests.fakes import FakeClock
from tests.harness import make_bot


def text(chat: str, message_id: str, words: str = "xin chào") -> Inbound:
    return Inbound("telegram", chat, chat, message_id, text=words)


def test_an_inbound_survives_json_whole() -> None:
    inbound = Inbound(
        channel="console",
        chat_id="c1",
        user_id="u1",
        message_id="m1",
        text="Mật ong",
        command="start",
        command_arg="ref-1",
        choice="reg:1",
        photos=(PhotoAttachment("p", 3, "image/jpeg", b"\x00\xffjpeg", "a.jpg"),),
        contact_phone="+84912345678",
        location=(18.34, 105.9),
        display_name="Hoa",
        language_code="vi",
        unsupported=True,
    )
    stored = inbound.to_json()
    # Every field is stored (a field added later must be added to to_json too).
    assert set(stored) == {f.name for f in dataclasses.fields(Inbound)}
    assert Inbound.from_json(stored) == inbound
    plain = Inbound("zalo", "c", "u", "m")
    assert Inbound.from_json(plain.to_json()) == plain


async def test_recorded_once_and_returned_in_order(database: Database) -> None:
    clock = FakeClock()
    inbox = Inbox(database, clock)
    first = [text("a", "u1"), text("b", "u2"), text("a", "u3")]
    assert await inbox.record(first) == first
    # A batch fetched again (its offset was not confirmed) brings only what is new.
    again = [text("a", "u3"), text("b", "u4"), text("b", "u4")]
    assert await inbox.record(again) == [text("b", "u4")]
    assert await inbox.unhandled() == [*first, text("b", "u4")]
    assert await inbox.unhandled(channels=["zalo"]) == []


async def test_marked_rows_are_not_handed_out_again(database: Database) -> None:
    clock = FakeClock()
    inbox = Inbox(database, clock)
    await inbox.record([text("a", "u1"), text("a", "u2")])
    async with UnitOfWork(database) as uow:
        await uow.inbox.mark_handled_many([("telegram", "u1"), ("telegram", "not-in")], clock.now())
        await uow.commit()
    assert [i.message_id for i in await inbox.unhandled()] == ["u2"]


async def test_rows_rolled_back_with_their_transaction(database: Database) -> None:
    clock = FakeClock()
    inbox = Inbox(database, clock)
    await inbox.record([text("a", "u1")])
    async with UnitOfWork(database) as uow:
        await uow.inbox.mark_handled_many([("telegram", "u1")], clock.now())
        # not committed: the step that would have handled it failed
    assert [i.message_id for i in await inbox.unhandled()] == ["u1"]


async def test_a_step_committed_before_the_crash_is_not_run_again(
    database: Database, tmp_path: Path
) -> None:
    """The update was processed (its replies written), the process died before the inbox row
    was marked: recovery marks it and does not hand it out."""
    bot = make_bot(database, tmp_path)
    inbox = Inbox(database, bot.clock)
    done, left = bot.inbound(text="/start"), bot.inbound(text="/help")
    await inbox.record([done, left])
    await bot.send(done)
    async with UnitOfWork(database) as uow:  # as a crash between would leave it
        await uow.session.execute(sql("UPDATE inbox SET handled_at = NULL"))
        await uow.commit()
    assert await inbox.unhandled() == [left]
    assert await inbox.unhandled() == [left]  # and it stays marked


async def test_old_handled_rows_are_forgotten(database: Database) -> None:
    clock = FakeClock()
    inbox = Inbox(database, clock)
    await inbox.record([text("a", "u1")])
    async with UnitOfWork(database) as uow:
        await uow.inbox.mark_handled_many([("telegram", "u1")], clock.now())
        await uow.commit()
    clock.moment += KEEP_HANDLED + dt.timedelta(minutes=1)
    assert await inbox.unhandled() == []
    # Forgotten, so a very late redelivery is recorded again (the dispatcher's dedupe skips it).
    assert await inbox.record([text("a", "u1")]) == [text("a", "u1")]


async def test_take_handles_only_what_is_new(database: Database) -> None:
    inbox = Inbox(database, FakeClock())
    handled: list[str] = []

    async def handle(inbound: Inbound) -> None:
        handled.append(inbound.message_id)

    for message_id in ("c1", "c1", "c2"):
        await inbox.take(text("a", message_id), handle)
    assert handled == ["c1", "c2"]
