"""What crosses the edge of a flow: messages in, replies out.

Channels turn platform updates into `Inbound` and render `Reply`; flows see nothing else.
Everything here is plain data so that replies can be stored in the outbox as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Option:
    """One choice offered to the user. `id` is what a button sends back (short, ASCII)."""

    id: str
    label: str


@dataclass(frozen=True)
class PhotoAttachment:
    """A photo as the platform announced it; `ref` is what the channel needs to download it.

    The console and tests may carry the bytes directly in `data`.
    """

    ref: str
    size: int | None = None
    mime: str | None = None
    data: bytes | None = None
    filename: str | None = None


@dataclass(frozen=True)
class Inbound:
    """One message from a user, platform-neutral."""

    channel: str
    chat_id: str
    user_id: str
    message_id: str
    text: str | None = None
    command: str | None = None  # without the slash, lower case: "start", "help"
    command_arg: str | None = None  # deep-link payload or words after the command
    choice: str | None = None  # an Option.id sent by a button press
    photos: tuple[PhotoAttachment, ...] = ()
    contact_phone: str | None = None  # a contact the user shared as their own
    location: tuple[float, float] | None = None
    display_name: str | None = None
    language_code: str | None = None
    unsupported: bool = False  # content the platform withheld or we cannot read

    @property
    def conversation_key(self) -> str:
        return f"{self.channel}:{self.chat_id}"


@dataclass(frozen=True)
class Reply:
    """One message to send. `photo` is the SHA-256 of a stored photo."""

    text: str
    options: tuple[Option, ...] = ()
    photo: str | None = None
    request_phone: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "options": [[o.id, o.label] for o in self.options],
            "photo": self.photo,
            "request_phone": self.request_phone,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        return cls(
            text=str(data["text"]),
            options=tuple(Option(str(i), str(label)) for i, label in data.get("options", [])),
            photo=data.get("photo"),
            request_phone=bool(data.get("request_phone", False)),
        )


@dataclass(frozen=True)
class StoredPhoto:
    """A photo the handler checked and stored before the flow saw it."""

    sha256: str
    width: int
    height: int


@dataclass(frozen=True)
class RejectedPhoto:
    """A photo that failed the checks; `reason` is a text catalogue key."""

    reason: str


PhotoResult = StoredPhoto | RejectedPhoto


@dataclass(frozen=True)
class UserMessage:
    """The event a flow receives for an inbound message, photos already processed."""

    text: str | None = None
    command: str | None = None
    command_arg: str | None = None
    choice: str | None = None
    photos: tuple[PhotoResult, ...] = ()
    contact_phone: str | None = None
    unsupported: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
