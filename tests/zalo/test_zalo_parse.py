"""Zalo update JSON -> Inbound, on recorded shapes in both envelopes and all photo fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.zalo.parse import parse_update, split_updates
from flows.messages import Inbound, PhotoAttachment

UPDATES = Path(__file__).parent / "updates"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((UPDATES / name).read_text(encoding="utf-8"))
    return data


def parsed(name: str) -> Inbound:
    inbound = parse_update(load(name))
    assert inbound is not None
    return inbound


@pytest.mark.parametrize("name", ["text_enveloped.json", "text_bare.json"])
def test_text_in_either_envelope(name: str) -> None:
    assert parsed(name) == Inbound(
        channel="zalo",
        chat_id="6ede9afa66b88fe6d6a9",
        user_id="6ede9afa66b88fe6d6a9",
        message_id="2d758cb5e222177a4e35",
        text="Xin chào",
        display_name="Ted",
    )


def test_command_is_lower_case_with_its_argument() -> None:
    inbound = parsed("command_start.json")
    assert (inbound.command, inbound.command_arg, inbound.text) == ("start", "ref-123", None)


@pytest.mark.parametrize(
    ("text", "command", "arg"),
    [("/help", "help", None), ("/start@Bot_OCOP", "start", None), ("/ xin", None, None)],
)
def test_command_forms(text: str, command: str | None, arg: str | None) -> None:
    payload = load("text_bare.json")
    payload["message"]["text"] = text
    inbound = parse_update(payload)
    assert inbound is not None
    assert (inbound.command, inbound.command_arg) == (command, arg)
    assert inbound.text == (None if command else text)


@pytest.mark.parametrize(
    ("name", "url", "caption"),
    [
        ("image_photo_url_bare.json", "https://photo-stal.zadn.vn/abc/def.jpg", None),
        ("image_photo_enveloped.json", "https://photo-stal.zadn.vn/legacy.jpg", "Bánh đa vừng"),
        ("image_photo_object.json", "https://photo-stal.zadn.vn/object.jpg", None),
        ("image_photo_array.json", "https://photo-stal.zadn.vn/large.jpg", None),
        ("image_attachments.json", "https://photo-stal.zadn.vn/att.jpg", None),
        ("no_event_name_photo.json", "https://photo-stal.zadn.vn/inferred.jpg", "Sản phẩm"),
    ],
)
def test_photo_url_from_every_known_field(name: str, url: str, caption: str | None) -> None:
    inbound = parsed(name)
    assert inbound.photos == (PhotoAttachment(ref=url),)
    assert inbound.text == caption
    assert not inbound.unsupported


def test_photo_url_wins_over_photo() -> None:
    payload = load("image_photo_url_bare.json")
    payload["message"]["photo"] = "https://photo-stal.zadn.vn/old.jpg"
    inbound = parse_update(payload)
    assert inbound is not None
    assert inbound.photos[0].ref == "https://photo-stal.zadn.vn/abc/def.jpg"


def test_image_without_url_is_unsupported_but_keeps_caption() -> None:
    inbound = parsed("image_without_url.json")
    assert inbound.unsupported and inbound.photos == () and inbound.text == "ảnh đây"


@pytest.mark.parametrize(
    "name", ["sticker.json", "unsupported.json", "voice.json", "unknown_message_event.json"]
)
def test_content_we_cannot_read_is_answered_as_unsupported(name: str) -> None:
    inbound = parsed(name)
    assert inbound.unsupported
    assert (inbound.text, inbound.command, inbound.photos) == (None, None, ())
    assert inbound.message_id


def test_protected_user_carries_no_content() -> None:
    inbound = parsed("unsupported.json")
    assert (inbound.chat_id, inbound.message_id) == ("u2", "99cc")


def test_missing_event_name_is_inferred_from_fields() -> None:
    inbound = parsed("no_event_name_text.json")
    assert (inbound.text, inbound.message_id, inbound.chat_id) == ("1", "cc33", "u3")


@pytest.mark.parametrize(
    "name", ["unknown_other_event.json", "error_envelope.json", "from_bot.json"]
)
def test_nothing_to_answer(name: str) -> None:
    assert parse_update(load(name)) is None


def test_text_is_normalised_to_nfc() -> None:
    payload = load("text_bare.json")
    payload["message"]["text"] = "Ha\u0300 Ti\u0303nh"  # decomposed, as some keyboards send
    inbound = parse_update(payload)
    assert inbound is not None and inbound.text == "Hà Tĩnh"


def test_message_without_id_gets_a_stable_content_key() -> None:
    payload = load("text_bare.json")
    del payload["message"]["message_id"]
    first, second = parse_update(payload), parse_update(json.loads(json.dumps(payload)))
    assert first is not None and second is not None
    assert first.message_id == second.message_id and first.message_id.startswith("h")


def test_split_updates_accepts_one_or_many_in_any_envelope() -> None:
    one = load("text_bare.json")
    assert split_updates(load("text_enveloped.json")) == [load("text_enveloped.json")["result"]]
    assert split_updates(one) == [one]
    assert split_updates({"ok": True, "result": [one, one]}) == [one, one]
    assert split_updates(load("error_envelope.json")) == []
    assert split_updates({"ok": True, "result": None}) == []
