"""The properties the fuzz tests check, as plain functions: the tests run them under
hypothesis with few examples, bench/fuzz.py with many."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from bot.console.chat import parse_line
from bot.telegram import parse as telegram_parse
from bot.telegram.render import CALLBACK_DATA_LIMIT, TEXT_LIMIT, render_reply
from bot.text_split import utf16_len
from bot.zalo import parse as zalo_parse
from bot.zalo.render import MAX_TEXT, render
from flows import callback, geo, money, officer_code, phone, text_match
from flows.conversation import Conversation, Response, respond
from flows.engine import Env
from flows.messages import Inbound, Option, Reply, UserMessage
from storage.admin_units_source import load_default_admin_units

UNITS = load_default_admin_units()


def utf8_clean(value: object) -> bool:
    """Every string in `value` can be written as UTF-8 (no lone surrogates from JSON)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, (tuple, list)):
        return all(utf8_clean(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return all(utf8_clean(getattr(value, f.name)) for f in fields(value))  # type: ignore[arg-type]
    return True


def check_inbound(inbound: Inbound | None, channel: str) -> None:
    if inbound is None:
        return
    assert isinstance(inbound, Inbound)
    assert inbound.channel == channel
    assert inbound.chat_id and inbound.user_id and inbound.message_id
    assert utf8_clean(inbound), inbound
    # As the inbox stores it, and reads it back after a restart.
    stored = json.loads(json.dumps(inbound.to_json()))
    assert Inbound.from_json(stored) == inbound


def telegram_update_parses(payload: Any) -> None:
    if not isinstance(payload, dict):
        return  # the webhook answers 400 before parsing (tests/fuzz/test_webhooks.py)
    inbound = telegram_parse.parse_update(payload, bot_username="ocop_bot")
    telegram_parse.callback_query_id(payload)
    check_inbound(inbound, "telegram")


def zalo_body_parses(body: Any) -> None:
    for update in zalo_parse.split_updates(body):
        check_inbound(zalo_parse.parse_update(update), "zalo")


def console_line_parses(line: str) -> None:
    inbound = parse_line(line, "console-user")
    if inbound is not None:
        assert inbound.text or inbound.command or inbound.photos or inbound.documents
        check_inbound(inbound, "console")


def pure_parsers_hold(text: str) -> None:
    """The parsers behind every typed answer: a value or None, never an exception."""
    amount = money.parse_vnd(text)
    if amount is not None:
        assert isinstance(money.format_vnd(amount), str)
    price = money.parse_price(text)
    if price is not None:
        assert money.format_price(price)
    e164 = phone.parse_phone(text)
    phone.looks_like_phone(text)
    if e164 is not None:
        assert e164.startswith("+") and phone.parse_phone(phone.format_phone(e164)) == e164
    text_match.fold(text)
    text_match.typed_number(text)
    text_match.parse_edit(text)
    text_match.is_control_word(text)
    for check in (text_match.is_yes, text_match.is_no, text_match.is_back, text_match.is_cancel):
        check(text)
    options = [Option("a", "Hộ gia đình"), Option("b", "Hợp tác xã"), Option("c", text[:50])]
    text_match.resolve_choice(options, text)
    text_match.search(options, text)
    UNITS.find_districts(text)
    UNITS.find_communes(text)
    UNITS.find_communes(text, "441")
    point = geo.parse_coordinates(text)
    if point is not None:
        assert -90 <= point[0] <= 90 and -180 <= point[1] <= 180
        geo.format_distance(geo.distance_km(point, (18.34, 105.9)))
    code = officer_code.parse_code(text)
    if code is not None:
        assert officer_code.parse_code(officer_code.format_code(code)) == code
    data = callback.decode(text)
    if data is not None:
        assert callback.is_namespaced(text)


# --- flow steps ---------------------------------------------------------------------------


def _photo_path(sha256: str) -> Path:
    return Path("/nonexistent") / f"{sha256}.jpg"


def check_replies(replies: tuple[Reply, ...]) -> None:
    """Each reply says something and fits each channel once split."""
    for reply in replies:
        assert reply.text.strip() or reply.photo or reply.document, reply
        assert utf8_clean(reply.text)
        assert reply.lang in ("vi", "en")
        for request in render_reply(1, reply, _photo_path):
            for key in ("text", "caption"):
                if key in request.params:
                    assert 0 < utf16_len(request.params[key]) <= TEXT_LIMIT
            markup = request.params.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    assert 0 < len(button["callback_data"].encode()) <= CALLBACK_DATA_LIMIT
                    assert button["text"].strip()
        for zrequest in render("1", reply, photo_url="https://x.example/p.jpg"):
            for key in ("text", "caption"):
                if key in zrequest.params:
                    assert 0 < utf16_len(zrequest.params[key]) <= MAX_TEXT


def step_answers(conv: Conversation, message: UserMessage, env: Env) -> Response:
    """One message to `respond`: no exception, something said, a state that reloads."""
    response = respond(conv, message, env)
    assert response.replies or response.effects, (conv, message)
    check_replies(response.replies)
    saved = json.loads(json.dumps(response.conversation.to_json()))
    assert Conversation.from_json(saved) == response.conversation
    return response


def offered(reply: Reply) -> list[str]:
    return [o.id for o in reply.options]
