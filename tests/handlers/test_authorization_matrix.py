"""Refusals through the real dispatcher on a real database: officers' commands and crafted
buttons from people who may not use them, and effects the flows would not have asked for
(review moves, scores, stamps) carried out by the real handlers. Each refusal answers with
why, and each is written to the audit log ("auth.refused": who, what was asked, why, where).

The idea is registered in Ân Phú (18316), district Vũ Quang (441). Officers: the commune's
own (18316), another commune of the same district (Đức Giang, 18319), the district (441),
another district (436), the province, the administrator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from flows.messages import Reply
from flows.principal import Principal
from flows.review_effects import ApplyMoves, MoveRequest, MovesApplied
from flows.scoring_effects import IssueStamps, RecordScore, ScoreRefused, StampsRefused
from flows.texts import t
from handlers.effects import EffectContext
from storage.admin_units_source import load_admin_units
from storage.audit import AuditEntry
from storage.database import Database
from storage.models import IdeaRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_dispatcher import register
from tests.harness import Bot, make_bot

PRODUCER, OTHER_PRODUCER = "producer", "producer-2"
OWN_COMMUNE, SAME_DISTRICT, OWN_DISTRICT = "c-18316", "c-18319", "d-441"
OTHER_DISTRICT, PROVINCE, ADMIN = "d-436", "province", "admin"
GRANTS = (
    (OWN_COMMUNE, "commune", "18316"),
    (SAME_DISTRICT, "commune", "18319"),
    (OWN_DISTRICT, "district", "441"),
    (OTHER_DISTRICT, "district", "436"),
    (PROVINCE, "province", None),
    (ADMIN, "admin", None),
)


async def _user_id(database: Database, chat: str) -> int:
    async with database.session() as session:
        found = await session.scalar(select(UserRecord.id).where(UserRecord.external_id == chat))
    assert found is not None
    return int(found)


async def _setup(bot: Bot) -> int:
    await register(bot, chat=PRODUCER, photos=1)
    await bot.say("/start", chat=OTHER_PRODUCER)
    for chat, _, _ in GRANTS:
        await bot.say("/start", chat=chat)
    users = [await _user_id(bot.database, chat) for chat, _, _ in GRANTS]
    async with UnitOfWork(bot.database) as uow:
        for user, (_, role, area) in zip(users, GRANTS, strict=True):
            await uow.users.grant(user, role, area, "2020", bot.clock.now())
        await uow.commit()
    async with bot.database.session() as session:
        return int((await session.scalars(select(IdeaRecord.id))).one())


async def _refusals(bot: Bot, chat: str) -> list[AuditEntry]:
    user = await _user_id(bot.database, chat)
    async with UnitOfWork(bot.database) as uow:
        return [
            e
            for e in await uow.audit.all()
            if e.action == "auth.refused" and e.actor_user_id == user
        ]


async def _refused_once(bot: Bot, chat: str, since: int, action: str, reason: str) -> AuditEntry:
    """The one refusal written since `since` for this person, of this action and reason."""
    found = (await _refusals(bot, chat))[since:]
    assert [(e.after or {}).get("action") for e in found] == [action], found
    assert (found[0].after or {}).get("reason") == reason
    return found[0]


def _says(replies: list[Reply], key: str) -> bool:
    return any(t(key, "vi") in r.text for r in replies)


async def _apply_as(bot: Bot, chat: str, effect: object) -> Any:
    """Carry out `effect` for this person with the dispatcher's own handlers, principal and
    transaction rules, as if a flow had asked for it (which it would not have)."""
    now = bot.clock.now()
    async with UnitOfWork(bot.database) as uow:
        [info] = (await uow.users.get_or_create_many([("fake", chat, None)], "vi", now)).values()
        roles = await uow.users.roles_many([info.id], bot.dispatcher.units.structure)
        held = roles.get(info.id)
        principal = Principal(info.id, "fake", chat, held.current if held else ())
        result = await bot.dispatcher.effects.apply(
            EffectContext(uow, principal, info, now), effect
        )
        await uow.commit()
    return result


async def test_officers_commands_and_crafted_buttons_are_refused_with_why_and_logged(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    idea = await _setup(bot)
    cases = [
        # (who, what they send, the entry refused)
        (PRODUCER, "/duyet", "entry.inbox"),
        (PRODUCER, "/chamdiem", "entry.score"),
        (OWN_COMMUNE, "/chamdiem", "entry.score"),
        (PRODUCER, "/phathanhtem", "entry.stamps"),
        (OWN_DISTRICT, "/phathanhtem", "entry.stamps"),
        (PRODUCER, "/thongke", "entry.stats"),
        (OWN_COMMUNE, "/baocao", "entry.report"),
        (PRODUCER, "/quanlydiemban", "entry.sales_manage"),
        (OWN_COMMUNE, "/moi commune 18316", "entry.invite"),
        (PROVINCE, "/thuhoi 3", "entry.revoke"),
        (PRODUCER, "/thongbao", "entry.announce"),
        (OWN_COMMUNE, "/thongbao", "entry.announce"),
    ]
    for chat, text, entry in cases:
        since = len(await _refusals(bot, chat))
        replies = await bot.say(text, chat=chat)
        assert _says(replies, "AUTH_FOR_OFFICERS"), (chat, text)
        await _refused_once(bot, chat, since, entry, "AUTH_FOR_OFFICERS")

    # Buttons nobody gave them: the menu's, a notice's.
    for chat, button, entry in (
        (PRODUCER, "menu::inbox", "entry.inbox"),
        (PRODUCER, "menu::invite", "entry.invite"),
        (SAME_DISTRICT, f"score:{idea}:open", "entry.score"),
        (OWN_DISTRICT, "stamps:1:issue", "entry.stamps"),
        (SAME_DISTRICT, "menu::announce", "entry.announce"),
    ):
        since = len(await _refusals(bot, chat))
        replies = await bot.press(button, chat=chat)
        assert _says(replies, "AUTH_FOR_OFFICERS"), (chat, button)
        await _refused_once(bot, chat, since, entry, "AUTH_FOR_OFFICERS")

    # The dashboard's command answers everyone: a producer is told it is for officers.
    since = len(await _refusals(bot, PRODUCER))
    replies = await bot.say("/dashboard", chat=PRODUCER)
    assert _says(replies, "DASHBOARD_FOR_OFFICERS")
    await _refused_once(bot, PRODUCER, since, "report.view", "DASHBOARD_FOR_OFFICERS")

    # The officers who may, may: nothing refused.
    for chat, text in (
        (PROVINCE, "/phathanhtem"),
        (OWN_DISTRICT, "/thongke"),
        (ADMIN, "/thuhoi"),
        (OWN_DISTRICT, "/thongbao"),
        (PROVINCE, "/announce"),
    ):
        since = len(await _refusals(bot, chat))
        replies = await bot.say(text, chat=chat)
        assert not _says(replies, "AUTH_FOR_OFFICERS"), (chat, text)
        assert len(await _refusals(bot, chat)) == since


async def test_an_idea_is_opened_and_its_history_read_only_in_its_area(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    idea = await _setup(bot)
    expected = {
        OWN_COMMUNE: None,
        SAME_DISTRICT: "AUTH_OUTSIDE_AREA",
        OWN_DISTRICT: None,
        OTHER_DISTRICT: "AUTH_OUTSIDE_AREA",
        PROVINCE: None,
        ADMIN: None,
        PRODUCER: None,  # the owner
        OTHER_PRODUCER: "AUTH_NOT_YOURS",
    }
    for chat, reason in expected.items():
        for how, action in (
            (f"idea:{idea}:view", "idea.view"),
            (f"/lichsu {idea}", "idea.history"),
        ):
            since = len(await _refusals(bot, chat))
            if how.startswith("/"):
                replies = await bot.say(how, chat=chat)
            else:
                replies = await bot.press(how, chat=chat)
            if reason is None:
                assert "Mật ong rừng Vũ Quang" in replies[0].text, (chat, how)
                assert len(await _refusals(bot, chat)) == since
            else:
                assert _says(replies, reason), (chat, how)
                found = await _refused_once(bot, chat, since, action, reason)
                assert found.subject == f"idea:{idea}" and found.area == "18316"


async def test_moves_scores_and_stamps_not_offered_are_refused_by_the_handlers_and_logged(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    idea = await _setup(bot)
    forward = ApplyMoves("2020", (MoveRequest(idea, "forward", "submitted"),))
    for chat, reason in (
        (SAME_DISTRICT, "AUTH_OUTSIDE_AREA"),
        (OWN_DISTRICT, "AUTH_ROLE_NEEDED"),
        (PROVINCE, "AUTH_ROLE_NEEDED"),
        (PRODUCER, "AUTH_ROLE_NEEDED"),
    ):
        since = len(await _refusals(bot, chat))
        result = await _apply_as(bot, chat, forward)
        assert isinstance(result, MovesApplied)
        assert [(r.target, r.refused) for r in result.results] == [(None, reason)], chat
        found = await _refused_once(bot, chat, since, "idea.forward", reason)
        assert found.subject == f"idea:{idea}" and found.area == "18316"
    async with database.session() as session:
        assert (await session.get_one(IdeaRecord, idea)).state == "submitted"
    # The commune's own officer may.
    result = await _apply_as(bot, OWN_COMMUNE, forward)
    assert [r.target for r in result.results] == ["forwarded"]

    score = RecordScore(idea, "2020", True, "district", "1048", (20, 20, 20))
    for chat, reason in (
        (OTHER_DISTRICT, "AUTH_OUTSIDE_AREA"),
        (OWN_COMMUNE, "AUTH_ROLE_NEEDED"),
    ):
        since = len(await _refusals(bot, chat))
        refused = await _apply_as(bot, chat, score)
        assert refused == ScoreRefused(idea, reason)
        await _refused_once(bot, chat, since, "idea.score.district", reason)

    for chat in (OWN_DISTRICT, OWN_COMMUNE, ADMIN):
        since = len(await _refusals(bot, chat))
        stamps = await _apply_as(bot, chat, IssueStamps(1, 10))
        assert stamps == StampsRefused("AUTH_ROLE_NEEDED")
        await _refused_once(bot, chat, since, "stamps.issue", "AUTH_ROLE_NEEDED")


async def test_a_role_given_under_the_old_structure_acts_nowhere_under_the_new_one(
    database: Database, tmp_path: Path
) -> None:
    """GSO codes are reused: 18073 is Phường Nam Hà in 2020 and Phường Thành Sen in 2025. A
    commune officer of 2020's 18073 must not act on 2025's, and is told why."""
    bot = make_bot(database, tmp_path)
    await bot.say("/start", chat="old-officer")
    old = await _user_id(database, "old-officer")
    async with UnitOfWork(database) as uow:
        await uow.users.grant(old, "commune", "18073", "2020", bot.clock.now())
        await uow.users.grant(old, "province", None, "2020", bot.clock.now())
        await uow.commit()
    bot.dispatcher.units = load_admin_units("2025")
    greeting = await bot.say("/start", chat="old-officer")
    labels = [o.label for r in greeting for o in r.options]
    # The province's role names no code: it still counts, and its entries stay.
    assert t("MENU_ISSUE_STAMPS", "vi") in labels
    assert t("MENU_SALES_MANAGE", "vi") in labels
    assert not _says(greeting, "AUTH_OLD_STRUCTURE_NOTE")  # a role of theirs still counts
    async with UnitOfWork(database) as uow:
        roles = (await uow.users.roles_many([old], "2025"))[old]
        holders = await uow.users.holders("commune", "18073", "2025")
    assert [g.area for g in roles.current] == [None]
    assert [(g.role, g.area) for g in roles.elsewhere] == [("commune", "18073")]
    assert holders == []  # a notice for 2025's 18073 does not reach them

    # With only the old commune's role, the person is told plainly.
    await bot.say("/start", chat="old-commune")
    only_old = await _user_id(database, "old-commune")
    async with UnitOfWork(database) as uow:
        await uow.users.grant(only_old, "commune", "18073", "2020", bot.clock.now())
        await uow.commit()
    greeting = await bot.say("/start", chat="old-commune")
    assert _says(greeting, "AUTH_OLD_STRUCTURE_NOTE")
    assert "Ý tưởng chờ tôi xử lý" not in [o.label for r in greeting for o in r.options]
    since = len(await _refusals(bot, "old-commune"))
    refused = await bot.say("/duyet", chat="old-commune")
    assert _says(refused, "AUTH_OLD_STRUCTURE")
    await _refused_once(bot, "old-commune", since, "entry.inbox", "AUTH_OLD_STRUCTURE")
