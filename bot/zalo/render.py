"""`Reply` -> the Zalo Bot API requests that deliver it.

Zalo has no buttons and no phone-sharing button: options become numbered lines under the text
(the flows accept the number or the words), and the phone is typed. Texts and captions hold
1-2,000 characters, so long texts are split, preferring line breaks, then spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from bot.text_split import split_text as split_at
from bot.zalo.media import DOCUMENT_TTL
from flows.messages import Reply
from flows.texts import t

MAX_TEXT = 2000


@dataclass(frozen=True)
class ZaloRequest:
    method: str
    params: dict[str, Any]


def render(
    chat_id: str, reply: Reply, photo_url: str | None = None, document_url: str | None = None
) -> list[ZaloRequest]:
    """The requests for one reply, in order. `photo_url` is where `reply.photo` is published;
    without it the photo is left out and only the text goes. `document_url`: where
    `reply.document` may be downloaded (bot/zalo/media.py); without it the file is named."""
    chunks = split_text(compose_text(reply, document_url))
    requests: list[ZaloRequest] = []
    if photo_url:
        params: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if chunks:
            params["caption"] = chunks.pop(0)
        requests.append(ZaloRequest("sendPhoto", params))
    requests.extend(ZaloRequest("sendMessage", {"chat_id": chat_id, "text": c}) for c in chunks)
    return requests


def compose_text(reply: Reply, document_url: str | None = None) -> str:
    lines = [reply.text.strip()] if reply.text.strip() else []
    if reply.document is not None:
        # The Zalo Bot API uploads no files and fetches only images: the document is a link
        # on our web server, or, without one, named so that the officer knows where to get it.
        name = PurePath(reply.document).name
        lang = reply.lang or "vi"
        if document_url is not None:
            hours = int(DOCUMENT_TTL // 3600)
            lines.append(t("ZALO_DOCUMENT_LINK", lang, name=name, url=document_url, hours=hours))
        else:
            lines.append(t("STAMPS_DOCUMENT_ELSEWHERE", lang, name=name))
    lines.extend(f"{n}. {option.label}" for n, option in enumerate(reply.options, start=1))
    return "\n".join(lines)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    return split_at(text, limit)
