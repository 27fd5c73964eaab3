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

from flows.effects import CheckStamp
from handlers.stamp_check import PhotoReading
from stamps.keys import StampKeyring, generate_key
from stamps.payload import make_stamp_url
from stamps.photo_advice import SHAKE
from stamps.serial import ALPHABET, format_serial
from storage.database import Database
from storage.models import StampCheckRecord
from storage.stamp_registry import OFFICER_CHANNEL
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
    assert "đã được 2 người kiểm tra, lần đầu ngày 02/03/2026" in again[0].text
    # The first buyer typing the serial is still one of two people, not a third check.
    typed = await bot.say(format_serial(serials[0]).lower().replace("-", " "))
    assert "đã được 2 người kiểm tra" in typed[0].text


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
    # Withdrawn is said as withdrawn: not "expired" with a date still to come.
    assert "giấy chứng nhận OCOP của sản phẩm đã bị thu hồi" in replies[0].text
    assert "đã bị thu hồi" in replies[0].text.split("\n")[3]
    assert "hết hiệu lực" not in replies[0].text and "hiệu lực đến" not in replies[0].text


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


async def test_checking_from_the_menu_keeps_a_registration_and_brings_it_back(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    await bot.say("/start")
    await bot.press("register")
    await bot.say("Nguyễn Thị Hoa")
    await bot.say("/start")
    await bot.press("verify")
    replies = await bot.photo(photo_of(make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])))
    assert replies[0].text.startswith("✅")
    # The registration waited beneath the check and comes back with its question.
    assert "Bước 2/" in replies[-1].text
    replies = await bot.say("2")
    assert replies[-1].text.startswith("Bước 3/")


async def logged(bot: Bot) -> list[StampCheckRecord]:
    async with bot.database.session() as session:
        return list(await session.scalars(select(StampCheckRecord).order_by(StampCheckRecord.id)))


def mistype(serial_text: str) -> str:
    """The printed serial with its check character wrong."""
    last = serial_text[-1]
    return serial_text[:-1] + next(c for c in ALPHABET if c != last)


async def test_words_are_not_taken_for_a_serial(bot: Bot) -> None:
    await bot.say("/start")
    await bot.press("verify")
    replies = await bot.say("Tem nay that khong?")
    assert "Không có tem" not in replies[0].text and "TEM NAY" not in replies[0].text
    assert "Đây không phải số sê-ri tem" in replies[0].text
    assert "gõ 8 ký tự in dưới mã QR" in replies[0].text
    assert replies[-1].text.startswith("Anh/chị chụp ảnh tem OCOP")  # the question again
    # Outside a form the same words are no check either; with a command, no lookup.
    for text in ("Tem nay that khong?", "/verify Tem nay that khong?"):
        replies = await bot.say(text)
        assert all("Không có tem" not in r.text and "TEM NAY" not in r.text for r in replies)
    assert await logged(bot) == []


async def test_a_serial_among_a_few_words_is_checked(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    replies = await bot.say(f"tem số {format_serial(serials[0])} ạ")
    assert replies[0].text.startswith("✅ Tem OCOP chính hãng")


async def test_a_wrong_check_character_is_a_typing_slip(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    typo = mistype(format_serial(serials[0]))
    for text in (typo, typo.lower().replace("-", " "), f"/verify {typo}"):
        replies = await bot.say(text)
        assert "có thể gõ nhầm một ký tự" in replies[0].text, text
        assert "không do tỉnh phát hành" not in replies[0].text
        assert "xem lại 8 ký tự" in replies[0].text
    assert {c.status for c in await logged(bot)} == {"mistyped"}
    assert all(c.serial is None for c in await logged(bot))


async def test_the_copy_warning_counts_people_not_checks(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    url = make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])
    # An officer checks the batch before it leaves the office: that is no consumer.
    checker = bot.dispatcher.stamp_checker
    officer = checker.user_hash(OFFICER_CHANNEL, OFFICER_CHANNEL)
    for _ in range(3):
        async with UnitOfWork(bot.database) as uow:
            [result] = await checker.check(
                uow, CheckStamp(codes=(url,)), OFFICER_CHANNEL, officer, bot.clock.now()
            )
            await uow.commit()
        assert result.checks == 0
    first = await bot.photo(photo_of(url))
    assert "Tem này được kiểm tra lần đầu." in first[0].text
    assert "sao chép" not in first[0].text
    # The same buyer checking again, by photo or typing, many times: still no warning.
    for _ in range(3):
        again = await bot.say(format_serial(serials[0]))
        assert "Chỉ có anh/chị đã kiểm tra tem này (lần đầu ngày 02/03/2026)" in again[0].text
        assert "sao chép" not in again[0].text
    other = await bot.photo(photo_of(url), chat="another-buyer")
    assert "⚠️ Tem này đã được 2 người kiểm tra" in other[0].text
    assert "sao chép" in other[0].text
    channels = [c.channel for c in await logged(bot)]
    assert channels.count(OFFICER_CHANNEL) == 3  # logged for the reports, not counted


async def test_zero_at_the_stamp_prompt_loses_nothing(bot: Bot) -> None:
    await bot.say("/start")
    await bot.press("verify")
    replies = await bot.say("0")
    assert replies[0].text.startswith("Đã dừng kiểm tra tem.")
    assert "chưa được gửi" not in replies[0].text


async def test_codes_decoded_beforehand_are_not_decoded_again(bot: Bot) -> None:
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 1)
    url = make_stamp_url(PUBLIC_URL, bot.keyring, serials[0])
    checker = bot.dispatcher.stamp_checker
    assert await checker.decode_original(photo_of(url)) == PhotoReading((url,), None)
    nothing = io.BytesIO()
    Image.new("RGB", (200, 200), (90, 90, 90)).save(nothing, format="PNG")
    # A plain grey wall shows no sign of what went wrong: the general advice.
    assert await checker.decode_original(nothing.getvalue()) == PhotoReading((), "STAMP_NO_CODE")
    user = checker.user_hash("fake", "someone")
    # A photo that is not in the store: reading it would fail, so nothing was read.
    missing = "ab" * 32
    async with UnitOfWork(bot.database) as uow:
        [found] = await checker.check(
            uow, CheckStamp(photo=missing, codes=(url,)), "fake", user, bot.clock.now()
        )
        [none] = await checker.check(
            uow, CheckStamp(photo=missing, codes=(), advice=SHAKE), "fake", user, bot.clock.now()
        )
        await uow.commit()
    assert found.status == "genuine" and none.status == "no_code"
    assert none.other_kind == SHAKE  # the advice read with the codes is the one answered
    # Without codes, the stored photo is decoded as before.
    stored = bot.photo_store.check_and_store(photo_of(url))
    async with UnitOfWork(bot.database) as uow:
        [again] = await checker.check(
            uow, CheckStamp(photo=stored.sha256), "fake", user, bot.clock.now()
        )
        await uow.commit()
    assert again.status == "genuine" and again.seen_before
