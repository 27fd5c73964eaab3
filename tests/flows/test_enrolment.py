"""Officers' codes and areas, pure: what a hurried thumb types still reads; areas are checked
against the structure in force."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.authorization import RecordRefusal
from flows.conversation import Conversation, respond
from flows.engine import Env
from flows.enrolment import check_area, code_given
from flows.messages import UserMessage
from flows.officer_code import format_code, parse_code
from flows.officer_effects import InviteOfficer, RedeemInvite, RevokeOfficer
from flows.principal import Principal, RoleGrant
from storage.admin_units_source import load_admin_units

NOW = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
ADMIN = Principal(7, "console", "a", (RoleGrant("admin"),))


def _env(structure: str = "2020", principal: Principal = ADMIN) -> Env:
    return Env(lang="vi", now=NOW, units=load_admin_units(structure), principal=principal)


@pytest.mark.parametrize(
    "typed", ["K7QM-3XPA", "k7qm3xpa", " k7qm 3xpa ", "K7QM.3XPA", "K7QM-3XPA\n"]
)
def test_a_code_is_read_however_it_is_typed(typed: str) -> None:
    assert parse_code(typed) == "K7QM3XPA"
    assert format_code("K7QM3XPA") == "K7QM-3XPA"


def test_letters_that_look_like_digits_are_read_as_digits() -> None:
    assert parse_code("OOIL-2345") == "00112345"
    assert parse_code("abc") is None
    assert parse_code("K7QM-3XPAU") is None  # nine characters
    assert parse_code("K7QM-3XPU") is None  # U is not in the alphabet


def test_areas_by_code_or_name_under_either_structure() -> None:
    units = load_admin_units("2020")
    assert check_area(units, "district", "441").area == "441"
    assert check_area(units, "district", "vu quang").area == "441"
    assert check_area(units, "district", "999").problem == "OFFICER_AREA_UNKNOWN"
    assert check_area(units, "district", "ky anh").problem == "OFFICER_AREA_AMBIGUOUS"
    assert check_area(units, "commune", None).problem == "OFFICER_AREA_NEEDED"
    assert check_area(units, "province", "441").area is None
    assert check_area(units, "producer", None).problem == "OFFICER_ROLE_UNKNOWN"
    new = load_admin_units("2025")
    assert check_area(new, "district", "441").problem == "OFFICER_NO_DISTRICTS"
    assert check_area(new, "commune", "18601").area == "18601"


def test_the_code_comes_from_the_command_or_the_deep_link() -> None:
    assert code_given(UserMessage(command="officer", command_arg="K7QM-3XPA")) == "K7QM-3XPA"
    assert code_given(UserMessage(command="start", command_arg="officer-K7QM-3XPA")) == (
        "K7QM-3XPA"
    )
    assert code_given(UserMessage(command="officer")) is None


def test_a_deep_link_asks_to_redeem_under_the_structure_in_force() -> None:
    msg = UserMessage(command="start", command_arg="officer-k7qm-3xpa")
    response = respond(Conversation(), msg, _env("2025"))
    assert response.effects == (RedeemInvite("K7QM3XPA", "2025"),)


def test_a_registration_waits_beneath_an_enrolment() -> None:
    env = _env(principal=Principal(1, "console", "p"))
    started = respond(Conversation(), UserMessage(command="dangky"), env)
    enrol = respond(started.conversation, UserMessage(command="officer"), env)
    assert [f.flow for f in enrol.conversation.stack] == ["registration", "enrolment"]


def test_invite_and_revoke_from_the_command_line_of_the_chat() -> None:
    invite = respond(
        Conversation(), UserMessage(command="invite", command_arg="xa 18601 Trần Thị B"), _env()
    )
    assert invite.effects == (InviteOfficer("commune", "18601", "2020", "Trần Thị B"),)
    revoke = respond(Conversation(), UserMessage(command="revoke", command_arg="12"), _env())
    assert revoke.effects == (RevokeOfficer(12),)


def test_admin_entries_are_not_offered_to_a_producer() -> None:
    producer = _env(principal=Principal(1, "console", "p"))
    response = respond(Conversation(), UserMessage(command="invite", command_arg="xa 1"), producer)
    # Refused with why, and the refusal goes to the audit log.
    assert response.effects == (RecordRefusal("entry.invite", "AUTH_FOR_OFFICERS"),)
    assert "cần một vai trò cán bộ" in response.replies[0].text
    labels = [o.label for r in response.replies for o in r.options]
    assert "Mời cán bộ" not in labels
