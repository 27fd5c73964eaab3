"""Who may do what where: every officer action of the ACTIONS table and every officer move of
both chains, for every role, on records of four places. The expected answers are written out
here by hand (from the seed: a commune acts in its commune, a district in its district, the
province everywhere, the administrator only on officers), not computed from the code tested.

Places: the officer's own commune (Ân Phú, 18316, district Vũ Quang 441), another commune of
the same district (Đức Giang, 18319), another district (Nam Hà, 18073, district 436), and no
place at all (an action on nothing in particular: a list, a report of the whole province).

Answers, one letter per place in that order: Y allowed, - refused for the role
("AUTH_ROLE_NEEDED"), x refused for the place ("AUTH_OUTSIDE_AREA"). A move is always on an
idea, so "no place" there is an idea whose place is unknown: only the province may move it.
"""

from __future__ import annotations

import pytest

from flows.authorization import ACTIONS, Area, authorize
from flows.lifecycle import CHAINS, Move
from flows.principal import (
    ADMIN,
    COMMUNE,
    DISTRICT,
    OFFICER_ROLES,
    PRODUCER,
    PROVINCE,
    Principal,
    RoleGrant,
)
from flows.review_rules import allowed_moves, check_move

OWN_COMMUNE, SAME_DISTRICT_COMMUNE, OWN_DISTRICT = "18316", "18319", "441"
OTHER_COMMUNE, OTHER_DISTRICT = "18073", "436"

PLACES_2020: tuple[Area | None, ...] = (
    Area(OWN_COMMUNE, OWN_DISTRICT),
    Area(SAME_DISTRICT_COMMUNE, OWN_DISTRICT),
    Area(OTHER_COMMUNE, OTHER_DISTRICT),
    None,
)
# The 2025 structure has no districts: a commune, another commune, no place.
PLACES_2025: tuple[Area | None, ...] = (Area(OWN_COMMUNE), Area(OTHER_COMMUNE), None)

PRINCIPALS = {
    PRODUCER: Principal(1, "test", "p"),
    COMMUNE: Principal(2, "test", "c", (RoleGrant(COMMUNE, OWN_COMMUNE),)),
    DISTRICT: Principal(3, "test", "d", (RoleGrant(DISTRICT, OWN_DISTRICT),)),
    PROVINCE: Principal(4, "test", "v", (RoleGrant(PROVINCE),)),
    ADMIN: Principal(5, "test", "a", (RoleGrant(ADMIN),)),
}
ROLES = (PRODUCER, COMMUNE, DISTRICT, PROVINCE, ADMIN)

# action: answers for producer, commune, district, province, admin.
EXPECTED_ACTIONS: dict[str, tuple[str, str, str, str, str]] = {
    "idea.view": ("----", "YxxY", "YYxY", "YYYY", "YYYY"),
    "idea.review.commune": ("----", "YxxY", "----", "----", "----"),
    "idea.review.district": ("----", "----", "YYxY", "----", "----"),
    "idea.review.province": ("----", "----", "----", "YYYY", "----"),
    "idea.score.district": ("----", "----", "YYxY", "----", "----"),
    "idea.score.province": ("----", "----", "----", "YYYY", "----"),
    "idea.certify.district": ("----", "----", "YYxY", "----", "----"),
    "idea.certify.province": ("----", "----", "----", "YYYY", "----"),
    "stamps.issue": ("----", "----", "----", "YYYY", "----"),
    "report.view": ("----", "----", "YYxY", "YYYY", "----"),
    "sales_point.manage": ("----", "YxxY", "YYxY", "YYYY", "----"),
    "training.record": ("----", "YxxY", "YYxY", "YYYY", "----"),
    "training.view": ("----", "YxxY", "YYxY", "YYYY", "----"),
    # An announcement's place is its audience's district; a province-wide audience is
    # Area() there, never None (tests/flows/test_announcement.py).
    "announcement.send": ("----", "----", "YYxY", "YYYY", "----"),
    "officer.invite": ("----", "----", "----", "----", "YYYY"),
    "officer.revoke": ("----", "----", "----", "----", "YYYY"),
}

# (structure, state, action): answers for producer, commune, district, province, admin.
EXPECTED_MOVES: dict[tuple[str, str, str], tuple[str, str, str, str, str]] = {
    ("2020", "submitted", "forward"): ("----", "Yxxx", "----", "----", "----"),
    ("2020", "submitted", "return"): ("----", "Yxxx", "----", "----", "----"),
    ("2020", "forwarded", "select"): ("----", "----", "YYxx", "----", "----"),
    ("2020", "forwarded", "return"): ("----", "----", "YYxx", "----", "----"),
    ("2020", "forwarded", "reject"): ("----", "----", "YYxx", "----", "----"),
    ("2020", "selected", "approve"): ("----", "----", "----", "YYYY", "----"),
    ("2020", "selected", "return"): ("----", "----", "----", "YYYY", "----"),
    ("2020", "selected", "reject"): ("----", "----", "----", "YYYY", "----"),
    ("2020", "plan_sent", "approve_plan"): ("----", "----", "YYxx", "----", "----"),
    ("2020", "plan_sent", "return"): ("----", "----", "YYxx", "----", "----"),
    ("2020", "plan_approved", "develop"): ("----", "----", "YYxx", "----", "----"),
    ("2020", "developing", "evaluate"): ("----", "----", "YYxx", "----", "----"),
    # 2025: no districts; the commune sends to the province and follows the product. A
    # district officer's role names no place there.
    ("2025", "submitted", "send_province"): ("---", "Yxx", "---", "---", "---"),
    ("2025", "submitted", "return"): ("---", "Yxx", "---", "---", "---"),
    ("2025", "submitted", "reject"): ("---", "Yxx", "---", "---", "---"),
    ("2025", "to_province", "approve"): ("---", "---", "---", "YYY", "---"),
    ("2025", "to_province", "return"): ("---", "---", "---", "YYY", "---"),
    ("2025", "to_province", "reject"): ("---", "---", "---", "YYY", "---"),
    ("2025", "plan_sent", "approve_plan"): ("---", "Yxx", "---", "---", "---"),
    ("2025", "plan_sent", "return"): ("---", "Yxx", "---", "---", "---"),
    ("2025", "plan_approved", "develop"): ("---", "Yxx", "---", "---", "---"),
    ("2025", "developing", "evaluate"): ("---", "Yxx", "---", "---", "---"),
}

LETTER = {"Y": "", "-": "AUTH_ROLE_NEEDED", "x": "AUTH_OUTSIDE_AREA"}


def test_the_tables_cover_every_officer_action_and_every_officer_move() -> None:
    officer_actions = {a for a, roles in ACTIONS.items() if PRODUCER not in roles}
    assert set(EXPECTED_ACTIONS) == officer_actions
    moves = {
        (structure, m.source, m.action)
        for structure, chain in CHAINS.items()
        for m in chain.moves
        if m.role in OFFICER_ROLES
    }
    assert set(EXPECTED_MOVES) == moves


@pytest.mark.parametrize("action", sorted(EXPECTED_ACTIONS))
def test_each_action_for_each_role_and_place(action: str) -> None:
    for role, answers in zip(ROLES, EXPECTED_ACTIONS[action], strict=True):
        for place, letter in zip(PLACES_2020, answers, strict=True):
            decision = authorize(PRINCIPALS[role], action, place)
            assert (decision.allowed, decision.reason) == (letter == "Y", LETTER[letter]), (
                action,
                role,
                place,
            )


@pytest.mark.parametrize("key", sorted(EXPECTED_MOVES), ids=lambda k: "-".join(k))
def test_each_move_for_each_role_and_place(key: tuple[str, str, str]) -> None:
    structure, source, action = key
    places = PLACES_2020 if structure == "2020" else PLACES_2025
    for role, answers in zip(ROLES, EXPECTED_MOVES[key], strict=True):
        principal = PRINCIPALS[role]
        for place, letter in zip(places, answers, strict=True):
            area = place or Area()
            checked = check_move(principal, structure, source, action, area)
            offered = [m.action for m in allowed_moves(principal, structure, source, area)]
            if letter == "Y":
                assert isinstance(checked, Move) and checked.action == action, (key, role, place)
                assert action in offered, (key, role, place)
            else:
                assert not isinstance(checked, Move), (key, role, place)
                assert action not in offered, (key, role, place)
                assert checked.reason == LETTER[letter], (key, role, place)


def test_a_producer_acts_on_their_own_records_only() -> None:
    producer = PRINCIPALS[PRODUCER]
    assert authorize(producer, "idea.answer", owner=producer.user_id)
    refused = authorize(producer, "idea.answer", owner=99)
    assert (refused.allowed, refused.reason) == (False, "AUTH_NOT_YOURS")


def test_a_role_of_the_other_structure_acts_nowhere_and_says_why() -> None:
    # A commune officer of 2020 Nam Hà (18073) under the 2025 structure, where 18073 is
    # Thành Sen: the grant is set aside, and the refusal says it belongs to the old structure.
    stale = Principal(6, "test", "s", (), elsewhere=(RoleGrant(COMMUNE, OTHER_COMMUNE),))
    for action in ("idea.view", "idea.review.commune", "sales_point.manage"):
        decision = authorize(stale, action, Area(OTHER_COMMUNE))
        assert (decision.allowed, decision.reason) == (False, "AUTH_OLD_STRUCTURE"), action
    assert authorize(stale, "stamps.issue").reason == "AUTH_ROLE_NEEDED"
    checked = check_move(stale, "2025", "submitted", "send_province", Area(OTHER_COMMUNE))
    assert not isinstance(checked, Move) and checked.reason == "AUTH_OLD_STRUCTURE"
