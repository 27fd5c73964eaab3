"""A document reply (a stamp sheet's PDF) on Telegram and on Zalo."""

from __future__ import annotations

from bot.telegram.render import render_reply
from bot.zalo.render import render
from flows.messages import Reply

SHEET = "/srv/ocop/documents/tem-lo-7.pdf"


def test_telegram_uploads_the_document_with_the_text_as_caption() -> None:
    reply = Reply("✅ Đã phát hành 3 tem.", document=SHEET)
    assert [r.to_json() for r in render_reply(42, reply)] == [
        {
            "method": "sendDocument",
            "chat_id": 42,
            "caption": "✅ Đã phát hành 3 tem.",
            "document": "upload:tem-lo-7.pdf",
        }
    ]


def test_a_document_survives_the_outbox() -> None:
    reply = Reply("x", document=SHEET)
    assert Reply.from_json(reply.to_json()) == reply


def test_zalo_names_the_document_in_the_text() -> None:
    (request,) = render("u1", Reply("✅ Đã phát hành 3 tem.", document=SHEET, lang="vi"))
    assert request.method == "sendMessage"
    assert (
        "tem-lo-7.pdf" in request.params["text"]
        and "Zalo chưa gửi được tệp" in request.params["text"]
    )
