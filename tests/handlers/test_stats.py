"""/stats, /report and /dashboard in the chat: a district officer sees their district's figures
against the plan with a chart, a province officer the province's; a producer is told, politely,
that they are for officers. The dashboard's link is one-time, short-lived and stored hashed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PIL import Image
from sqlalchemy import select

from flows.messages import Reply
from flows.principal import Principal, RoleGrant
from flows.report_effects import LoadStats
from handlers.effects import EffectContext
from storage.database import Database
from storage.models import AuditRecord, SalesPointRecord, WebLoginRecord
from storage.unit_of_work import UnitOfWork
from storage.users import UserInfo
from storage.web_logins import LINK_VALID_FOR, WebLoginRepository
from tests.bot.test_reports import DUC_THO, VU_QUANG, build_2019_list, build_month
from tests.harness import Bot, make_bot


async def _officer(bot: Bot, chat: str, role: str, area: str | None) -> None:
    async with UnitOfWork(bot.database) as uow:
        user = await uow.users.get_or_create("fake", chat, None, "vi", bot.clock.now())
        await uow.users.grant(user.id, role, area, "2020", bot.clock.now())
        await uow.commit()


async def _sales_points(database: Database) -> None:
    """Two showcases in Vũ Quang, and one removed in Đức Thọ (not counted)."""
    now = dt.datetime(2020, 3, 1, tzinfo=dt.UTC)
    async with UnitOfWork(database) as uow:
        for name, district, commune, removed in (
            ("Điểm OCOP Ân Phú", VU_QUANG, "18316", None),
            ("Cửa hàng OCOP Vũ Quang", VU_QUANG, "18313", None),
            ("Điểm OCOP Đức Thọ", DUC_THO, "18229", now),
        ):
            uow.session.add(
                SalesPointRecord(
                    name=name,
                    address="Quốc lộ 8",
                    admin_structure="2020",
                    district_code=district,
                    commune_code=commune,
                    phone="0912345678",
                    hours="7:00–17:00",
                    created_at=now,
                    removed_at=removed,
                )
            )
        await uow.commit()


def _text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


async def test_a_district_officer_sees_their_district_against_the_plan_with_a_chart(
    database: Database, tmp_path: Path
) -> None:
    await build_month(database)
    await _sales_points(database)
    bot = make_bot(database, tmp_path)
    bot.clock.moment = dt.datetime(2020, 4, 10, 3, tzinfo=dt.UTC)
    await _officer(bot, "district", "district", VU_QUANG)

    replies = await bot.say("/thongke", chat="district")

    text = _text(replies)
    assert "Số liệu OCOP — Huyện Vũ Quang (đến ngày 10/04/2020)" in text
    assert "Sản phẩm đạt 3–4 sao còn hiệu lực: 1/50" in text  # the honey, 4 stars
    assert "Trong đó đạt 4 sao trở lên: 1/10" in text
    assert "theo số sao: 3 sao 0, 4 sao 1, 5 sao 0" in text
    assert "Tổ chức kinh tế (THT, HTX, doanh nghiệp) tham gia: 1" in text
    assert (
        "• Tập huấn năm 2020 (mục tiêu 100% cán bộ và chủ thể): 2 lớp, 30 lượt chủ thể và 5 "
        "lượt cán bộ tham dự"
    ) in text  # Vũ Quang's own: a commune's and the district's (not the province's)
    assert "Sản phẩm OCOP năm 2019 đang quản lý (kế hoạch cả tỉnh: 72): chưa có danh sách" in text
    assert (
        "Điểm giới thiệu và bán sản phẩm OCOP: 2 (mục tiêu 3–5, mỗi huyện ít nhất 1: 1/13 "
        "huyện đã có)"
    ) in text  # the province's target: a district officer sees the province's count
    assert "• Tỉnh đã thẩm định: đạt: 1" in text
    assert "Huyện Đức Thọ" not in text  # another district's ideas are not theirs
    assert "• Huyện Vũ Quang: 3" in text
    chart = next(r for r in replies if r.photo)
    assert chart.text == "Biểu đồ số liệu hôm nay."
    with Image.open(bot.photo_store.path_of(chart.photo or "")) as image:
        assert image.width >= 600 and image.height >= 500


async def test_a_province_officer_sees_every_district_and_a_producer_is_told_politely(
    database: Database, tmp_path: Path
) -> None:
    await build_month(database)
    bot = make_bot(database, tmp_path)
    bot.clock.moment = dt.datetime(2020, 4, 10, 3, tzinfo=dt.UTC)
    await _officer(bot, "province", "province", None)

    text = _text(await bot.say("/stats", chat="province"))
    assert "Số liệu OCOP — Tỉnh Hà Tĩnh" in text
    assert "Sản phẩm đạt 3–4 sao còn hiệu lực: 2/50" in text
    assert "• Huyện Đức Thọ: 4" in text and "• Huyện Vũ Quang: 3" in text

    said = _text(await bot.say("/dashboard", chat="producer"))
    assert "Trang tổng hợp dành cho cán bộ OCOP cấp huyện và cấp tỉnh, anh/chị ạ" in said
    menu = [o.label for r in await bot.say("/start", chat="producer") for o in r.options]
    assert not {"📊 Số liệu OCOP", "🖥 Trang tổng hợp (web)"} & set(menu)
    async with UnitOfWork(database) as uow:
        links = list(await uow.session.scalars(select(WebLoginRecord)))
    assert links == []


async def test_the_2019_list_and_no_training_yet_in_the_province_figures(
    database: Database, tmp_path: Path
) -> None:
    await build_2019_list(database)
    bot = make_bot(database, tmp_path)
    bot.clock.moment = dt.datetime(2021, 4, 10, 3, tzinfo=dt.UTC)
    await _officer(bot, "province", "province", None)
    await _officer(bot, "district", "district", DUC_THO)

    text = _text(await bot.say("/thongke", chat="province"))
    assert (
        "• Sản phẩm OCOP năm 2019 đang quản lý: 3 (kế hoạch cả tỉnh: 72), còn hiệu lực 2, "
        "hết hạn 1; đã đạt 4 sao trở lên: 1"
    ) in text  # the withdrawn one is no longer under management
    assert "• Tập huấn năm 2021 (mục tiêu 100% cán bộ và chủ thể): chưa có lớp nào" in text
    theirs = _text(await bot.say("/thongke", chat="district"))
    assert "năm 2019 đang quản lý: 1 (kế hoạch cả tỉnh: 72), còn hiệu lực 0, hết hạn 1" in theirs


async def test_a_commune_officer_is_not_shown_the_figures(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await _officer(bot, "commune", "commune", "18316")
    said = _text(await bot.say("/dashboard", chat="commune"))
    assert "Trang tổng hợp dành cho cán bộ" in said
    menu = [o.label for r in await bot.say("/start", chat="commune") for o in r.options]
    assert "📊 Số liệu OCOP" not in menu and "📋 Báo cáo tháng" not in menu


async def test_the_dashboard_link_works_once_within_fifteen_minutes_and_is_stored_hashed(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await _officer(bot, "district", "district", DUC_THO)

    text = _text(await bot.say("/dashboard", chat="district"))

    assert "chỉ dùng được một lần, trong 15 phút" in text
    url = next(word for word in text.split() if word.startswith("https://"))
    assert urlsplit(url).path == "/dashboard/login"
    token = parse_qs(urlsplit(url).query)["token"][0]
    async with UnitOfWork(database) as uow:
        stored = list(await uow.session.scalars(select(WebLoginRecord.token_hash)))
        repo = WebLoginRepository(uow.session)
        late = await repo.redeem_link(token, bot.clock.now() + LINK_VALID_FOR)
        first = await repo.redeem_link(token, bot.clock.now() + dt.timedelta(minutes=14))
        second = await repo.redeem_link(token, bot.clock.now() + dt.timedelta(minutes=14))
        await uow.commit()
    assert token not in stored[0]
    assert late is None and second is None
    assert first is not None and first[1] != token
    async with UnitOfWork(database) as uow:
        repo = WebLoginRepository(uow.session)
        assert await repo.session_user(first[1], bot.clock.now()) == first[0]
        assert await repo.session_user(token, bot.clock.now()) is None  # a link is no session
        assert await repo.session_user(first[1], bot.clock.now() + dt.timedelta(hours=9)) is None


async def test_a_refusal_where_the_effect_runs_is_audited(
    database: Database, tmp_path: Path
) -> None:
    """A district officer asking for the province's figures is refused by the effect itself
    (checked again where it runs), with the reason in the audit log."""
    bot = make_bot(database, tmp_path)
    await _officer(bot, "district", "district", VU_QUANG)
    effect = bot.dispatcher.effects
    principal = Principal(1, "fake", "district", (RoleGrant("district", VU_QUANG),))
    async with UnitOfWork(database) as uow:
        ctx = EffectContext(uow, principal, UserInfo(1, "fake", "district", "vi"), bot.clock.now())
        refused = await effect.apply(ctx, LoadStats(None))  # the province's figures
        await uow.commit()
    assert getattr(refused, "reason", None) == "AUTH_OUTSIDE_AREA"
    async with UnitOfWork(database) as uow:
        row = await uow.session.scalar(
            select(AuditRecord).where(AuditRecord.action == "auth.refused")
        )
        assert row is not None and row.after == {
            "action": "report.view",
            "reason": "AUTH_OUTSIDE_AREA",
        }
