"""Rule sets as data: bands, maxima and who certifies, under 1048 and 148."""

from __future__ import annotations

import pytest

from flows.principal import DISTRICT, PROVINCE
from flows.rulesets import (
    BELOW,
    CANDIDATE,
    CERTIFY,
    MAX_TOTAL,
    RULESETS,
    TO_PROVINCE,
    outcome,
    ruleset,
    stars_for,
    weakest,
)


@pytest.mark.parametrize(
    ("total", "stars"),
    [(0, 1), (29, 1), (30, 2), (49, 2), (50, 3), (69, 3), (70, 4), (89, 4), (90, 5), (100, 5)],
)
def test_bands(total: int, stars: int) -> None:
    assert stars_for(total) == stars


def test_maxima_of_both_rule_sets() -> None:
    assert [ruleset("1048").maximum(p) for p in "ABC"] == [35, 25, 40]
    assert [ruleset("148").maximum(p) for p in "ABC"] == [40, 25, 35]
    for rules in RULESETS.values():
        assert sum(p.maximum for p in rules.parts) == MAX_TOTAL
        assert rules.version >= 1
        for part in rules.parts:
            assert sum(q.points for q in part.questions) == part.maximum
        assert rules.threshold == 50


def test_questions_are_the_same_under_every_rule_set() -> None:
    keys = {tuple(q.key for p in r.parts for q in p.questions) for r in RULESETS.values()}
    assert len(keys) == 1


def test_who_certifies_under_1048() -> None:
    rules = ruleset("1048")
    assert outcome(rules, DISTRICT, 2) == BELOW
    assert outcome(rules, DISTRICT, 3) == TO_PROVINCE
    assert outcome(rules, DISTRICT, 5) == TO_PROVINCE
    assert outcome(rules, PROVINCE, 3) == CERTIFY
    assert outcome(rules, PROVINCE, 4) == CERTIFY
    assert outcome(rules, PROVINCE, 5) == CANDIDATE
    assert outcome(rules, PROVINCE, 2) == BELOW


def test_who_certifies_under_148() -> None:
    rules = ruleset("148")
    assert outcome(rules, DISTRICT, 3) == CERTIFY
    assert outcome(rules, DISTRICT, 4) == TO_PROVINCE
    assert outcome(rules, PROVINCE, 4) == CERTIFY
    # No districts (2025): the province certifies what a district would.
    assert outcome(rules, PROVINCE, 3, has_districts=False) == CERTIFY


def test_out_of_range_parts_are_named() -> None:
    assert ruleset("1048").problems({"A": 36, "B": 25, "C": 0}) == ("A",)
    assert ruleset("148").problems({"A": 36, "B": 25, "C": 0}) == ()
    assert ruleset("148").problems({"A": 1, "B": -1}) == ("B", "C")


def test_weakest_parts_by_share_lost() -> None:
    # A lost 15/35 (43 %), B 20/25 (80 %), C nothing.
    assert weakest(ruleset("1048"), {"A": 20, "B": 5, "C": 40}) == ("B", "A")
    assert weakest(ruleset("1048"), {"A": 35, "B": 25, "C": 40}) == ()


def test_unknown_rule_set_falls_back_to_the_default() -> None:
    assert ruleset("nope").id == "1048"
