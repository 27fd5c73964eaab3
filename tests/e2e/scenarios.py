"""Conversations with the real bot, written once and run on every channel.

Each scenario is a user's conversation told through a `ChatDriver`, asserting what the user
must see at each turn (the questions are those of flows/registration.py; see
tests/transcripts/ for the whole texts). A scenario knows nothing of the channel: the driver
decides whether an option is a button press or a typed number.
"""

from __future__ import annotations

import re

from tests.e2e.drivers import ChatDriver
from tests.e2e.support import jpeg

MENU = ["Đăng ký ý tưởng sản phẩm", "Ý tưởng của tôi", "Kiểm tra tem OCOP", "Hướng dẫn"]
HONEY = "Mật ong rừng Vũ Quang"
BAD_PHONE = "Số điện thoại chưa đúng (cần 10 số, bắt đầu bằng 0). Ví dụ: 0912 345 678."
BAD_PRICE = "Giá chưa đúng. Anh/chị gõ số tiền, ví dụ: 150.000, 150k, 1,5 triệu."
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
    """A whole registration with three photos, by the options the bot offers (in words for
    some lists where there are no buttons); the registration number."""
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    assert "Bước 1/13" in await chat.choose("Đăng ký ý tưởng")
    assert "Bước 2/13" in await chat.say("Nguyễn Thị Hoa")
    assert "Bước 3/13" in await chat.choose("Hợp tác xã", words="hop tac xa")
    assert "Bước 4/13" in await chat.share_phone("0912 345 678")
    assert "Bước 5/13" in await chat.choose("Huyện Vũ Quang", words="vu quang")
    assert "Bước 6/13" in await chat.choose("Xã Ân Phú")
    assert "Bước 7/13" in await chat.say(HONEY)
    assert "Bước 8/13" in await chat.choose("Thực phẩm")
    assert "Bước 9/13" in await chat.say("Mật ong nguyên chất từ hoa rừng")
    assert "Bước 10/13" in await chat.choose("Trong tỉnh", words="trong tinh")
    assert "Bước 11/13" in await chat.say("2 tấn")
    assert "Bước 12/13" in await chat.say("150.000 đ")
    assert "Bước 13/13" in await chat.say("Nghề nuôi ong của gia đình đã có từ ba đời")
    received = await chat.send_photos([jpeg(1), jpeg(2), jpeg(3)])
    photos_received(received, 3)
    summary = await chat.choose("Xong", words="xong")
    assert HONEY in summary and "3 ảnh" in summary, summary
    done = await chat.choose("Gửi đăng ký")
    assert "✅ Đã gửi đăng ký ý tưởng sản phẩm." in done, done
    return registration_number(done)


def check_exported(rows: list[dict[str, str]], number: str, channel: str) -> None:
    """The export holds the registration of `register_idea`, once."""
    [row] = [r for r in rows if r["registration_number"] == number]
    assert [r["registration_number"] for r in rows if r["product_name"] == HONEY] == [number]
    assert row["product_name"] == HONEY
    assert row["commune"] == "Xã Ân Phú"
    assert row["district"] == "Huyện Vũ Quang"
    assert row["phone"].endswith("912345678")
    assert row["retail_price_vnd"] == "150000"
    assert row["channel"] == channel
    assert row["state"] == "submitted"
    assert row["photo_count"] == "3"


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
    form goes on. Leaves the form at question 12 (the story)."""
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    assert "Bước 1/13" in await chat.choose(1)
    assert "Bước 2/13" in await chat.say("Hoàng Văn Đức")
    assert "Bước 3/13" in await chat.choose("Tổ hợp tác")
    await refused(chat, "12345", BAD_PHONE, "Bước 3/13")
    assert "Bước 4/13" in await chat.share_phone("0912 345 678")
    assert "Bước 5/13" in await chat.choose("Thành phố Hà Tĩnh")
    assert "Bước 6/13" in await chat.choose("Phường Trần Phú")
    assert "Bước 7/13" in await chat.say("Cam bù Hương Sơn")
    assert "Bước 8/13" in await chat.choose("Thực phẩm")
    assert "Bước 9/13" in await chat.say("Cam ngọt, vỏ mỏng, trồng trên đất đồi")
    assert "Bước 10/13" in await chat.choose("Cả nước")
    assert "Bước 11/13" in await chat.say("20 tấn")
    await refused(chat, "đắt lắm", BAD_PRICE, "Bước 11/13")
    assert "Bước 12/13" in await chat.say("1,5 triệu")


# --------------------------------------------------------------------- (c) back and editing


async def go_back_and_edit(chat: ChatDriver) -> str:
    """From question 12 of `wrong_answers_are_corrected`: "0" goes back a question at a time,
    a new answer replaces the old; from the summary two answers are edited, by the Edit option
    and by typing "sửa 6", each coming back to the summary; then submitted. The number."""
    assert "Bước 11/13" in await chat.say("0")
    assert "Bước 10/13" in await chat.say("0")
    assert "Bước 11/13" in await chat.say("25 tấn")
    assert "Bước 12/13" in await chat.say("1,5 triệu")
    assert "Bước 13/13" in await chat.choose("Bỏ qua", words="bỏ qua")
    photos_received(await chat.send_photos([jpeg(7)]), 1)
    summary = await chat.choose("Xong", words="xong")
    assert "3. Điện thoại: 0912 345 678" in summary, summary
    assert "10. Sản lượng/năm: 25 tấn" in summary, summary
    assert "11. Giá bán lẻ: 1.500.000 đ" in summary, summary
    assert "12. Câu chuyện sản phẩm: (chưa có)" in summary, summary
    assert "Anh/chị muốn sửa mục nào?" in await chat.choose("Sửa")
    assert "Bước 11/13" in await chat.choose("Giá bán lẻ")
    summary = await chat.say("95.000")
    assert "Anh/chị kiểm tra lại thông tin:" in summary, summary
    assert "11. Giá bán lẻ: 95.000 đ" in summary, summary
    assert "Bước 6/13" in await chat.say("sửa 6")
    summary = await chat.say("Cam bù Hà Tĩnh")
    assert "6. Sản phẩm: Cam bù Hà Tĩnh" in summary, summary
    assert "11. Giá bán lẻ: 95.000 đ" in summary and "13. Ảnh sản phẩm: 1 ảnh" in summary
    return registration_number(await chat.choose("Gửi đăng ký"))


def check_edited_export(rows: list[dict[str, str]], number: str, channel: str) -> None:
    [row] = [r for r in rows if r["registration_number"] == number]
    assert row["product_name"] == "Cam bù Hà Tĩnh"
    assert row["commune"] == "Phường Trần Phú"
    assert row["phone"] == "+84912345678"
    assert row["retail_price_vnd"] == "95000"
    assert row["channel"] == channel
    assert row["photo_count"] == "1"


# ------------------------------------------------------------------------ (d) stamp checking


async def check_a_stamp(chat: ChatDriver, stamp_png: bytes) -> None:
    """A photo of a genuine stamp sent outside any form is checked at once; sent again, the
    answer warns that the stamp was checked before."""
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    await chat.send_photos([stamp_png])
    first = await chat.wait_for("✅ Tem OCOP chính hãng")
    assert HONEY in first and "Tem này được kiểm tra lần đầu." in first, first
    await chat.send_photos([stamp_png])
    again = await chat.wait_for("✅ Tem OCOP chính hãng")
    assert "⚠️ Tem này đã được kiểm tra 2 lần" in again, again
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
