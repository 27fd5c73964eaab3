"""Conversations with the real bot, written once and run on every channel.

Each scenario is a user's conversation told through a `ChatDriver`, asserting what the user
must see at each turn (the questions are those of flows/registration.py; see
tests/transcripts/ for the whole texts). A scenario knows nothing of the channel: the driver
decides whether an option is a button press or a typed number: `chat.choose(label)` presses
the button on Telegram and types the option's NUMBER on Zalo and the console; answers in words
are typed with `chat.say`.
"""

from __future__ import annotations

import re

from flows.lifecycle import state as lifecycle_state
from tests.e2e.drivers import ChatDriver
from tests.e2e.support import jpeg
from tests.stamps.hard_photos import no_code_set

MENU = [
    "Đăng ký ý tưởng sản phẩm",
    "Ý tưởng của tôi",
    "Kiểm tra tem OCOP",
    "Mua sản phẩm OCOP ở đâu",
    "Tự chấm điểm sản phẩm",
    "Hướng dẫn",
]
HONEY = "Mật ong rừng Vũ Quang"
BAD_PHONE = (
    "Số điện thoại chưa đúng. Số di động có 10 số, bắt đầu bằng 03, 05, 07, 08 hoặc 09; "
    "số máy bàn Hà Tĩnh có 11 số, bắt đầu bằng 0239. Ví dụ: 0912 345 678."
)
BAD_PRICE = (
    "Giá chưa đúng. Anh/chị gõ số tiền, có thể kèm đơn vị, ví dụ: 150.000, 150k/kg, 1,5 triệu."
)
HINT = (
    "Xin lỗi, tôi chưa hiểu ý anh/chị. Anh/chị chọn một việc dưới đây, "
    "hoặc gõ /help để xem hướng dẫn."
)


def registration_number(answer: str) -> str:
    match = re.search(r"Số phiếu: (\S+)", answer)
    assert match is not None, answer
    return match.group(1)


def photos_received(answer: str, count: int) -> None:
    """Each photo was acknowledged, in order."""
    places = [answer.find(f"✅ Đã nhận ảnh {n}/5") for n in range(1, count + 1)]
    assert -1 not in places and places == sorted(places), answer


# ------------------------------------------------------------------------- (a) registration


async def register_idea(chat: ChatDriver) -> str:
    """A whole registration with three photos, every option chosen as offered: a button on
    Telegram, its number on Zalo and the console ("1" for "1. Xong"); the registration number.
    """
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    assert "Bước 1/12" in await chat.choose("Đăng ký ý tưởng")
    assert "Bước 2/12" in await chat.say("Nguyễn Thị Hoa")
    assert "Bước 3/12" in await chat.choose("Hợp tác xã")
    assert "Bước 4/12. Cơ sở sản xuất ở huyện" in await chat.share_phone("0912 345 678")
    assert "Bước 4/12. Xã (phường, thị trấn) nào thuộc huyện Vũ Quang?" in await chat.choose(
        "Huyện Vũ Quang"
    )
    assert "Bước 5/12" in await chat.choose("Xã Ân Phú")
    assert "Bước 6/12" in await chat.say(HONEY)
    assert "Bước 7/12" in await chat.choose("Thực phẩm")
    assert "Bước 8/12" in await chat.say("Mật ong nguyên chất từ hoa rừng")
    assert "Bước 9/12" in await chat.choose("Trong tỉnh")
    assert "Bước 10/12" in await chat.say("2 tấn")
    assert "Bước 11/12" in await chat.say("150k/kg")
    assert "Bước 12/12" in await chat.say("Nghề nuôi ong của gia đình đã có từ ba đời")
    received = await chat.send_photos([jpeg(1), jpeg(2), jpeg(3)])
    photos_received(received, 3)
    summary = await chat.choose("Xong")
    assert HONEY in summary and "3 ảnh" in summary, summary
    assert "• Huyện: Vũ Quang" in summary and "• Giá bán lẻ: 150.000 đ/kg" in summary, summary
    done = await chat.choose("Gửi đăng ký")
    assert "✅ Đã gửi đăng ký ý tưởng sản phẩm." in done, done
    return registration_number(done)


# How the export (bot/cli/export.py) names each channel and the state of a new idea.
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "console": "Máy tính (thử)"}
SUBMITTED = lifecycle_state("submitted").label("vi")


def check_exported(rows: list[dict[str, str]], number: str, channel: str) -> None:
    """The export holds the registration of `register_idea`, once."""
    [row] = [r for r in rows if r["Số phiếu"] == number]
    assert [r["Số phiếu"] for r in rows if r["Sản phẩm"] == HONEY] == [number]
    assert row["Sản phẩm"] == HONEY
    assert row["Xã"] == "Xã Ân Phú"
    assert row["Huyện"] == "Huyện Vũ Quang"
    assert row["Điện thoại"] == "0912 345 678"
    assert row["Giá bán (đồng)"] == "150000"
    assert row["Đơn vị tính"] == "kg"
    assert row["Kênh"] == CHANNEL_NAMES[channel]
    assert row["Trạng thái"] == SUBMITTED
    assert row["Số ảnh"] == "3"


# ------------------------------------------------------------------------------ (e) my ideas


async def my_ideas_list(chat: ChatDriver, number: str) -> None:
    """After `register_idea`, "my ideas" lists it with its number and where it stands."""
    assert "Anh/chị chọn một việc:" in await chat.say("/start")
    ideas = await chat.choose("Ý tưởng của tôi")
    assert "Ý tưởng của anh/chị (1):" in ideas, ideas
    assert f"1. {HONEY}" in ideas and f"Số phiếu {number}" in ideas, ideas
    assert "Tình trạng: Đã gửi, chờ xã xem xét" in ideas, ideas
    assert chat.options() == MENU


# -------------------------------------------------------------------- (b) polite corrections


async def refused(chat: ChatDriver, wrong: str, correction: str, question: str) -> None:
    """`wrong` is answered with `correction`, then the same question again."""
    answer = await chat.say(wrong)
    assert correction in answer and question in answer, answer
    assert answer.index(correction) < answer.index(question), answer


async def wrong_answers_are_corrected(chat: ChatDriver) -> None:
    """A wrong phone and a wrong price get the polite correction and the question again; the
    form goes on. Answers here are typed in words ("to hop tac", "tp ha tinh"). Leaves the form
    at question 11 (the story)."""
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    assert "Bước 1/12" in await chat.choose(1)
    assert "Bước 2/12" in await chat.say("Hoàng Văn Đức")
    assert "Bước 3/12" in await chat.say("to hop tac")
    await refused(chat, "12345", BAD_PHONE, "Bước 3/12")
    assert "Bước 4/12" in await chat.share_phone("0912 345 678")
    assert "thuộc thành phố Hà Tĩnh" in await chat.say("tp ha tinh")
    assert "Bước 5/12" in await chat.choose("Phường Trần Phú")
    assert "Bước 6/12" in await chat.say("Cam bù Hương Sơn")
    assert "Bước 7/12" in await chat.say("thuc pham")
    assert "Bước 8/12" in await chat.say("Cam ngọt, vỏ mỏng, trồng trên đất đồi")
    assert "Bước 9/12" in await chat.choose("Cả nước")
    assert "Bước 10/12" in await chat.say("20 tấn")
    await refused(chat, "đắt lắm", BAD_PRICE, "Bước 10/12")
    assert "Bước 11/12" in await chat.say("1,5 triệu")


# --------------------------------------------------------------------- (c) back and editing


async def go_back_and_edit(chat: ChatDriver) -> str:
    """From question 11 of `wrong_answers_are_corrected`: "0" goes back a question at a time,
    a new answer replaces the old; the story is skipped by its option ("1" on Zalo); a photo
    sent at the summary is added to the photos; two answers are edited, by the Edit option and
    by typing "sửa số 6", each coming back to the summary; then submitted. The number."""
    assert "Bước 10/12" in await chat.say("0")
    assert "Bước 9/12" in await chat.say("0")
    assert "Bước 10/12" in await chat.say("25 tấn")
    assert "Bước 11/12" in await chat.say("1,5 triệu")
    assert "Bước 12/12" in await chat.choose("Bỏ qua")
    photos_received(await chat.send_photos([jpeg(7)]), 1)
    summary = await chat.say("xong")
    assert "• Điện thoại: 0912 345 678" in summary, summary
    assert "• Sản lượng/năm: 25 tấn" in summary, summary
    assert "• Giá bán lẻ: 1.500.000 đ" in summary, summary
    assert "• Câu chuyện sản phẩm: (chưa có)" in summary, summary
    assert "• Phường: Trần Phú" in summary, summary
    late = await chat.send_photos([jpeg(8)])
    assert "✅ Đã giữ ảnh này cho phần ảnh sản phẩm (2/5)." in late, late
    assert "• Ảnh sản phẩm: 2 ảnh" in late, late
    assert "Anh/chị muốn sửa mục nào?" in await chat.choose("Sửa")
    assert "Bước 10/12" in await chat.choose("Giá bán lẻ")
    summary = await chat.say("95.000")
    assert "Anh/chị kiểm tra lại thông tin:" in summary, summary
    assert "• Giá bán lẻ: 95.000 đ" in summary, summary
    assert "Bước 5/12" in await chat.say("sửa số 6")
    summary = await chat.say("Cam bù Hà Tĩnh")
    assert "• Sản phẩm: Cam bù Hà Tĩnh" in summary, summary
    assert "• Giá bán lẻ: 95.000 đ" in summary and "• Ảnh sản phẩm: 2 ảnh" in summary
    return registration_number(await chat.choose("Gửi đăng ký"))


def check_edited_export(rows: list[dict[str, str]], number: str, channel: str) -> None:
    [row] = [r for r in rows if r["Số phiếu"] == number]
    assert row["Sản phẩm"] == "Cam bù Hà Tĩnh"
    assert row["Xã"] == "Phường Trần Phú"
    assert row["Điện thoại"] == "0912 345 678"
    assert row["Giá bán (đồng)"] == "95000"
    assert row["Đơn vị tính"] == ""
    assert row["Kênh"] == CHANNEL_NAMES[channel]
    assert row["Số ảnh"] == "2"  # the photo sent at the summary was kept


# ------------------------------------------------------------------------ (d) stamp checking


async def check_a_stamp(chat: ChatDriver, stamp_png: bytes) -> None:
    """A photo of a genuine stamp sent outside any form is checked at once; sent again by the
    same person, the answer says only they checked it (no copy warning)."""
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    await chat.send_photos([stamp_png])
    first = await chat.wait_for("✅ Tem OCOP chính hãng")
    assert HONEY in first and "Tem này được kiểm tra lần đầu." in first, first
    await chat.send_photos([stamp_png])
    again = await chat.wait_for("✅ Tem OCOP chính hãng")
    assert "Chỉ có anh/chị đã kiểm tra tem này" in again and "⚠️" not in again, again
    assert chat.options() == MENU


def _photo_at_the_edge(condition: str) -> bytes:
    """A photo of the no-code set (never read, whatever the decoder learns): dim, or shaken."""
    return next(p for p in no_code_set(1) if p.condition == condition).jpeg()


async def unreadable_photos_get_advice(chat: ChatDriver) -> None:
    """Photos nothing reads in are answered with what to change: a dim one, more light; a
    shaken one, hold still. The check is chosen by its option (its number on Zalo)."""
    await chat.say("/start")
    assert "Anh/chị chụp ảnh tem OCOP" in await chat.choose(MENU.index("Kiểm tra tem OCOP") + 1)
    await chat.send_photos([_photo_at_the_edge("low-light+gaussian")])
    dark = await chat.wait_for("Ảnh tối quá")
    assert "ra chỗ sáng hơn" in dark and "gõ số sê-ri" in dark, dark
    await chat.send_photos([_photo_at_the_edge("motion-horizontal")])  # outside any form
    shaken = await chat.wait_for("Ảnh bị rung")
    assert "giữ yên máy" in shaken, shaken
    assert chat.options() == MENU


# ----------------------------------------------------------------------- (f) unknown message


async def unknown_message_gets_a_hint(chat: ChatDriver) -> None:
    """Something the bot does not understand is answered with the hint and the menu."""
    await chat.say("/start")
    assert chat.options() == MENU
    answer = await chat.say("trời hôm nay đẹp quá")
    assert HINT in answer, answer
    assert "Bước" not in answer
    assert chat.options() == MENU
