"""The channel's own words follow the person's language, not the channel's default."""

from __future__ import annotations

from bot.telegram.render import RenderOptions, render_reply
from flows.messages import Reply


def _phone_button(reply: Reply, channel_lang: str) -> str:
    requests = render_reply(42, reply, render=RenderOptions(lang=channel_lang))
    keyboard = requests[-1].params["reply_markup"]["keyboard"]
    return str(keyboard[0][0]["text"])


def test_the_share_phone_button_speaks_the_persons_language() -> None:
    english = Reply("Your phone number?", request_phone=True, lang="en")
    assert _phone_button(english, channel_lang="vi") == "📱 Share my phone number"
    vietnamese = Reply("Số điện thoại?", request_phone=True, lang="vi")
    assert _phone_button(vietnamese, channel_lang="en") == "📱 Gửi số điện thoại của tôi"


def test_a_reply_of_unknown_language_keeps_the_channel_default() -> None:
    assert _phone_button(Reply("?", request_phone=True), channel_lang="en").endswith("number")
