"""A message to someone in the middle of a form, on a channel where options are numbered
lines (Zalo, the console): it must not steal the number they type next.

There a typed number answers the last numbered list the person read. A notice or reminder
with options arriving between a form's question and the answer would take the "1" meant for
the form (seen under load: officers on Zalo reviewing a list while new ideas kept arriving).
So to a person with a form open it goes without options and unmarked, and leaves the form as
it is; on Telegram each button carries its own data and nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flows.conversation import Conversation
from flows.messages import Reply
from flows.notice import notice_payload
from handlers.ports import NUMBERED_CHANNELS
from storage.unit_of_work import UnitOfWork
from storage.users import Address

PASSIVE_MARK = "passive"


def conversation_key(address: Address) -> str:
    return f"{address.channel}:{address.chat_id}"


def open_forms(addresses: Iterable[Address], states: Mapping[str, Mapping[str, Any]]) -> set[int]:
    """The users among `addresses` with a form in progress (not one paused beneath another)."""
    open_now = set()
    for address in addresses:
        conversation = Conversation.from_json(states.get(conversation_key(address)))
        if conversation.form is not None and not conversation.paused:
            open_now.add(address.user_id)
    return open_now


async def busy_on_numbered_channels(uow: UnitOfWork, addresses: Iterable[Address]) -> set[int]:
    """Those of `addresses` on a numbered channel with a form open now (one query)."""
    numbered = [a for a in addresses if a.channel in NUMBERED_CHANNELS]
    if not numbered:
        return set()
    states = await uow.conversations.load_many([conversation_key(a) for a in numbered])
    return open_forms(numbered, states)


def payload(reply: Reply, address: Address, key: str, *, passive: bool) -> dict[str, object]:
    """The outbox payload: a notice answered by number, or a passive message."""
    if not passive:
        return notice_payload(reply, key)
    if address.channel in NUMBERED_CHANNELS:
        reply = Reply(reply.text, photo=reply.photo, lang=reply.lang)
    return {**reply.to_json(), PASSIVE_MARK: True}
