"""The registration's answers are one typed record, and its field list is defined once."""

from __future__ import annotations

from flows.idea_answers import QUESTIONS, IdeaAnswers, questions_for
from flows.registration import REGISTRATION
from flows.texts import TEXTS
from storage.admin_units_source import load_admin_units
from tests.flows.transcript import complete_answers

# The keys ideas.answers held before the record (bot/cli/export.py and old rows read them).
KEYS_BEFORE = {
    "applicant_name", "applicant_type", "phone", "district_code", "commune_code",
    "product_name", "product_group", "core_value", "target_market", "volume", "price", "story",
}  # fmt: skip


def test_json_round_trip() -> None:
    answers = IdeaAnswers.from_json(complete_answers(load_admin_units("2020")))
    assert IdeaAnswers.from_json(answers.to_json()) == answers
    with_range = IdeaAnswers.from_json(
        {**answers.to_json(), "price_unit": "kg", "price_high": 180_000}
    )
    assert with_range.price_unit == "kg" and with_range.price_high == 180_000
    assert IdeaAnswers.from_json(with_range.to_json()) == with_range


def test_the_stored_keys_keep_the_old_ones() -> None:
    keys = set(IdeaAnswers.from_json({}).to_json())
    assert keys >= KEYS_BEFORE
    assert keys - KEYS_BEFORE == {"price_unit", "price_high", "photos", "admin_structure"}


def test_an_old_row_reads() -> None:
    old = {key: "x" for key in KEYS_BEFORE} | {"price": 150000}
    answers = IdeaAnswers.from_json(old)
    assert answers.price == 150000 and answers.price_unit is None
    assert answers.admin_structure == "2020" and answers.photos == ()


def test_the_form_asks_the_questions_in_the_records_order() -> None:
    asked = [s.name for s in REGISTRATION.steps if s.name not in ("summary", "edit_which")]
    assert asked == [q.step for q in QUESTIONS]
    assert all(q.label_key in TEXTS for q in QUESTIONS)


def test_without_districts_there_is_no_district_question() -> None:
    assert "district" not in [q.step for q in questions_for(has_districts=False)]
    assert len(questions_for(has_districts=True)) == len(questions_for(has_districts=False)) + 1


def test_missing_answers_are_named_by_their_step() -> None:
    units = load_admin_units("2020")
    data = {**complete_answers(units), "phone": "", "photos": []}
    assert IdeaAnswers.from_json(data).missing(has_districts=True) == ("phone", "photos")
    story_left_out = {**complete_answers(units), "story": ""}
    assert IdeaAnswers.from_json(story_left_out).missing(has_districts=True) == ()
