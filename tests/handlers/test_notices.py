"""A flow addresses a message to someone else: a person on another channel, or everyone
holding a role in an area; written with the step, delivered in the recipient's language."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from flows.engine import Env, Outcome
from flows.messages import Inbound, Reply, UserMessage
from flows.notice import Notice, Notify, ToRole, ToUser
from flows.registered import REGISTRY
from flows.registry import Entry, Registry
from flows.texts import t
from storage.database import Database
from storage.models import OutboxRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.fakes import FakeChannel
from tests.harness import REGISTRATION_ANSWERS, make_bot

NOTICE = Notice("BUTTON_STALE", buttons=(("idea:7:view", "MENU_MY_IDEAS"),))


def _telling(to: ToUser | ToRole) -> Registry:
    """The bot's flows plus one that tells `to` something when /tell is sent."""

    def begin(_: UserMessage, env: Env) -> Outcome:
        return Outcome(None, (Reply("told"),), (Notify(to, NOTICE),))

    return Registry((*REGISTRY.entries, Entry("tell", commands=("tell",), begin_with=begin)))


async def _user_id(database: Database, channel: str, external_id: str) -> int:
    async with UnitOfWork(database) as uow:  # queued like the bot's own transactions
        found = await uow.session.scalar(
            select(UserRecord.id).where(
                UserRecord.channel == channel, UserRecord.external_id == external_id
            )
        )
    assert found is not None
    return int(found)


async def test_a_flow_tells_a_person_on_another_channel_in_their_language(
    database: Database, tmp_path: Path
) -> None:
    zalo = FakeChannel("zalo")
    # The Zalo person wrote before and chose English.
    first = make_bot(database, tmp_path, "telegram", others=(zalo,))
    english = Inbound("zalo", "z-1", "z-1", "z1", text="/lang en", command="lang", command_arg="en")
    await first.dispatcher.handle(english)
    target = await _user_id(database, "zalo", "z-1")
    await first.outbox.close()

    bot = make_bot(
        database, tmp_path, "telegram", registry=_telling(ToUser(target)), others=(zalo,)
    )
    before = len(zalo.sent)
    replies = await bot.say("/tell", chat="t-1")
    await bot.dispatcher.drain_deliveries()

    assert replies[0].text.startswith("told")
    got = zalo.sent[before:]
    assert [s.chat_id for s in got] == ["z-1"]
    assert (
        got[0].reply.text == "That button belongs to an older message; it has already been handled."
    )
    assert got[0].reply.options[0].id == "idea:7:view"
    async with database.session() as session:
        rows = list(
            await session.scalars(select(OutboxRecord).where(OutboxRecord.chat_id == "z-1"))
        )
    assert rows[-1].user_id == target and rows[-1].status == "sent"


async def test_everyone_holding_a_role_in_an_area_is_told_and_nobody_else(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram", registry=_telling(ToRole("district", "441")))
    for chat in ("d-441-a", "d-441-b", "d-442", "producer"):
        await bot.say("/start", chat=chat)
    officers = [("d-441-a", "441"), ("d-441-b", "441"), ("d-442", "442")]
    ids = [await _user_id(database, "telegram", chat) for chat, _ in officers]
    async with UnitOfWork(database) as uow:
        for user, (_, area) in zip(ids, officers, strict=True):
            await uow.users.grant(user, "district", area, "2020", bot.clock.now())
        await uow.commit()
    sent_before = len(bot.channel.sent)
    await bot.say("/tell", chat="producer")
    await bot.dispatcher.drain_deliveries()
    told = {s.chat_id for s in bot.channel.sent[sent_before:] if s.chat_id != "producer"}
    assert told == {"d-441-a", "d-441-b"}


async def test_a_notice_button_pressed_later_inside_another_form_is_answered_and_the_form_waits(
    database: Database, tmp_path: Path
) -> None:
    def on_button(record: str, action: str, msg: UserMessage, env: Env) -> Outcome | None:
        if record != "7" or action != "view":
            return None
        return Outcome(None, (Reply(f"idea {record}"),), ())

    # In place of the bot's own "idea" entry (flows/review.py), to see the press alone.
    others = tuple(e for e in REGISTRY.entries if e.name != "idea")
    registry = Registry((*others, Entry("idea", on_button=on_button)))
    bot = make_bot(database, tmp_path, registry=registry)
    await bot.say("/start")
    await bot.press("register")
    await bot.say("Nguyễn Thị Hoa")
    replies = await bot.press("idea:7:view")
    assert replies[0].text == "idea 7"
    assert "Bước 2/" in replies[-1].text  # the form's question again, nothing lost
    stale = await bot.press("idea:8:view")
    assert stale[0].text.startswith("Nút này thuộc một tin nhắn cũ")
    assert "Bước 2/" in stale[-1].text


async def test_on_zalo_a_notice_to_someone_in_a_form_does_not_take_the_number_they_type(
    database: Database, tmp_path: Path
) -> None:
    """Options on Zalo are numbered lines, and a typed number answers the last list read: a
    notice arriving between a form's question and its answer comes without options, so the
    "4" typed next still answers the form (officers reviewing while new ideas arrive)."""
    zalo = FakeChannel("zalo")
    first = make_bot(database, tmp_path, "telegram", others=(zalo,))
    for n, text in enumerate(["/start", "1", REGISTRATION_ANSWERS[0]]):
        command = text[1:] if text.startswith("/") else None
        await first.dispatcher.handle(Inbound("zalo", "z-1", "z-1", f"z{n}", text, command))
    asked = zalo.sent[-1].reply
    assert asked.options  # the applicant's kind, by number
    target = await _user_id(database, "zalo", "z-1")
    await first.outbox.close()

    bot = make_bot(
        database, tmp_path, "telegram", registry=_telling(ToUser(target)), others=(zalo,)
    )
    before = len(zalo.sent)
    await bot.say("/tell", chat="t-1")
    await bot.dispatcher.drain_deliveries()
    [notice] = [s.reply for s in zalo.sent[before:]]
    assert notice.options == ()  # nothing numbered that the "4" could mean

    await bot.dispatcher.handle(Inbound("zalo", "z-1", "z-1", "z9", REGISTRATION_ANSWERS[1]))
    assert t("ASK_PHONE", "vi").split("{")[0][:20] in zalo.sent[-1].reply.text
