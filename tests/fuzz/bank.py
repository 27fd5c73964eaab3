"""States people really reach: every menu entry of every role walked through the real
dispatcher on SQLite (effects applied, so inboxes hold an idea, lists have rows), each state
kept with the person it belongs to. The pure fuzz starts from these."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import json
import os
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from flows.messages import Reply
from flows.principal import ADMIN, COMMUNE, DISTRICT, PRODUCER, PROVINCE, Principal, RoleGrant
from flows.text_match import is_back, is_cancel
from storage.database import Database, sqlite_url
from storage.models import UserRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_dispatcher import register
from tests.harness import REGISTRATION_ANSWERS, Bot, make_bot

CHANNEL = "telegram"
REPO = Path(__file__).resolve().parents[2]
# Who explores, and the role each holds (an idea waits in commune 18316 of district 441).
ROLES: dict[str, tuple[str, str | None]] = {
    "producer": (PRODUCER, None),
    "commune": (COMMUNE, "18316"),
    "district": (DISTRICT, "441"),
    "province": (PROVINCE, None),
    "admin": (ADMIN, None),
}
DEPTH = 6  # answers given after each menu entry
# Typed when a step offers no buttons: names, numbers, dates, "done", a registration's answers.
TYPED = (*REGISTRATION_ANSWERS, "1", "12/03/2026", "xong", "Ghi chú của cán bộ", "2")


@dataclass(frozen=True)
class BankState:
    role: str
    principal: Principal
    lang: str
    now: dt.datetime
    state: dict[str, Any]  # conversations.state as saved
    offered: tuple[str, ...]  # the buttons last shown (pressed again: a replayed keyboard)


async def _user(database: Database, chat: str) -> int:
    async with UnitOfWork(database) as uow:
        found = await uow.session.scalar(
            select(UserRecord.id).where(UserRecord.external_id == chat)
        )
    assert found is not None
    return int(found)


async def _principal(bot: Bot, chat: str) -> Principal:
    user = await _user(bot.database, chat)
    async with UnitOfWork(bot.database) as uow:
        grants = (await uow.users.grants_many([user])).get(user, ())
    return Principal(user, CHANNEL, chat, grants)


async def _state(bot: Bot, chat: str) -> dict[str, Any]:
    async with UnitOfWork(bot.database) as uow:
        return (await uow.conversations.load_many([f"{CHANNEL}:{chat}"])).get(
            f"{CHANNEL}:{chat}", {}
        )


def _next_press(replies: list[Reply], turn: int) -> str | None:
    """A button of the last keyboard, a different one each turn, never back or cancel."""
    for reply in reversed(replies):
        usable = [o.id for o in reply.options if not (is_cancel(o.label) or is_back(o.label))]
        if usable:
            return usable[turn % len(usable)]
    return None


async def explore(database: Database, tmp_path: Path, depth: int = DEPTH) -> list[BankState]:
    bot = make_bot(database, tmp_path, CHANNEL)
    await register(bot, chat="producer", photos=1)
    for chat, (role, area) in ROLES.items():
        await bot.say("/start", chat=chat)
        if role != PRODUCER:
            user = await _user(database, chat)
            async with UnitOfWork(database) as uow:
                await uow.users.grant(user, role, area, "2020", bot.clock.now())
                await uow.commit()
    bank: list[BankState] = []
    seen: set[tuple[str, str]] = set()
    everyones: set[str] = set()
    for chat in ROLES:
        principal = await _principal(bot, chat)
        menu = await bot.say("/start", chat=chat)
        entries = [o.id for o in menu[-1].options]
        if chat == "producer":
            everyones = set(entries)
        for n, entry in enumerate(entries):
            replies = await bot.press(entry, chat=chat)
            # What every person has is walked far once, as the producer; an officer's own
            # entries as far as `depth`.
            steps = 16 if entry == "menu::register" else depth
            if chat != "producer" and entry in everyones:
                steps = 2
            for turn in range(steps):
                state = await _state(bot, chat)
                offered = tuple(o.id for r in replies for o in r.options)
                key = (chat, json.dumps(state.get("stack"), sort_keys=True))
                if key not in seen:
                    seen.add(key)
                    lang = "en" if len(bank) % 4 == 3 else "vi"
                    bank.append(BankState(chat, principal, lang, bot.clock.now(), state, offered))
                if not state.get("stack"):
                    break
                form = state["stack"][-1]
                if form["flow"] == "registration":  # its answers, to reach the summary
                    at = len(form.get("history", []))
                    typed = REGISTRATION_ANSWERS[at] if at < len(REGISTRATION_ANSWERS) else "xong"
                    replies = await bot.say(typed, chat=chat)
                    continue
                press = _next_press(replies, turn + n)
                if press is not None and turn % 3 != 2:
                    replies = await bot.press(press, chat=chat)
                else:
                    replies = await bot.say(TYPED[(turn + n) % len(TYPED)], chat=chat)
            await bot.say("/cancel", chat=chat)
    await bot.outbox.close()
    bot.photo_store.close()
    return bank


def _to_json(state: BankState) -> dict[str, Any]:
    principal = state.principal
    return {
        "role": state.role,
        "principal": [
            principal.user_id,
            principal.channel,
            principal.external_id,
            [[g.role, g.area] for g in principal.grants],
        ],
        "lang": state.lang,
        "now": state.now.isoformat(),
        "state": state.state,
        "offered": list(state.offered),
    }


def _from_json(raw: dict[str, Any]) -> BankState:
    user_id, channel, external_id, grants = raw["principal"]
    principal = Principal(user_id, channel, external_id, tuple(RoleGrant(*g) for g in grants))
    now = dt.datetime.fromisoformat(raw["now"])
    return BankState(raw["role"], principal, raw["lang"], now, raw["state"], tuple(raw["offered"]))


def _code_hash() -> str:
    """What the walk depends on: the flows, the handlers and storage it runs through."""
    digest = hashlib.sha256()
    for package in ("flows", "handlers", "storage", "tests/fuzz"):
        for path in sorted((REPO / package).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def state_bank() -> tuple[BankState, ...]:
    """Built once for the code as it is (a few hundred dispatcher steps, some seconds), kept in
    the temporary directory for the next run: the suite runs twice."""
    cached = Path(tempfile.gettempdir()) / f"ocop-fuzz-bank-{_code_hash()}.json"
    if cached.exists():
        with suppress(ValueError, KeyError, TypeError):
            return tuple(_from_json(s) for s in json.loads(cached.read_text()))
    bank = _build()
    temporary = cached.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps([_to_json(s) for s in bank]))
    os.replace(temporary, cached)
    return bank


def _build() -> tuple[BankState, ...]:

    async def build(root: Path) -> list[BankState]:
        database = Database(sqlite_url(root / "bank.sqlite3"))
        await database.upgrade()
        try:
            return await explore(database, root)
        finally:
            await database.dispose()

    # In memory where there is one: the walk writes a few hundred transactions.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(dir=shm) as root:
        return tuple(asyncio.run(build(Path(root))))
