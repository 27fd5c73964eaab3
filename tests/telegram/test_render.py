"""Reply -> Bot API request JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.telegram.render import (
    RenderOptions,
    inline_keyboard,
    render_reply,
    split_text,
    utf16_len,
)
from flows.messages import Option, Reply

CHAT = 5123456789


def store(sha: str) -> Path:
    return Path("/photos") / f"{sha}.jpg"


def test_plain_text() -> None:
    [request] = render_reply(CHAT, Reply("Xin chào anh/chị"))
    assert request.to_json() == {
        "method": "sendMessage",
        "chat_id": CHAT,
        "text": "Xin chào anh/chị",
    }


def test_short_options_two_per_row_long_ones_alone() -> None:
    reply = Reply(
        "Chọn nhóm sản phẩm",
        options=(
            Option("food", "Thực phẩm"),
            Option("drink", "Đồ uống"),
            Option("herb", "Dược liệu và sản phẩm từ dược liệu"),
            Option("back", "Quay lại"),
            Option("cancel", "Huỷ"),
            Option("x", "Khác"),
        ),
    )
    [request] = render_reply(CHAT, reply)
    assert request.to_json()["reply_markup"] == {
        "inline_keyboard": [
            [
                {"text": "Thực phẩm", "callback_data": "food"},
                {"text": "Đồ uống", "callback_data": "drink"},
            ],
            [{"text": "Dược liệu và sản phẩm từ dược liệu", "callback_data": "herb"}],
            [
                {"text": "Quay lại", "callback_data": "back"},
                {"text": "Huỷ", "callback_data": "cancel"},
            ],
            [{"text": "Khác", "callback_data": "x"}],
        ]
    }


def test_callback_data_over_64_bytes_is_refused() -> None:
    inline_keyboard([Option("a" * 64, "ok")])
    with pytest.raises(ValueError):
        inline_keyboard([Option("đ" * 33, "too long in bytes")])


def test_phone_question_has_a_contact_button_and_keeps_options_as_text_buttons() -> None:
    reply = Reply(
        "Số điện thoại của anh/chị?", options=(Option("back", "Quay lại"),), request_phone=True
    )
    [request] = render_reply(CHAT, reply)
    assert request.to_json()["reply_markup"] == {
        "keyboard": [
            [{"text": "📱 Gửi số điện thoại của tôi", "request_contact": True}],
            [{"text": "Quay lại"}],
        ],
        "one_time_keyboard": True,
        "resize_keyboard": True,
        "input_field_placeholder": "Hoặc gõ số điện thoại",
    }


def test_phone_button_in_english() -> None:
    reply = Reply("Phone?", request_phone=True)
    [request] = render_reply(CHAT, reply, render=RenderOptions(lang="en"))
    button = request.params["reply_markup"]["keyboard"][0][0]
    assert button == {"text": "📱 Share my phone number", "request_contact": True}


def test_reply_keyboard_removed_by_next_plain_message() -> None:
    [request] = render_reply(
        CHAT, Reply("Cảm ơn"), render=RenderOptions(remove_reply_keyboard=True)
    )
    assert request.params["reply_markup"] == {"remove_keyboard": True}


def test_removal_waits_when_the_only_message_needs_the_inline_keyboard() -> None:
    reply = Reply("Tiếp tục?", options=(Option("yes", "Có"),))
    [request] = render_reply(CHAT, reply, render=RenderOptions(remove_reply_keyboard=True))
    assert "inline_keyboard" in request.params["reply_markup"]


def test_long_text_split_at_lines_with_keyboard_on_last_chunk() -> None:
    line = ("Dòng thông tin về sản phẩm OCOP " * 4).strip()
    text = "\n".join(f"{i}. {line}" for i in range(90))
    reply = Reply(text, options=(Option("ok", "Đồng ý"),))
    requests = render_reply(CHAT, reply)
    assert len(requests) == 3
    assert all(utf16_len(r.params["text"]) <= 4096 for r in requests)
    assert all("reply_markup" not in r.params for r in requests[:-1])
    assert requests[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok"
    # Cut at line boundaries: every chunk starts a numbered line and nothing is lost.
    assert all(r.params["text"][0].isdigit() for r in requests)
    assert "\n".join(r.params["text"] for r in requests) == text


def test_split_prefers_spaces_without_lines() -> None:
    text = " ".join(["mật-ong"] * 1200)
    chunks = split_text(text)
    assert len(chunks) == 3
    assert all(len(c) <= 4096 and not c.startswith(" ") for c in chunks)
    assert " ".join(chunks) == text


def test_split_hard_without_spaces_counting_utf16() -> None:
    text = "😀" * 3000  # 6000 UTF-16 units
    chunks = split_text(text)
    assert [utf16_len(c) for c in chunks] == [4096, 1904]
    assert "".join(chunks) == text


def test_split_keeps_short_text() -> None:
    assert split_text("a\nb") == ["a\nb"]


def test_photo_with_caption_carries_keyboard() -> None:
    reply = Reply("Ảnh đã lưu", photo="ab" * 32, options=(Option("ok", "Xong"),))
    [request] = render_reply(CHAT, reply, store)
    assert request.to_json() == {
        "method": "sendPhoto",
        "chat_id": CHAT,
        "caption": "Ảnh đã lưu",
        "photo": f"upload:{'ab' * 32}.jpg",
        "reply_markup": {"inline_keyboard": [[{"text": "Xong", "callback_data": "ok"}]]},
    }
    assert request.upload == Path("/photos") / f"{'ab' * 32}.jpg"


def test_photo_with_long_text_goes_without_caption() -> None:
    reply = Reply("x" * 1025, photo="cd" * 32)
    photo, text = render_reply(CHAT, reply, store)
    assert photo.method == "sendPhoto" and "caption" not in photo.params
    assert text.to_json() == {"method": "sendMessage", "chat_id": CHAT, "text": "x" * 1025}


def test_photo_without_text() -> None:
    [photo] = render_reply(CHAT, Reply("", photo="ef" * 32), store)
    assert photo.method == "sendPhoto" and "caption" not in photo.params


def test_empty_reply_sends_nothing() -> None:
    assert render_reply(CHAT, Reply("  ")) == []
