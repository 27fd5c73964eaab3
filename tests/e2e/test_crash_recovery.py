"""A SIGKILL in the middle of a busy moment: eight producers registering at once over
Telegram polling, the real `ocop-bot run` killed and started again. Every update was recorded
before Telegram was told it arrived, so each one is handled after the restart: every producer
finishes with a registration number, nobody is met with silence, no idea is stored twice."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.cli.export import COLUMNS
from flows.texts import t
from tests.e2e.drivers import TelegramDriver
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.scenarios import HONEY, registration_number
from tests.e2e.support import STEP_TIMEOUT, BotProcess, jpeg, telegram_bot

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("signals", allow_module_level=True)

pytestmark = [pytest.mark.e2e]

PRODUCERS = 8
RECEIVED = t("PHOTO_RECEIVED", "vi").split("{")[0]  # "✅ Đã nhận ảnh "
HEADERS = {column.key: column.header("vi") for column in COLUMNS}  # the export's, in Vietnamese

Answer = Callable[[TelegramDriver, int], Awaitable[str]]


async def _done_with_photos(chat: TelegramDriver, n: int) -> str:
    if any(label.startswith("Xong") for label in chat.options()):
        return await chat.choose("Xong")
    return await chat.say("xong")


# Each question of the registration (its text up to the first example or placeholder) and how
# a producer answers it: by the flow's own texts, so that renumbered steps do not matter.
ANSWERS: dict[str, Answer] = {
    "ASK_APPLICANT_NAME": lambda chat, n: chat.say(f"Nguyễn Thị Hoa {n}"),
    "ASK_APPLICANT_TYPE": lambda chat, n: chat.choose("Hợp tác xã"),
    "ASK_PHONE": lambda chat, n: chat.share_phone("0912 345 678"),
    "ASK_DISTRICT": lambda chat, n: chat.choose("Huyện Vũ Quang"),
    "ASK_COMMUNE": lambda chat, n: chat.choose("Xã Ân Phú"),
    "ASK_PRODUCT_NAME": lambda chat, n: chat.say(HONEY),
    "ASK_PRODUCT_GROUP": lambda chat, n: chat.choose("Thực phẩm"),
    "ASK_CORE_VALUE": lambda chat, n: chat.say("Mật ong nguyên chất từ hoa rừng"),
    "ASK_TARGET_MARKET": lambda chat, n: chat.choose("Trong tỉnh"),
    "ASK_VOLUME": lambda chat, n: chat.say("2 tấn"),
    "ASK_PRICE": lambda chat, n: chat.say("150.000 đ"),
    "ASK_STORY": lambda chat, n: chat.say("Nghề nuôi ong của gia đình đã có từ ba đời"),
    "ASK_PHOTOS": lambda chat, n: chat.send_photos([jpeg(3 * n + k) for k in range(1, 4)]),
    "ASK_MORE_PHOTOS": _done_with_photos,
    "PHOTO_RECEIVED": _done_with_photos,
    "SUMMARY_HEAD": lambda chat, n: chat.choose("Gửi đăng ký"),
}


def _question(key: str) -> str:
    return t(key, "vi").split("{")[0].split("\n")[0]


def _asked(answer: str) -> str | None:
    """The key of the question asked last in `answer`."""
    places = {key: answer.rfind(_question(key)) for key in ANSWERS}
    key, place = max(places.items(), key=lambda item: item[1])
    return key if place >= 0 else None


async def register(chat: TelegramDriver, n: int) -> str:
    """A whole registration, answering each question the bot asks (buttons where it offers
    them, the phone shared, three photos as an album); the registration number. Every
    message must be answered within STEP_TIMEOUT."""
    assert "Đăng ký ý tưởng" in await chat.say("/start")
    answer = await chat.choose("Đăng ký ý tưởng")
    for _ in range(40):
        if "Số phiếu:" in answer:
            return registration_number(answer)
        key = _asked(answer)
        assert key is not None, f"producer {n}: no question in {answer!r}"
        answer = await ANSWERS[key](chat, n)
    raise AssertionError(f"producer {n} never got to the end: {answer!r}")


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = telegram_bot(tg, tmp_path / "var")
    yield process
    await process.kill()


def album_in_hand(tg: FakeTelegram, driver: TelegramDriver) -> bool:
    """Whether the producer's album was confirmed to Telegram while its last photo is not
    handled yet (the chat's updates go one at a time, each until its reply is delivered)."""
    album = [
        update_id
        for update_id, update in tg.injected.items()
        if tg.chat_of_update(update_id) == driver.user.id
        and "media_group_id" in update.get("message", {})
    ]
    acks = [m for m in tg.sent_to(driver.user.id) if RECEIVED in (m.text or "")]
    return len(album) == 3 and max(album) < tg.confirmed_offset and len(acks) < 2


async def test_eight_producers_finish_across_a_sigkill(tg: FakeTelegram, bot: BotProcess) -> None:
    tg.send_delay = 0.4  # replies take a moment, so that a chat's later updates wait in hand
    await bot.start()
    drivers = [TelegramDriver(tg, tg.user(5200000001 + i)) for i in range(PRODUCERS)]
    registrations = [
        asyncio.create_task(register(d, i), name=f"producer {i}") for i, d in enumerate(drivers)
    ]
    # Kill when a producer's photos were taken from Telegram and are not all handled.
    deadline = time.monotonic() + 4 * STEP_TIMEOUT
    while not any(album_in_hand(tg, d) for d in drivers):
        assert time.monotonic() < deadline, "no album was ever in hand"
        for registration in registrations:
            if registration.done():
                registration.result()  # a producer failed before the kill: its error
                raise AssertionError("a producer finished before the kill")
        await asyncio.sleep(0.01)
    await bot.stop(signal.SIGKILL)
    killed_at = time.monotonic()
    tg.send_delay = 0.0
    await bot.start()

    numbers = await asyncio.wait_for(asyncio.gather(*registrations), 4 * STEP_TIMEOUT)
    assert len(set(numbers)) == PRODUCERS, numbers
    assert await bot.stop() == 0
    rows = await bot.export_ideas()
    # Nothing doubled: one idea per producer, each under the number its producer was given.
    number, product, photos = (
        HEADERS[k] for k in ("registration_number", "product_name", "photo_count")
    )
    assert sorted(r[number] for r in rows) == sorted(numbers)
    assert all(r[product] == HONEY and r[photos] == "3" for r in rows), rows
    # Nobody met with silence: every update a producer sent was answered after it was sent
    # (the scenario waited for each answer; this also covers those sent around the kill).
    for driver in drivers:
        sent = [s.at for s in tg.sent_to(driver.user.id)]
        mine = [
            at for uid, at in tg.injected_at.items() if tg.chat_of_update(uid) == driver.user.id
        ]
        assert mine and all(any(at > injected for at in sent) for injected in mine)
    assert any(at > killed_at for d in drivers for at in (s.at for s in tg.sent_to(d.user.id)))
    # What was in hand at the kill was handled from the inbox, not fetched again.
    assert "inbox: handling" in bot.log(), bot.tail()
