"""The conversation's top level on the pure engine: the registry, the stack of open forms,
namespaced buttons and the resume rule."""

from __future__ import annotations

import datetime as dt

from flows.authorization import Area, authorize
from flows.conversation import Conversation, Response, decodes_stamp_photos, respond
from flows.engine import Env, Outcome
from flows.messages import Reply, StoredPhoto, UserMessage
from flows.principal import DISTRICT, Principal, RoleGrant
from flows.registered import REGISTRY
from flows.registry import Entry, Registry
from storage.admin_units_source import load_default_admin_units

UNITS = load_default_admin_units()
NOW = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
PRODUCER = Principal(1, "zalo", "u1")
OFFICER = Principal(2, "telegram", "u2", (RoleGrant(DISTRICT, "441"),))


def env(principal: Principal = PRODUCER, now: dt.datetime = NOW, lang: str = "vi") -> Env:
    return Env(lang=lang, now=now, units=UNITS, principal=principal)


def say(
    conv: Conversation, text: str, e: Env | None = None, registry: Registry = REGISTRY
) -> Response:
    command = arg = None
    if text.startswith("/"):
        command, _, rest = text[1:].partition(" ")
        arg = rest or None
    return respond(
        conv, UserMessage(text=text, command=command, command_arg=arg), e or env(), registry
    )


def press(
    conv: Conversation, data: str, e: Env | None = None, registry: Registry = REGISTRY
) -> Response:
    return respond(conv, UserMessage(choice=data), e or env(), registry)


def test_the_menu_comes_from_the_registry_and_shows_each_person_what_they_may_do() -> None:
    officers_only = Entry(
        "review",
        menu_key="MENU_HELP",
        order=50,
        visible=lambda p: p.is_officer,
        act=lambda e: (Reply("review"),),
    )
    registry = Registry((*REGISTRY.entries, officers_only))
    producer_menu = say(Conversation(), "/start", registry=registry).replies[-1].options
    officer_menu = say(Conversation(), "/start", env(OFFICER), registry).replies[-1].options
    producer_ids = [o.id for o in producer_menu]
    assert producer_ids[:3] == ["menu::register", "menu::my_ideas", "menu::verify"]
    assert producer_ids[-1] == "menu::help"
    assert "menu::review" not in producer_ids
    assert "menu::review" in [o.id for o in officer_menu]


def test_every_menu_option_is_taken_by_its_number() -> None:
    started = say(Conversation(), "1")
    assert started.conversation.form is not None
    assert started.conversation.form.flow == "registration"
    assert say(Conversation(), "2").effects  # my ideas: the list is loaded at once


def test_form_buttons_name_their_flow_and_step_and_an_old_one_is_answered_politely() -> None:
    conv = say(Conversation(), "1").conversation
    conv = say(conv, "Nguyễn Thị Hoa").conversation
    asked = say(conv, "/help").replies[-1]
    assert all(o.id.startswith("registration:applicant_type:") for o in asked.options)
    moved = press(conv, asked.options[1].id)
    assert moved.conversation.form is not None and moved.conversation.form.step == "phone"
    again = press(moved.conversation, asked.options[0].id)  # the same keyboard, pressed later
    assert again.replies[0].text.startswith("Nút này thuộc một tin nhắn cũ")
    assert again.conversation.form is not None and again.conversation.form.step == "phone"


def test_a_stamp_check_over_a_registration_brings_the_registration_back_with_its_question() -> None:
    conv = say(Conversation(), "1").conversation
    conv = say(conv, "Nguyễn Thị Hoa").conversation
    checking = press(conv, "menu::verify")
    assert [f.flow for f in checking.conversation.stack] == ["registration", "verification"]
    from flows.effects import StampChecked, StampCheckResult

    answered = respond(
        checking.conversation, UserMessage(text="0009-2X4K"), env()
    )  # typed serial at the stamp question
    result = respond(
        answered.conversation, StampChecked((StampCheckResult("unknown", "0009-2X4K"),)), env()
    )
    assert [f.flow for f in result.conversation.stack] == ["registration"]
    assert "Bước 2/" in result.replies[-1].text


def test_a_restart_is_invisible_and_hours_later_the_message_that_met_the_question_is_kept() -> None:
    conv = say(Conversation(), "1").conversation
    later = env(now=NOW + dt.timedelta(minutes=5))
    conv = say(conv, "Nguyễn Thị Hoa", later).conversation  # no question: only 5 minutes
    assert conv.form is not None and conv.form.step == "applicant_type"
    hours = env(now=NOW + dt.timedelta(hours=7))
    asked = say(conv, "2", hours)
    assert "chưa xong" in asked.replies[0].text
    went_on = say(asked.conversation, "1", hours)  # "Tiếp tục": the held "2" is answered
    assert went_on.conversation.form is not None and went_on.conversation.form.step == "phone"
    assert went_on.conversation.form.data["applicant_type"] == "household"


def test_replies_carry_the_persons_language_for_the_channels_own_words() -> None:
    conv = say(Conversation(), "1", env(lang="en")).conversation
    reply = say(conv, "Nguyễn Thị Hoa", env(lang="en")).replies[-1]
    assert reply.lang == "en"


def test_a_photo_is_decoded_before_the_transaction_only_where_it_is_a_stamp_check() -> None:
    assert decodes_stamp_photos(Conversation())
    conv = say(Conversation(), "1").conversation
    assert not decodes_stamp_photos(conv)  # a registration's photo is a product photo
    checking = press(conv, "menu::verify").conversation
    assert decodes_stamp_photos(checking)
    photo = StoredPhoto("ab" * 32, 10, 10, codes=("https://x/S/1",))
    started = respond(Conversation(), UserMessage(photos=(photo,)), env())
    assert started.effects[0].codes == ("https://x/S/1",)  # type: ignore[union-attr]


def test_an_old_state_with_a_parked_form_becomes_a_stack() -> None:
    conv = say(Conversation(), "1").conversation
    form = conv.form
    assert form is not None
    old = {"v": 1, "form": None, "parked": form.to_json(), "paused": True}
    assert Conversation.from_json(old).stack == (form,)


def test_authorization_is_a_pure_function_of_principal_action_and_area() -> None:
    assert authorize(OFFICER, "idea.review.district", Area("44101", "441"))
    refused = authorize(OFFICER, "idea.review.district", Area("44201", "442"))
    assert not refused and refused.reason == "AUTH_OUTSIDE_AREA"
    assert not authorize(PRODUCER, "idea.review.district", Area("44101", "441"))
    assert authorize(PRODUCER, "idea.register")
    assert not authorize(PRODUCER, "idea.view_own", owner=99)
    assert not authorize(OFFICER, "no.such.action")


def test_an_entry_without_a_form_answers_and_the_open_form_goes_on() -> None:
    conv = say(Conversation(), "1").conversation
    helped = say(conv, "/help")
    assert helped.replies[0].text.startswith("Hướng dẫn")
    assert "Bước 1/" in helped.replies[-1].text
    out = Outcome(None, (), ())
    assert out.form is None


def test_a_deep_link_starts_its_entry_at_once() -> None:
    def begin(msg: UserMessage, e: Env) -> Outcome:
        return Outcome(None, (Reply(f"code {msg.command_arg}"),), ())

    linked = Entry("trial", commands=("trial",), begin_with=begin, deep_link="trial")
    registry = Registry((*REGISTRY.entries, linked))
    replies = say(Conversation(), "/start trial-AB12CD", registry=registry).replies
    assert replies[0].text.startswith("code trial-AB12CD")
    plain = say(Conversation(), "/start hello", registry=registry).replies
    assert plain[0].text.startswith("Trợ lý OCOP Hà Tĩnh")


def test_starting_a_flow_again_starts_it_over_instead_of_stacking_a_second_one() -> None:
    conv = say(Conversation(), "1").conversation
    checking = press(conv, "menu::verify").conversation
    again = press(checking, "menu::verify").conversation
    assert [f.flow for f in again.stack] == ["registration", "verification"]
    mine = press(again, "menu::my_ideas").conversation
    assert [f.flow for f in mine.stack] == ["registration", "my_ideas"]
