"""Telegram Bot API update JSON -> our platform-neutral `Inbound`.

Works on the raw dict rather than aiogram's pydantic models: it is called for every update on
the hot path, and validating a whole `Update` model costs more than the rest of the parsing.
Everything here is pure; the callers log and act on the result.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Mapping
from typing import Any

from bot.text_clean import clean_strings
from flows.messages import DocumentAttachment, Inbound, PhotoAttachment

CHANNEL = "telegram"

log = logging.getLogger(__name__)

# Bot API commands are 1-32 of [A-Za-z0-9_]; "/start@my_bot payload" addresses one bot by name.
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+(.*))?$", re.DOTALL)

# Message fields that carry no user content (service messages): nothing to answer.
_SERVICE_FIELDS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "new_chat_photo",
        "delete_chat_photo",
        "group_chat_created",
        "supergroup_chat_created",
        "channel_chat_created",
        "message_auto_delete_timer_changed",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "pinned_message",
        "successful_payment",
        "connected_website",
        "write_access_allowed",
        "proximity_alert_triggered",
        "forum_topic_created",
        "forum_topic_edited",
        "forum_topic_closed",
        "forum_topic_reopened",
        "video_chat_scheduled",
        "video_chat_started",
        "video_chat_ended",
        "video_chat_participants_invited",
        "chat_background_set",
        "boost_added",
    }
)


def callback_query_id(payload: Mapping[str, Any]) -> str | None:
    """The id to pass to answerCallbackQuery when the update is a button press."""
    query = payload.get("callback_query")
    if isinstance(query, Mapping):
        qid = query.get("id")
        return str(qid) if qid is not None else None
    return None


def parse_update(payload: Mapping[str, Any], bot_username: str | None = None) -> Inbound | None:
    """Turn one update into an `Inbound`, or None when it is not a message to the bot.

    `bot_username` (without "@"), when known, drops commands addressed to another bot.
    """
    update_id = payload.get("update_id")
    if not isinstance(update_id, int):
        log.warning("telegram update without update_id ignored")
        return None
    message_id = f"u{update_id}"

    message = payload.get("message")
    query = payload.get("callback_query")
    if isinstance(message, Mapping):
        parsed = _parse_message(message, message_id, bot_username)
    elif isinstance(query, Mapping):
        parsed = _parse_callback(query, message_id)
    else:
        parsed = None
    if parsed is not None:
        return clean_strings(parsed)
    if isinstance(message, Mapping) or isinstance(query, Mapping):
        return None
    kinds = [k for k in payload if k != "update_id"]
    log.info("telegram update %s of kind %s ignored", update_id, ",".join(kinds) or "?")
    return None


def _user_fields(sender: Mapping[str, Any]) -> dict[str, Any]:
    names = [str(sender.get(k) or "").strip() for k in ("first_name", "last_name")]
    username = sender.get("username")
    display = " ".join(n for n in names if n) or (username if isinstance(username, str) else None)
    lang = sender.get("language_code")
    return {
        "user_id": str(sender.get("id", "")),
        "display_name": display,
        "language_code": lang if isinstance(lang, str) and lang else None,
    }


def _parse_callback(query: Mapping[str, Any], message_id: str) -> Inbound | None:
    sender = query.get("from")
    if not isinstance(sender, Mapping) or not _is_id(sender.get("id")):
        return None
    message = query.get("message")
    chat = message.get("chat") if isinstance(message, Mapping) else None
    # Inline-mode buttons have no message; a private chat's id is the user's id anyway.
    chat_id = str(chat["id"]) if isinstance(chat, Mapping) and _is_id(chat.get("id")) else None
    chat_id = chat_id or str(sender["id"])
    data = query.get("data")
    base: dict[str, Any] = {
        "channel": CHANNEL,
        "chat_id": chat_id,
        "message_id": message_id,
        **_user_fields(sender),
    }
    if not isinstance(data, str) or not data:
        # A game button or a button whose data we did not set.
        return Inbound(**base, unsupported=True)
    return Inbound(**base, choice=data)


def _parse_message(
    message: Mapping[str, Any], message_id: str, bot_username: str | None
) -> Inbound | None:
    chat = message.get("chat")
    if not isinstance(chat, Mapping) or not _is_id(chat.get("id")):
        return None
    sender = message.get("from")
    if not isinstance(sender, Mapping) or not _is_id(sender.get("id")):
        # Anonymous group admins and channel posts: nobody to talk to.
        log.info("telegram message %s without sender ignored", message_id)
        return None
    if sender.get("is_bot"):
        return None
    base: dict[str, Any] = {
        "channel": CHANNEL,
        "chat_id": str(chat["id"]),
        "message_id": message_id,
        **_user_fields(sender),
    }

    text = message.get("text")
    if isinstance(text, str):
        command = _COMMAND.match(text.strip())
        if command is not None:
            name, addressee, arg = command.groups()
            if addressee and bot_username and addressee.lower() != bot_username.lower():
                return None
            return Inbound(
                **base, text=text, command=name.lower(), command_arg=(arg or "").strip() or None
            )
        return Inbound(**base, text=text)

    caption = message.get("caption")
    caption_text = caption if isinstance(caption, str) and caption else None

    photo = _largest_photo(message.get("photo"))
    if photo is not None:
        return Inbound(**base, text=caption_text, photos=(photo,))

    document = message.get("document")
    if isinstance(document, Mapping):
        image = _image_document(document)
        if image is not None:
            return Inbound(**base, text=caption_text, photos=(image,))
        # Any other file; whether its kind is taken is decided after parsing (a polite refusal
        # names the file and the kinds that are taken).
        other = _other_document(document)
        if other is not None:
            return Inbound(**base, text=caption_text, documents=(other,))
        return Inbound(**base, text=caption_text, unsupported=True)

    contact = message.get("contact")
    if isinstance(contact, Mapping):
        # Anyone can forward someone else's contact card; only the sender's own number counts.
        own = contact.get("user_id") is not None and contact.get("user_id") == sender.get("id")
        phone = contact.get("phone_number")
        if own and isinstance(phone, str) and phone:
            return Inbound(**base, contact_phone=phone)
        return Inbound(**base, unsupported=True)

    location = message.get("location")
    if isinstance(location, Mapping):
        try:
            point = (float(location["latitude"]), float(location["longitude"]))
        except (KeyError, TypeError, ValueError):
            return Inbound(**base, unsupported=True)
        return Inbound(**base, location=point)

    if any(key in message for key in _SERVICE_FIELDS):
        return None
    kinds = sorted(set(message) - {"message_id", "from", "chat", "date"})
    log.info("telegram message %s unsupported (%s)", message_id, ",".join(kinds[:5]))
    return Inbound(**base, text=caption_text, unsupported=True)


def _largest_photo(sizes: object) -> PhotoAttachment | None:
    if not isinstance(sizes, list) or not sizes:
        return None
    candidates = [s for s in sizes if isinstance(s, Mapping) and s.get("file_id")]
    if not candidates:
        return None
    # The docs do not promise an order, so pick by pixel count, then by bytes.
    best = max(
        candidates,
        key=lambda s: (
            _number(s.get("width")) * _number(s.get("height")),
            _number(s.get("file_size")),
        ),
    )
    size = best.get("file_size")
    return PhotoAttachment(
        ref=str(best["file_id"]),
        size=int(size) if isinstance(size, int) else None,
        mime="image/jpeg",  # Telegram re-encodes every photo to JPEG
    )


def _is_id(value: object) -> bool:
    """A chat's or a user's id as the Bot API gives it (a number); a text one is taken too."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(value.strip()))


def _number(value: object) -> int:
    """A size the update gives, or 0 for anything that is not a whole number."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _image_document(document: Mapping[str, Any]) -> PhotoAttachment | None:
    file_id = document.get("file_id")
    if not file_id:
        return None
    filename = document.get("file_name")
    mime = document.get("mime_type")
    if not isinstance(mime, str) or not mime:
        guessed = mimetypes.guess_type(filename)[0] if isinstance(filename, str) else None
        mime = guessed or ""
    if not mime.lower().startswith("image/"):
        return None
    size = document.get("file_size")
    return PhotoAttachment(
        ref=str(file_id),
        size=int(size) if isinstance(size, int) else None,
        mime=mime.lower(),
        filename=str(filename) if isinstance(filename, str) else None,
    )


def _other_document(document: Mapping[str, Any]) -> DocumentAttachment | None:
    file_id = document.get("file_id")
    if not file_id:
        return None
    filename = document.get("file_name")
    mime = document.get("mime_type")
    size = document.get("file_size")
    return DocumentAttachment(
        ref=str(file_id),
        size=int(size) if isinstance(size, int) else None,
        mime=mime.lower() if isinstance(mime, str) and mime else None,
        file_name=filename if isinstance(filename, str) and filename else None,
    )
