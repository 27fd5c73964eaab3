"""Messages to someone other than the person who wrote: a producer told of an officer's
decision, every officer of a district told of a new idea.

A step cannot know the recipient's language, so a notice is a catalogue key with its values and
is put into words for each recipient when it is addressed (`render`). Its buttons carry
namespaced callback data (flows/callback.py), so they work whenever they are pressed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flows.messages import Option, Reply
from flows.texts import t


@dataclass(frozen=True)
class ToUser:
    """One person, by our users.id (their channel and chat come from their record)."""

    user_id: int


@dataclass(frozen=True)
class ToRole:
    """Everyone holding `role` in `area` (a GSO code; None: the role anywhere)."""

    role: str
    area: str | None = None


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
