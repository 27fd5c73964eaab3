"""Hostile updates and typed text through every parser: a value or nothing, never a crash."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import properties as p
from tests.fuzz.strategies import CI, _huge, hostile_text, json_value, telegram_update, zalo_update


@CI
@given(telegram_update())
def test_telegram_updates_parse_or_are_ignored(payload: Any) -> None:
    p.telegram_update_parses(payload)


@CI
@given(zalo_update() | st.lists(zalo_update(), max_size=3) | json_value())
def test_zalo_bodies_parse_or_are_ignored(body: Any) -> None:
    p.zalo_body_parses(body)


@CI
@given(hostile_text() | st.text())
def test_console_lines_parse(line: str) -> None:
    p.console_line_parses(line)


@CI
@given(hostile_text() | st.text(alphabet=st.characters(codec=None)))
def test_the_pure_parsers_return_a_value_or_none(text: str) -> None:
    p.pure_parsers_hold(text)


def test_a_lone_surrogate_from_json_never_reaches_the_flows() -> None:
    update = {
        "update_id": 5,
        "message": {
            "message_id": 1,
            "from": {"id": 7, "first_name": "\ud83d"},
            "chat": {"id": 7},
            "text": "xin \udc00chào",
        },
    }
    p.telegram_update_parses(update)
    zalo = {"message": {"from": {"id": "u\ud800"}, "chat": {"id": "u"}, "text": "a\udfff"}}
    p.zalo_body_parses({"event_name": "message.text.received", **zalo})


def test_broken_photo_sizes_and_a_sender_without_id_are_answered() -> None:
    broken = {
        "update_id": 6,
        "message": {
            "message_id": 1,
            "from": {"id": 7},
            "chat": {"id": 7},
            "photo": [{"file_id": "a", "width": "wide", "height": None}],
        },
    }
    p.telegram_update_parses(broken)
    p.telegram_update_parses({"update_id": 7, "callback_query": {"id": "q", "from": {}}})


def test_long_runs_of_one_character_are_parsed_at_once() -> None:
    """Texts a regular expression might backtrack on for ever (20,000 spaces took the
    coordinates 24 s, 5,000 some 1.5 s): each parser answers."""
    for unit in (" ", "1 ", "1,", "1.", "-1", "ă", "0912 ", "18.3, ", "k", "\u200f"):
        p.pure_parsers_hold((unit * 5_000)[:5_000])
    huge = _huge("Mật ong 🍯\u202e\x00 ")
    p.pure_parsers_hold(huge)
    p.console_line_parses(huge)
    message = {"message_id": 1, "from": {"id": 7}, "chat": {"id": 7}, "text": huge}
    p.telegram_update_parses({"update_id": 8, "message": message})
    zalo = {"from": {"id": "u"}, "chat": {"id": "u"}, "text": huge}
    p.zalo_body_parses({"event_name": "message.text.received", "message": zalo})
