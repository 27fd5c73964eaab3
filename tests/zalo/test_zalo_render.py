"""Reply -> Zalo requests: numbered options, 2,000-character pieces, photos by URL."""

from __future__ import annotations

from bot.text_split import utf16_len as zalo_length
from bot.zalo.render import MAX_TEXT, ZaloRequest, render, split_text
from flows.messages import Option, Reply


def test_plain_text_is_one_send_message() -> None:
    assert render("c1", Reply("Xin chào anh/chị")) == [
        ZaloRequest("sendMessage", {"chat_id": "c1", "text": "Xin chào anh/chị"})
    ]


def test_options_become_numbered_lines_under_the_text() -> None:
    reply = Reply(
        "Anh/chị đăng ký với tư cách nào?",
        options=(
            Option("ind", "Cá nhân"),
            Option("hh", "Hộ kinh doanh"),
            Option("coop", "Hợp tác xã (HTX)"),
        ),
    )
    [request] = render("c1", reply)
    assert request.params["text"] == (
        "Anh/chị đăng ký với tư cách nào?\n1. Cá nhân\n2. Hộ kinh doanh\n3. Hợp tác xã (HTX)"
    )


def test_no_phone_button_the_text_alone_asks() -> None:
    [request] = render("c1", Reply("Số điện thoại của anh/chị?", request_phone=True))
    assert request == ZaloRequest(
        "sendMessage", {"chat_id": "c1", "text": "Số điện thoại của anh/chị?"}
    )


def test_photo_goes_by_url_with_the_text_as_caption() -> None:
    reply = Reply("Ảnh sản phẩm", options=(Option("ok", "Đồng ý"),), photo="ab" * 32)
    assert render("c1", reply, "https://bot.example/media/zalo/t.jpg") == [
        ZaloRequest(
            "sendPhoto",
            {
                "chat_id": "c1",
                "photo": "https://bot.example/media/zalo/t.jpg",
                "caption": "Ảnh sản phẩm\n1. Đồng ý",
            },
        )
    ]


def test_photo_without_text_has_no_caption() -> None:
    [request] = render("c1", Reply("", photo="ab" * 32), "https://x/p.jpg")
    assert request.params == {"chat_id": "c1", "photo": "https://x/p.jpg"}


def test_photo_without_published_url_sends_the_text_only() -> None:
    assert [r.method for r in render("c1", Reply("Ảnh", photo="ab" * 32))] == ["sendMessage"]


def test_empty_reply_sends_nothing() -> None:
    assert render("c1", Reply("  ")) == []


def test_long_text_splits_at_line_breaks() -> None:
    lines = [f"{n}. Xã số {n} thuộc huyện Vũ Quang" for n in range(1, 200)]
    requests = render("c1", Reply("\n".join(lines)))
    texts = [r.params["text"] for r in requests]
    assert len(texts) > 1
    assert all(1 <= zalo_length(t) <= MAX_TEXT for t in texts)
    assert "\n".join(texts).split("\n") == lines  # every line whole, none lost


def test_long_caption_continues_in_messages() -> None:
    text = "\n".join(["Dòng giới thiệu sản phẩm OCOP"] * 150)
    requests = render("c1", Reply(text, photo="ab" * 32), "https://x/p.jpg")
    assert [r.method for r in requests][:2] == ["sendPhoto", "sendMessage"]
    assert all(
        zalo_length(str(r.params.get("caption") or r.params["text"])) <= MAX_TEXT for r in requests
    )


def test_split_prefers_spaces_when_there_are_no_lines() -> None:
    words = " ".join(["mật ong"] * 400)
    pieces = split_text(words, limit=100)
    assert all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces) == words


def test_split_cuts_a_word_only_when_it_must() -> None:
    assert split_text("a" * 250, limit=100) == ["a" * 100, "a" * 100, "a" * 50]


def test_split_counts_utf16_units_and_never_halves_an_emoji() -> None:
    text = "⭐" * 10 + "😀" * 60  # ⭐ is one unit, 😀 two
    pieces = split_text(text, limit=50)
    assert all(zalo_length(p) <= 50 for p in pieces)
    assert "".join(pieces) == text
