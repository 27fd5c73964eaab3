"""/reminders without the database: the state read back as words, each choice by number or by
its words, what it stores, and the note to officers that legal deadlines still come."""

from __future__ import annotations

import datetime as dt

from flows.conversation import Conversation, respond
from flows.engine import Env
from flows.messages import Reply, UserMessage
from flows.principal import Principal, RoleGrant
from flows.reminder_preference_effects import (
    LoadReminderPreference,
    ReminderPreference,
    ReminderPreferenceLoaded,
    ReminderPreferenceSaved,
    SaveReminderPreference,
)
from flows.reminder_preferences import ON, PAUSED, STOPPED, chosen_preference, state_of
from storage.admin_units_source import load_admin_units

UNITS = load_admin_units("2020")
NOW = dt.datetime(2026, 3, 16, 2, 30, tzinfo=dt.UTC)  # 09:30 in Vietnam
PRODUCER = Principal(1, "fake", "p")
OFFICER = Principal(3, "fake", "d", (RoleGrant("district", "441"),))


class Talk:
    def __init__(self, principal: Principal, stored: ReminderPreference) -> None:
        self.principal, self.stored = principal, stored
        self.conversation = Conversation()
        self.effects: list[object] = []

    def send(self, message: UserMessage) -> str:
        env = Env("vi", NOW, UNITS, principal=self.principal)
        pending: list[object] = [message]
        replies: list[Reply] = []
        while pending:
            response = respond(self.conversation, pending.pop(0), env)
            self.conversation = response.conversation
            replies += response.replies
            for effect in response.effects:
                self.effects.append(effect)
                if isinstance(effect, LoadReminderPreference):
                    pending.append(ReminderPreferenceLoaded(self.stored))
                elif isinstance(effect, SaveReminderPreference):
                    self.stored = effect.preference
                    pending.append(ReminderPreferenceSaved(effect.preference))
        return "\n---\n".join(
            "\n".join([r.text, *(f"{i}. {o.label}" for i, o in enumerate(r.options, 1))])
            for r in replies
        )

    def say(self, text: str) -> str:
        if text.startswith("/"):
            return self.send(UserMessage(text=text, command=text[1:]))
        return self.send(UserMessage(text=text))


def test_the_state_of_a_preference() -> None:
    assert state_of(ReminderPreference(), NOW) == ON
    assert state_of(ReminderPreference(NOW + dt.timedelta(days=1)), NOW) == PAUSED
    assert state_of(ReminderPreference(NOW - dt.timedelta(seconds=1)), NOW) == ON  # ran out
    assert state_of(ReminderPreference(stopped=True), NOW) == STOPPED
    assert chosen_preference("pause_short", NOW) == ReminderPreference(NOW + dt.timedelta(days=7))
    assert chosen_preference("pause_long", NOW) == ReminderPreference(NOW + dt.timedelta(days=30))
    assert chosen_preference("stop", NOW) == ReminderPreference(stopped=True)
    assert chosen_preference("on", NOW) == ReminderPreference()
    assert chosen_preference("leave", NOW) is None


def test_a_producer_pauses_for_seven_days_by_number() -> None:
    talk = Talk(PRODUCER, ReminderPreference())
    shown = talk.say("/nhacnho")
    assert "Nhắc nhở của anh/chị đang bật" in shown
    assert "1. Tạm dừng 7 ngày\n2. Tạm dừng 30 ngày\n3. Dừng hẳn\n4. Giữ nguyên" in shown
    assert "hạn theo quy định" not in shown  # not an officer
    saved = talk.say("1")
    assert "✅ Đã tạm dừng nhắc nhở đến 23/03/2026 09:30" in saved
    assert talk.stored == ReminderPreference(NOW + dt.timedelta(days=7))
    assert talk.conversation.form is None


def test_paused_then_back_on_by_its_words_and_an_officer_is_told_of_legal_deadlines() -> None:
    until = NOW + dt.timedelta(days=3)
    talk = Talk(OFFICER, ReminderPreference(until))
    shown = talk.say("/reminders")
    assert "đang tạm dừng đến 19/03/2026 09:30" in shown
    assert "hạn theo quy định của cán bộ" in shown and "không tạm dừng được" in shown
    assert "4. Bật lại nhắc nhở" in shown
    assert "Đã bật lại nhắc nhở" in talk.say("bat lai")
    assert talk.stored == ReminderPreference()


def test_stopped_a_wrong_answer_then_thirty_days() -> None:
    talk = Talk(PRODUCER, ReminderPreference(stopped=True))
    shown = talk.say("/nhacnho")
    assert "Anh/chị đã dừng hẳn nhắc nhở." in shown and "Dừng hẳn" not in shown
    assert "chưa nhận ra" in talk.say("9")
    assert "Đã tạm dừng nhắc nhở đến 15/04/2026" in talk.say("tam dung 30 ngay")
    assert "3. Dừng hẳn\n4. Bật lại nhắc nhở\n5. Giữ nguyên" in talk.say("/nhacnho")
    assert "Đã giữ nguyên" in talk.say("giu nguyen")
    saves = [e for e in talk.effects if isinstance(e, SaveReminderPreference)]
    assert len(saves) == 1


def test_the_pause_button_of_a_reminder_opens_it_over_an_open_form() -> None:
    talk = Talk(PRODUCER, ReminderPreference())
    talk.say("/dangky")
    shown = talk.send(UserMessage(choice="menu::reminders"))
    assert "Nhắc nhở của anh/chị đang bật" in shown
    after = talk.say("3")
    assert "Đã dừng hẳn nhắc nhở" in after
    assert "Bước 1/" in after  # the registration's question again: the form goes on
    assert talk.stored == ReminderPreference(stopped=True)
