"""March of a programme year through the real `ocop-bot run`, with a clock the test moves.

Four officers are enrolled by invitation codes, two on Telegram and two on Zalo, and a
producer registers an idea on Zalo, which then waits for the commune. The officers see what
is coming with /deadlines, and `ocop-bot reminders plan` prints March's reminders: the
calendar's deadlines with how many ideas wait, the commune reminded of the idea after a week
and the district after two. Then the
test moves the process's clock (OCOP_CLOCK_FILE) through March, a stop at every planned
reminder and at night in between, and checks that each officer gets exactly the reminders the
plan printed, each once, at its time, and nothing during the night.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.announcement import TEXT_MAX
from tests.e2e.drivers import TelegramDriver, ZaloDriver
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.scenarios import register_idea
from tests.e2e.support import BotProcess, free_port, run_cli

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

LOCAL = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2027, 2, 27, 10, 0, tzinfo=LOCAL)
MARCH = ("2027-03-01", "2027-03-31")
# (channel, role, area, name)
OFFICERS = {
    "district_tg": ("telegram", "district", "Vũ Quang", "Trần Thị Huyền"),
    "province_tg": ("telegram", "province", None, "Phạm Văn Tĩnh"),
    "commune_zl": ("zalo", "commune", "Ân Phú", "Lê Văn Xã"),
    "district_zl": ("zalo", "district", "Hương Khê", "Đặng Văn Khê"),
}
DELIVERY_TIMEOUT = 20.0


class Room:
    def __init__(self, tg: FakeTelegram, zalo: FakeZalo, bot: BotProcess, clock: Path) -> None:
        self.tg = tg
        self.zalo = zalo
        self.bot = bot
        self.clock = clock
        self.chats: dict[str, TelegramDriver | ZaloDriver] = {}

    def set_clock(self, moment: dt.datetime) -> None:
        # Written then renamed: the process never reads half a moment.
        part = self.clock.with_suffix(".part")
        part.write_text(moment.isoformat())
        part.replace(self.clock)

    def received(self, who: str) -> list[str]:
        chat = self.chats[who]
        if isinstance(chat, TelegramDriver):
            return [m.text or "" for m in self.tg.sent_to(chat.user.id)]
        return [m.text for m in self.zalo.sent_to(chat.user.id)]

    def recipient(self, who: str) -> str:
        chat = self.chats[who]
        return f"{chat.channel}:{chat.user.id}"


@pytest.fixture
async def room(tmp_path: Path) -> AsyncIterator[Room]:
    clock = tmp_path / "clock.txt"
    async with FakeTelegram() as tg, FakeZalo() as zalo:
        channels = {
            "OCOP_TELEGRAM_TOKEN": tg.token,
            "OCOP_TELEGRAM_API_URL": tg.base_url,
            "OCOP_ZALO_TOKEN": zalo.token,
            "OCOP_ZALO_API_URL": zalo.base_url,
            "OCOP_CLOCK_FILE": str(clock),
            "OCOP_REMINDER_SWEEP_SECONDS": "0.2",
            "OCOP_REMINDER_PLAN_MINUTES": "0.005",
        }
        bot = BotProcess(tmp_path / "data", free_port(), channels, tg.calls, public_url=True)
        the_room = Room(tg, zalo, bot, clock)
        the_room.set_clock(START)
        await bot.start()
        try:
            yield the_room
        finally:
            await bot.kill()


async def enrol(room: Room, who: str) -> None:
    channel, role, area, name = OFFICERS[who]
    args = ["officer", "invite", "--role", role, "--name", name]
    if area is not None:
        args += ["--area", area]
    code = (await run_cli(args, room.bot.env(), room.bot.workdir)).strip().splitlines()[-1]
    if channel == "telegram":
        chat: TelegramDriver | ZaloDriver = TelegramDriver(
            room.tg, room.tg.user(7000 + len(room.chats), name.split()[-1])
        )
    else:
        chat = ZaloDriver(room.zalo, room.zalo.user(f"zl-{who}", name))
    room.chats[who] = chat
    enrolled = await chat.say(f"/canbo {code}")
    assert "✅ Anh/chị đã được ghi nhận là" in enrolled, enrolled


async def plan_of_march(room: Room) -> list[dict[str, object]]:
    printed = await run_cli(
        ["reminders", "plan", "--from", MARCH[0], "--to", MARCH[1], "--json"],
        room.bot.env(),
        room.bot.workdir,
    )
    planned = json.loads(printed)
    assert isinstance(planned, list)
    return planned


async def delivered(room: Room, expected: dict[str, list[str]], base: dict[str, int]) -> None:
    """Wait until every officer has the reminders expected so far, then a moment more."""
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    while time.monotonic() < deadline:
        if all(len(room.received(w)) - base[w] >= len(t) for w, t in expected.items()):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.6)  # the sweep runs every 0.2 s: anything extra would show now


async def test_march_reminders_reach_each_officer_once(room: Room) -> None:
    for who in OFFICERS:
        await enrol(room, who)
    producer = ZaloDriver(room.zalo, room.zalo.user("zl-producer", "Nguyễn Thị Hoa"))
    await register_idea(producer)

    listed = await room.chats["district_tg"].say("/deadlines")
    assert "31/03" in listed and "20/03" in listed, listed

    planned = await plan_of_march(room)
    by_recipient: dict[str, list[dict[str, object]]] = {}
    for row in planned:
        by_recipient.setdefault(str(row["recipient"]), []).append(row)
        due = dt.datetime.fromisoformat(str(row["due"]))
        assert due.utcoffset() == dt.timedelta(hours=7), row
        # Deadlines at 08:00; the idea registered at 10:00 waits a week, then two.
        assert (due.hour, due.minute) == ((8, 0) if row["kind"] == "deadline" else (10, 0)), row
    kinds = {
        who: Counter(str(r["kind"]) for r in by_recipient[room.recipient(who)])
        for who in ("district_tg", "commune_zl", "district_zl")
    }
    # The district officer: the report before the 20th (3 and 1 days before), the ideas before
    # the 31st (14, 7, 3 and 1 days before), and the idea the commune has kept two weeks.
    assert kinds["district_tg"] == {"deadline": 6, "waiting_up": 1}, kinds
    assert kinds["commune_zl"] == {"deadline": 4, "waiting": 1}, kinds
    assert kinds["district_zl"] == {"deadline": 6}, kinds
    assert room.recipient("province_tg") not in by_recipient
    waiting = next(r for r in by_recipient[room.recipient("commune_zl")] if r["kind"] == "waiting")
    assert "Mật ong" in str(waiting["text"]), waiting

    base = {w: len(room.received(w)) for w in OFFICERS}
    moments = sorted({dt.datetime.fromisoformat(str(r["due"])) for r in planned})
    expected: dict[str, list[str]] = {w: [] for w in OFFICERS}
    recipient_of = {room.recipient(w): w for w in OFFICERS}
    for moment in moments:
        # The evening before: nothing new (quiet hours start at 21:00).
        room.set_clock(moment - dt.timedelta(hours=10, minutes=30))
        await delivered(room, expected, base)
        for who in OFFICERS:
            assert len(room.received(who)) - base[who] == len(expected[who]), who
        room.set_clock(moment + dt.timedelta(minutes=1))
        for row in planned:
            if dt.datetime.fromisoformat(str(row["due"])) == moment:
                expected[recipient_of[str(row["recipient"])]].append(str(row["text"]))
        await delivered(room, expected, base)
    room.set_clock(dt.datetime(2027, 4, 1, 9, 0, tzinfo=LOCAL))
    await asyncio.sleep(1.5)

    for who in OFFICERS:
        got = room.received(who)[base[who] :]
        assert len(got) == len(expected[who]), (who, got, expected[who])
        for text, message in zip(expected[who], got, strict=True):
            # On Zalo the options follow the text as numbered lines.
            assert message.startswith(text.split("\n")[0]), (who, message, text)
        assert len(set(got)) == len(got), got  # none twice


async def test_an_announcement_reaches_the_producer_who_answers_by_number(room: Room) -> None:
    """A district officer announces a training on Telegram; the producer on Zalo gets it
    through the real process, answers "Tôi sẽ tham gia" by its number, then pauses their
    reminders with /nhacnho, by number too."""
    await enrol(room, "district_tg")
    producer = ZaloDriver(room.zalo, room.zalo.user("zl-producer", "Nguyễn Thị Hoa"))
    await register_idea(producer)
    officer = room.chats["district_tg"]

    assert "Anh/chị muốn gửi thông báo cho ai?" in await officer.say("/thongbao")
    assert "Thông báo về việc gì?" in await officer.choose("Các chủ thể đã đăng ký ở")
    asked = await officer.choose("Lớp tập huấn")
    assert (
        f"tối đa {TEXT_MAX:,} ký tự".replace(",", ".") in asked
        or f"tối đa {TEXT_MAX} ký tự" in asked
    ), asked
    news = "Lớp tập huấn bán hàng trên mạng, 8 giờ sáng 25/3 tại UBND huyện."
    preview = await officer.say(news)
    assert news in preview and "1 người" in preview, preview
    sent = await officer.choose("Gửi đi")
    assert "✅ Đã gửi thông báo tới 1 người" in sent, sent

    got = await producer.wait_for(news)
    options = producer.options()
    assert "Tôi sẽ tham gia" in options, got
    thanked = await producer.say(str(options.index("Tôi sẽ tham gia") + 1))
    assert "tham gia" in thanked and news not in thanked, thanked

    shown = await producer.say("/nhacnho")
    assert "Tạm dừng 7 ngày" in producer.options(), shown
    paused = await producer.choose("Tạm dừng 7 ngày")
    assert "tạm dừng" in paused.lower(), paused
