"""A producer trying everything meant for officers, and buttons crafted to name another
person's idea, through the real dispatcher. tests/handlers/test_authorization_matrix.py
checks a hand-picked list with its audit entries and every role; this takes every officer
entry of the registry (so a new one cannot be forgotten) and every namespace that names a
record, as the least trusted person: each is refused politely, nothing is revealed, and no
table but the conversation's own bookkeeping changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from flows import callback
from flows.messages import Reply
from flows.registered import REGISTRY
from flows.registry import everyone
from flows.texts import t
from storage.database import Database
from storage.models import Base, IdeaRecord
from tests.handlers.test_dispatcher import register
from tests.harness import Bot, make_bot

OWNER, INTRUDER = "owner", "intruder"
# What the owner typed: none of it may reach the intruder.
SECRETS = ("Nguyễn Thị Hoa", "0912 345 678", "912345678", "Mật ong rừng", "hoa rừng", "150")
# Tables that record the talk itself (the intruder's messages, replies, refusals).
BOOKKEEPING = {
    "conversations",
    "processed_updates",
    "outbox",
    "inbox",
    "audit_log",
    "users",
    "channel_senders",
    "delivery_marks",
    "scheduler_state",
}
# The namespaces whose buttons name a record, and the action each knows.
ACTIONS = {
    "idea": "view",
    "history": "view",
    "question": "answer",
    "plan": "send",
    "score": "open",
    "stamps": "issue",
    "announcement": "attend",
}
REFUSALS = (
    "AUTH_FOR_OFFICERS",
    "AUTH_NOT_YOURS",
    "AUTH_OUTSIDE_AREA",
    "AUTH_ROLE_NEEDED",
    "DASHBOARD_FOR_OFFICERS",
    "ANNOUNCEMENT_NOT_YOURS",
    "BUTTON_STALE",
)


async def snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the bookkeeping, in a stable order."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    async with database.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in BOOKKEEPING:
                continue
            rows = (await session.execute(select(table))).all()
            found[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return found


def _polite_refusal(replies: list[Reply], what: str) -> None:
    text = "\n".join(r.text for r in replies)
    assert replies, what
    assert t("ERROR_SORRY", "vi") not in text, what
    assert any(t(key, "vi").split("{")[0][:40] in text for key in REFUSALS), (what, text)
    for secret in SECRETS:
        assert secret not in text, (what, secret)


def _officer_entries() -> list[Any]:
    return [e for e in REGISTRY.entries if e.visible is not everyone]


async def _setup(database: Database, tmp_path: Path) -> tuple[Bot, int]:
    bot = make_bot(database, tmp_path)
    await register(bot, chat=OWNER, photos=1)
    await register(bot, chat=INTRUDER, photos=1)  # a producer with an idea of their own
    async with database.session() as session:
        owners = await session.scalars(select(IdeaRecord.id).order_by(IdeaRecord.id))
        return bot, int(owners.first() or 0)


async def test_a_producer_is_refused_every_officer_command_and_menu_entry(
    database: Database, tmp_path: Path
) -> None:
    bot, idea = await _setup(database, tmp_path)
    entries = _officer_entries()
    assert {"inbox", "score", "stamps", "invite", "announce"} <= {e.name for e in entries}
    before = await snapshot(database)
    tried = 0
    for entry in entries:
        for command in entry.commands:
            for text in (f"/{command}", f"/{command} {idea}", f"/{command} commune 18316"):
                _polite_refusal(await bot.say(text, chat=INTRUDER), text)
                tried += 1
        _polite_refusal(await bot.press(f"menu::{entry.name}", chat=INTRUDER), entry.name)
        tried += 1
    assert tried > 30
    assert await snapshot(database) == before


async def test_crafted_buttons_naming_someone_elses_idea_change_nothing(
    database: Database, tmp_path: Path
) -> None:
    bot, idea = await _setup(database, tmp_path)
    before = await snapshot(database)
    # Every namespace a button may name a record in, with every action it knows, and the
    # commands that take an idea's number.
    crafted = [
        f"{ns}:{record}:{action}"
        for ns, real in ACTIONS.items()
        for record in (str(idea), "999999", "-1", "0x1", "１２")  # too big: test_big_numbers
        for action in (real, "approve")
    ]
    crafted += [
        f"{flow}:{step.name}:{idea}"
        for flow, definition in REGISTRY.flows.items()
        for step in definition.steps
    ]
    crafted += [f"resume:{flow}:continue" for flow in REGISTRY.flows]
    for data in crafted:
        data = data[: callback.MAX_BYTES]
        _polite_refusal(await bot.press(data, chat=INTRUDER), data)
    for text in (f"/lichsu {idea}", f"/traloi {idea}", f"/phuongan {idea}", f"/history #{idea}"):
        _polite_refusal(await bot.say(text, chat=INTRUDER), text)
    await bot.say("/cancel", chat=INTRUDER)
    assert await snapshot(database) == before
