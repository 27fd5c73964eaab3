"""parse_update on recorded Bot API update JSON (tests/telegram/updates/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import Update

from bot.telegram.parse import callback_query_id, parse_update
from flows.messages import DocumentAttachment, Inbound, PhotoAttachment

UPDATES = Path(__file__).parent / "updates"
USER = "5123456789"


def load(name: str) -> Any:
    return json.loads((UPDATES / f"{name}.json").read_text(encoding="utf-8"))


def parse(name: str) -> Inbound | None:
    return parse_update(load(name), bot_username="ocop_test_bot")


@pytest.mark.parametrize("path", sorted(UPDATES.glob("*.json")), ids=lambda p: p.stem)
def test_fixtures_are_valid_bot_api_updates(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for update in data if isinstance(data, list) else [data]:
        Update.model_validate(update)


def test_text() -> None:
    inbound = parse("text")
    assert inbound == Inbound(
        channel="telegram",
        chat_id=USER,
        user_id=USER,
        message_id="u812345601",
        text="Mật ong rừng Hương Sơn",
        display_name="Lan Nguyễn Thị",
        language_code="vi",
    )


def test_command() -> None:
    inbound = parse("command_start")
    assert inbound is not None
    # The text stays too, as the console channel does.
    assert (inbound.command, inbound.command_arg, inbound.text) == ("start", None, "/start")


def test_deep_link_payload() -> None:
    inbound = parse("deep_link")
    assert inbound is not None
    assert (inbound.command, inbound.command_arg) == ("start", "stamp_AbC-123_xyz")


def test_command_addressed_to_us_by_name_is_lower_cased() -> None:
    inbound = parse("command_at_bot")
    assert inbound is not None
    assert (inbound.command, inbound.command_arg) == ("help", None)


def test_command_for_another_bot_is_ignored() -> None:
    assert parse("command_other_bot") is None
    # Without knowing our own name the command is taken.
    inbound = parse_update(load("command_other_bot"))
    assert inbound is not None and inbound.command == "help"


def test_text_that_only_looks_like_a_command() -> None:
    update = load("text")
    update["message"]["text"] = "/ 5 kg"
    inbound = parse_update(update)
    assert inbound is not None and inbound.command is None and inbound.text == "/ 5 kg"


def test_callback_query() -> None:
    payload = load("callback")
    inbound = parse_update(payload)
    assert inbound is not None
    assert (inbound.choice, inbound.chat_id, inbound.user_id) == ("food", USER, USER)
    assert inbound.message_id == "u812345606"
    assert callback_query_id(payload) == "2200431879436718590"


def test_callback_without_message_answers_the_user() -> None:
    inbound = parse("callback_inline")
    assert inbound is not None and inbound.chat_id == USER and inbound.choice == "next"


def test_callback_id_only_for_callbacks() -> None:
    assert callback_query_id(load("text")) is None


def test_photo_takes_the_largest_size_and_caption() -> None:
    inbound = parse("photo")
    assert inbound is not None
    assert inbound.photos == (
        PhotoAttachment(ref="AgACAgUAAxkBAAIB8large", size=181522, mime="image/jpeg"),
    )
    assert inbound.text == "Ảnh sản phẩm"


def test_photo_sizes_in_any_order() -> None:
    inbound = parse("photo_unordered")
    assert inbound is not None and inbound.photos[0].ref == "AgACAgUAAxkBAAIB9large"


def test_image_sent_as_document() -> None:
    inbound = parse("document_image")
    assert inbound is not None
    assert inbound.photos == (
        PhotoAttachment(
            ref="BQACAgUAAxkBAAIBdocimage",
            size=2483311,
            mime="image/png",
            filename="IMG_2041.PNG",
        ),
    )


def test_image_document_without_mime_is_recognised_by_name() -> None:
    update = load("document_image")
    del update["message"]["document"]["mime_type"]
    inbound = parse_update(update)
    assert inbound is not None and inbound.photos[0].mime == "image/png"


def test_other_document_is_a_document() -> None:
    inbound = parse("document_pdf")
    assert inbound is not None and not inbound.unsupported and not inbound.photos
    assert inbound.documents == (
        DocumentAttachment(
            ref="BQACAgUAAxkBAAIBdocpdf",
            size=88231,
            mime="application/pdf",
            file_name="ho_so.pdf",
        ),
    )


def test_a_documents_caption_is_its_text() -> None:
    inbound = parse("document_docx_caption")
    assert inbound is not None and inbound.text == "Phương án của HTX Ân Phú"
    (document,) = inbound.documents
    assert document.file_name == "Phương án SXKD 2026.docx" and document.size == 48213


def test_a_document_without_name_or_type_is_still_a_document() -> None:
    update = load("document_pdf")
    for key in ("file_name", "mime_type", "file_size"):
        del update["message"]["document"][key]
    inbound = parse_update(update)
    assert inbound is not None
    assert inbound.documents == (DocumentAttachment(ref="BQACAgUAAxkBAAIBdocpdf"),)


def test_album_gives_one_inbound_per_photo() -> None:
    inbounds = [parse_update(u) for u in load("album")]
    assert [i.message_id for i in inbounds if i] == ["u812345612", "u812345613", "u812345614"]
    refs = [i.photos[0].ref for i in inbounds if i]
    assert refs == [f"AgACAgUAAxkBAAIB{n}large" for n in (20, 21, 22)]


def test_own_contact() -> None:
    inbound = parse("contact_own")
    assert inbound is not None and inbound.contact_phone == "84912345678"
    assert not inbound.unsupported


@pytest.mark.parametrize("name", ["contact_other", "contact_no_user"])
def test_someone_elses_contact_is_not_taken(name: str) -> None:
    inbound = parse(name)
    assert inbound is not None and inbound.unsupported and inbound.contact_phone is None


@pytest.mark.parametrize("name", ["location", "venue"])
def test_location(name: str) -> None:
    inbound = parse(name)
    assert inbound is not None and inbound.location is not None
    assert inbound.location == pytest.approx((18.3426, 105.9056), abs=1e-3)


@pytest.mark.parametrize("name", ["sticker", "voice"])
def test_other_content_is_unsupported(name: str) -> None:
    inbound = parse(name)
    assert inbound is not None and inbound.unsupported
    assert inbound.message_id.startswith("u")


@pytest.mark.parametrize("name", ["my_chat_member", "edited_message", "pinned_service"])
def test_updates_that_are_not_messages_to_us(name: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="bot.telegram.parse")
    assert parse(name) is None
    if name != "pinned_service":
        assert "ignored" in caplog.text


def test_messages_from_bots_are_ignored() -> None:
    update = load("text")
    update["message"]["from"]["is_bot"] = True
    assert parse_update(update) is None


def test_garbage_is_not_an_error() -> None:
    assert parse_update({}) is None
    assert parse_update({"update_id": 1, "message": {"text": "hi"}}) is None
