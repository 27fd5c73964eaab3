"""Officer invitation codes attacked: guessed by one person through every way in (the
command, the deep link, the form), reused by someone else, used after they expired, used
after they were revoked. tests/handlers/test_officers.py has each rule once; this is the
attacker's sequence, and what the guesser learns (nothing beyond "wrong" and the limit)."""

from __future__ import annotations

from pathlib import Path

from flows.enrolment import FAILED_CODES_WINDOW, MAX_FAILED_CODES
from flows.officer_code import INVITE_VALID_FOR, format_code
from flows.texts import t
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_officers import _grants, _invite, _text
from tests.harness import make_bot


async def test_guessing_is_limited_whichever_way_codes_are_sent(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    real = await _invite(bot)
    wrong = t("OFFICER_REFUSED_WRONG", "vi", days=INVITE_VALID_FOR.days)
    ways = [
        lambda code: bot.say(f"/officer {code}", chat="guesser"),
        lambda code: bot.say(f"/start officer-{code}", chat="guesser"),
        lambda code: bot.say(f"/canbo {code.lower()}", chat="guesser"),
    ]
    for i in range(MAX_FAILED_CODES):
        guess = format_code(f"ZZZZZZ{i:02d}")
        replies = await ways[i % len(ways)](guess)
        assert wrong in _text(replies), i
    # The form's way too: /officer alone, then the code typed.
    await bot.say("/officer", chat="guesser")
    limited = await bot.say(real, chat="guesser")
    minutes = int(FAILED_CODES_WINDOW.total_seconds() // 60)
    message = t("OFFICER_REFUSED_LIMITED", "vi", limit=MAX_FAILED_CODES, minutes=minutes)
    assert message in _text(limited)
    assert str(MAX_FAILED_CODES) in message and str(minutes) in message
    # The real code, sent while limited, is not even looked at: it still works for its owner.
    assert await _grants(database, "guesser") == []
    owner = await bot.say(f"/officer {real}", chat="owner")
    assert "cán bộ cấp huyện" in _text(owner)
    # Texts that cannot be codes are no attempts and get no limit: junk is answered as junk.
    junk = await bot.say("/officer '; DROP TABLE officer_invites; --", chat="junk")
    assert t("OFFICER_REFUSED_WRONG", "vi", days=INVITE_VALID_FOR.days) not in _text(junk)
    async with UnitOfWork(database) as uow:
        failed = [e for e in await uow.audit.all() if e.action == "officer.invite_failed"]
    assert len(failed) == MAX_FAILED_CODES


async def test_a_code_used_once_expired_or_revoked_enrols_no_one(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    used = await _invite(bot)
    await bot.say(f"/officer {used}", chat="first")
    again = await bot.say(f"/officer {used}", chat="second")
    assert t("OFFICER_REFUSED_USED", "vi", days=INVITE_VALID_FOR.days) in _text(again)
    # The one who used it, again: nothing is added twice.
    await bot.say(f"/officer {used}", chat="first")
    assert await _grants(database, "first") == [("district", "441")]

    revoked = await _invite(bot, "province", None)
    async with UnitOfWork(database) as uow:
        assert await uow.officers.revoke_invite(revoked, bot.clock.now()) is not None
        await uow.commit()
    refused = await bot.say(f"/officer {revoked}", chat="third")
    assert t("OFFICER_REFUSED_REVOKED", "vi", days=INVITE_VALID_FOR.days) in _text(refused)

    late = await _invite(bot, "province", None)
    bot.clock.advance(seconds=INVITE_VALID_FOR.total_seconds() + 1)
    expired = await bot.say(f"/officer {late}", chat="third")
    assert t("OFFICER_REFUSED_EXPIRED", "vi", days=INVITE_VALID_FOR.days) in _text(expired)
    assert await _grants(database, "second") == [] and await _grants(database, "third") == []
