"""What crosses the edge of a flow: messages in, replies out.

Channels turn platform updates into `Inbound` and render `Reply`; flows see nothing else.
Everything here is plain data so that replies can be stored in the outbox as JSON.
"""

from __future__ import annotations

import base64
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
class DocumentAttachment:
    """A file (a PDF, a Word document) as the platform announced it; `ref` is what the channel
    needs to download it (the console: a path). Tests may carry the bytes in `data`."""

    ref: str
    size: int | None = None
    mime: str | None = None
    file_name: str | None = None
    data: bytes | None = None


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
    documents: tuple[DocumentAttachment, ...] = ()  # files sent as files, not as photos

    @property
    def conversation_key(self) -> str:
        return f"{self.channel}:{self.chat_id}"

    def to_json(self) -> dict[str, Any]:
        """As stored in the inbox: parsed once, so that a restart need not parse again."""
        return {
            "channel": self.channel,
            "chat_id": self.chat_id,
            "user_id": self.user_id,
            "message_id": self.message_id,
            "text": self.text,
            "command": self.command,
            "command_arg": self.command_arg,
            "choice": self.choice,
            "photos": [_photo_to_json(p) for p in self.photos],
            "contact_phone": self.contact_phone,
            "location": list(self.location) if self.location is not None else None,
            "display_name": self.display_name,
            "language_code": self.language_code,
            "unsupported": self.unsupported,
            "documents": [_document_to_json(d) for d in self.documents],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inbound:
        location = data.get("location")
        return cls(
            channel=str(data["channel"]),
            chat_id=str(data["chat_id"]),
            user_id=str(data["user_id"]),
            message_id=str(data["message_id"]),
            text=data.get("text"),
            command=data.get("command"),
            command_arg=data.get("command_arg"),
            choice=data.get("choice"),
            photos=tuple(_photo_from_json(p) for p in data.get("photos") or ()),
            contact_phone=data.get("contact_phone"),
            location=(float(location[0]), float(location[1])) if location else None,
            display_name=data.get("display_name"),
            language_code=data.get("language_code"),
            unsupported=bool(data.get("unsupported", False)),
            # Rows recorded before documents existed have no such key.
            documents=tuple(_document_from_json(d) for d in data.get("documents") or ()),
        )


def _photo_to_json(photo: PhotoAttachment) -> dict[str, Any]:
    data = base64.b64encode(photo.data).decode("ascii") if photo.data is not None else None
    return {
        "ref": photo.ref,
        "size": photo.size,
        "mime": photo.mime,
        "data": data,
        "filename": photo.filename,
    }


def _photo_from_json(data: dict[str, Any]) -> PhotoAttachment:
    raw = data.get("data")
    return PhotoAttachment(
        ref=str(data["ref"]),
        size=data.get("size"),
        mime=data.get("mime"),
        data=base64.b64decode(raw) if raw is not None else None,
        filename=data.get("filename"),
    )


def _document_to_json(document: DocumentAttachment) -> dict[str, Any]:
    data = base64.b64encode(document.data).decode("ascii") if document.data is not None else None
    return {
        "ref": document.ref,
        "size": document.size,
        "mime": document.mime,
        "file_name": document.file_name,
        "data": data,
    }


def _document_from_json(data: dict[str, Any]) -> DocumentAttachment:
    raw = data.get("data")
    return DocumentAttachment(
        ref=str(data["ref"]),
        size=data.get("size"),
        mime=data.get("mime"),
        file_name=data.get("file_name"),
        data=base64.b64decode(raw) if raw is not None else None,
    )


@dataclass(frozen=True)
class Reply:
    """One message to send. `photo` is the SHA-256 of a stored photo; `document` the absolute
    path of a file the bot wrote (a stamp sheet's PDF), sent as a file where the channel can."""

    text: str
    options: tuple[Option, ...] = ()
    photo: str | None = None
    document: str | None = None
    request_phone: bool = False
    # The language of the person it is for: channels say their own words in it (Telegram's
    # "share my phone" button). The conversation sets it on every reply.
    lang: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "options": [[o.id, o.label] for o in self.options],
            "photo": self.photo,
            "document": self.document,
            "request_phone": self.request_phone,
            "lang": self.lang,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        return cls(
            text=str(data["text"]),
            options=tuple(Option(str(i), str(label)) for i, label in data.get("options", [])),
            photo=data.get("photo"),
            document=data.get("document"),
            request_phone=bool(data.get("request_phone", False)),
            lang=data.get("lang"),
        )


@dataclass(frozen=True)
class StoredPhoto:
    """A photo the handler checked and stored before the flow saw it.

    `codes`: the QR codes read from its original, when the conversation was going to check a
    stamp with it (decoded before the transaction opened); None when it was not decoded.
    """

    sha256: str
    width: int
    height: int
    codes: tuple[str, ...] | None = None
    # When decoded and nothing read: what to do differently, a catalogue key.
    advice: str | None = None


@dataclass(frozen=True)
class RejectedPhoto:
    """A photo that failed the checks; `reason` is a text catalogue key."""

    reason: str


PhotoResult = StoredPhoto | RejectedPhoto


@dataclass(frozen=True)
class StoredDocument:
    """A file (a PDF, a Word document) the handler checked and stored in the document store
    before the flow saw it; `file_name` as the sender named it."""

    sha256: str
    file_name: str
    mime_type: str | None
    size: int


@dataclass(frozen=True)
class RejectedDocument:
    """A file that failed the checks; `reason` is a text catalogue key."""

    reason: str
    file_name: str | None = None


DocumentResult = StoredDocument | RejectedDocument


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
    location: tuple[float, float] | None = None  # (latitude, longitude) the person shared
    documents: tuple[DocumentResult, ...] = ()  # files sent as files (Telegram, the console)
