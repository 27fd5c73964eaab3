"""Our `Reply` -> the Telegram Bot API requests that show it.

Pure: the result is a list of `ApiRequest` (method name, JSON-able params, an optional file to
upload), which the channel sends over aiohttp and the tests compare as JSON.
Messages are plain text (no parse_mode), so catalogue texts need no escaping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.text_split import split_text as split_at
from bot.text_split import utf16_len
from flows.messages import Option, Reply
from flows.texts import TEXTS

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
# Labels up to this many characters sit two to a row; longer ones get a row each so that
# Telegram does not cut them off on a phone screen.
SHORT_LABEL = 20


@dataclass(frozen=True)
class ApiRequest:
    """One Bot API call. `upload` is a local file sent as the `upload_field` field
    (multipart): `photo` for sendPhoto, `document` for sendDocument."""

    method: str
    params: dict[str, Any]
    upload: Path | None = None
    upload_field: str = "photo"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"method": self.method, **self.params}
        if self.upload is not None:
            data[self.upload_field] = f"upload:{self.upload.name}"
        return data


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "vi"
    # The chat still shows our phone reply keyboard; take it away with the next message that
    # has room for a markup.
    remove_reply_keyboard: bool = False
    texts: dict[str, tuple[str, str]] = field(default_factory=lambda: TEXTS)

    def text(self, key: str) -> str:
        vi, en = self.texts[key]
        return en if self.lang == "en" else vi


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    return split_at(text, limit) or [text]


def inline_keyboard(options: Sequence[Option]) -> dict[str, Any]:
    rows: list[list[dict[str, str]]] = []
    pending: dict[str, str] | None = None
    for option in options:
        if len(option.id.encode()) > CALLBACK_DATA_LIMIT or not option.id:
            raise ValueError(f"option id {option.id!r} does not fit Telegram's callback data")
        button = {"text": option.label, "callback_data": option.id}
        if len(option.label) > SHORT_LABEL:
            if pending is not None:
                rows.append([pending])
                pending = None
            rows.append([button])
        elif pending is None:
            pending = button
        else:
            rows.append([pending, button])
            pending = None
    if pending is not None:
        rows.append([pending])
    return {"inline_keyboard": rows}


def phone_keyboard(options: Sequence[Option], render: RenderOptions) -> dict[str, Any]:
    """A reply keyboard whose first button shares the user's own number.

    A message carries one markup, so the step's other options (back, cancel) become plain
    text buttons below it: pressing one sends the label, which the flows resolve like typing.
    """
    rows: list[list[dict[str, Any]]] = [
        [{"text": render.text("SHARE_PHONE"), "request_contact": True}]
    ]
    rows.extend([{"text": o.label}] for o in options)
    return {
        "keyboard": rows,
        "one_time_keyboard": True,
        "resize_keyboard": True,
        "input_field_placeholder": render.text("PHONE_PLACEHOLDER"),
    }


REMOVE_KEYBOARD: dict[str, Any] = {"remove_keyboard": True}


def render_reply(
    chat_id: int | str,
    reply: Reply,
    photo_path: Callable[[str], Path] | None = None,
    render: RenderOptions | None = None,
) -> list[ApiRequest]:
    """The requests that show `reply` in `chat_id`; the keyboard rides on the last one."""
    render = render or RenderOptions()
    if reply.lang is not None and reply.lang != render.lang:
        render = replace(render, lang=reply.lang)  # the person's language, not the channel's
    if reply.request_phone:
        markup: dict[str, Any] | None = phone_keyboard(reply.options, render)
    elif reply.options:
        markup = inline_keyboard(reply.options)
    else:
        markup = None

    requests: list[ApiRequest] = []
    text = reply.text if reply.text.strip() else ""
    chunks = split_text(text) if text else []

    if reply.photo is not None:
        if photo_path is None:
            raise ValueError("a photo reply needs a photo store")
        params: dict[str, Any] = {"chat_id": chat_id}
        if chunks and len(chunks) == 1 and utf16_len(chunks[0]) <= CAPTION_LIMIT:
            params["caption"] = chunks.pop()
        requests.append(ApiRequest("sendPhoto", params, upload=photo_path(reply.photo)))
    if reply.document is not None:
        params = {"chat_id": chat_id}
        if chunks and len(chunks) == 1 and utf16_len(chunks[0]) <= CAPTION_LIMIT:
            params["caption"] = chunks.pop()
        document = Path(reply.document)
        requests.append(ApiRequest("sendDocument", params, document, upload_field="document"))
    requests.extend(
        ApiRequest("sendMessage", {"chat_id": chat_id, "text": chunk}) for chunk in chunks
    )
    if not requests:
        return []

    if markup is not None:
        requests[-1].params["reply_markup"] = markup
    if render.remove_reply_keyboard and not reply.request_phone:
        # The removal needs a message of its own markup: the last free one, if any.
        for request in reversed(requests):
            if "reply_markup" not in request.params:
                request.params["reply_markup"] = dict(REMOVE_KEYBOARD)
                break
    return requests


def removes_reply_keyboard(requests: Sequence[ApiRequest]) -> bool:
    return any(r.params.get("reply_markup") == REMOVE_KEYBOARD for r in requests)
