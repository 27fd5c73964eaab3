"""The simulated people of bench/load.py: producers, consumers and officers, on Telegram and Zalo.

Each person talks as the e2e drivers do (a button pressed on Telegram, the option's number
typed on Zalo, one photo a message on Zalo, an album on Telegram), but waits for an answer by
its COUNT of messages, learnt once per step from one person talking alone (calibration: until
the chat is quiet). Waiting by count needs no quiet second per step, so 2,000 people can talk
at full speed; and a message too many or too few shows up at once as a step that does not
match. Notices for others' steps (an officer's "📥 … đang chờ anh/chị xem xét", a producer's
"đã được xã xem") are told apart by their words and counted on their own.

Per step the latency is from the moment the person's update was handed to the fake server to
the first message of the answer the fake accepted.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw

from bench.load_fakes import Inbox, LoadTelegram, LoadZalo
from flows.admin_units import short_name
from tests.e2e.drivers import numbered_options
from tests.e2e.fake_telegram import Sent

PRODUCT = "Mật ong rừng Vũ Quang"
PHONE = "0912 345 678"
CALIBRATION_QUIET = 1.5  # seconds of silence that end an answer while calibrating
OFFICER_NOTICE = "đang chờ anh/chị xem xét"
PRODUCER_NOTICE = "đã được xã xem và chuyển lên huyện"
FORWARDED = "Xã đã chuyển lên huyện"
NONE_WAITING = "Không có ý tưởng nào đang chờ"


class StepFailed(Exception):
    """The answer did not come, or was not the one expected."""


def photo(seed: int) -> bytes:
    """A small real JPEG, different for every seed (the bot dedupes identical photos)."""
    image = Image.new("RGB", (640, 480), (seed * 37 % 256, 120, 90 + seed % 150))
    draw = ImageDraw.Draw(image)
    for bit in range(32):
        if seed >> bit & 1:
            draw.rectangle((20 * bit, 200, 20 * bit + 15, 280), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # first message of each answer
    by_step: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    completed: Counter[str] = field(default_factory=Counter)  # kind -> conversations
    completed_at: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    mismatches: Counter[str] = field(default_factory=Counter)
    confirmed: dict[str, str] = field(default_factory=dict)  # registration number -> chat
    forwarded: list[str] = field(default_factory=list)  # numbers the officers forwarded
    steps: int = 0
    minutes: float = 0.0  # the run's length when people keep going (0: once each)


@dataclass
class Calibration:
    """Messages in each step's answer: (kind, channel, step) -> count; and one answer each."""

    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    samples: dict[tuple[str, str, str], str] = field(default_factory=dict)


class Chat:
    """One person's chat; subclasses say how an action is made on their app."""

    channel = ""

    def __init__(
        self,
        key: str,
        inbox: Inbox,
        kind: str,
        stats: Stats,
        cal: Calibration,
        calibrating: bool,
        timeout: float,
    ) -> None:
        self.key = key
        self.inbox = inbox
        self.kind = kind
        self.stats = stats
        self.cal = cal
        self.calibrating = calibrating
        self.timeout = timeout
        self.last = ""
        self.notices: list[str] = []
        self.unhandled = 0  # notices come since the officer last looked at the list
        self.taken = 0  # messages read off the inbox (answers and notices)
        self.expected = 0  # messages this chat's steps were calibrated to get

    def is_notice(self, text: str) -> bool:
        return OFFICER_NOTICE in text or PRODUCER_NOTICE in text

    async def _next(self, deadline: float) -> tuple[float, str, Any]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        item = await asyncio.wait_for(self.inbox.queue.get(), left)
        self.taken += 1
        return item

    async def step(self, name: str, act: Callable[[], Any], marker: str | None = None) -> str:
        """Do `act`, wait for its answer (by the calibrated count), check `marker` is in it."""
        key = (self.kind, self.channel, name)
        sent_at = time.monotonic()
        act()
        deadline = sent_at + self.timeout
        texts: list[str] = []
        first: float | None = None
        want = self.cal.counts.get(key)
        try:
            while True:
                if self.calibrating and texts:
                    try:
                        at, text, payload = await asyncio.wait_for(
                            self.inbox.queue.get(), CALIBRATION_QUIET
                        )
                        self.taken += 1
                    except TimeoutError:
                        break
                else:
                    at, text, payload = await self._next(deadline)
                if self.is_notice(text):
                    self.notices.append(text)
                    self.unhandled += 1
                    continue
                if at < sent_at:
                    self.stats.mismatches[f"{name}: a message from before the step"] += 1
                if first is None:
                    first = at
                texts.append(text)
                self.seen(payload)
                if not self.calibrating and want is not None and len(texts) >= want:
                    break
        except TimeoutError:
            got = " | ".join(t[:60] for t in texts)
            raise StepFailed(f"{self.kind}/{self.channel} {name}: timed out, got {got!r}") from None
        answer = "\n".join(texts)
        if self.calibrating:
            self.cal.counts[key] = len(texts)
            self.cal.samples[key] = answer
        self.expected += self.cal.counts.get(key, len(texts))
        if first is not None:
            self.stats.latencies.append(first - sent_at)
            self.stats.by_step[f"{self.kind}/{name.split('-')[0]}"].append(first - sent_at)
        self.stats.steps += 1
        if marker is not None and marker not in answer:
            raise StepFailed(f"{self.kind}/{self.channel} {name}: {marker!r} not in {answer!r}")
        self.last = answer
        return answer

    def seen(self, payload: Any) -> None:
        """An answer's message was read (Telegram keeps its buttons for the next press)."""

    # What each app does; `option` is the start of a label or a number from 1.
    def say(self, text: str) -> None:
        raise NotImplementedError

    def choose(self, option: str | int) -> None:
        raise NotImplementedError

    def share_phone(self, phone: str) -> None:
        raise NotImplementedError

    async def photos(self, name: str, photos: list[bytes], marker: str | None) -> str:
        raise NotImplementedError


class TelegramChat(Chat):
    channel = "telegram"

    def __init__(self, tg: LoadTelegram, user_id: int, *args: Any) -> None:
        super().__init__(str(user_id), tg.inboxes.inbox(str(user_id)), *args)
        self.tg = tg
        self.user = tg.user(user_id, "Hoa")
        self.keyboard: Sent | None = None

    def seen(self, payload: Any) -> None:
        if isinstance(payload, Sent) and payload.buttons:
            self.keyboard = payload

    def say(self, text: str) -> None:
        self.tg.send_text(self.user, text)

    def choose(self, option: str | int) -> None:
        keyboard = self.keyboard
        if keyboard is None:
            raise StepFailed(f"no buttons for {option!r} in {self.last!r}")
        buttons = keyboard.buttons
        if isinstance(option, int):
            data = buttons[option - 1][1]
        else:
            found = [d for label, d in buttons if label.startswith(option)]
            if not found:
                raise StepFailed(f"no button {option!r} in {buttons}")
            data = found[0]
        self.tg.press(self.user, keyboard, data)

    def share_phone(self, phone: str) -> None:
        digits = re.sub(r"\D", "", phone)
        self.tg.send_contact(self.user, "84" + digits[1:])

    async def photos(self, name: str, photos: list[bytes], marker: str | None) -> str:
        if len(photos) == 1:
            return await self.step(name, lambda: self.tg.send_photo(self.user, photos[0]), marker)
        return await self.step(name, lambda: self.tg.send_album(self.user, photos), marker)


class ZaloChat(Chat):
    channel = "zalo"

    def __init__(self, zalo: LoadZalo, user_id: str, *args: Any) -> None:
        super().__init__(user_id, zalo.inboxes.inbox(user_id), *args)
        self.zalo = zalo
        self.user = zalo.user(user_id)

    def say(self, text: str) -> None:
        self.zalo.send_text(self.user, text)

    def choose(self, option: str | int) -> None:
        labels = numbered_options(self.last)
        if isinstance(option, int):
            number: int | None = option
        else:
            number = next((n for n, lb in enumerate(labels, 1) if lb.startswith(option)), None)
        if number is None:
            raise StepFailed(f"no option {option!r} in {self.last!r}")
        self.say(str(number))

    def share_phone(self, phone: str) -> None:
        self.say(phone)

    async def photos(self, name: str, photos: list[bytes], marker: str | None) -> str:
        answers = []
        for n, data in enumerate(photos, 1):
            last = n == len(photos)
            answers.append(
                await self.step(
                    f"{name}-{n}",
                    lambda data=data: self.zalo.send_photo(self.user, data),  # type: ignore[misc]
                    marker if last else None,
                )
            )
        self.last = "\n".join(answers)
        return self.last


# --------------------------------------------------------------------------- conversations


@dataclass(frozen=True)
class Place:
    """Where a producer registers: the district's and the commune's number in the lists."""

    district: int
    commune: int
    commune_name: str


async def register(chat: Chat, place: Place, seed: int, stats: Stats) -> str:
    """A whole registration with three photos; the registration number."""
    s = chat.step
    await s("start", lambda: chat.say("/start"), "Đăng ký ý tưởng")
    await s("register", lambda: chat.choose("Đăng ký ý tưởng"), "Bước 1/12")
    await s("name", lambda: chat.say("Nguyễn Thị Hoa"), "Bước 2/12")
    await s("type", lambda: chat.choose("Hợp tác xã"), "Bước 3/12")
    await s("phone", lambda: chat.share_phone(PHONE), "Bước 4/12")
    await s("district", lambda: chat.choose(place.district), "Bước 4/12. Xã")
    await s("commune", lambda: chat.choose(place.commune), "Bước 5/12")
    await s("product", lambda: chat.say(PRODUCT), "Bước 6/12")
    await s("group", lambda: chat.choose("Thực phẩm"), "Bước 7/12")
    await s("value", lambda: chat.say("Mật ong nguyên chất từ hoa rừng"), "Bước 8/12")
    await s("market", lambda: chat.choose("Trong tỉnh"), "Bước 9/12")
    await s("volume", lambda: chat.say("2 tấn"), "Bước 10/12")
    await s("price", lambda: chat.say("150k/kg"), "Bước 11/12")
    await s("story", lambda: chat.say("Nghề nuôi ong của gia đình đã có từ ba đời"), "Bước 12/12")
    await chat.photos("photos", [photo(seed * 3 + k) for k in range(3)], "Đã nhận ảnh 3/5")
    summary = await s("done", lambda: chat.choose("Xong"), "3 ảnh")
    if short_name(place.commune_name) not in summary:
        raise StepFailed(f"{place.commune_name} not in the summary {summary!r}")
    done = await s("submit", lambda: chat.choose("Gửi đăng ký"), "✅ Đã gửi đăng ký")
    found = re.search(r"Số phiếu: (\S+)", done)
    if found is None:
        raise StepFailed(f"no number in {done!r}")
    stats.confirmed[found.group(1)] = chat.key
    return found.group(1)


async def check_stamps(chat: Chat, stamp_png: bytes, serial: str) -> None:
    """A consumer: the menu, a photo of a real stamp, then another stamp's serial typed."""
    s = chat.step
    await s("start", lambda: chat.say("/start"), "Kiểm tra tem")
    await chat.photos("stamp-photo", [stamp_png], "✅ Tem OCOP chính hãng")
    await s("serial", lambda: chat.say(serial), serial)


async def enrol(chat: Chat, code: str) -> None:
    await chat.step("enrol", lambda: chat.say(f"/canbo {code}"), "✅ Anh/chị đã được ghi nhận")


async def review_one(chat: Chat, listed: str | None, stats: Stats) -> str:
    """From /review (or the list an action's answer ended with): open the oldest waiting idea,
    forward it to the district without a note; the answer (which ends with the list)."""
    s = chat.step
    if listed is None:
        listed = await s("review", lambda: chat.say("/review"), "Ý tưởng chờ anh/chị xử lý")
    opened = await s("open", lambda: chat.choose(PRODUCT), "Anh/chị xử lý ý tưởng này thế nào?")
    found = re.search(r"số (\S+)\n", opened) or re.search(r"số (\S+)", opened)
    await s("forward", lambda: chat.choose("Chuyển lên huyện"), "Ghi chú thêm")
    done = await s("no-note", lambda: chat.choose("Bỏ qua"), FORWARDED)
    if found is not None:
        stats.forwarded.append(found.group(1).rstrip(",.:"))
    return done


async def officer_loop(chat: Chat, stats: Stats, expected: int, until: Callable[[], bool]) -> int:
    """Review until `expected` ideas were forwarded, or, when `until()`, none wait any more:
    on a notice the list is asked for (/review); while an action's answer lists ideas still
    waiting, the next is opened from it."""
    done = 0
    listed: str | None = None
    more = False  # the last answer said ideas are still waiting
    while done < expected:
        if not more and not chat.unhandled and not chat.inbox.queue.qsize():
            if until():
                break
            await asyncio.sleep(0.2)
            continue
        while chat.inbox.queue.qsize():  # notices come meanwhile: read now
            _, text, _ = chat.inbox.queue.get_nowait()
            chat.taken += 1
            if chat.is_notice(text):
                chat.notices.append(text)
            else:
                stats.mismatches["officer: a message not a notice between reviews"] += 1
        chat.unhandled = 0
        answer = await review_one(chat, listed, stats)
        done += 1
        stats.completed["officer review"] += 1
        stats.completed_at.append(time.monotonic())
        more = NONE_WAITING not in answer
        tail = answer.split(FORWARDED, 1)[-1]
        listed = answer if more and PRODUCT in tail else None
    return done


Job = Callable[[], Awaitable[None]]


def guarded(job: Job, stats: Stats, label: str) -> Job:
    """A person's failure is counted and kept, not raised: the others go on."""

    async def run() -> None:
        try:
            await job()
        except StepFailed as failure:
            stats.failures.append(f"{label}: {failure}")
        except Exception as error:  # whatever it is, it is the finding
            stats.failures.append(f"{label}: {type(error).__name__}: {error}")

    return run


def leftovers(chats: list[Chat]) -> dict[str, int]:
    """Messages still unread in each chat once all is quiet: answers sent more than once (or
    notices), by kind of message."""
    found: dict[str, int] = defaultdict(int)
    for chat in chats:
        while chat.inbox.queue.qsize():
            _, text, _ = chat.inbox.queue.get_nowait()
            chat.taken += 1
            if chat.is_notice(text):
                chat.notices.append(text)
            else:
                found[f"{chat.kind}/{chat.channel}: {text[:50]!r}"] += 1
    return dict(found)
