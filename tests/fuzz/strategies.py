"""Hostile input for the fuzz tests and bench/fuzz.py: texts, platform updates, messages.

`CI` keeps the suite's share small; bench/fuzz.py runs the same properties with many more
examples (OCOP_FUZZ_EXAMPLES overrides the count here too).
"""

from __future__ import annotations

import functools
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from flows.messages import (
    DocumentAttachment,
    Inbound,
    PhotoAttachment,
    RejectedDocument,
    RejectedPhoto,
    StoredPhoto,
    UserMessage,
)

CI_EXAMPLES = int(os.environ.get("OCOP_FUZZ_EXAMPLES", "60"))


def profile(max_examples: int) -> settings:
    """No deadline (a first call warms caches) and no example database in the repository."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


CI = profile(CI_EXAMPLES)

# What people and attackers put in texts: controls, direction marks and overrides, zero-width
# joiners, combining marks, emoji (outside the BMP: two UTF-16 units), Vietnamese letters, and
# the words the flows react to.
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\t\r\n"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\ufeff\ufffd\u0301\u0303\u0323\u0309\u00a0\u3000\u2028\u2029"
    "ăâđêôơưĂÂĐÊÔƠƯáàảãạốồổỗộ"
    "😀👍🏽👨‍👩‍👧🇻🇳🤖𝔘\U0010ffff"
    "0123456789/-+.,:;@#%&*()[]{}<>'\"\\|_=~`^$!? "
)
WORDS = (
    "0",
    "hủy",
    "huy",
    "cancel",
    "xong",
    "bỏ qua",
    "có",
    "không",
    "1",
    "2",
    "9",
    "99",
    "-1",
    "1e9999",
    "0912 345 678",
    "+84 912345678",
    "150k",
    "1.000.000 đồng",
    "vu quang",
    "ân phú",
    "18.34, 105.9",
    "/start",
    "/cancel",
    "/help",
    "/lang",
    "/lang en",
    "/menu",
    "/start reg-123",
    "/dangky",
    "/kiemtra",
    "/canbo",
    "/moi huyen 441 Nguyễn Văn A",
    "/thuhoi 1",
    "hi",
    "xin chào",
    "0009-2X4K",
    "https://ocop.hatinh.example/S/ABC",
    "ABCD-EFGH",
    "",
    " ",
)

small_text = st.text(alphabet=st.sampled_from(NASTY), max_size=40) | st.text(max_size=40)
word = st.sampled_from(WORDS)


HUGE = 100_000  # characters; Telegram stops at 4,096, the console and a forged update do not


def _huge(unit: str) -> str:
    unit = unit or "x"
    return (unit * (HUGE // len(unit) + 1))[:HUGE]


_SHORT = st.one_of(word, small_text, st.builds(lambda a, b: a + b, word, small_text))
_WITH_HUGE = st.one_of(
    _SHORT, _SHORT, _SHORT, _SHORT, _SHORT, _SHORT, _SHORT, _SHORT, _SHORT.map(_huge)
)


# Texts of 100,000 characters cost every parser a second or two (linear, but long): among the
# samples only with OCOP_FUZZ_HUGE=1; the tests send them in fixed cases and bench/fuzz.py in
# properties of their own.
HUGE_IN_SAMPLES = os.environ.get("OCOP_FUZZ_HUGE") == "1"


def hostile_text(huge: bool = True) -> st.SearchStrategy[str]:
    """A word, a nasty string, a mix, or (one in nine, with OCOP_FUZZ_HUGE=1) one repeated to
    100,000 characters."""
    return _WITH_HUGE if huge and HUGE_IN_SAMPLES else _SHORT


# --- JSON as a platform might send it -------------------------------------------------

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    # JSON may carry any code point, lone surrogates too ("\ud800" is valid JSON).
    st.text(alphabet=st.characters(codec=None), max_size=20),
    small_text,
)


@functools.cache
def json_value(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    return st.recursive(
        json_scalar,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8) | st.sampled_from(KEYS), children, max_size=4)
        ),
        max_leaves=max_leaves,
    )


KEYS = (
    "update_id",
    "message",
    "callback_query",
    "from",
    "chat",
    "id",
    "text",
    "caption",
    "photo",
    "document",
    "file_id",
    "file_name",
    "mime_type",
    "file_size",
    "width",
    "height",
    "contact",
    "phone_number",
    "user_id",
    "location",
    "latitude",
    "longitude",
    "data",
    "is_bot",
    "first_name",
    "last_name",
    "username",
    "language_code",
    "sticker",
    "voice",
    "ok",
    "result",
    "event_name",
    "message_id",
    "msg_id",
    "display_name",
    "photo_url",
    "attachments",
    "type",
    "payload",
    "url",
    "message_type",
    "name",
    "size",
)


def _maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The field as it should be, or something else in its place."""
    return st.one_of(value, value, value, json_scalar, json_value(4))


_TG_SENDER = st.fixed_dictionaries(
    {"id": _maybe(st.integers(1, 2**40))},
    optional={
        "is_bot": _maybe(st.booleans()),
        "first_name": _maybe(small_text),
        "last_name": _maybe(small_text),
        "username": _maybe(small_text),
        "language_code": _maybe(st.sampled_from(["vi", "en", "fr", ""])),
    },
)
_TG_SIZE = st.fixed_dictionaries(
    {"file_id": _maybe(small_text)},
    optional={
        "width": _maybe(st.integers(0, 10**6)),
        "height": _maybe(st.integers(0, 10**6)),
        "file_size": _maybe(st.integers(-1, 10**9)),
    },
)
_TG_DOCUMENT = st.fixed_dictionaries(
    {"file_id": _maybe(small_text)},
    optional={
        "file_name": _maybe(small_text),
        "mime_type": _maybe(
            st.sampled_from(["image/jpeg", "image/svg+xml", "application/pdf", ""])
        ),
        "file_size": _maybe(st.integers(0, 10**9)),
    },
)
_TG_CONTENT = st.one_of(
    st.fixed_dictionaries({"text": _maybe(hostile_text())}),
    st.fixed_dictionaries(
        {"photo": _maybe(st.lists(_TG_SIZE, max_size=4))},
        optional={"caption": _maybe(hostile_text(huge=False))},
    ),
    st.fixed_dictionaries({"document": _maybe(_TG_DOCUMENT)}),
    st.fixed_dictionaries(
        {
            "contact": _maybe(
                st.fixed_dictionaries(
                    {"phone_number": _maybe(small_text)},
                    optional={"user_id": _maybe(st.integers(1, 2**40))},
                )
            )
        }
    ),
    st.fixed_dictionaries(
        {
            "location": _maybe(
                st.fixed_dictionaries(
                    {"latitude": _maybe(st.floats()), "longitude": _maybe(st.floats())}
                )
            )
        }
    ),
    st.fixed_dictionaries({"sticker": json_value(3)}),
    st.fixed_dictionaries({"voice": json_value(3)}),
    st.fixed_dictionaries({"new_chat_members": json_value(3)}),
    st.dictionaries(st.sampled_from(KEYS), json_value(3), max_size=3),
)
_TG_MESSAGE = st.builds(
    lambda mid, chat, content, sender: {
        "message_id": mid,
        "chat": chat,
        **content,
        **({"from": sender} if sender is not None else {}),
    },
    _maybe(st.integers(1, 10**6)),
    _maybe(st.fixed_dictionaries({"id": _maybe(st.integers(-(2**40), 2**40))})),
    _TG_CONTENT,
    st.none() | _TG_SENDER,
)
_TG_QUERY = st.fixed_dictionaries(
    {"id": _maybe(small_text), "from": _maybe(_TG_SENDER)},
    optional={"message": _maybe(_TG_MESSAGE), "data": _maybe(hostile_text(huge=False))},
)
_TG_UPDATE = st.builds(
    lambda uid, body: {"update_id": uid, **body},
    _maybe(st.integers(0, 2**40)),
    st.one_of(
        st.fixed_dictionaries({"message": _maybe(_TG_MESSAGE)}),
        st.fixed_dictionaries({"message": _maybe(_TG_MESSAGE)}),
        st.fixed_dictionaries({"callback_query": _maybe(_TG_QUERY)}),
    ),
)


def telegram_update() -> st.SearchStrategy[Any]:
    """A Telegram update close to the real shape with parts broken, or any JSON at all."""
    return st.one_of(_TG_UPDATE, _TG_UPDATE, _TG_UPDATE, _TG_UPDATE, json_value())


_ZALO_MESSAGE = st.builds(
    lambda sender, chat, rest: {"from": sender, "chat": chat, **rest},
    _maybe(
        st.fixed_dictionaries(
            {"id": _maybe(small_text)},
            optional={"display_name": _maybe(small_text), "is_bot": _maybe(st.booleans())},
        )
    ),
    _maybe(st.fixed_dictionaries({"id": _maybe(small_text)})),
    st.fixed_dictionaries(
        {},
        optional={
            "message_id": _maybe(small_text),
            "text": _maybe(hostile_text()),
            "caption": _maybe(small_text),
            "photo_url": _maybe(st.sampled_from(["https://z.example/p.jpg", "ftp://x", ""])),
            "photo": json_value(4),
            "attachments": _maybe(
                st.lists(
                    st.fixed_dictionaries(
                        {"type": _maybe(st.sampled_from(["image", "file", "sticker"]))},
                        optional={"payload": json_value(4), "url": _maybe(small_text)},
                    ),
                    max_size=3,
                )
            ),
            "message_type": _maybe(st.sampled_from(["CHAT_PHOTO", "CHAT_FILE", "TEXT"])),
            "sticker": json_value(2),
            "voice_url": _maybe(small_text),
        },
    ),
)
_ZALO_EVENT = _maybe(
    st.sampled_from(
        [
            "message.text.received",
            "message.image.received",
            "message.sticker.received",
            "message.voice.received",
            "message.unsupported.received",
            "message.file.received",
            "message.location.received",
            "user_send_file",
            "follow",
        ]
    )
)
_ZALO_UPDATE = st.fixed_dictionaries(
    {"message": _ZALO_MESSAGE}, optional={"event_name": _ZALO_EVENT}
)
_ZALO_BODY = st.one_of(
    _ZALO_UPDATE,
    st.fixed_dictionaries({"ok": _maybe(st.just(True)), "result": _ZALO_UPDATE}),
)


def zalo_update() -> st.SearchStrategy[Any]:
    """A Zalo update, enveloped or bare, with parts broken; or any JSON at all."""
    return st.one_of(_ZALO_BODY, _ZALO_BODY, _ZALO_BODY, _ZALO_BODY, json_value())


# --- messages as the flows receive them ------------------------------------------------

PHOTO_REASONS = ("PHOTO_NOT_IMAGE", "PHOTO_TOO_LARGE", "PHOTO_TOO_MANY_PIXELS", "PHOTO_BUSY")
DOCUMENT_REASONS = ("DOCUMENT_WRONG_TYPE", "DOCUMENT_TOO_LARGE", "DOCUMENT_NOT_NOW")
SHA = "ab" * 32


def user_message(choices: st.SearchStrategy[str]) -> st.SearchStrategy[UserMessage]:
    """A message as the dispatcher hands it to `respond`: typed, a command, a pressed button
    (`choices`: data offered, once offered, or never), a photo, a file, a sticker."""
    text = hostile_text()
    commands = st.builds(
        lambda c, a: UserMessage(text="/" + c, command=c, command_arg=a),
        st.sampled_from(COMMANDS) | st.text(min_size=1, max_size=10),
        st.none() | hostile_text(huge=False),
    )
    photo = st.one_of(
        st.builds(
            StoredPhoto,
            st.just(SHA),
            st.integers(1, 4000),
            st.integers(1, 4000),
            st.none() | st.lists(small_text, max_size=2).map(tuple),
        ),
        st.sampled_from(PHOTO_REASONS).map(RejectedPhoto),
    )
    document = st.sampled_from(DOCUMENT_REASONS).map(lambda r: RejectedDocument(r, "x.pdf"))
    return st.one_of(
        text.map(lambda t: UserMessage(text=t)),
        text.map(lambda t: UserMessage(text=t)),
        commands,
        choices.map(lambda c: UserMessage(choice=c)),
        st.builds(
            lambda p, t: UserMessage(text=t, photos=tuple(p)),
            st.lists(photo, min_size=1, max_size=6),
            st.none() | hostile_text(huge=False),
        ),
        st.builds(lambda d: UserMessage(documents=(d,)), document),
        st.just(UserMessage(unsupported=True)),  # a sticker, a voice message, a game button
        st.just(UserMessage()),  # nothing at all
        small_text.map(lambda p: UserMessage(contact_phone=p)),
        st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(lambda p: UserMessage(location=p)),
    )


COMMANDS = (
    "start",
    "help",
    "cancel",
    "lang",
    "menu",
    "dangky",
    "register",
    "verify",
    "myideas",
    "canbo",
    "moi",
    "thuhoi",
    "duyet",
    "review",
    "deadlines",
    "stats",
    "baocao",
)

CALLBACK_JUNK = (
    "menu::register",
    "menu::nothing",
    "menu:::",
    "resume:registration:continue",
    "resume:registration:restart",
    "resume:nope:continue",
    "idea:999999:view",
    "idea:-1:view",
    "idea:abc:view",
    "registration:applicant_type:household",
    "registration:summary:submit",
    "review:inbox:next",
    "scoring:list:1",
    ":::",
    "::",
    "x" * 64,
    "submit",
    "register",
)


def inbound(channel: str, chat: str, text: st.SearchStrategy[str]) -> st.SearchStrategy[Inbound]:
    """An Inbound for the dispatcher: typed text, a command, a button, a sticker, a photo."""

    def typed(t: str) -> Inbound:
        command = arg = None
        if t.startswith("/") and len(t) > 1:
            command, _, rest = t[1:].partition(" ")
            command, arg = command.lower(), rest or None
        return Inbound(channel, chat, chat, "", text=t, command=command, command_arg=arg)

    return st.one_of(
        text.map(typed),
        text.map(typed),
        st.sampled_from(CALLBACK_JUNK).map(lambda c: Inbound(channel, chat, chat, "", choice=c)),
        st.just(Inbound(channel, chat, chat, "", unsupported=True)),
        st.just(Inbound(channel, chat, chat, "")),
        st.sampled_from(["not-a-photo", "png", "jpeg"]).map(
            lambda r: Inbound(channel, chat, chat, "", photos=(PhotoAttachment(ref=r),))
        ),
        st.just(
            Inbound(
                channel,
                chat,
                chat,
                "",
                documents=(DocumentAttachment(ref="d", file_name="plan.pdf", data=b"%PDF-1"),),
            )
        ),
    )
