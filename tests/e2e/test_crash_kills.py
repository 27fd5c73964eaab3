"""SIGKILLs at random moments under load, on Telegram polling, Telegram webhook and Zalo webhook.

Producers register ideas with three photos (buttons and the share-phone button on Telegram,
option numbers typed on Zalo) while a commune officer, enrolled by `ocop-bot officer invite`,
forwards each idea to the district as it arrives. The real `ocop-bot run` is killed with
SIGKILL a few times at seeded random moments (the seed is printed; OCOP_CRASH_SEED replays one)
and started again each time; then the load is let finish, and:

- every registration a producer was given a number for exists once, with its three photos;
- every forward the officer was told was done ("✅ …: Xã đã chuyển lên huyện.") is in the audit
  log, once;
- every reply written to the outbox was delivered, and nobody's last message is unanswered;
- a reply reached a chat twice only when it was accepted by the platform just before a kill,
  before the bot could mark it sent (the outbox sends at least once, handlers/outbox.py).

`run_load` is shared with bench/crash.py, which runs it with more people and more kills.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.cli.export import COLUMNS
from flows.texts import t
from storage.database import Database, sqlite_url
from tests.e2e.drivers import ChatDriver, TelegramDriver, ZaloDriver
from tests.e2e.fake_telegram import FakeTelegram, Sent
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.scenarios import HONEY, registration_number
from tests.e2e.support import (
    STEP_TIMEOUT,
    BotProcess,
    free_port,
    is_postgresql,
    jpeg,
    reset_postgresql,
    run_cli,
)

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("signals", allow_module_level=True)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PG_URL = os.environ.get("OCOP_TEST_DATABASE_URL")
VARIANTS = ("telegram-polling", "telegram-webhook", "zalo-webhook")
SECRET = "e2e-crash-webhook-secret"
PHOTOS = 3
HEADERS = {column.key: column.header("vi") for column in COLUMNS}  # the export's, in Vietnamese
FORWARDED = re.compile(r"✅ (.+?): Xã đã chuyển lên huyện\.")
# Within this long before a kill, a reply accepted by the platform may not be marked sent yet
# (marks are written in groups, MARK_DELAY, then committed): it is sent again after the restart.
UNMARKED_WINDOW = 1.0
PATIENCE = 3


def product_of(n: int) -> str:
    return f"{HONEY} {n:03d}"


# ------------------------------------------------------------------------------ the people


Answer = Callable[[ChatDriver, int], Awaitable[str]]


async def _done_with_photos(chat: ChatDriver, n: int) -> str:
    if any(label.startswith("Xong") for label in chat.options()):
        return await chat.choose("Xong")
    return await chat.say("xong")


# Each question of the registration and how a producer answers it, by the flow's own texts.
ANSWERS: dict[str, Answer] = {
    "ASK_APPLICANT_NAME": lambda chat, n: chat.say(f"Nguyễn Thị Hoa {n}"),
    "ASK_APPLICANT_TYPE": lambda chat, n: chat.choose("Hợp tác xã"),
    "ASK_PHONE": lambda chat, n: chat.share_phone("0912 345 678"),
    "ASK_DISTRICT": lambda chat, n: chat.choose("Huyện Vũ Quang"),
    "ASK_COMMUNE": lambda chat, n: chat.choose("Xã Ân Phú"),
    "ASK_PRODUCT_NAME": lambda chat, n: chat.say(product_of(n)),
    "ASK_PRODUCT_GROUP": lambda chat, n: chat.choose("Thực phẩm"),
    "ASK_CORE_VALUE": lambda chat, n: chat.say("Mật ong nguyên chất từ hoa rừng"),
    "ASK_TARGET_MARKET": lambda chat, n: chat.choose("Trong tỉnh"),
    "ASK_VOLUME": lambda chat, n: chat.say("2 tấn"),
    "ASK_PRICE": lambda chat, n: chat.say("150.000 đ"),
    "ASK_STORY": lambda chat, n: chat.say("Nghề nuôi ong của gia đình đã có từ ba đời"),
    "ASK_PHOTOS": lambda chat, n: chat.send_photos([jpeg(PHOTOS * n + k) for k in range(PHOTOS)]),
    "ASK_MORE_PHOTOS": _done_with_photos,
    "PHOTO_RECEIVED": _done_with_photos,
    "SUMMARY_HEAD": lambda chat, n: chat.choose("Gửi đăng ký"),
}
RECEIVED = t("PHOTO_RECEIVED", "vi").split("{")[0]  # "✅ Đã nhận ảnh "
PHOTO_ANSWERS = ("ASK_MORE_PHOTOS", "PHOTO_RECEIVED")


def _question(key: str) -> str:
    return t(key, "vi").split("{")[0].split("\n")[0]


def _asked(answer: str) -> str | None:
    """The key of the question asked last in `answer`."""
    places = {key: answer.rfind(_question(key)) for key in ANSWERS}
    key, place = max(places.items(), key=lambda item: item[1])
    return key if place >= 0 else None


class Unanswered(Exception):
    """A person waited a whole STEP_TIMEOUT for an answer (also across a restart)."""


@dataclass
class Person:
    """One person's chat, with when they last sent something."""

    name: str
    chat: ChatDriver
    chat_id: str
    acted_at: float = 0.0
    actions: int = 0
    unanswered: int = 0

    late: int = 0

    async def act(self, action: Awaitable[str]) -> str:
        """Do `action` (a driver's call, not started yet): what the person sends and waits
        for. A person waits PATIENCE more STEP_TIMEOUTs (a step slow under load is `late`)
        before the message counts as unanswered."""
        self.acted_at = time.monotonic()
        self.actions += 1
        try:
            return await action
        except TimeoutError:
            self.late += 1
        for _ in range(PATIENCE):
            try:
                return await _rest_of(self)
            except TimeoutError:
                pass
        self.unanswered += 1
        raise Unanswered(f"{self.name}: no answer in {(PATIENCE + 1) * STEP_TIMEOUT:.0f} s")


async def _rest_of(person: Person) -> str:
    """The answer so far plus whatever comes next (a reply cut short by a kill)."""
    chat = person.chat
    if isinstance(chat, TelegramDriver):
        more = await chat.tg.settle(chat.user.id, quiet=1.1, timeout=STEP_TIMEOUT)
        chat.last = [*chat.last, *more]
    else:
        assert isinstance(chat, ZaloDriver)
        more_z = await chat.zalo.settle(chat.user.id, quiet=1.1, timeout=STEP_TIMEOUT)
        chat.last = [*chat.last, *more_z]
    return chat.last_reply()


async def register(person: Person, n: int) -> str:
    """A whole registration; the registration number the producer was given."""
    chat = person.chat
    answer = await person.act(chat.say("/start"))
    while "Đăng ký ý tưởng" not in answer:
        answer = await person.act(_rest_of(person))  # cut by a kill
    answer = await person.act(chat.choose("Đăng ký ý tưởng"))
    for _ in range(60):
        if "Số phiếu:" in answer:
            return registration_number(answer)
        key = _asked(answer)
        photos_short = key in PHOTO_ANSWERS and answer.count(RECEIVED) < PHOTOS
        if key is None or photos_short:
            answer = await person.act(_rest_of(person))  # cut by a kill
            continue
        step = ANSWERS[key]
        answer = await person.act(step(chat, n))
    raise AssertionError(f"{person.name} never got to the end: {answer!r}")


# ------------------------------------------------------------------------------ the officer


NOTE_ASKED = _question("REVIEW_ASK_NOTE")
IDEA_ASKED = _question("REVIEW_IDEA_ASK")
INBOX_HEAD = _question("REVIEW_INBOX_HEAD")
INBOX_EMPTY = t("REVIEW_INBOX_EMPTY", "vi")
CONFIRM_ALL = t("REVIEW_CONFIRM_ALL", "vi").split("}")[1]  # " ý tưởng của trang này, …"
WAITING = re.compile(re.escape(INBOX_HEAD) + r"(\d+)")


async def _press(chat: TelegramDriver, message: Sent, data: str) -> str:
    chat.tg.press(chat.user, message, data)
    chat.last = await chat.tg.settle(chat.user.id, quiet=1.1, timeout=STEP_TIMEOUT)
    return chat.last_reply()


async def pick(person: Person, label: str) -> str | None:
    """Choose the option starting with `label` if the answer shows it where choosing it now
    means it: the button under its own message on Telegram, the last numbered list on Zalo.
    None when it is not there (a notice came after it, or the answer is another)."""
    chat = person.chat
    if isinstance(chat, TelegramDriver):
        for message in reversed(chat.last):
            data = next((d for lab, d in message.buttons if lab.startswith(label)), None)
            if data is not None:
                return await person.act(_press(chat, message, data))
        return None
    if any(option.startswith(label) for option in chat.options()):
        return await person.act(chat.choose(label))
    return None


async def review(officer: Person, forwarded: set[str], load_done: asyncio.Event) -> None:
    """Forward every idea that comes, until the producers are done and none waits: one
    waiting is opened and forwarded with no note; several, the whole page at once."""
    answer = await officer.act(officer.chat.say("/review"))
    fresh = True  # the answer is to a /review sent after the load ended
    while True:
        forwarded.update(FORWARDED.findall(answer))
        places = {
            "note": answer.rfind(NOTE_ASKED),
            "idea": answer.rfind(IDEA_ASKED),
            "list": answer.rfind(INBOX_HEAD),
            "empty": answer.rfind(INBOX_EMPTY),
            "all": answer.rfind(CONFIRM_ALL),
        }
        where, place = max(places.items(), key=lambda item: item[1])
        got: str | None = None
        try:
            if place < 0:
                got = None
            elif where == "note":
                got = await pick(officer, t("REVIEW_NOTE_SKIP", "vi"))
            elif where == "idea":
                got = await pick(officer, t("REVIEW_ACTION_FORWARD", "vi"))
            elif where == "all":
                got = await pick(officer, t("REVIEW_CONFIRM_YES", "vi"))
            elif where == "list":
                waiting = [int(w) for w in WAITING.findall(answer)][-1:]
                several = waiting and waiting[0] > 1
                got = await pick(officer, t("REVIEW_FORWARD_ALL", "vi") if several else HONEY)
            elif load_done.is_set() and fresh:
                return
            else:
                await asyncio.sleep(1.5)
            fresh = got is None and load_done.is_set()
            answer = got if got is not None else await officer.act(officer.chat.say("/review"))
        except Unanswered:
            if load_done.is_set() and officer.unanswered > 3:
                return
            answer, fresh = "", False


# ------------------------------------------------------------------------------ the bot


@dataclass
class Counts:
    variant: str
    people: int
    kills: int = 0
    confirmed: int = 0
    found: int = 0
    lost: int = 0
    duplicated: int = 0
    actions: int = 0  # officer forwards confirmed
    audited: int = 0  # of those, in the audit log
    unanswered: int = 0
    late: int = 0  # steps answered only after STEP_TIMEOUT (the load, not lost)
    undelivered: int = 0  # outbox rows never sent
    sent_twice: int = 0  # replies that reached a chat twice
    twice_outside_window: int = 0  # of those, not explained by a kill right after the send
    seconds: float = 0.0
    seed: int = 0
    notes: list[str] = field(default_factory=list)

    HEAD = (
        "| variant | people | kills | confirmed | found | lost | duplicated | officer actions"
        " | audited | unanswered | late | undelivered | sent twice | seconds |"
    )

    def row(self) -> str:
        return (
            f"| {self.variant} | {self.people} | {self.kills} | {self.confirmed} | {self.found}"
            f" | {self.lost} | {self.duplicated} | {self.actions} | {self.audited}"
            f" | {self.unanswered} | {self.late} | {self.undelivered} | {self.sent_twice}"
            f" | {self.seconds:.0f} |"
        )

    def line(self) -> str:
        return (
            f"{self.variant}: seed {self.seed}, kills {self.kills}, confirmed {self.confirmed}, "
            f"found {self.found}, lost {self.lost}, duplicated {self.duplicated}, officer "
            f"actions {self.actions} (audited {self.audited}), unanswered {self.unanswered}, "
            f"late {self.late}, undelivered {self.undelivered}, sent twice {self.sent_twice} "
            f"({self.twice_outside_window} not right before a kill), {self.seconds:.0f} s"
        )


class Fake:
    """The fake platform of a variant, seen the same way by the load."""

    def __init__(self, variant: str) -> None:
        self.variant = variant
        self.channel = variant.split("-")[0]
        self.webhook = variant.endswith("webhook")
        # Fan-out keeps pushing its pending updates to the same address across restarts,
        # as Telegram does (a plain setWebhook in the fake starts a fresh queue).
        self.tg = FakeTelegram(webhook_fanout=True) if self.channel == "telegram" else None
        # Zalo's redelivery is not documented; the fake keeps trying, so that an update sent
        # while the bot is down is the bot's to lose, not the fake's to drop.
        self.zalo = FakeZalo(webhook_attempts=1_000_000) if self.channel == "zalo" else None

    async def __aenter__(self) -> Fake:
        if self.tg is not None:
            await self.tg.start()
        if self.zalo is not None:
            await self.zalo.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.tg is not None:
            await self.tg.stop()
        if self.zalo is not None:
            await self.zalo.stop()

    def bot(self, data_dir: Path, url: str) -> BotProcess:
        env = {
            "OCOP_DATABASE_URL": url,
            "OCOP_QUIET_HOURS": "0-0",
            "OCOP_WEBHOOK_SECRET": SECRET,
            # A dead process's claims and channel lease lapse soon (on PostgreSQL the new one
            # cannot tell it is alone), so that a person does not wait a minute.
            "OCOP_OUTBOX_CLAIM_SECONDS": "3",
            "OCOP_OUTBOX_CHANNEL_LEASE_SECONDS": "3",
            # One message a second per chat, as shipped, would make an idea opened with its
            # photos take seconds to read; this test is about crashes, not that limit.
            "OCOP_CHAT_PER_SECOND": "10",
        }
        if self.tg is not None:
            env.update(OCOP_TELEGRAM_TOKEN=self.tg.token, OCOP_TELEGRAM_API_URL=self.tg.base_url)
            calls = self.tg.calls
        else:
            assert self.zalo is not None
            env.update(OCOP_ZALO_TOKEN=self.zalo.token, OCOP_ZALO_API_URL=self.zalo.base_url)
            calls = self.zalo.calls
        return BotProcess(
            data_dir,
            free_port(),
            env,
            calls,
            webhook=self.webhook,
            public_url=self.channel == "zalo",  # Zalo takes photos only by link
        )

    def person(self, name: str, i: int) -> Person:
        if self.tg is not None:
            user = self.tg.user(5_300_000_001 + i)
            return Person(name, TelegramDriver(self.tg, user), str(user.id))
        assert self.zalo is not None
        zalo_user = self.zalo.user(f"{0xC0FFEE0000 + i:020x}")
        return Person(name, ZaloDriver(self.zalo, zalo_user), zalo_user.id)

    def sends(self) -> list[tuple[str, float, tuple[Any, ...]]]:
        """Every send accepted: (chat, when, what it carried)."""
        if self.tg is not None:
            return [
                (str(s.chat_id), s.at, (s.method, s.text, repr(s.reply_markup), s.photo))
                for s in self.tg.sent
            ]
        assert self.zalo is not None
        return [(s.chat_id, s.at, (s.method, s.text, s.photo)) for s in self.zalo.sent]


async def _query(url: str, sql: str) -> list[tuple[Any, ...]]:
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            return [tuple(row) for row in await conn.execute(text(sql))]
    finally:
        await db.dispose()


async def _database(root: Path, postgresql: bool) -> str:
    if postgresql:
        assert PG_URL is not None
        await reset_postgresql(PG_URL)
        return PG_URL
    url = sqlite_url(root / "ocop.sqlite3")
    db = Database(url)
    await db.upgrade()
    await db.dispose()
    return url


async def _killer(
    bot: BotProcess,
    rng: random.Random,
    kills: int,
    gap: tuple[float, float],
    done: asyncio.Event,
    notes: list[str],
) -> list[float]:
    """Kill at random moments while the load runs; start again each time. The kill times."""
    at: list[float] = []
    for _ in range(kills):
        with_delay = rng.uniform(*gap)
        try:
            await asyncio.wait_for(done.wait(), with_delay)
            break  # the load ended first
        except TimeoutError:
            pass
        await bot.stop(signal.SIGKILL)
        at.append(time.monotonic())
        await asyncio.sleep(rng.uniform(0.0, 1.0))  # the platform retries meanwhile
        restarted = time.monotonic()
        await bot.start()
        notes.append(f"restart {len(at)} ready in {time.monotonic() - restarted:.1f} s")
    return at


@asynccontextmanager
async def _running(
    fake: Fake, root: Path, postgresql: bool
) -> AsyncIterator[tuple[BotProcess, str]]:
    url = await _database(root, postgresql)
    data_dir = root / "var"
    data_dir.mkdir(parents=True, exist_ok=True)
    bot = fake.bot(data_dir, url)
    try:
        await bot.start()
        yield bot, url
    finally:
        await bot.kill()


async def run_load(
    variant: str,
    root: Path,
    *,
    people: int,
    kills: int,
    seed: int,
    postgresql: bool = False,
    gap: tuple[float, float] = (2.0, 7.0),
    stagger: float = 8.0,
) -> Counts:
    """`people` producers and one commune officer on `variant`, `kills` SIGKILLs at seeded
    random moments; what was confirmed, found, lost, duplicated and left unanswered."""
    rng = random.Random(seed)
    counts = Counts(variant, people, seed=seed)
    started = time.monotonic()
    async with Fake(variant) as fake, _running(fake, root, postgresql) as (bot, url):
        officer = fake.person("officer", 0)
        invited = await run_cli(
            ["officer", "invite", "--role", "commune", "--name", "Lê Văn Xã", "--area", "Ân Phú"],
            bot.env(),
            bot.workdir,
        )
        code = invited.strip().splitlines()[-1]
        enrolled = await officer.act(officer.chat.say(f"/canbo {code}"))
        assert "Anh/chị đã được ghi nhận là cán bộ cấp xã" in enrolled, enrolled

        producers = [fake.person(f"producer {n}", n) for n in range(1, people + 1)]
        load_done = asyncio.Event()
        forwarded: set[str] = set()

        async def producer(person: Person, n: int) -> str | None:
            # Arriving over a while, as people do; the officer forwards as ideas come.
            await asyncio.sleep(rng.uniform(0, stagger))
            try:
                return await register(person, n)
            except Unanswered:
                return None

        registering = [
            asyncio.create_task(producer(p, n), name=p.name) for n, p in enumerate(producers, 1)
        ]
        reviewing = asyncio.create_task(review(officer, forwarded, load_done))
        killing = asyncio.create_task(_killer(bot, rng, kills, gap, load_done, counts.notes))
        numbers = await asyncio.gather(*registering)
        counts.notes.append(f"producers done after {time.monotonic() - started:.0f} s")
        load_done.set()
        kill_times = await killing
        if bot.proc is None or bot.proc.returncode is not None:
            await bot.start()
        await asyncio.wait_for(reviewing, 6 * STEP_TIMEOUT)
        await asyncio.sleep(3)  # a claim lapses (3 s): a row sent twice would come now
        counts.kills = len(kill_times)
        everyone = [officer, *producers]

        # --- registrations: each confirmed one exists once, with its photos
        assert await bot.stop() == 0, bot.tail()
        rows = await bot.export_ideas()
        number_h, product_h, photos_h = (
            HEADERS[k] for k in ("registration_number", "product_name", "photo_count")
        )
        by_number = Counter(r[number_h] for r in rows)
        by_product = Counter(r[product_h] for r in rows)
        confirmed = {n: num for n, num in enumerate(numbers, 1) if num is not None}
        counts.confirmed = len(confirmed)
        for n, number in confirmed.items():
            mine = [r for r in rows if r[number_h] == number]
            if len(mine) == 1 and mine[0][product_h] == product_of(n):
                if mine[0][photos_h] == str(PHOTOS):
                    counts.found += 1
                else:
                    counts.lost += 1
                    counts.notes.append(f"{number}: {mine[0][photos_h]} photos")
            else:
                counts.lost += 1
                counts.notes.append(f"{number} ({product_of(n)}) not exported once: {mine}")
        counts.duplicated = sum(c - 1 for c in by_number.values() if c > 1) + sum(
            c - 1 for c in by_product.values() if c > 1
        )

        # --- officer actions: each confirmed forward is audited, once
        audit = await _query(
            url,
            "SELECT i.product_name, COUNT(*) FROM audit_log a JOIN ideas i"
            " ON a.subject = 'idea:' || CAST(i.id AS VARCHAR(20))"
            " WHERE a.action = 'idea.forward' GROUP BY i.product_name",
        )
        audited = {str(p): int(c) for p, c in audit}
        counts.actions = len(forwarded)
        counts.audited = sum(1 for p in forwarded if audited.get(p, 0) >= 1)
        counts.duplicated += sum(c - 1 for c in audited.values() if c > 1)
        missing = forwarded - set(audited)
        if missing:
            counts.notes.append(f"forwards confirmed, not audited: {sorted(missing)}")

        # --- replies: all delivered; nobody's last message unanswered; twice only at a kill
        [(undelivered,)] = await _query(url, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'")
        counts.undelivered = int(undelivered)
        sends = fake.sends()
        for person in everyone:
            answered = any(c == person.chat_id and at > person.acted_at for c, at, _ in sends)
            counts.unanswered += person.unanswered + (0 if answered else 1)
            counts.late += person.late
        twice = _sent_twice(sends, everyone, kill_times)
        counts.sent_twice = len(twice)
        counts.twice_outside_window = sum(1 for _, near_kill in twice if not near_kill)
        for what, near_kill in twice:
            counts.notes.append(f"sent twice{'' if near_kill else ', NOT at a kill'}: {what}")
    counts.seconds = time.monotonic() - started
    return counts


def _sent_twice(
    sends: Sequence[tuple[str, float, tuple[Any, ...]]],
    people: Sequence[Person],
    kill_times: Sequence[float],
) -> list[tuple[str, bool]]:
    """Messages a producer was sent twice (every reply of a registration differs from the
    others; notices name their idea), and whether the first copy went just before a kill.
    The officer's lists repeat by right, so the officer's chat is not counted."""
    producers = {p.chat_id for p in people if p.name != "officer"}
    first: dict[tuple[str, tuple[Any, ...]], float] = {}
    twice: list[tuple[str, bool]] = []
    for chat, at, what in sends:
        if chat not in producers:
            continue
        key = (chat, what)
        if key in first:
            before = first[key]
            after = [k - before for k in kill_times if k >= before]
            near = bool(after) and min(after) <= UNMARKED_WINDOW
            gap = f"{min(after):.2f} s before a kill" if after else "after the last kill"
            twice.append((f"{chat} ({gap}): {str(what[1])[:50]!r}", near))
        else:
            first[key] = at
    return twice


# ------------------------------------------------------------------------------ the test


def _seed() -> int:
    given = os.environ.get("OCOP_CRASH_SEED")
    return int(given) if given else random.SystemRandom().randrange(1, 1_000_000)


DATABASES = ["sqlite", "postgresql"] if is_postgresql(PG_URL) else ["sqlite"]


@pytest.mark.parametrize("database", DATABASES)
@pytest.mark.parametrize("variant", VARIANTS)
async def test_random_sigkills_lose_nothing_and_leave_nobody_unanswered(
    variant: str, database: str, tmp_path: Path
) -> None:
    seed = _seed()
    print(f"\n{variant} on {database}: OCOP_CRASH_SEED={seed}")
    counts = await run_load(
        variant, tmp_path, people=10, kills=3, seed=seed, postgresql=database == "postgresql"
    )
    print(counts.line())
    for note in counts.notes:
        print("  ", note)
    assert counts.kills >= 2, counts.line()  # the load lasted through kills
    assert counts.confirmed == counts.people, counts.line()
    assert counts.found == counts.confirmed and counts.lost == 0, counts.line()
    assert counts.duplicated == 0, counts.line()
    assert counts.actions == counts.confirmed == counts.audited, counts.line()
    assert counts.unanswered == 0 and counts.undelivered == 0, counts.line()
    assert counts.twice_outside_window == 0, (counts.line(), counts.notes)
