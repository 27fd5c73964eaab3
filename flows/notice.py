"""Messages to someone other than the person who wrote: a producer told of an officer's
decision, every officer of a district told of a new idea.

A step cannot know the recipient's language, so a notice is a catalogue key with its values and
is put into words for each recipient when it is addressed (`render`). Its buttons carry
namespaced callback data (flows/callback.py), so they work whenever they are pressed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.messages import Option, Reply, UserMessage
from flows.text_match import typed_number
from flows.texts import t

# Marks a notice among the chat's outbox rows (beside the reply's own fields).
NOTICE_MARK = "notice"


@dataclass(frozen=True)
class ToUser:
    """One person, by our users.id (their channel and chat come from their record)."""

    user_id: int


@dataclass(frozen=True)
class ToRole:
    """Everyone holding `role` in `area` (a GSO code; None: the role anywhere). With
    `structure`, only those whose role counts under it (the code is of that structure)."""

    role: str
    area: str | None = None
    structure: str | None = None


Recipient = ToUser | ToRole


@dataclass(frozen=True)
class Notice:
    """What to say: a text key and its values; buttons as (callback data, label key)."""

    key: str
    values: Mapping[str, str] = field(default_factory=dict)
    buttons: tuple[tuple[str, str], ...] = ()
    photo: str | None = None

    def render(self, lang: str) -> Reply:
        options = tuple(Option(data, t(label, lang)) for data, label in self.buttons)
        text = t(self.key, lang, **self.values)
        return Reply(text, options=options, photo=self.photo, lang=lang)


@dataclass(frozen=True)
class Notify:
    """Effect: send `notice` to `to`, written to the outbox in the step's transaction.

    `action` names what the sender is doing (flows/authorization.py), checked again where the
    notice is addressed; `exclude_sender` keeps an officer from notifying themselves.
    """

    to: Recipient
    notice: Notice
    action: str = "notify"
    exclude_sender: bool = True


def notice_payload(reply: Reply, key: str) -> dict[str, Any]:
    """A notice's reply as stored in the outbox, marked as a notice."""
    return {**reply.to_json(), NOTICE_MARK: key}


def choice_from_notice(last: Mapping[str, object] | None, msg: UserMessage) -> UserMessage:
    """A number typed right after a notice with options chooses that notice's option.

    On Zalo and the console options are numbered lines, and the notice is what the person
    read last: "2" means its second option, not the menu's or a form's that came earlier.
    Anything else (a later reply, a word, a command) leaves the message as it is.
    """
    if last is None or not last.get(NOTICE_MARK) or msg.choice is not None or msg.command:
        return msg
    if not msg.text or msg.photos or msg.documents:
        return msg
    number = typed_number(msg.text)
    options = Reply.from_json(dict(last)).options
    if number is None or not 1 <= number <= len(options):
        return msg
    return UserMessage(choice=options[number - 1].id, extra=msg.extra)
