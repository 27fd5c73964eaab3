"""The training flow without the database: days and numbers as officers type them, the area
each officer's training belongs to (2020 and 2025 structures), and the flow through the engine
from the first question to the effect it asks for."""

from __future__ import annotations

import datetime as dt

from flows.engine import Env, advance, start
from flows.messages import UserMessage
from flows.principal import Principal, RoleGrant
from flows.training import (
    TOPIC_MAX,
    TRAINING,
    parse_count,
    parse_day,
    training_area,
    training_grant,
)
from flows.training_effects import RecordTraining, TrainingArea
from storage.admin_units_source import load_admin_units
from storage.models import TrainingSessionRecord

TODAY = dt.date(2027, 3, 20)
UNITS_2020, UNITS_2025 = load_admin_units("2020"), load_admin_units("2025")


def _env(grants: tuple[RoleGrant, ...], units_2025: bool = False) -> Env:
    principal = Principal(7, "fake", "x", grants)
    now = dt.datetime(2027, 3, 20, 3, tzinfo=dt.UTC)
    return Env("vi", now, UNITS_2025 if units_2025 else UNITS_2020, principal=principal)


def test_days_as_typed() -> None:
    assert parse_day("hôm nay", TODAY) == TODAY and parse_day("Hom nay", TODAY) == TODAY
    assert parse_day("hôm qua", TODAY) == dt.date(2027, 3, 19)
    assert parse_day("15/3", TODAY) == dt.date(2027, 3, 15)
    assert parse_day("15/03/2027", TODAY) == dt.date(2027, 3, 15)
    assert parse_day("ngày 2-1-26", TODAY) == dt.date(2026, 1, 2)
    assert parse_day("31/2", TODAY) is None and parse_day("mai", TODAY) is None


def test_numbers_as_typed() -> None:
    assert [parse_count(t) for t in ("25", "25 người", "1.200", "không", "ko")] == [
        25,
        25,
        1200,
        0,
        0,
    ]
    assert parse_count("hai mươi") is None and parse_count("-3") is None


def test_the_topic_limit_is_the_column() -> None:
    assert TrainingSessionRecord.__table__.c.topic.type.length == TOPIC_MAX  # type: ignore[attr-defined]


def test_each_officer_trains_for_their_own_area() -> None:
    commune = _env((RoleGrant("commune", "18316"),))
    grant = training_grant(commune.principal)
    assert grant is not None
    assert training_area(commune, grant) == TrainingArea("2020", "441", "18316")
    district = _env((RoleGrant("commune", "18316"), RoleGrant("district", "441")))
    grant = training_grant(district.principal)  # the widest of their roles
    assert grant is not None and training_area(district, grant) == TrainingArea("2020", "441")
    province = _env((RoleGrant("province", None),))
    grant = training_grant(province.principal)
    assert grant is not None and training_area(province, grant) == TrainingArea("2020")
    code = UNITS_2025.communes[0].code
    no_districts = _env((RoleGrant("commune", code),), units_2025=True)
    grant = training_grant(no_districts.principal)
    assert grant is not None
    assert training_area(no_districts, grant) == TrainingArea("2025", None, code)
    assert training_grant(Principal(1, "fake", "p")) is None


def test_the_flow_asks_four_questions_then_records() -> None:
    env = _env((RoleGrant("district", "441"),))
    outcome = start(TRAINING, env)
    for answer in ("1", "hom nay", "Bán hàng trên mạng", "30", "không"):
        assert outcome.form is not None
        outcome = advance(TRAINING, outcome.form, UserMessage(text=answer), env)
    assert outcome.form is not None and outcome.form.step == "confirm"
    assert "• Địa bàn: Huyện Vũ Quang" in outcome.replies[-1].text
    outcome = advance(TRAINING, outcome.form, UserMessage(text="1"), env)
    (effect,) = outcome.effects
    assert isinstance(effect, RecordTraining)
    assert effect.training.held_on == TODAY
    assert (effect.training.producers, effect.training.officers) == (30, 0)
    assert effect.training.area == TrainingArea("2020", "441")
