"""The ports through which handlers reach the outside world.

`bot/` implements them (Telegram, Zalo, console channels; the real clock); tests use fakes.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Protocol

from flows.messages import PhotoAttachment, Reply

# Channels that show options as numbered lines, where a typed number answers the last list.
NUMBERED_CHANNELS: Final = frozenset({"zalo", "console"})


class ChannelError(Exception):
    """Base of the errors every channel maps its API failures to."""


class RetryAfter(ChannelError):
    """The platform asked us to slow down (HTTP 429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class RecipientUnavailable(ChannelError):
    """The user blocked the bot or no longer exists: never retry."""


class ChannelBadRequest(ChannelError):
    """The platform refused the request as malformed: retrying will not help."""


class ChannelUnavailable(ChannelError):
    """A network error or a 5xx: retry later with backoff."""


class RecipientAway(ChannelError):
    """The person is not reachable through this process now (another person's console):
    keep the message, due at once, for the process that serves them."""


class PhotoTooLarge(ChannelError):
    """The platform announced a file larger than we accept; nothing was downloaded."""


class Channel(Protocol):
    """A messenger the bot talks through."""

    @property
    def name(self) -> str: ...

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Deliver one reply; raise a `ChannelError` subclass on failure."""

    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        """Fetch a photo's bytes at once; raise `PhotoTooLarge` over `max_bytes`."""


class DeliveryMarks(Protocol):
    """What a channel has shown or sent of a chat (the phone keyboard left open, the pieces
    of a long reply delivered), kept where every process that may send the chat sees it."""

    async def get(
        self, channel: str, chat_id: str, name: str, *, newer_than: dt.datetime | None = None
    ) -> int | None: ...

    async def chats_with(self, channel: str, name: str) -> set[str]: ...

    async def put(
        self, channel: str, chat_id: str, name: str, value: int, now: dt.datetime
    ) -> None: ...

    async def drop(self, channel: str, chat_id: str, name: str) -> None: ...


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware (UTC)."""


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)
