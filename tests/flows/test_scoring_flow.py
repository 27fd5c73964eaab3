"""The councils' score entry and the self-assessment, as pure flows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flows import engine
from flows.engine import Env, Form, Outcome
from flows.messages import UserMessage
from flows.principal import DISTRICT, PROVINCE, Principal, RoleGrant
from flows.scoring import SCORING, parse_date, parse_points
from flows.scoring_effects import RecordScore, ScoreItem, ScoreRecorded, ScoringLoaded
from flows.self_assessment import SELF_ASSESSMENT
from storage.admin_units_source import load_default_admin_units

NOW = dt.datetime(2026, 3, 20, 3, 0, tzinfo=dt.UTC)
UNITS = load_default_admin_units()
DISTRICT_OFFICER = Principal(2, "fake", "d", (RoleGrant(DISTRICT, "441"),))
PROVINCE_OFFICER = Principal(3, "fake", "p", (RoleGrant(PROVINCE, None),))


def env(principal: Principal = DISTRICT_OFFICER, ruleset: str = "1048") -> Env:
    return Env("vi", NOW, UNITS, principal=principal, ruleset=ruleset)


def item(level: str = DISTRICT, ruleset: str = "1048") -> ScoreItem:
    return ScoreItem(7, "001/PĐK-42-441-2026", "Mật ong", "18316", "441", level, ruleset)


def step(form: Form | None, event: object, e: Env) -> Outcome:
    assert form is not None
    return engine.advance(SCORING, form, event, e)


def opened(e: Env, it: ScoreItem) -> Form:
    form = engine.new_form(SCORING, e)
    out = step(form, ScoringLoaded((it,), 1), e)
    assert "Mật ong" in out.replies[-1].text
    out = step(out.form, UserMessage(text="1"), e)
    assert out.form is not None and out.form.step == "part_a"
    return out.form


def test_parsing_points_and_dates() -> None:
    assert parse_points("30") == 30
    assert parse_points("30 điểm") == 30
    assert parse_points("30/35") == 30
    assert parse_points("ba mươi") is None
    assert parse_points("30,5") is None
    assert parse_date("15/03/2026") == dt.date(2026, 3, 15)
    assert parse_date("1-3-2026") == dt.date(2026, 3, 1)
    assert parse_date("31/02/2026") is None


def test_a_part_above_its_maximum_is_refused_with_the_maximum() -> None:
    e = env()
    form = opened(e, item())
    assert "từ 0 đến 35" in engine.prompt_for(SCORING, form, e).text
    out = step(form, UserMessage(text="36"), e)
    assert out.form is not None and out.form.step == "part_a"
    assert "tối đa 35 điểm" in out.replies[0].text
    # Under 148 part A holds 40.
    e148 = env(ruleset="148")
    form = opened(e148, item(ruleset="148"))
    out = step(form, UserMessage(text="38"), e148)
    assert out.form is not None and out.form.step == "part_b"


def test_district_score_of_fifty_goes_to_the_province() -> None:
    e = env()
    form = opened(e, item())
    out = step(form, UserMessage(text="20"), e)
    out = step(out.form, UserMessage(text="15"), e)
    out = step(out.form, UserMessage(text="20 điểm"), e)
    confirm = out.replies[-1].text
    assert "Tổng: 55/100 điểm, tức 3 sao" in confirm and "chuyển lên hội đồng tỉnh" in confirm
    out = step(out.form, UserMessage(text="1"), e)
    assert out.effects == (
        RecordScore(7, "2020", True, DISTRICT, "1048", (20, 15, 20), None, None),
    )
    done = step(out.form, ScoreRecorded(7, "Mật ong", "to_province", 55, 3), e)
    assert done.form is None and "chuyển lên tỉnh" in done.replies[0].text


def test_province_certifies_with_a_number_and_a_date() -> None:
    e = env(PROVINCE_OFFICER)
    it = replace(item(PROVINCE), earlier=(20, 15, 20))
    form = opened(e, it)
    assert "huyện đã chấm phần này: 20" in engine.prompt_for(SCORING, form, e).text
    out = step(form, UserMessage(text="30"), e)
    out = step(out.form, UserMessage(text="20"), e)
    out = step(out.form, UserMessage(text="25"), e)
    assert "4 sao" in out.replies[-1].text
    out = step(out.form, UserMessage(text="xác nhận"), e)
    assert out.form is not None and out.form.step == "certificate"
    out = step(out.form, UserMessage(text="123/QĐ-UBND"), e)
    future = step(out.form, UserMessage(text="21/03/2026"), e)
    assert "không thể sau hôm nay" in future.replies[0].text
    bad = step(out.form, UserMessage(text="hôm qua"), e)
    assert "ngày/tháng/năm" in bad.replies[0].text
    out = step(out.form, UserMessage(text="15/03/2026"), e)
    (effect,) = out.effects
    assert isinstance(effect, RecordScore)
    assert effect.certificate == "123/QĐ-UBND" and effect.decision_date == "2026-03-15"
    done = step(out.form, ScoreRecorded(7, "Mật ong", "certify", 75, 4, 5, "2029-03-15"), e)
    assert "giấy chứng nhận 123/QĐ-UBND" in done.replies[0].text
    assert "15/03/2029" in done.replies[0].text
    assert [o.id for o in done.replies[0].options] == ["stamps:5:issue"]


def test_self_assessment_gives_total_stars_and_weakest_parts() -> None:
    e = env(Principal(1, "fake", "u"))
    out = engine.start(SELF_ASSESSMENT, e)
    assert "Phần A" in out.replies[0].text and "(15 điểm)" in out.replies[0].text
    form = out.form
    # A: all yes (35); B: partly, no, no (5); C: yes, yes, partly (35).
    for answer in ("1", "có", "1", "2", "chưa có", "3", "1", "1", "có một phần"):
        out = engine.advance(SELF_ASSESSMENT, form, UserMessage(text=answer), e)  # type: ignore[arg-type]
        form = out.form  # type: ignore[assignment]
    text = out.replies[-1].text
    assert out.form is None
    assert "Tổng: 75/100 điểm, tức 4 sao" in text
    assert "Phần mất nhiều điểm nhất: B (Khả năng tiếp thị), C" in text


def test_self_assessment_points_follow_the_rule_set() -> None:
    e = env(Principal(1, "fake", "u"), ruleset="148")
    form = engine.start(SELF_ASSESSMENT, e).form
    out = engine.advance(SELF_ASSESSMENT, form, UserMessage(text="1"), e)  # type: ignore[arg-type]
    assert "(15 điểm)" in out.replies[-1].text  # A2 is worth 15 under 148, 10 under 1048
