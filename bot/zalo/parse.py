"""Zalo Bot API update JSON -> `Inbound`.

The payload shapes are not settled (docs/messaging-apis.md §1.4): the `{ok, result}` envelope
may be there or not, `event_name` may be missing, and a photo URL may sit in `photo_url`,
`photo` (a string, an object or an array) or `attachments[]`. This module accepts all of them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.text_clean import clean_strings
from flows.messages import DocumentAttachment, Inbound, PhotoAttachment

log = logging.getLogger(__name__)

CHANNEL = "zalo"

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"
VOICE = "message.voice.received"
# Not in the Bot Platform's docs (files cannot be sent there, docs/messaging-apis.md §1.3), but
# the OA API has `user_send_file`: should a file ever arrive, it is answered with how to send
# the pages as photos instead (the channel cannot fetch it: handlers/inbound_documents.py).
_FILE_EVENTS = ("message.file.received", "message.document.received", "user_send_file")

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,64})(?:@\S+)?(?:\s+(.*))?$", re.DOTALL)
_URL_KEYS = ("photo_url", "photoUrl", "url", "media_url", "download_url", "image_url", "src")
_NESTED_KEYS = ("payload", "data", "media")


def parse_update(payload: Mapping[str, Any]) -> Inbound | None:
    """One update, with or without the envelope; None when there is nothing to answer."""
    inbound = _parse(payload)
    return clean_strings(inbound) if inbound is not None else None


def _parse(payload: Mapping[str, Any]) -> Inbound | None:
    update = _unwrap(payload)
    if update is None:
        return None
    message = update.get("message")
    if not isinstance(message, dict) and "chat" in update and "message_id" in update:
        message = update  # a bare message, as one copy of the docs shows for getUpdates
    event = update.get("event_name")
    if not isinstance(message, dict):
        log.warning("Zalo update without a message ignored: event=%s keys=%s", event, _keys(update))
        return None
    if not isinstance(event, str) or not event:
        event = _infer_event(message)

    sender = _dict(message.get("from"))
    chat = _dict(message.get("chat"))
    if sender.get("is_bot") is True:
        return None
    chat_id = _str(chat.get("id")) or _str(sender.get("id"))
    user_id = _str(sender.get("id")) or chat_id
    if not chat_id or not user_id:
        log.warning("Zalo %s without a chat or sender id ignored", event)
        return None
    base = Inbound(
        channel=CHANNEL,
        chat_id=chat_id,
        user_id=user_id,
        message_id=_message_id(message, chat_id),
        display_name=_text(sender.get("display_name")),
    )

    if event == TEXT:
        return _text_inbound(base, _text(message.get("text")))
    if event == IMAGE:
        url = photo_url(message)
        caption = _text(message.get("caption")) or _text(message.get("text"))
        if url is None:
            log.warning("Zalo image without a usable URL: keys=%s", _keys(message))
            return replace(base, text=caption, unsupported=True)
        return replace(base, text=caption, photos=(PhotoAttachment(ref=url),))
    document = _file_of(event, message)
    if document is not None:
        caption = _text(message.get("caption")) or _text(message.get("text"))
        return replace(base, text=caption, documents=(document,))
    if event == UNSUPPORTED:
        # A protected user (child, disabled, illiterate...): Zalo withholds the content by law.
        return replace(base, unsupported=True)
    if event in (STICKER, VOICE):
        return replace(base, unsupported=True)
    if event.startswith("message."):
        log.warning("unknown Zalo event %s answered as unsupported: keys=%s", event, _keys(message))
        return replace(base, unsupported=True)
    log.warning("unknown Zalo event %s ignored", event)
    return None


def photo_url(message: Mapping[str, Any]) -> str | None:
    """The image URL: `photo_url`, then `photo` (string, object, array), then `attachments`."""
    for key in ("photo_url", "photoUrl"):
        url = _url(message.get(key))
        if url:
            return url
    url = _url_in(message.get("photo"))
    if url:
        return url
    attachments = message.get("attachments")
    if isinstance(attachments, list):
        for item in attachments:
            if not isinstance(item, dict):
                continue
            kind = f"{item.get('type') or ''} {item.get('media_type') or ''}".lower().strip()
            if kind and "image" not in kind and "photo" not in kind:
                continue
            url = _url_in(item)
            if url:
                return url
    return None


def _file_of(event: str, message: Mapping[str, Any]) -> DocumentAttachment | None:
    """A file the update carries (a file event, a CHAT_FILE message, a "file" attachment)."""
    kind = str(message.get("message_type", "")).upper()
    attachments = message.get("attachments")
    files = [
        item
        for item in (attachments if isinstance(attachments, list) else [])
        if isinstance(item, dict) and str(item.get("type", "")).lower() == "file"
    ]
    if event not in _FILE_EVENTS and not kind.endswith("FILE") and not files:
        return None
    described: Mapping[str, Any] = message
    if files:
        payload = files[0].get("payload")
        described = payload if isinstance(payload, dict) else files[0]
    name = _text(described.get("name")) or _text(described.get("file_name"))
    size = described.get("size") or described.get("file_size")
    url = _url_in(described) or ""
    return DocumentAttachment(
        ref=url,
        size=int(size) if isinstance(size, int) and not isinstance(size, bool) else None,
        file_name=name,
    )


def split_updates(body: Any) -> list[dict[str, Any]]:
    """The updates in a webhook body or a getUpdates result: enveloped or bare, one or many."""
    if isinstance(body, list):
        return [u for item in body for u in split_updates(item)]
    if not isinstance(body, dict):
        return []
    if "result" in body or "ok" in body:
        if body.get("ok") is False:
            log.warning("Zalo error envelope where an update was expected: %s", _keys(body))
            return []
        if "result" in body:
            return split_updates(body["result"])
    return [body] if body else []


def _unwrap(payload: Mapping[str, Any]) -> Mapping[str, Any] | None:
    updates = split_updates(dict(payload))
    if len(updates) > 1:
        log.warning("Zalo body held %d updates; only the first is parsed", len(updates))
    return updates[0] if updates else None


def _infer_event(message: Mapping[str, Any]) -> str:
    if photo_url(message) or str(message.get("message_type", "")).upper().endswith("PHOTO"):
        return IMAGE
    if _text(message.get("text")):
        return TEXT
    if message.get("sticker"):
        return STICKER
    if message.get("voice_url") or message.get("voice"):
        return VOICE
    return UNSUPPORTED


def _text_inbound(base: Inbound, text: str | None) -> Inbound:
    if text is None:
        return replace(base, unsupported=True)
    match = _COMMAND.match(text)
    if match:
        arg = (match.group(2) or "").strip() or None
        return replace(base, command=match.group(1).lower(), command_arg=arg)
    return replace(base, text=text)


def _message_id(message: Mapping[str, Any], chat_id: str) -> str:
    mid = _str(message.get("message_id")) or _str(message.get("msg_id"))
    if mid:
        return mid
    # Without an id a redelivery can only be recognised by its content.
    canonical = json.dumps(message, sort_keys=True, ensure_ascii=False, default=str)
    # surrogatepass: a lone surrogate from the JSON is hashed too, not an exception.
    digest = hashlib.sha256(f"{chat_id}|{canonical}".encode("utf-8", "surrogatepass"))
    return "h" + digest.hexdigest()[:32]


def _url_in(value: Any) -> str | None:
    if isinstance(value, str):
        return _url(value)
    if isinstance(value, dict):
        for key in _URL_KEYS:
            url = _url(value.get(key))
            if url:
                return url
        for key in _NESTED_KEYS:
            nested = value.get(key)
            if isinstance(nested, dict):
                url = _url_in(nested)
                if url:
                    return url
        return None
    if isinstance(value, list):
        # Perhaps sizes, as on Telegram: take the largest when sizes are given, else the first.
        sized = [v for v in value if isinstance(v, dict) and _area(v) > 0]
        ordered = sorted(sized, key=_area, reverse=True) + [v for v in value if v not in sized]
        for item in ordered:
            url = _url_in(item)
            if url:
                return url
    return None


def _area(item: Mapping[str, Any]) -> int:
    width, height = item.get("width"), item.get("height")
    if isinstance(width, int) and isinstance(height, int):
        return width * height
    return 0


def _url(value: Any) -> str | None:
    if isinstance(value, str):
        url = value.strip()
        if url.lower().startswith(("https://", "http://")):
            return url
    return None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _keys(value: Mapping[str, Any]) -> list[str]:
    return sorted(str(k) for k in value)
