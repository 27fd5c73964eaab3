"""Sales points through the dispatcher on a real database: officers add and remove them by
chat (authorized again and audited where it is carried out), consumers find them by place or
by the product whose genuine stamp they just checked."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import select

from flows.messages import Inbound, Reply
from stamps.serial import format_serial
from storage.database import Database
from storage.models import SalesPointProductRecord, SalesPointRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_stamp_checks import certified_product, issue
from tests.harness import Bot, make_bot

_ids = itertools.count(1)


def _text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def _labels(replies: list[Reply]) -> list[str]:
    return [o.label for r in replies for o in r.options]


async def _officer(bot: Bot, chat: str, role: str, area: str | None) -> int:
    async with UnitOfWork(bot.database) as uow:
        user = await uow.users.get_or_create(bot.channel.name, chat, None, "vi", bot.clock.now())
        await uow.users.grant(user.id, role, area, "2020", bot.clock.now())
        await uow.commit()
    return user.id


async def _add_point(bot: Bot, chat: str, commune: str, products: str) -> list[Reply]:
    replies = await bot.say("/quanlydiemban", chat=chat)
    assert "Thêm điểm bán" in _labels(replies)
    for answer in (
        "1",
        "Cửa hàng giới thiệu sản phẩm OCOP Vũ Quang",
        "Khối 5",
        commune,
        "0912 345 678",
        "7:00–21:00 hằng ngày",
        "18.3390, 105.4300",
        *((products, "xong") if products else ("xong",)),
    ):
        replies = await bot.say(answer, chat=chat)
    assert "Anh/chị xem lại điểm bán" in _text(replies)
    return await bot.say("1", chat=chat)


@pytest.fixture
async def bot(database: Database, tmp_path: Path) -> Bot:
    return make_bot(database, tmp_path)


async def test_an_officer_adds_a_point_and_a_consumer_finds_it(bot: Bot) -> None:
    product = await certified_product(bot)
    officer = await _officer(bot, "huyen", "district", "441")

    saved = await _add_point(bot, "huyen", "an phu", "mat ong rung")
    assert "✅ Đã lưu điểm bán “Cửa hàng giới thiệu sản phẩm OCOP Vũ Quang”" in _text(saved)

    async with UnitOfWork(bot.database) as uow:
        row = await uow.session.scalar(select(SalesPointRecord))
        assert row is not None
        stored = (row.id, row.commune_code, row.district_code, row.admin_structure, row.phone)
        location = (row.latitude, row.longitude)
        sold = list(await uow.session.scalars(select(SalesPointProductRecord.product_id)))
        log = await uow.audit.all()
    point_id = stored[0]
    assert stored[1:] == ("18316", "441", "2020", "+84912345678")
    assert location == (18.339, 105.43)
    assert sold == [product]
    added = [e for e in log if e.action == "sales_point.added"]
    assert len(added) == 1 and added[0].actor_user_id == officer
    assert added[0].subject == f"sales_point:{point_id}" and added[0].area == "18316"
    assert added[0].after is not None and added[0].after["products"] == [product]

    await bot.say("/start", chat="buyer")
    asked = await bot.say("mua san pham ocop o dau", chat="buyer")
    assert "tìm điểm bán sản phẩm OCOP ở đâu" in _text(asked)
    await bot.say("vu quang", chat="buyer")
    found = _text(await bot.say("1", chat="buyer"))  # Huyện Vũ Quang
    assert "Điểm bán sản phẩm OCOP ở Huyện Vũ Quang: 1 điểm." in found
    assert "Địa chỉ: Khối 5, Xã Ân Phú, Huyện Vũ Quang" in found
    assert "Điện thoại: 0912 345 678 · Mở cửa: 7:00–21:00 hằng ngày" in found
    assert "Có bán: Mật ong rừng Vũ Quang" in found

    await bot.say("/noiban", chat="buyer")
    elsewhere = _text(await bot.say("son tay", chat="buyer"))
    assert "Chưa có điểm bán sản phẩm OCOP nào ở Xã Sơn Tây" in elsewhere

    near = _text(await bot.say("18.3436, 105.9057", chat="buyer"))  # Hà Tĩnh city
    assert "gần anh/chị nhất trước" in near and "(cách 50 km)" in near


async def test_an_officer_cannot_add_outside_their_commune(bot: Bot) -> None:
    await _officer(bot, "xa", "commune", "18316")
    await bot.say("/quanlydiemban", chat="xa")
    for answer in ("1", "Quầy OCOP", "Chợ Hương Sơn"):
        await bot.say(answer, chat="xa")
    refused = _text(await bot.say("son tay", chat="xa"))
    assert "không thuộc địa bàn anh/chị phụ trách" in refused
    asked = _text(await bot.say("an phu", chat="xa"))
    assert "Số điện thoại" in asked


async def test_removing_a_point_is_audited_and_authorized_again(bot: Bot) -> None:
    await certified_product(bot)
    await _officer(bot, "huyen", "district", "441")
    await _add_point(bot, "huyen", "an phu", "")
    await _add_point(bot, "huyen", "vu quang", "")
    assert "Điểm bán sản phẩm OCOP ở Huyện Vũ Quang: 2 điểm." in _text(
        await bot.say("/noiban vu quang", chat="buyer") + await bot.say("1", chat="buyer")
    )

    listed = _text(await bot.say("/quanlydiemban", chat="huyen"))
    assert "Điểm bán OCOP trong địa bàn của anh/chị: 2 điểm." in listed
    await bot.say("xoa", chat="huyen")
    asked = _text(await bot.say("1", chat="huyen"))
    assert "Xóa điểm bán “Cửa hàng giới thiệu sản phẩm OCOP Vũ Quang”?" in asked
    done = _text(await bot.say("có", chat="huyen"))
    assert "✅ Đã xóa điểm bán" in done
    async with UnitOfWork(bot.database) as uow:
        rows = list(
            await uow.session.execute(
                select(SalesPointRecord.id, SalesPointRecord.removed_at).order_by(
                    SalesPointRecord.id
                )
            )
        )
        removed = [e for e in await uow.audit.all() if e.action == "sales_point.removed"]
    assert rows[0][1] is not None and rows[1][1] is None
    assert len(removed) == 1 and removed[0].before is not None
    assert removed[0].before["commune"] == "18316" and removed[0].after is None

    # The role is taken back while the question waits: the handler refuses and logs it.
    await bot.say("/quanlydiemban", chat="huyen")
    await bot.say("xoa", chat="huyen")
    await bot.say("1", chat="huyen")
    async with UnitOfWork(bot.database) as uow:
        user = await uow.session.scalar(
            select(UserRecord.id).where(UserRecord.external_id == "huyen")
        )
        assert user is not None
        await uow.officers.revoke_roles(user, bot.clock.now())
        await uow.commit()
    refused = _text(await bot.say("có", chat="huyen"))
    assert "Đã xóa" not in refused
    async with UnitOfWork(bot.database) as uow:
        log = await uow.audit.all()
        still = await uow.sales_points.get(rows[1][0])
    assert still is not None  # not removed
    assert log[-1].action == "auth.refused"
    assert log[-1].after == {"action": "sales_point.manage", "reason": "AUTH_ROLE_NEEDED"}


async def test_a_genuine_stamp_check_leads_to_the_points_selling_it(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    await _officer(bot, "tinh", "province", None)
    await _add_point(bot, "tinh", "an phu", str(product))

    checked = _text(await bot.say(format_serial(serials[0]), chat="buyer"))
    assert "✅ Tem OCOP chính hãng" in checked
    assert f"Nơi bán sản phẩm này: gõ /noiban {product}" in checked

    typed = _text(await bot.say(f"/noiban {product}", chat="buyer"))
    assert "có bán Mật ong rừng Vũ Quang ở Tỉnh Hà Tĩnh: 1 điểm." in typed
    assert "Cửa hàng giới thiệu sản phẩm OCOP Vũ Quang" in typed
    pressed = _text(await bot.press(f"sales:{product}:where", chat="buyer"))
    assert "có bán Mật ong rừng Vũ Quang" in pressed
    unknown = _text(await bot.say("/noiban 999", chat="buyer"))
    assert "Không có sản phẩm OCOP nào mang số 999" in unknown


async def test_a_shared_location_finds_the_nearest(bot: Bot) -> None:
    await _officer(bot, "tinh", "province", None)
    await _add_point(bot, "tinh", "an phu", "")
    await bot.say("/noiban", chat="buyer")
    shared = Inbound(
        channel=bot.channel.name,
        chat_id="buyer",
        user_id="buyer",
        message_id=f"loc{next(_ids)}",
        location=(18.3436, 105.9057),
    )
    near = _text(await bot.send(shared))
    assert "gần anh/chị nhất trước" in near and "(cách 50 km)" in near
