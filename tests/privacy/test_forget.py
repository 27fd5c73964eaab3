"""`ocop-bot forget`: a producer's personal data gone from every table and folder, their
registration still counted, another producer untouched; a certified product kept as the
province's record; the command's dry run, confirmation and refusal (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

from sqlalchemy import func, select

from bot.app import build_app
from bot.cli.forget_command import forget_work
from bot.cli.main import build_parser
from bot.settings import Settings
from storage.database import Database
from storage.document_store import DocumentStore
from storage.forget import FORGOTTEN, Forgetter
from storage.models import (
    AuditRecord,
    Base,
    EvaluationRecord,
    IdeaPhotoRecord,
    IdeaRecord,
    PhotoRecord,
    ProducerRecord,
    ProductRecord,
    ReminderPreferenceRecord,
    ReminderRecord,
    StampCheckRecord,
    UserRecord,
    WebLoginRecord,
)
from storage.unit_of_work import UnitOfWork
from storage.web_logins import WebLoginRepository
from tests.bot.test_console import OCOP_BOT, bot_env
from tests.handlers.test_dispatcher import jpeg
from tests.harness import REGISTRATION_ANSWERS, Bot, make_bot
from tests.privacy.test_photo_metadata import phone_photo

CHAT, OTHER = "7001234567", "7009999999"
NAME, PHONE = "Trần Văn Bình", "0987 654 321"
PERSONAL = (CHAT, NAME, PHONE, "0987654321", "+84987654321")


async def register_as(bot: Bot, chat: str, name: str, phone: str) -> None:
    answers = list(REGISTRATION_ANSWERS)
    answers[0], answers[2] = name, phone
    await bot.say("/start", chat=chat)
    await bot.press("register", chat=chat)
    for answer in answers:
        await bot.say(answer, chat=chat)
    await bot.photo(phone_photo() if chat == CHAT else phone_photo((420, 300)), chat=chat)
    await bot.photo(jpeg((10, 20, 30)) if chat == CHAT else jpeg((90, 80, 70)), chat=chat)
    await bot.say("xong", chat=chat)
    await bot.press("submit", chat=chat)


async def user_of(database: Database, chat: str) -> int:
    async with database.session() as session:
        found = await session.scalar(select(UserRecord.id).where(UserRecord.external_id == chat))
    assert found is not None
    return int(found)


async def everything(database: Database) -> str:
    """Every row of every table, as text."""
    parts = []
    async with database.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in await session.execute(select(table)):
                parts.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(parts)


async def count(database: Database, model: type) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def setup(bot: Bot) -> int:
    await register_as(bot, CHAT, NAME, PHONE)
    await register_as(bot, OTHER, "Nguyễn Thị Hoa", "0912 345 678")
    await bot.photo(jpeg((200, 10, 10)), chat=CHAT)  # no form open: a stamp check
    uid = await user_of(bot.database, CHAT)
    now = bot.clock.now()
    async with UnitOfWork(bot.database) as uow:
        await WebLoginRepository(uow.session).create_link(uid, now)
        uow.session.add(ReminderPreferenceRecord(user_id=uid, stopped=True, updated_at=now))
        uow.session.add(
            ReminderRecord(
                kind="announcement",
                user_id=uid,
                subject="announcement:1",
                due_at=now + dt.timedelta(days=2),
                legal=False,
                params={},
                status="planned",
                late=False,
                created_at=now,
            )
        )
        await uow.commit()
    await bot.dispatcher.drain_deliveries()
    await bot.outbox.flush()  # the sent marks written, so that the rows stand still
    return uid


def forgetter(bot: Bot, tmp_path: Path) -> Forgetter:
    return Forgetter(bot.database, bot.photo_store, DocumentStore(tmp_path / "documents"))


def check_hash(bot: Bot, chat: str) -> str:
    return bot.dispatcher.stamp_checker.user_hash(bot.channel.name, chat)


async def test_forgetting_a_producer_leaves_no_personal_data_and_the_counts(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    uid = await setup(bot)
    before = await everything(database)
    assert all(word in before for word in (CHAT, NAME, "+84987654321"))
    files_before = {p.name for p in (tmp_path / "photos").rglob("*.jpg")}
    forget = forgetter(bot, tmp_path)
    person = await forget.find(f"fake:{CHAT}")
    assert person is not None and person.user_id == uid
    assert await forget.find(str(uid)) == person
    plan = await forget.plan(person, check_hash(bot, CHAT), bot.clock.now())
    assert await everything(database) == before  # the dry run changed nothing
    assert plan.ideas_anonymised == 1 and plan.ideas_public == 0
    assert plan.photos_deleted == 3  # two of the registration, one of the stamp check
    assert plan.stamp_checks == 1 and plan.web_logins == 1 and plan.reminders == 1
    assert plan.conversations == 1 and plan.outbox > 10  # (no intake here: no inbox rows)

    done = await forget.forget(person, check_hash(bot, CHAT), bot.clock.now())
    assert done == plan
    after = await everything(database)
    for word in PERSONAL:
        assert word not in after, word
    assert "Nguyễn Thị Hoa" in after and "+84912345678" in after  # the other producer's
    # Still counted: both registrations, in their commune and state; the check's result.
    async with database.session() as session:
        ideas = list(await session.scalars(select(IdeaRecord).order_by(IdeaRecord.id)))
        user = await session.get(UserRecord, uid)
        checks = list(await session.scalars(select(StampCheckRecord)))
        entry = await session.scalar(select(AuditRecord).where(AuditRecord.action == FORGOTTEN))
    assert [(i.commune_code, i.state) for i in ideas] == [("18316", "submitted")] * 2
    assert ideas[0].applicant_name == "" and ideas[0].phone == ""
    assert ideas[0].answers["product_name"] == "Mật ong rừng Vũ Quang"
    assert user is not None and user.external_id == f"forgotten:{uid}" and user.blocked
    assert len(checks) == 1 and checks[0].user_hash != check_hash(bot, CHAT)
    assert checks[0].photo_sha256 is None
    assert entry is not None and entry.subject == f"user:{uid}" and entry.actor_user_id is None
    assert entry.after == plan.counts()
    # The files: theirs gone, the other producer's kept.
    files_after = {p.name for p in (tmp_path / "photos").rglob("*.jpg")}
    assert len(files_before - files_after) == 3 and len(files_after) == 2
    assert await count(database, PhotoRecord) == 2
    assert await count(database, IdeaPhotoRecord) == 2
    assert await count(database, WebLoginRecord) == 0
    # Writing again is someone new.
    await bot.say("/start", chat=CHAT)
    assert await user_of(database, CHAT) != uid


async def test_a_certified_product_stays_the_provinces_record(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    uid = await setup(bot)
    now = bot.clock.now()
    async with UnitOfWork(database) as uow:
        idea = await uow.session.scalar(select(IdeaRecord).where(IdeaRecord.user_id == uid))
        assert idea is not None
        first = await uow.session.scalar(
            select(IdeaPhotoRecord.photo_sha256).where(IdeaPhotoRecord.idea_id == idea.id)
        )
        producer = await uow.products.add_producer(
            "HTX Ong Bình", "htx", "441", "18316", "+84987654321"
        )
        product, _ = await uow.products.add_product(
            name="Mật ong rừng Vũ Quang",
            producer_id=producer,
            group="food",
            stars=4,
            certificate="55/QĐ-UBND-2026",
            decision_date=now.date(),
            now=now,
        )
        row = await uow.session.get(ProductRecord, product)
        assert row is not None
        row.photo_sha256 = first
        uow.session.add(
            EvaluationRecord(
                idea_id=idea.id,
                ruleset="2020",
                ruleset_version=1,
                stage="certified",
                product_id=product,
                updated_at=now,
            )
        )
        await uow.commit()
    forget = forgetter(bot, tmp_path)
    person = await forget.find(str(uid))
    assert person is not None
    plan = await forget.forget(person, check_hash(bot, CHAT), now)
    assert plan.ideas_public == 1
    assert plan.photos_deleted == 1  # only the stamp check's: the dossier stays
    async with database.session() as session:
        kept = await session.get(ProducerRecord, producer)
        product_row = await session.get(ProductRecord, product)
        photos = list(
            await session.scalars(
                select(IdeaPhotoRecord.photo_sha256).where(IdeaPhotoRecord.idea_id == idea.id)
            )
        )
    assert kept is not None and kept.name == "HTX Ong Bình" and kept.phone is None
    assert product_row is not None and product_row.photo_sha256 == first
    assert len(photos) == 2 and all(bot.photo_store.read(p) for p in photos)
    after = await everything(database)
    for word in PERSONAL:
        assert word not in after, word


async def test_the_command_lists_asks_and_forgets(database: Database, tmp_path: Path) -> None:
    env = bot_env(tmp_path, database)
    settings = Settings(data_dir=tmp_path / "data", database_url=database.url)
    app = await build_app(settings)
    try:
        async with UnitOfWork(database) as uow:
            await uow.users.get_or_create_many([("console", CHAT, None)], "vi", app.clock.now())
            await uow.commit()

        async def forget(*argv: str, answer: str = "") -> tuple[int, str]:
            args = build_parser().parse_args(["forget", *argv])
            out = io.StringIO()
            code = await forget_work(app, args, io.StringIO(answer), out)
            return code, out.getvalue()

        assert (await forget("console:nobody", "--yes"))[0] == 1
        code, said = await forget(f"console:{CHAT}", answer="khong\n")
        assert code == 1 and "Đã huỷ" in said and "Gõ «xoa»" in said
        assert await user_of(database, CHAT) > 0
        code, said = await forget(f"console:{CHAT}", "--lang", "en", answer="forget\n")
        assert code == 0 and "personal data is gone" in said
    finally:
        await app.close()
    async with database.session() as session:
        left = await session.scalar(select(UserRecord.id).where(UserRecord.external_id == CHAT))
    assert left is None
    assert CHAT not in await everything(database)
    # The command as installed: registered, and a dry run changes nothing.
    dry = subprocess.run(
        [OCOP_BOT, "forget", "1", "--dry-run"], capture_output=True, text=True, env=env, timeout=120
    )
    assert dry.returncode == 0, dry.stderr
    assert "cuộc trò chuyện: 0" in dry.stdout and "Chạy thử" in dry.stdout
