"""Officers enrol by a one-time code in the chat; administrators invite and revoke there too.
Every action and refusal lands in the audit log; wrong codes are rate-limited from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from flows.enrolment import FAILED_CODES_WINDOW, MAX_FAILED_CODES
from flows.messages import Reply
from flows.officer_code import INVITE_VALID_FOR
from storage.database import Database
from storage.models import OfficerInviteRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.harness import Bot, make_bot


async def _invite(bot: Bot, role: str = "district", area: str | None = "441") -> str:
    async with UnitOfWork(bot.database) as uow:
        made = await uow.officers.create_invite(
            role=role, area=area, structure="2020", name="Nguyễn Văn A", now=bot.clock.now()
        )
        await uow.commit()
    return made.code


async def _user_id(database: Database, external_id: str) -> int:
    async with UnitOfWork(database) as uow:
        found = await uow.session.scalar(
            select(UserRecord.id).where(UserRecord.external_id == external_id)
        )
    assert found is not None
    return int(found)


async def _grants(database: Database, external_id: str) -> list[tuple[str, str | None]]:
    user = await _user_id(database, external_id)
    async with UnitOfWork(database) as uow:
        found = await uow.users.grants_many([user])
    return [(g.role, g.area) for g in found.get(user, ())]


def _text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def _menu(replies: list[Reply]) -> list[str]:
    return [o.label for r in replies for o in r.options]


async def test_a_code_enrols_the_officer_once_and_the_menu_shows_their_entries(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    code = await _invite(bot)

    replies = await bot.say(f"/officer {code.lower().replace('-', ' ')}", chat="officer")

    text = _text(replies)
    assert "đã được ghi nhận là cán bộ cấp huyện, Huyện Vũ Quang" in text
    assert "báo ngay tại cuộc trò chuyện này" in text
    assert "Vai trò của tôi" in _menu(replies)
    assert await _grants(database, "officer") == [("district", "441")]

    again = await bot.say(f"/canbo {code}", chat="someone-else")
    assert "đã được dùng rồi" in _text(again)
    assert await _grants(database, "someone-else") == []
    async with UnitOfWork(database) as uow:
        log = await uow.audit.all()
        stored = list(await uow.session.scalars(select(OfficerInviteRecord.code_hash)))
    assert [e.action for e in log] == ["officer.enrolled", "officer.invite_failed"]
    assert log[0].subject == f"user:{await _user_id(database, 'officer')}"
    assert log[0].after is not None and log[0].after["roles"] == [["district", "441"]]
    assert log[1].after == {"reason": "used", "invite": 1}
    assert code.replace("-", "") not in stored[0]  # only a hash is kept


async def test_a_deep_link_enrols_and_officer_alone_asks_for_the_code(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    code = await _invite(bot, "commune", "18601")

    linked = await bot.say(f"/start officer-{code}", chat="linked")
    assert "cán bộ cấp xã" in _text(linked)

    second = await _invite(bot, "province", None)
    asked = await bot.say("/officer", chat="asked")
    assert "mã mời cán bộ" in _text(asked)
    not_a_code = await bot.say("xin chào", chat="asked")
    assert "không phải mã mời" in _text(not_a_code)
    done = await bot.say(second, chat="asked")
    assert "cán bộ cấp tỉnh, Tỉnh Hà Tĩnh" in _text(done)
    async with UnitOfWork(database) as uow:
        failed = [e for e in await uow.audit.all() if e.action == "officer.invite_failed"]
    assert failed == []  # a text that cannot be a code is no attempt


async def test_an_expired_code_enrols_no_one_and_says_so(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    code = await _invite(bot)
    bot.clock.advance(seconds=INVITE_VALID_FOR.total_seconds() + 1)

    replies = await bot.say(f"/officer {code}", chat="late")

    assert f"hết hạn (mã dùng được {INVITE_VALID_FOR.days} ngày)" in _text(replies)
    assert await _grants(database, "late") == []


async def test_wrong_codes_are_limited_per_person_across_restarts(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    code = await _invite(bot)
    for i in range(MAX_FAILED_CODES):
        wrong = await bot.say(f"/officer ZZZZ-ZZZ{i}", chat="guesser")
        assert "không đúng" in _text(wrong)

    restarted = make_bot(database, tmp_path)  # a new process: only the database remembers
    restarted.clock.moment = bot.clock.moment
    limited = await restarted.say(f"/officer {code}", chat="guesser")
    assert f"sai mã {MAX_FAILED_CODES} lần trong 60 phút" in _text(limited)
    assert await _grants(database, "guesser") == []
    other = await restarted.say("/officer ZZZZ-ZZZZ", chat="someone-else")
    assert "không đúng" in _text(other)  # another person is not held back

    restarted.clock.advance(seconds=FAILED_CODES_WINDOW.total_seconds() + 1)
    later = await restarted.say(f"/officer {code}", chat="guesser")
    assert "cán bộ cấp huyện" in _text(later)


async def _admin(bot: Bot, chat: str = "admin") -> int:
    await bot.say("/start", chat=chat)
    user = await _user_id(bot.database, chat)
    async with UnitOfWork(bot.database) as uow:
        await uow.users.grant(user, "admin", None, "2020", bot.clock.now())
        await uow.commit()
    return user


async def test_an_admin_invites_from_the_chat_and_the_code_works(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await _admin(bot)
    menu = await bot.say("/start", chat="admin")
    assert {"Mời cán bộ", "Thu hồi quyền cán bộ"} <= set(_menu(menu))

    made = await bot.say("/moi huyen 441 Nguyễn Văn A", chat="admin")
    text = _text(made)
    assert "cán bộ cấp huyện, Huyện Vũ Quang (Nguyễn Văn A)" in text
    code = text.split("/canbo ")[1].split()[0]

    enrolled = await bot.say(f"/canbo {code}", chat="new-officer")
    assert "cán bộ cấp huyện" in _text(enrolled)
    async with UnitOfWork(database) as uow:
        invited = [e for e in await uow.audit.all() if e.action == "officer.invited"]
    assert invited[0].after == {
        "role": "district",
        "area": "441",
        "structure": "2020",
        "name": "Nguyễn Văn A",
    }


async def test_an_admin_invites_step_by_step_with_a_commune_by_name(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await _admin(bot)
    assert "cấp nào" in _text(await bot.say("/invite", chat="admin"))
    assert "xã/phường nào" in _text(await bot.say("1", chat="admin"))
    assert "Không tìm thấy" in _text(await bot.say("khong co xa nay", chat="admin"))
    assert "Họ tên" in _text(await bot.say("an phu", chat="admin"))
    made = _text(await bot.say("bỏ qua", chat="admin"))
    assert "cán bộ cấp xã, Xã Ân Phú (Huyện Vũ Quang)" in made


async def test_a_district_is_refused_under_the_2025_structure(
    database: Database, tmp_path: Path
) -> None:
    from storage.admin_units_source import load_admin_units

    bot = make_bot(database, tmp_path)
    bot.dispatcher.units = load_admin_units("2025")
    await _admin(bot)
    replies = await bot.say("/invite district 441", chat="admin")
    assert "không còn cấp huyện" in _text(replies)
    async with UnitOfWork(database) as uow:
        assert await uow.officers.pending_invites(bot.clock.now()) == []


async def test_a_code_made_for_the_old_structure_enrols_no_one(
    database: Database, tmp_path: Path
) -> None:
    from storage.admin_units_source import load_admin_units

    bot = make_bot(database, tmp_path)
    code = await _invite(bot)  # 2020
    bot.dispatcher.units = load_admin_units("2025")
    replies = await bot.say(f"/officer {code}", chat="officer")
    assert "địa giới hành chính cũ" in _text(replies)
    assert await _grants(database, "officer") == []


async def test_an_admin_revokes_from_the_chat(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    await _admin(bot)
    await bot.say(f"/officer {await _invite(bot)}", chat="officer")
    officer = await _user_id(database, "officer")

    listing = _text(await bot.say("/thuhoi", chat="admin"))
    assert f"{officer}. Nguyễn Văn A — cán bộ cấp huyện, Huyện Vũ Quang" in listing
    done = _text(await bot.say(str(officer), chat="admin"))
    assert f"Đã thu hồi quyền của người số {officer}" in done
    assert await _grants(database, "officer") == []
    # The officer's menu no longer shows officer entries.
    assert "Vai trò của tôi" not in _menu(await bot.say("/start", chat="officer"))
    async with UnitOfWork(database) as uow:
        log = await uow.audit.for_subject(f"user:{officer}")
    assert [e.action for e in log] == ["officer.enrolled", "officer.revoked"]
    assert log[1].before == {"roles": [["district", "441"]]}


async def test_admin_entries_are_hidden_from_others_and_refused_where_carried_out(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    hidden = await bot.say("/invite district 441", chat="producer")
    assert "Mời cán bộ" not in _menu(hidden)
    assert "cấp nào" not in _text(hidden)

    # An admin opens the form; their role is taken back before they finish it.
    admin = await _admin(bot)
    await bot.say("/invite", chat="admin")
    await bot.say("tinh", chat="admin")
    async with UnitOfWork(database) as uow:
        await uow.officers.revoke_roles(admin, bot.clock.now())
        await uow.commit()
    refused = await bot.say("Trần Thị B", chat="admin")
    assert "không có vai trò được làm việc này" in _text(refused)
    async with UnitOfWork(database) as uow:
        log = await uow.audit.all()
        assert await uow.officers.pending_invites(bot.clock.now()) == []
    assert log[-1].action == "auth.refused"
    assert log[-1].after == {"action": "officer.invite", "reason": "AUTH_ROLE_NEEDED"}


async def test_an_admin_cannot_revoke_themselves(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    admin = await _admin(bot)
    refused = await bot.say(f"/revoke {admin}", chat="admin")
    assert "tự thu hồi" in _text(refused)
    assert await _grants(database, "admin") == [("admin", None)]


async def test_two_people_sending_one_code_at_once_enrol_one(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    code = await _invite(bot)
    async with UnitOfWork(database) as uow:
        a = await uow.users.get_or_create("fake", "a", None, "vi", bot.clock.now())
        b = await uow.users.get_or_create("fake", "b", None, "vi", bot.clock.now())
        first = await uow.officers.redeem(code, a.id, bot.clock.now())
        second = await uow.officers.redeem(code, b.id, bot.clock.now())
        await uow.commit()
    assert first.invite is not None and second.refusal == "used"


async def test_audit_entries_keep_before_and_after(database: Database) -> None:
    at = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    async with UnitOfWork(database) as uow:
        await uow.audit.record(
            actor_user_id=None,
            action="idea.forwarded",
            subject="idea:12",
            area="441",
            before={"state": "submitted"},
            after={"state": "commune_ok", "note": "Đủ hồ sơ"},
            now=at,
        )
        await uow.audit.record(
            actor_user_id=None,
            action="x",
            subject="idea:13",
            area=None,
            before=None,
            after=None,
            now=at,
        )
        await uow.commit()
    async with UnitOfWork(database) as uow:
        entries = await uow.audit.for_subject("idea:12")
        everything = await uow.audit.all()
    assert len(everything) == 2
    assert entries[0].after == {"state": "commune_ok", "note": "Đủ hồ sơ"}
    assert entries[0].at == at and entries[0].area == "441" and entries[0].actor_user_id is None


async def test_a_second_code_for_the_same_role_adds_nothing_and_says_so(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say(f"/officer {await _invite(bot)}", chat="officer")
    again = await bot.say(f"/officer {await _invite(bot)}", chat="officer")
    assert "đã là cán bộ cấp huyện, Huyện Vũ Quang từ trước" in _text(again)
    assert await _grants(database, "officer") == [("district", "441")]
