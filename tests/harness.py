"""A bot wired as in production, with a fake channel and a fake clock, on a real database."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from flows.messages import Inbound, PhotoAttachment, Reply
from flows.registered import REGISTRY
from flows.registry import Registry
from handlers.dispatcher import Dispatcher
from handlers.locks import ConversationLocks
from handlers.outbox import OutboxSender
from handlers.rate_limit import RateLimiter
from handlers.stamp_check import StampChecker
from stamps.keys import StampKeyring, generate_key
from storage.admin_units_source import load_default_admin_units
from storage.database import Database
from storage.photo_store import PhotoStore
from tests.fakes import FakeChannel, FakeClock

_ids = itertools.count(1)
PUBLIC_URL = "https://ocop.hatinh.example"
OPEN_BOTS: list[Bot] = []


@dataclass
class Bot:
    database: Database
    channel: FakeChannel
    clock: FakeClock
    dispatcher: Dispatcher
    outbox: OutboxSender
    photo_store: PhotoStore
    keyring: StampKeyring
    chat: str = "chat-1"
    slept: list[float] = field(default_factory=list)

    async def say(
        self, text: str, chat: str | None = None, message_id: str | None = None
    ) -> list[Reply]:
        return await self.send(self.inbound(text=text, chat=chat, message_id=message_id))

    async def press(self, choice: str, chat: str | None = None) -> list[Reply]:
        return await self.send(self.inbound(choice=choice, chat=chat))

    async def photo(self, data: bytes, chat: str | None = None) -> list[Reply]:
        ref = f"file-{next(_ids)}"
        self.channel.files[ref] = data
        attachment = PhotoAttachment(ref=ref, size=len(data))
        return await self.send(self.inbound(photos=(attachment,), chat=chat))

    def inbound(
        self,
        *,
        text: str | None = None,
        choice: str | None = None,
        photos: tuple[PhotoAttachment, ...] = (),
        chat: str | None = None,
        message_id: str | None = None,
    ) -> Inbound:
        chat_id = chat or self.chat
        command = arg = None
        if text and text.startswith("/"):
            command, _, rest = text[1:].partition(" ")
            arg = rest or None
        return Inbound(
            channel=self.channel.name,
            chat_id=chat_id,
            user_id=chat_id,
            message_id=message_id or f"m{next(_ids)}",
            text=text,
            command=command,
            command_arg=arg,
            choice=choice,
            photos=photos,
        )

    async def send(self, inbound: Inbound) -> list[Reply]:
        before = len(self.channel.sent)
        await self.dispatcher.handle(inbound)
        # Notices to other people go out in the background: settled before the next action,
        # as a person's next message comes seconds later, not microseconds.
        await self.dispatcher.drain_deliveries()
        return [s.reply for s in self.channel.sent[before:] if s.chat_id == inbound.chat_id]


def make_bot(
    database: Database,
    tmp_path: Path,
    name: str = "fake",
    *,
    registry: Registry = REGISTRY,
    others: tuple[FakeChannel, ...] = (),
) -> Bot:
    """`others`: more channels served by the same bot (people on Zalo beside Telegram)."""
    channel = FakeChannel(name)
    clock = FakeClock()
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    locks = ConversationLocks()
    channels = {c.name: c for c in (channel, *others)}
    limiter = RateLimiter(limits={})
    outbox = OutboxSender(database, channels, clock, locks, limiter, sleep=fake_sleep, sole=True)
    store = PhotoStore(tmp_path / "photos")
    keyring = StampKeyring((generate_key(),))
    checker = StampChecker(keyring, PUBLIC_URL, store, b"test-salt")
    dispatcher = Dispatcher(
        database=database,
        channels=channels,
        photo_store=store,
        units=load_default_admin_units(),
        clock=clock,
        outbox=outbox,
        locks=locks,
        stamp_checker=checker,
        registry=registry,
    )
    bot = Bot(database, channel, clock, dispatcher, outbox, store, keyring, slept=slept)
    OPEN_BOTS.append(bot)
    return bot


async def close_bots() -> None:
    """Finish the bots a test made (their outbox may still be marking replies sent)."""
    while OPEN_BOTS:
        await OPEN_BOTS.pop().outbox.close()


REGISTRATION_ANSWERS = (
    "Nguyễn Thị Hoa",
    "4",
    "0912 345 678",
    "vu quang",
    "an phu",
    "Mật ong rừng Vũ Quang",
    "1",
    "Mật ong nguyên chất từ hoa rừng",
    "2",
    "2 tấn",
    "150k",
    "bỏ qua",
)
