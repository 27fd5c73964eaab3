"""Scoring and certification through the dispatcher on a real database: an idea in
evaluation, the district council's score, the province's score and certificate, the product
record, stamps issued from the chat as a PDF document, and a consumer's check of one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from flows.messages import Reply
from stamps.payload import make_stamp_url
from storage.database import Database
from storage.models import EvaluationRecord, IdeaRecord, ScoreRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_dispatcher import register
from tests.harness import Bot, make_bot

PRODUCER, DISTRICT, PROVINCE, OTHER_DISTRICT = "producer", "district-441", "province", "dist-x"
CONSUMER = "consumer"


async def _user_id(database: Database, chat: str) -> int:
    async with UnitOfWork(database) as uow:
        found = await uow.session.scalar(
            select(UserRecord.id).where(UserRecord.external_id == chat)
        )
    assert found is not None
    return int(found)


async def _setup(bot: Bot) -> int:
    """A registered idea brought to evaluation, and the officers."""
    await register(bot, chat=PRODUCER, photos=1)
    grants = [(DISTRICT, "district", "441"), (PROVINCE, "province", None)]
    grants.append((OTHER_DISTRICT, "district", "436"))
    for chat, _, _ in grants:
        await bot.say("/start", chat=chat)
    ids = [await _user_id(bot.database, chat) for chat, _, _ in grants]
    async with UnitOfWork(bot.database) as uow:
        for user, (_, role, area) in zip(ids, grants, strict=True):
            await uow.users.grant(user, role, area, "2020", bot.clock.now())
        await uow.session.execute(update(IdeaRecord).values(state="evaluating"))
        idea = (await uow.session.scalars(select(IdeaRecord.id))).one()
        await uow.commit()
    return int(idea)


def _told(bot: Bot, chat: str, since: int) -> list[Reply]:
    return [s.reply for s in bot.channel.sent[since:] if s.chat_id == chat]


async def _score(bot: Bot, chat: str, parts: tuple[str, str, str]) -> list[Reply]:
    listed = await bot.say("/chamdiem", chat=chat)
    assert "Mật ong rừng Vũ Quang" in listed[-1].text
    asked = await bot.say("1", chat=chat)
    assert "Phần A" in asked[-1].text
    for points in parts:
        confirm = await bot.say(points, chat=chat)
    return confirm


async def test_district_then_province_certify_and_stamps_reach_a_consumer(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path, "telegram")
    idea = await _setup(bot)

    # Another district's officer has nothing to score.
    nothing = await bot.say("/chamdiem", chat=OTHER_DISTRICT)
    assert "Không có sản phẩm nào" in nothing[-1].text

    # The district council: a part over its maximum is refused with the rule set's maximum.
    await bot.say("/chamdiem", chat=DISTRICT)
    await bot.say("1", chat=DISTRICT)
    refused = await bot.say("40", chat=DISTRICT)
    assert "Phần A tối đa 35 điểm" in refused[0].text
    await bot.say("/huy", chat=DISTRICT)
    confirm = await _score(bot, DISTRICT, ("25", "15", "20"))
    assert "Tổng: 60/100 điểm, tức 3 sao" in confirm[-1].text
    before = len(bot.channel.sent)
    done = await bot.say("1", chat=DISTRICT)
    await bot.dispatcher.drain_deliveries()
    assert "chuyển lên tỉnh" in done[0].text
    told = _told(bot, PRODUCER, before)
    assert "hội đồng huyện chấm 60/100" in told[0].text
    province_told = _told(bot, PROVINCE, before)
    assert "đang chờ hội đồng tỉnh" in province_told[0].text
    assert [o.id for o in province_told[0].options] == [f"idea:{idea}:view", f"score:{idea}:open"]
    assert not _told(bot, OTHER_DISTRICT, before)

    # The province opens it from the notice's button, sees the district's points, certifies.
    asked = await bot.press(f"score:{idea}:open", chat=PROVINCE)
    assert "huyện đã chấm phần này: 25" in asked[-1].text
    for points in ("30", "20", "25"):
        confirm = await bot.say(points, chat=PROVINCE)
    assert "4 sao" in confirm[-1].text
    await bot.say("1", chat=PROVINCE)
    await bot.say("45/QĐ-UBND", chat=PROVINCE)
    before = len(bot.channel.sent)
    done = await bot.say("01/03/2026", chat=PROVINCE)
    await bot.dispatcher.drain_deliveries()
    assert "OCOP 4 sao, giấy chứng nhận 45/QĐ-UBND" in done[0].text
    assert "01/03/2029" in done[0].text
    told = _told(bot, PRODUCER, before)
    assert "Chúc mừng" in told[0].text and "01/03/2029" in told[0].text

    async with UnitOfWork(database) as uow:
        (product,) = await uow.products.all()
        audit = await uow.audit.for_subject(f"idea:{idea}")
        scores = [(s.level, s.total) for s in await uow.session.scalars(select(ScoreRecord))]
        evaluation = await uow.session.get(EvaluationRecord, idea)
        stage = evaluation.stage if evaluation is not None else None
    assert (product.name, product.stars, product.certificate) == (
        "Mật ong rừng Vũ Quang",
        4,
        "45/QĐ-UBND",
    )
    assert product.producer == "Nguyễn Thị Hoa" and product.photo_sha256 is not None
    assert scores == [("district", 60), ("province", 75)]
    assert stage == "certified"
    assert [a.action for a in audit][-2:] == ["idea.score.district", "idea.certify.province"]
    assert audit[-1].before == {"stage": "province", "ruleset": "1048"}
    assert audit[-1].after is not None and audit[-1].after["stage"] == "certified"

    # Stamps from the chat, from the certification's button: the PDF comes as a document.
    [button] = done[0].options
    asked = await bot.press(button.id, chat=PROVINCE)
    assert "bao nhiêu tem" in asked[-1].text.lower()
    too_many = await bot.say("5000", chat=PROVINCE)
    assert "từ 1 đến 1000" in too_many[0].text
    issued = await bot.say("3", chat=PROVINCE)
    assert "Đã phát hành 3 tem" in issued[0].text
    document = issued[0].document
    assert document is not None and Path(document).read_bytes().startswith(b"%PDF")

    # A consumer checks one of them: genuine, with the product's stars.
    async with UnitOfWork(database) as uow:
        batches = await uow.stamps.batch_serials(1)
    url = make_stamp_url("https://ocop.hatinh.example", bot.keyring, batches[0])
    checked = await bot.say(url, chat=CONSUMER)
    text = "\n".join(r.text for r in checked)
    assert "Mật ong rừng Vũ Quang" in text and "4 sao" in text


async def test_below_fifty_tells_the_producer_where_points_were_lost(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await _setup(bot)
    confirm = await _score(bot, DISTRICT, ("20", "5", "15"))
    assert "Tổng: 40/100 điểm, tức 2 sao" in confirm[-1].text
    before = len(bot.channel.sent)
    await bot.say("1", chat=DISTRICT)
    await bot.dispatcher.drain_deliveries()
    told = _told(bot, PRODUCER, before)[0].text
    assert "40/100" in told and "chưa đủ 50 điểm" in told
    assert "B (Khả năng tiếp thị), C (Chất lượng sản phẩm)" in told
    assert not _told(bot, PROVINCE, before)
    # Scored to its end: nobody is offered it again.
    assert "Không có sản phẩm nào" in (await bot.say("/chamdiem", chat=DISTRICT))[-1].text


async def test_stamps_refused_politely_for_a_local_public_url(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start", chat=PROVINCE)
    province = await _user_id(database, PROVINCE)
    async with UnitOfWork(database) as uow:
        await uow.users.grant(province, "province", None, "2020", bot.clock.now())
        producer = await uow.products.add_producer("HTX A", "htx", "441", "18316", None)
        await uow.products.certify(
            name="Cam Khe",
            producer_id=producer,
            group="food",
            stars=3,
            certificate="1/QĐ",
            decision_date=bot.clock.now().date(),
            now=bot.clock.now(),
        )
        await uow.commit()
    bot.dispatcher.stamp_checker.public_url = "http://127.0.0.1:8080"
    listed = await bot.say("/phathanhtem", chat=PROVINCE)
    assert "Cam Khe" in listed[-1].text
    await bot.say("1", chat=PROVINCE)
    refused = await bot.say("10", chat=PROVINCE)
    assert "chưa phải địa chỉ công khai" in refused[0].text and refused[0].document is None
    async with UnitOfWork(database) as uow:
        assert await uow.stamps.batch_serials(1) == []


async def test_a_producer_may_not_issue_stamps_or_score(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path)
    menu = await bot.say("/start", chat=PRODUCER)
    labels = [o.label for o in menu[-1].options]
    assert "Tự chấm điểm sản phẩm" in labels
    assert "Phát hành tem" not in labels and "Chấm điểm, công nhận OCOP" not in labels
