"""Numbers beyond what the database stores (PostgreSQL's integer is 32 bits) typed or put in
buttons where a record's number goes: answered like any unknown number, never an apology for
a crash."""

from __future__ import annotations

from pathlib import Path

from flows.texts import t
from stamps.serial import format_serial
from storage.database import Database
from tests.harness import make_bot

HUGE = (2**31, 10**30)


async def test_huge_record_numbers_are_answered_not_crashed_on(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start", chat="p")
    sorry = t("ERROR_SORRY", "vi")
    tried = []
    for n in HUGE:
        for ns, action in (
            ("idea", "view"),
            ("history", "view"),
            ("question", "answer"),
            ("plan", "send"),
            ("announcement", "attend"),
            ("sales", "where"),
        ):
            tried.append(("press", f"{ns}:{n}:{action}"))
        for command in ("/lichsu", "/traloi", "/phuongan", "/noiban", "/kiemtra", "/thuhoi"):
            tried.append(("say", f"{command} {n}"))
    for n in (2**31, 2**32 - 1):
        tried.append(("say", format_serial(n)))
    failed = []
    for how, what in tried:
        replies = await (bot.press(what, chat="p") if how == "press" else bot.say(what, chat="p"))
        if any(sorry in r.text for r in replies) or not replies:
            failed.append(what)
        await bot.say("/cancel", chat="p")
    assert failed == [], "\n".join(failed)
