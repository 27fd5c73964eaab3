"""Every flow step, as each role reaches it, fed hostile messages on the pure engine: no
exception, an answer, replies that fit each channel, a state that saves and reloads."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from flows.conversation import Conversation
from flows.engine import Env
from flows.messages import UserMessage
from tests.fuzz import properties as p
from tests.fuzz.bank import BankState, state_bank
from tests.fuzz.strategies import CALLBACK_JUNK, CI, _huge, user_message

BANK = state_bank()
# Every button any state showed: pressed in another state, it comes from an old keyboard.
EVER_OFFERED = sorted({o for s in BANK for o in s.offered})
LATER = (dt.timedelta(0), dt.timedelta(minutes=5), dt.timedelta(hours=7), dt.timedelta(days=40))


@st.composite
def walk(draw: st.DrawFn) -> tuple[BankState, list[UserMessage], dt.timedelta, str]:
    start = draw(st.sampled_from(BANK))
    choices = st.one_of(
        st.sampled_from(start.offered or ("menu::help",)),  # this keyboard, pressed (again)
        st.sampled_from(EVER_OFFERED),
        st.sampled_from(CALLBACK_JUNK),
        st.text(max_size=64),
    )
    messages = draw(st.lists(user_message(choices), min_size=1, max_size=4))
    return start, messages, draw(st.sampled_from(LATER)), draw(st.sampled_from(("vi", "en")))


def test_the_bank_reaches_every_role_and_most_flows() -> None:
    roles = {s.role for s in BANK}
    flows = {f["flow"] for s in BANK for f in s.state.get("stack", [])}
    assert roles == {"producer", "commune", "district", "province", "admin"}
    assert {"registration", "review", "verification", "sales_find", "announce"} <= flows


@CI
@given(walk())
def test_every_step_answers_hostile_messages(
    case: tuple[BankState, list[UserMessage], dt.timedelta, str],
) -> None:
    start, messages, later, lang = case
    env = Env(lang=lang, now=start.now + later, units=p.UNITS, principal=start.principal)
    conv = Conversation.from_json(start.state)
    for message in messages:
        conv = p.step_answers(conv, message, env).conversation
        env = replace(env, now=env.now + dt.timedelta(seconds=30))


def test_each_state_answers_a_sticker_an_empty_message_and_a_huge_text() -> None:
    """Deterministic: every state in the bank, not a sample."""
    huge = UserMessage(text="Mật ong 🍯\u202e " * 500)  # Telegram's 4,096 and more
    huge_sent: set[str | None] = set()  # 100,000 characters: once in each flow
    for start in BANK:
        env = Env(lang=start.lang, now=start.now, units=p.UNITS, principal=start.principal)
        conv = Conversation.from_json(start.state)
        for message in (UserMessage(unsupported=True), UserMessage(), huge):
            p.step_answers(conv, message, env)
        flow = conv.form.flow if conv.form else None
        if start.role == "producer" and flow not in huge_sent:  # as the console could send
            huge_sent.add(flow)
            p.step_answers(conv, UserMessage(text=_huge("Mật ong 🍯\u202e ")), env)
        for data in start.offered:  # the keyboard just shown, pressed twice
            pressed = p.step_answers(conv, UserMessage(choice=data), env)
            p.step_answers(pressed.conversation, UserMessage(choice=data), env)
