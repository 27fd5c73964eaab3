"""Two outbox senders (two processes) on one database: every row once, in order per chat; a
sender that dies leaves its rows to the other once its leases pass."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from sqlalchemy import select

from flows.messages import PhotoAttachment, Reply
from handlers.locks import ConversationLocks
from handlers.outbox import OutboxSender
from handlers.ports import Clock, SystemClock
from handlers.rate_limit import Limits, RateLimiter
from storage.database import Database
from storage.models import OutboxRecord
from storage.outbox import NewMessage
from storage.unit_of_work import UnitOfWork
from tests.fakes import FakeChannel, FakeClock


class StuckChannel(FakeChannel):
    """A channel whose sends never return (the process hangs, then is killed)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.tried: list[str] = []

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.tried.append(reply.text)
        await asyncio.Event().wait()

    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        raise NotImplementedError


def sender(
    database: Database,
    channel: FakeChannel,
    holder: str,
    clock: Clock,
    limits: dict[str, Limits] | None = None,
    batch: int = 500,
) -> OutboxSender:
    return OutboxSender(
        database,
        {channel.name: channel},
        clock,
        ConversationLocks(),
        RateLimiter(limits={} if limits is None else limits),
        holder=holder,
        batch=batch,
    )


async def write_rows(
    database: Database, chats: int, per_chat: int, now: dt.datetime | None = None
) -> list[str]:
    """What another process (the CLI, a reminder sweep) writes: rows interleaved by chat."""
    texts = [f"m{n:04d} c{n % chats:03d}" for n in range(chats * per_chat)]
    async with UnitOfWork(database) as uow:
        await uow.outbox.add_many(
            [NewMessage("telegram", text.split()[1], Reply(text).to_json()) for text in texts],
            now or dt.datetime.now(dt.UTC),
        )
        await uow.commit()
    return texts


def by_chat(sent: list[tuple[str, str]]) -> dict[str, list[str]]:
    chats: dict[str, list[str]] = {}
    for chat, text in sent:
        chats.setdefault(chat, []).append(text)
    return chats


async def statuses(database: Database) -> set[str]:
    async with database.session() as session:
        return set(await session.scalars(select(OutboxRecord.status)))


async def test_two_senders_send_every_row_once_in_order(database: Database) -> None:
    texts = await write_rows(database, chats=100, per_chat=3)
    one, two = FakeChannel("telegram"), FakeChannel("telegram")
    limits = {"telegram": Limits(per_second=150, chat_per_second=0)}
    clock = SystemClock()
    # Small claims, so that a sender stopping leaves rows to the other.
    first = sender(database, one, "host-1-a", clock, limits, batch=40)
    second = sender(database, two, "host-2-b", clock, limits, batch=40)
    stop_first, stop_second = asyncio.Event(), asyncio.Event()
    started = time.monotonic()
    loops = [
        asyncio.create_task(first.run_forever(stop_first)),
        asyncio.create_task(second.run_forever(stop_second)),
    ]
    # One holds the channel and sends; midway it stops cleanly and the other takes over.
    while len(one.sent) + len(two.sent) < 100:
        await asyncio.sleep(0.01)
    leader, follower = (first, second) if one.sent else (second, first)
    (stop_first if leader is first else stop_second).set()
    await loops[0 if leader is first else 1]
    await leader.close()
    while len(one.sent) + len(two.sent) < len(texts) and time.monotonic() - started < 20:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)  # nothing more may come
    stop_first.set()
    stop_second.set()
    await asyncio.gather(*loops)
    await follower.close()

    sent = [(s.chat_id, s.reply.text) for s in one.sent + two.sent]
    assert sorted(text for _, text in sent) == texts  # each once
    assert one.sent and two.sent
    for chat, got in by_chat(sent).items():
        # Each sender's part is in order, and the follower's part comes after the leader's.
        assert got == sorted(got), chat
    assert await statuses(database) == {"sent"}


async def test_a_dead_senders_rows_go_once_after_its_leases(database: Database) -> None:
    texts = await write_rows(database, chats=10, per_chat=2)
    clock = FakeClock(dt.datetime.now(dt.UTC))
    stuck, alive = StuckChannel("telegram"), FakeChannel("telegram")
    dying = sender(database, stuck, "host-1-dead", clock)
    task = asyncio.create_task(dying.deliver_pending())
    while len(stuck.tried) < 10:  # the first row of each chat is being sent
        await asyncio.sleep(0.01)
    task.cancel()  # killed: no close, its claims and its channel stay in the table
    await asyncio.gather(task, return_exceptions=True)
    async with database.session() as session:
        holders = set(await session.scalars(select(OutboxRecord.claimed_by)))
    assert holders == {"host-1-dead"}

    other = sender(database, alive, "host-2-alive", clock)
    assert await other.deliver_pending() == 0  # the channel is still the dead one's
    clock.advance(seconds=16)
    await other.deliver_pending()  # the channel is ours now, the rows still claimed
    assert alive.sent == []
    clock.advance(seconds=45)
    await other.deliver_pending()
    sent = [(s.chat_id, s.reply.text) for s in alive.sent]
    assert sorted(text for _, text in sent) == texts
    for got in by_chat(sent).values():
        assert got == sorted(got)
    await other.deliver_pending()
    assert len(alive.sent) == len(texts)
    await other.close()
    assert await statuses(database) == {"sent"}


async def test_a_sole_process_frees_what_the_last_run_held(database: Database) -> None:
    """SQLite under the instance lock: the claims of a killed run are freed at start."""
    texts = await write_rows(database, chats=5, per_chat=1)
    clock = FakeClock(dt.datetime.now(dt.UTC))
    stuck, alive = StuckChannel("telegram"), FakeChannel("telegram")
    task = asyncio.create_task(sender(database, stuck, "old-run", clock).deliver_pending())
    while len(stuck.tried) < 5:
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    restarted = OutboxSender(
        database,
        {"telegram": alive},
        clock,
        ConversationLocks(),
        RateLimiter(limits={}),
        sole=True,
    )
    await restarted.deliver_pending()
    assert sorted(s.reply.text for s in alive.sent) == texts
    await restarted.close()


async def test_the_other_processs_rows_wait_for_the_channels_holder(database: Database) -> None:
    """A process that does not hold the channel sends nothing, even its own person's."""
    clock = FakeClock(dt.datetime.now(dt.UTC))
    holder_channel, other_channel = FakeChannel("telegram"), FakeChannel("telegram")
    holder = sender(database, holder_channel, "host-1", clock)
    other = sender(database, other_channel, "host-2", clock)
    assert await holder.deliver_pending() == 0  # takes the channel (nothing to send yet)
    await write_rows(database, chats=3, per_chat=1, now=clock.now())
    await other.deliver_chat("telegram", "c000")
    assert await other.deliver_pending() == 0
    assert other_channel.sent == []
    assert await holder.deliver_pending() == 3
    assert len(holder_channel.sent) == 3
    await holder.close()
    await other.close()
