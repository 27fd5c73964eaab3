"""Stamp checks through the dispatcher: real stamps rendered, photographed (as PNGs), decoded,
verified and looked up on a real database."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import segno
from PIL import Image
from sqlalchemy import select

from stamps.keys import StampKeyring, generate_key
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from storage.database import Database
from storage.models import StampCheckRecord
from storage.unit_of_work import UnitOfWork
from tests.harness import PUBLIC_URL, Bot, make_bot
from tests.stamps.test_classify import VIETQR


async def certified_product(bot: Bot, decision: dt.date = dt.date(2025, 6, 15)) -> int:
    async with UnitOfWork(bot.database) as uow:
        producer = await uow.products.add_producer(
            "HTX Nuôi ong Ân Phú", "htx", "441", "18316", None
        )
        product, _ = await uow.products.add_product(
            name="Mật ong rừng Vũ Quang",
            producer_id=producer,
            group="food",
            stars=4,
            certificate=f"123/QĐ-UBND-{decision.year}",
            decision_date=decision,
            now=bot.clock.now(),
        )
        await uow.commit()
    return product


async def issue(bot: Bot, product: int, count: int = 3) -> tuple[int, list[int]]:
    async with UnitOfWork(bot.database) as uow:
        batch, serials = await uow.stamps.issue_batch(
            product, count, bot.keyring.current.kid, bot.clock.now()
        )
        await uow.commit()
    return batch, serials


def photo_of(text: str) -> bytes:
    """The code on a white card in a larger photo, as a phone would take it."""
    png = io.BytesIO()
    segno.make(text, error="q").save(png, kind="png", scale=6)  # any text, any length
    code = Image.open(io.BytesIO(png.getvalue())).convert("RGB")
    card = Image.new("RGB", (code.width * 3, code.height * 2), (235, 230, 220))
    card.paste(code, (code.width, code.height // 2))
    buffer = io.BytesIO()
    card.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
async def bot(database: Database, tmp_path: Path) -> Bot:
    return make_bot(database, tmp_path)


async def test_a_genuine_stamp_then_its_copies(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product)
    url = make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])
    first = await bot.photo(photo_of(url))
    assert first[0].text.startswith("✅ Tem OCOP chính hãng")
    assert "Mật ong rừng Vũ Quang — ⭐⭐⭐⭐ (4 sao)" in first[0].text
    assert "HTX Nuôi ong Ân Phú, Xã Ân Phú, Huyện Vũ Quang" in first[0].text
    assert "hiệu lực đến 15/06/2028" in first[0].text
    assert "kiểm tra lần đầu" in first[0].text
    bot.clock.advance(days=3)
    again = await bot.photo(photo_of(url), chat="someone-else")
    assert "đã được kiểm tra 2 lần, lần đầu ngày 02/03/2026" in again[0].text
    typed = await bot.say(format_serial(serials[0]).lower().replace("-", " "))
    assert "đã được kiểm tra 3 lần" in typed[0].text


async def test_a_forged_mac_is_counterfeit(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product)
    forger = StampKeyring((generate_key(),))
    forged = make_stamp_url(PUBLIC_URL, forger, serials[0])
    replies = await bot.photo(photo_of(forged))
    assert "không phải tem do tỉnh Hà Tĩnh phát hành" in replies[0].text


async def test_a_valid_mac_on_a_serial_never_issued_is_unknown(bot: Bot) -> None:
    await certified_product(bot)
    replies = await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, 12345)))
    assert f"Không có tem OCOP nào mang số {format_serial(12345)}" in replies[0].text


async def test_revoked_batch_and_serial(bot: Bot) -> None:
    product = await certified_product(bot)
    batch, serials = await issue(bot, product)
    _, others = await issue(bot, product, 1)
    async with UnitOfWork(bot.database) as uow:
        await uow.stamps.revoke_batch(batch, bot.clock.now())
        await uow.stamps.revoke_serial(others[0], bot.clock.now())
        await uow.commit()
    for serial in (serials[1], others[0]):
        replies = await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serial)))
        assert "đã bị thu hồi" in replies[0].text


async def test_an_expired_or_withdrawn_certificate(bot: Bot) -> None:
    old = await certified_product(bot, decision=dt.date(2022, 10, 5))
    _, serials = await issue(bot, old, 1)
    replies = await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])))
    assert "giấy chứng nhận OCOP của sản phẩm đã hết hiệu lực (05/10/2025)" in replies[0].text
    fresh = await certified_product(bot)
    _, serials = await issue(bot, fresh, 1)
    async with UnitOfWork(bot.database) as uow:
        await uow.products.set_withdrawn(fresh, True)
        await uow.commit()
    replies = await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])))
    assert "hết hiệu lực" in replies[0].text


async def test_codes_that_are_not_ocop_stamps(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    real = make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])
    phishing = real.replace("OCOP.HATINH.EXAMPLE", "OCOP-HATINH.EXAMPLE.COM")
    replies = await bot.photo(photo_of(phishing))
    assert "ocop-hatinh.example.com" in replies[0].text
    assert "đừng mở" in replies[0].text
    replies = await bot.photo(photo_of(VIETQR))
    assert "VietQR" in replies[0].text
    replies = await bot.photo(photo_of("https://shopee.vn/mat-ong"))
    assert "shopee.vn" in replies[0].text


async def test_a_photo_without_a_code(bot: Bot) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 160, 90)).save(buffer, format="JPEG")
    replies = await bot.photo(buffer.getvalue())
    assert "không tìm thấy mã QR" in replies[0].text
    assert "gõ số sê-ri" in replies[0].text


async def test_every_check_is_logged_without_the_user_id(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])))
    await bot.say("/verify 0000-0000")
    async with bot.database.session() as session:
        checks = list(await session.scalars(select(StampCheckRecord).order_by(StampCheckRecord.id)))
    assert [c.status for c in checks] == ["genuine", "unknown"]
    assert checks[0].serial == serials[0]
    assert checks[0].channel == "fake"
    assert "chat-1" not in checks[0].user_hash and len(checks[0].user_hash) == 64


async def test_checking_from_the_menu_keeps_a_registration(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    await bot.say("/start")
    await bot.press("register")
    await bot.say("Nguyễn Thị Hoa")
    await bot.say("/start")
    await bot.press("verify")
    replies = await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])))
    assert replies[0].text.startswith("✅")
    replies = await bot.press("register")
    assert "bản đăng ký chưa xong" in replies[0].text
    replies = await bot.press("resume")
    assert replies[0].text.startswith("Bước 2/13")
