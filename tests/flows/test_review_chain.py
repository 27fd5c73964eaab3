"""The review chain as data (both structures), who may take which move where (the matrix), and
the officers' inbox on the pure engine."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

import pytest

from flows.authorization import Area
from flows.conversation import Conversation, Response, respond
from flows.engine import Env
from flows.idea_answers import IdeaAnswers
from flows.lifecycle import CHAINS, STATES, TRANSITIONS, can_move, chain, state
from flows.messages import UserMessage
from flows.principal import ADMIN, COMMUNE, DISTRICT, PRODUCER, PROVINCE, Principal, RoleGrant
from flows.review import PAGE_SIZE, PRODUCER_NOTICES
from flows.review_effects import (
    ApplyMoves,
    IdeaDetail,
    IdeaLoaded,
    InboxItem,
    InboxLoaded,
    LoadIdea,
    LoadInbox,
    MoveResult,
    MovesApplied,
)
from flows.review_rules import Waiting, allowed_moves, check_move, inbox_scopes, waiting_for
from storage.admin_units_source import load_default_admin_units

UNITS = load_default_admin_units()
NOW = dt.datetime(2026, 3, 20, 2, 30, tzinfo=dt.UTC)
HERE = Area("18316", "441")  # Xã Ân Phú, Huyện Vũ Quang
ELSEWHERE = Area("18073", "436")


# --- the chain as data ----------------------------------------------------------------


def test_the_2020_chain_runs_commune_district_province_then_plan_development_evaluation() -> None:
    c = chain("2020")
    path = [("submitted", COMMUNE, "forward"), ("forwarded", DISTRICT, "select")]
    path += [("selected", PROVINCE, "approve"), ("approved", PRODUCER, "send_plan")]
    path += [("plan_sent", DISTRICT, "approve_plan"), ("plan_approved", DISTRICT, "develop")]
    path += [("developing", DISTRICT, "evaluate")]
    current = "submitted"
    for source, role, action in path:
        assert current == source
        move = c.move(source, action, role)
        assert move is not None, (source, action)
        current = move.target
    assert current == "evaluating"
    # Returns carry a question and come back, answered, to whoever asked.
    for source, role, back in (
        ("submitted", COMMUNE, "returned"),
        ("forwarded", DISTRICT, "returned_dist"),
        ("selected", PROVINCE, "returned_prov"),
    ):
        ret = c.move(source, "return", role)
        assert ret is not None and ret.needs_text and ret.target == back
        answer = c.move(back, "answer", PRODUCER)
        assert answer is not None and answer.target == source
    assert c.move("forwarded", "reject", DISTRICT).needs_text  # type: ignore[union-attr]
    assert c.move("selected", "reject", PROVINCE).needs_text  # type: ignore[union-attr]
    assert c.move("submitted", "reject", COMMUNE) is None  # the seed: the commune only returns


def test_the_2025_chain_goes_from_the_commune_straight_to_the_province() -> None:
    c = chain("2025")
    assert {m.role for m in c.moves} == {PRODUCER, COMMUNE, PROVINCE}
    forward = c.move("submitted", "send_province", COMMUNE)
    assert forward is not None and forward.target == "to_province"
    assert c.move("to_province", "approve", PROVINCE).target == "approved"  # type: ignore[union-attr]
    assert c.move("returned_prov", "answer", PRODUCER).target == "to_province"  # type: ignore[union-attr]
    assert c.waiting_role("plan_sent") == COMMUNE
    assert "forwarded" not in c.states and "selected" not in c.states


@pytest.mark.parametrize("structure", sorted(CHAINS))
def test_every_state_of_a_chain_is_known_and_one_role_waits_for_each(structure: str) -> None:
    c = chain(structure)
    known = {s.id for s in STATES}
    assert c.states <= known
    for s in c.states:
        c.waiting_role(s)  # raises when two roles would wait for one state
        assert len(s) <= 16  # ideas.state
    finals = {s.id for s in STATES if s.final}
    assert all(not c.moves_from(f) for f in finals)
    # Every state an officer moves an idea into tells the producer something.
    assert {m.target for m in c.moves if m.role != PRODUCER} <= set(PRODUCER_NOTICES)


def test_who_waits_is_the_role_in_the_ideas_commune_or_district() -> None:
    assert waiting_for("2020", "submitted", HERE) == _w(COMMUNE, "18316")
    assert waiting_for("2020", "forwarded", HERE) == _w(DISTRICT, "441")
    assert waiting_for("2020", "selected", HERE) == _w(PROVINCE, None)
    assert waiting_for("2020", "returned_dist", HERE) == _w(PRODUCER, None)
    assert waiting_for("2020", "rejected", HERE) is None
    assert waiting_for("2025", "to_province", Area("18316")) == _w(PROVINCE, None)


def _w(role: str, area: str | None) -> Waiting:
    return Waiting(role, area)


def test_the_old_interface_still_answers() -> None:
    assert state("submitted").label("en").startswith("Submitted")
    assert can_move("submitted", "forwarded", COMMUNE)
    assert not can_move("submitted", "forwarded", DISTRICT)
    assert can_move("submitted", "to_province", COMMUNE, "2025")
    assert ("returned", "submitted", PRODUCER) in TRANSITIONS


# --- the authorization matrix ---------------------------------------------------------

ROLE_AREAS: list[tuple[str, str | None]] = [
    (COMMUNE, "18316"),
    (COMMUNE, "18073"),
    (DISTRICT, "441"),
    (DISTRICT, "436"),
    (PROVINCE, None),
    (ADMIN, None),
]


def _expected(role: str, grant_area: str | None, move_role: str) -> bool:
    if role != move_role:
        return False
    if role == COMMUNE:
        return grant_area == HERE.commune
    if role == DISTRICT:
        return grant_area == HERE.district
    return role == PROVINCE


@pytest.mark.parametrize("structure", sorted(CHAINS))
def test_every_officer_action_by_every_role_and_area(structure: str) -> None:
    c = chain(structure)
    officer_moves = [m for m in c.moves if m.role != PRODUCER]
    producer = Principal(1, "zalo", "p")
    for move, (role, area) in itertools.product(officer_moves, ROLE_AREAS):
        officer = Principal(9, "telegram", "o", (RoleGrant(role, area),))
        got = check_move(officer, structure, move.source, move.action, HERE)
        allowed = not hasattr(got, "allowed")
        assert allowed == _expected(role, area, move.role), (move, role, area, got)
        assert (move in allowed_moves(officer, structure, move.source, HERE)) == allowed
        if not allowed:
            assert got.reason in ("AUTH_ROLE_NEEDED", "AUTH_OUTSIDE_AREA")  # type: ignore[union-attr]
        refused = check_move(producer, structure, move.source, move.action, HERE)
        assert getattr(refused, "reason", None) == "AUTH_ROLE_NEEDED"
    # An action that does not leave this state is refused whoever asks.
    province = Principal(9, "t", "o", (RoleGrant(PROVINCE, None),))
    gone = check_move(province, structure, "submitted", "approve", HERE)
    assert getattr(gone, "reason", None) == "REVIEW_MOVE_GONE"


def test_an_officers_inbox_covers_the_states_waiting_for_each_role_they_hold() -> None:
    both = Principal(9, "t", "o", (RoleGrant(COMMUNE, "18316"), RoleGrant(DISTRICT, "441")))
    scopes = inbox_scopes(both, "2020")
    assert [(s.role, s.area) for s in scopes] == [(COMMUNE, "18316"), (DISTRICT, "441")]
    assert scopes[0].states == ("submitted",)
    assert "forwarded" in scopes[1].states and "plan_sent" in scopes[1].states
    assert inbox_scopes(Principal(1, "z", "p"), "2020") == ()
    assert inbox_scopes(Principal(2, "z", "a", (RoleGrant(ADMIN, None),)), "2020") == ()


# --- the inbox on the pure engine -----------------------------------------------------

COMMUNE_OFFICER = Principal(5, "telegram", "c1", (RoleGrant(COMMUNE, "18316"),))


def _env(principal: Principal = COMMUNE_OFFICER) -> Env:
    return Env(lang="vi", now=NOW, units=UNITS, principal=principal)


def _items(n: int, start: int = 1) -> tuple[InboxItem, ...]:
    since = NOW - dt.timedelta(days=12)
    return tuple(
        InboxItem(
            i,
            f"{i:03d}/PĐK-42-441-2026",
            f"Mật ong {i}",
            "submitted",
            "18316",
            "441",
            since.isoformat(),
        )
        for i in range(start, start + n)
    )


def _open_inbox(total: int = 3) -> Response:
    r = respond(Conversation(), UserMessage(text="/review", command="review"), _env())
    assert r.effects == (LoadInbox("2020", 0),)
    shown = min(total, PAGE_SIZE)
    return respond(r.conversation, InboxLoaded(_items(shown), 0, total), _env())


def test_only_officers_see_the_inbox_in_the_menu() -> None:
    menu = respond(Conversation(), UserMessage(text="/start", command="start"), _env())
    assert "Ý tưởng chờ tôi xử lý" in [o.label for o in menu.replies[-1].options]
    plain = _env(Principal(1, "zalo", "p"))
    menu = respond(Conversation(), UserMessage(text="/start", command="start"), plain)
    assert "Ý tưởng chờ tôi xử lý" not in [o.label for o in menu.replies[-1].options]


def test_the_inbox_lists_ideas_with_how_long_they_waited_and_pages() -> None:
    r = _open_inbox(total=PAGE_SIZE + 2)
    text = r.replies[-1].text
    assert "chờ 12 ngày" in text and "trang 1/2" in text
    labels = [o.label for o in r.replies[-1].options]
    assert "Chuyển tất cả trang này" in labels and "Trang sau" in labels
    nxt = respond(r.conversation, UserMessage(text=str(labels.index("Trang sau") + 1)), _env())
    assert nxt.effects == (LoadInbox("2020", 1),)


def test_an_empty_inbox_says_so_and_ends() -> None:
    r = respond(Conversation(), UserMessage(text="/review", command="review"), _env())
    done = respond(r.conversation, InboxLoaded((), 0, 0), _env())
    assert "Không có ý tưởng nào" in done.replies[0].text
    assert done.conversation.form is None


def _detail(idea_id: int = 1) -> IdeaDetail:
    answers = IdeaAnswers(
        applicant_name="Nguyễn Thị Hoa",
        applicant_type="household",
        phone="+84912345678",
        district_code="441",
        commune_code="18316",
        product_name="Mật ong 1",
        product_group="food",
        core_value="Nguyên chất",
        target_market="province",
        volume="2 tấn",
        price=150_000,
        price_unit="kg",
        photos=("a" * 64,),
    )
    return IdeaDetail(
        idea_id,
        "001/PĐK-42-441-2026",
        "Mật ong 1",
        "submitted",
        "2020",
        "18316",
        "441",
        7,
        answers,
        ("a" * 64,),
        True,
        None,
        (NOW - dt.timedelta(days=3)).isoformat(),
    )


def test_picking_an_idea_by_number_shows_every_answer_the_photos_and_the_moves() -> None:
    r = _open_inbox()
    picked = respond(r.conversation, UserMessage(text="1"), _env())
    assert picked.effects == (LoadIdea(1, "2020"),)
    shown = respond(picked.conversation, IdeaLoaded(_detail()), _env())
    assert "Nguyễn Thị Hoa" in shown.replies[0].text and "0912 345 678" in shown.replies[0].text
    assert shown.replies[1].photo == "a" * 64
    labels = [o.label for o in shown.replies[-1].options]
    assert labels == [
        "Chuyển lên huyện",
        "Trả lại, hỏi thêm người đăng ký",
        "Xem lịch sử",
        "Quay lại danh sách",
    ]
    # A return asks for the question, then a note (skipped), then applies.
    ret = respond(shown.conversation, UserMessage(text="2"), _env())
    assert "điều gì" in ret.replies[-1].text
    asked = respond(ret.conversation, UserMessage(text="Cơ sở có giấy ATTP chưa?"), _env())
    assert "Ghi chú" in asked.replies[-1].text
    applied = respond(asked.conversation, UserMessage(text="bo qua"), _env())
    (effect,) = applied.effects
    assert isinstance(effect, ApplyMoves)
    assert effect.moves[0].action == "return" and effect.moves[0].text == "Cơ sở có giấy ATTP chưa?"
    assert effect.moves[0].note is None
    result = MovesApplied((MoveResult(1, "001", "Mật ong 1", "submitted", "returned"),))
    told = respond(applied.conversation, result, _env())
    assert "✅ Mật ong 1" in told.replies[0].text
    assert told.effects == (LoadInbox("2020", 0),)


def test_a_hidden_phone_is_not_shown() -> None:
    detail = _detail()
    hidden = replace(detail, answers=replace(detail.answers, phone=""), phone_shown=False)
    r = _open_inbox()
    picked = respond(r.conversation, UserMessage(text="1"), _env())
    shown = respond(picked.conversation, IdeaLoaded(hidden), _env())
    assert "0912" not in shown.replies[0].text
    assert "chỉ cán bộ địa bàn" in shown.replies[0].text


def test_forward_all_moves_every_idea_of_the_page_after_a_yes() -> None:
    r = _open_inbox(total=3)
    labels = [o.label for o in r.replies[-1].options]
    confirm = respond(
        r.conversation, UserMessage(text=str(labels.index("Chuyển tất cả trang này") + 1)), _env()
    )
    assert "Chuyển 3 ý tưởng" in confirm.replies[-1].text
    yes = respond(confirm.conversation, UserMessage(text="1"), _env())
    (effect,) = yes.effects
    assert isinstance(effect, ApplyMoves)
    assert [(m.idea_id, m.action) for m in effect.moves] == [
        (1, "forward"),
        (2, "forward"),
        (3, "forward"),
    ]
