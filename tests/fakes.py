"""Fakes at the real boundaries: an in-memory channel and a clock the test moves."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from flows.messages import PhotoAttachment, Reply
from handlers.ports import ChannelError, PhotoTooLarge


@dataclass
class Sent:
    chat_id: str
    reply: Reply


class FakeChannel:
    """Records what the bot sends; can be told to fail the next sends."""

    def __init__(self, name: str = "fake", files: dict[str, bytes] | None = None) -> None:
        self._name = name
        self.sent: list[Sent] = []
        self.files = files or {}
        self.failures: list[ChannelError] = []
        self.send_delay = 0.0

    @property
    def name(self) -> str:
        return self._name

    async def send(self, chat_id: str, reply: Reply) -> None:
        if self.send_delay:
            await asyncio.sleep(self.send_delay)
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(Sent(chat_id, reply))

    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        data = self.files[photo.ref] if photo.ref in self.files else Path(photo.ref).read_bytes()
        if len(data) > max_bytes:
            raise PhotoTooLarge(photo.ref)
        return data

    def texts(self, chat_id: str | None = None) -> list[str]:
        return [s.reply.text for s in self.sent if chat_id is None or s.chat_id == chat_id]

    def last(self, chat_id: str | None = None) -> Reply:
        return [s.reply for s in self.sent if chat_id is None or s.chat_id == chat_id][-1]


@dataclass
class FakeClock:
    moment: dt.datetime = field(
        default_factory=lambda: dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
    )

    def now(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)
