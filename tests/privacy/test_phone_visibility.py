"""A producer's phone in full only to the officers of their area (and to themselves); anyone
else who may read the registration sees it masked, through the real handlers on a real
database (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from flows.engine import Env
from flows.phone_visibility import mask_phone
from flows.review import detail_replies
from flows.review_effects import IdeaLoaded, LoadIdea, ReviewRefused
from storage.admin_units_source import load_default_admin_units
from storage.database import Database
from tests.handlers.test_authorization_matrix import (
    ADMIN,
    OTHER_DISTRICT,
    OWN_COMMUNE,
    OWN_DISTRICT,
    PRODUCER,
    PROVINCE,
    SAME_DISTRICT,
    _apply_as,
    _setup,
)
from tests.harness import make_bot

FULL, MASKED = "0912 345 678", "09•••••678"


def test_masks_keep_the_kind_of_number_and_its_last_digits() -> None:
    assert mask_phone("+84912345678") == MASKED
    assert mask_phone("+842393856789") == "02••••••789"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "•••••"  # nothing of a stray value is shown


async def test_the_phone_is_shown_in_full_only_within_the_producers_area(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    idea = await _setup(bot)
    expected = {
        PRODUCER: FULL,  # their own
        OWN_COMMUNE: FULL,
        OWN_DISTRICT: FULL,
        PROVINCE: FULL,
        ADMIN: MASKED,  # may open any registration, but calls nobody
        SAME_DISTRICT: None,  # another commune: not even the registration
        OTHER_DISTRICT: None,
    }
    units = load_default_admin_units()
    for chat, shown in expected.items():
        result = await _apply_as(bot, chat, LoadIdea(idea, "2020"))
        if shown is None:
            assert isinstance(result, ReviewRefused), chat
            continue
        assert isinstance(result, IdeaLoaded), chat
        detail = result.detail
        assert detail.phone_text == shown, chat
        assert detail.phone_shown == (shown == FULL)
        if shown == MASKED:
            assert detail.answers.phone == ""  # the number itself never reaches the flow
        env = Env(lang="vi", now=bot.clock.now(), units=units)
        text = detail_replies(env, detail)[0].text
        assert shown in text, chat
        if shown == MASKED:
            assert "0912" not in text and "345 678" not in text
            assert "chỉ cán bộ địa bàn" in text
