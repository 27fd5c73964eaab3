"""One user talking to the real bot, the same way on every channel.

A scenario speaks to a `ChatDriver`; each driver does what a person does in that app:
on Telegram a button press where there are buttons, the share-phone button, photos as an album;
on Zalo and the console the number of a listed option (or the words), the phone typed, one
photo a message. Every action waits for the bot's answer and returns what the user sees.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tests.e2e import fake_telegram, fake_zalo
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.fake_zalo import FakeZalo
from tests.e2e.support import OCOP_BOT, STEP_TIMEOUT

# Seconds without a new message after which the bot's answer is complete. The bot sends at
# most about one message a second to a chat (handlers/rate_limit.py), so an answer of two
# messages (a correction, then the question again) can have a second's gap inside it.
QUIET = 1.1
# Notices for others are written in the actor's transaction and sent beside the actor's
# answer: once that answer is complete, a short quiet is enough to see them all.
NOTICE_QUIET = 0.3


class ChatDriver(Protocol):
    """What a scenario may do; every call returns the bot's answer as the user sees it."""

    @property
    def channel(self) -> str: ...

    async def say(self, text: str) -> str:
        """Type and send `text`."""
        ...

    async def choose(self, option: str | int, words: str | None = None) -> str:
        """Pick an offered option: by the start of its label or by its number (from 1).
        Where there are no buttons, type its number, or `words` when given."""
        ...

    async def send_photos(self, photos: list[bytes]) -> str:
        """Send photos: an album where the app has albums, else one message each."""
        ...

    async def share_phone(self, phone: str) -> str:
        """Give a phone number written as a person writes it (0912 345 678): the app's
        share-contact button where there is one, else typed."""
        ...

    async def wait_for(self, text: str) -> str:
        """Wait until an answer since the last action holds `text`; the answer so far."""
        ...

    def last_reply(self) -> str:
        """The answer to the last action."""
        ...

    def options(self) -> list[str]:
        """The labels of the latest list of options offered."""
        ...

    async def waiting(self) -> str:
        """What came for this user unasked (notices from other people's steps) since their
        last action, which becomes the last reply (its options can be chosen)."""
        ...


def numbered_options(text: str) -> list[str]:
    """The labels of the last numbered list ("1. Thực phẩm", "2. Đồ uống") in `text`."""
    lists: list[list[str]] = []
    for line in text.splitlines():
        match = re.fullmatch(r"(\d+)\. (.+)", line.strip())
        if match is None:
            continue
        number, label = int(match.group(1)), match.group(2)
        if number == 1:
            lists.append([label])
        elif lists and number == len(lists[-1]) + 1:
            lists[-1].append(label)
    return lists[-1] if lists else []


def _typed_choice(labels: list[str], option: str | int, words: str | None, seen: str) -> str:
    if isinstance(option, int):
        assert 1 <= option <= len(labels), f"no option {option} in {labels}"
        return str(option)
    number = next((i for i, label in enumerate(labels, 1) if label.startswith(option)), None)
    assert number is not None, f"no option {option!r} in {seen!r}"
    return words if words is not None else str(number)


def _international(phone: str) -> str:
    """0912 345 678 -> 84912345678, as Telegram shares a contact's number."""
    digits = re.sub(r"\D", "", phone)
    return "84" + digits[1:] if digits.startswith("0") else digits


# --------------------------------------------------------------------------------- Telegram


@dataclass
class TelegramDriver:
    """One Telegram user, through the fake Telegram Bot API."""

    tg: FakeTelegram
    user: fake_telegram.FakeUser
    last: list[fake_telegram.Sent] = field(default_factory=list)

    @property
    def channel(self) -> str:
        return "telegram"

    async def _replies(self, at_least: int = 1) -> str:
        self.last = await self.tg.settle(
            self.user.id, quiet=QUIET, timeout=STEP_TIMEOUT, at_least=at_least
        )
        return self.last_reply()

    def last_reply(self) -> str:
        """The texts and captions, and each button label as [label]."""
        lines = []
        for m in self.last:
            lines.append(m.text or "")
            lines.extend(f"[{label}]" for label, _ in m.buttons)
        return "\n".join(lines)

    def _keyboard(self) -> fake_telegram.Sent:
        keyboard = next((m for m in reversed(self.last) if m.buttons), None)
        assert keyboard is not None, f"no buttons in {self.last_reply()!r}"
        return keyboard

    def options(self) -> list[str]:
        return [label for label, _ in self._keyboard().buttons]

    async def say(self, text: str) -> str:
        self.tg.send_text(self.user, text)
        return await self._replies()

    async def choose(self, option: str | int, words: str | None = None) -> str:
        """Press the button: the `option`-th, or the one whose label starts with `option`."""
        keyboard = self._keyboard()
        if isinstance(option, int):
            assert 1 <= option <= len(keyboard.buttons), f"no button {option}"
            data = keyboard.buttons[option - 1][1]
        else:
            found = (d for label, d in keyboard.buttons if label.startswith(option))
            pressed = next(found, None)
            assert pressed is not None, f"no button {option!r} in {keyboard.buttons}"
            data = pressed
        self.tg.press(self.user, keyboard, data)
        return await self._replies()

    async def share_phone(self, phone: str) -> str:
        markup = next((m.keyboard for m in reversed(self.last) if m.keyboard), [])
        assert any(b.get("request_contact") for b in markup), "no share-phone button"
        self.tg.send_contact(self.user, _international(phone))
        return await self._replies()

    async def send_photos(self, photos: list[bytes]) -> str:
        if len(photos) == 1:
            self.tg.send_photo(self.user, photos[0])
        else:
            self.tg.send_album(self.user, photos)
        return await self._replies(at_least=len(photos))

    async def wait_for(self, text: str) -> str:
        while text not in self.last_reply():
            more = await self.tg.settle(self.user.id, quiet=QUIET, timeout=STEP_TIMEOUT)
            self.last = [*self.last, *more]
        return self.last_reply()

    async def waiting(self) -> str:
        """What came unasked (notices) since the last action; its buttons can be pressed."""
        self.last = await self.tg.settle(
            self.user.id, quiet=NOTICE_QUIET, timeout=STEP_TIMEOUT, at_least=0
        )
        return self.last_reply()

    def documents(self) -> list[bytes]:
        """The files (sendDocument) in the answer to the last action."""
        return [m.photo for m in self.last if m.method == "sendDocument" and m.photo]

    def check_keyboards_after_registration(self) -> None:
        """No spinner left turning, no phone keyboard left standing."""
        presses = [c for m, c in self.tg.calls if m == "answerCallbackQuery"]
        assert len(presses) == len(self.tg.callback_answers) >= 8
        sent = self.tg.sent_to(self.user.id)
        asked = next(i for i, m in enumerate(sent) if m.keyboard)
        assert any(m.reply_markup == {"remove_keyboard": True} for m in sent[asked + 1 :])


# ------------------------------------------------------------------------------------- Zalo


@dataclass
class ZaloDriver:
    """One Zalo user, through the fake Zalo Bot API. Zalo has no buttons."""

    zalo: FakeZalo
    user: fake_zalo.FakeUser
    last: list[fake_zalo.Sent] = field(default_factory=list)

    @property
    def channel(self) -> str:
        return "zalo"

    async def _replies(self) -> str:
        self.last = await self.zalo.settle(self.user.id, quiet=QUIET, timeout=STEP_TIMEOUT)
        return self.last_reply()

    def last_reply(self) -> str:
        return "\n".join(m.text for m in self.last)

    def options(self) -> list[str]:
        return numbered_options(self.last_reply())

    async def say(self, text: str) -> str:
        self.zalo.send_text(self.user, text)
        return await self._replies()

    async def choose(self, option: str | int, words: str | None = None) -> str:
        return await self.say(_typed_choice(self.options(), option, words, self.last_reply()))

    async def share_phone(self, phone: str) -> str:
        return await self.say(phone)  # no share-contact button on Zalo

    async def send_photos(self, photos: list[bytes]) -> str:
        sent: list[fake_zalo.Sent] = []
        for photo in photos:  # Zalo sends one photo per message
            self.zalo.send_photo(self.user, photo)
            await self._replies()
            sent += self.last
        self.last = sent
        return self.last_reply()

    async def wait_for(self, text: str) -> str:
        while text not in self.last_reply():
            more = await self.zalo.settle(self.user.id, quiet=QUIET, timeout=STEP_TIMEOUT)
            self.last = [*self.last, *more]
        return self.last_reply()

    async def waiting(self) -> str:
        """What came unasked (notices) since the last action."""
        self.last = await self.zalo.settle(
            self.user.id, quiet=NOTICE_QUIET, timeout=STEP_TIMEOUT, at_least=0
        )
        return self.last_reply()


# ---------------------------------------------------------------------------------- console


class ConsoleDriver:
    """One user at `ocop-bot chat --user USER`, its stdin and stdout piped.

    Piped, the console echoes each line as `> line`, then prints the replies. After each
    message the driver also sends an empty line: the bot echoes it as `> ` and ignores it, and
    since lines are handled in turn that echo marks the end of the answer, without guessing
    from silence.
    """

    def __init__(self, env: Mapping[str, str], workdir: Path, user: str) -> None:
        self.env = {**env, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
        self.workdir = workdir
        self.user = user
        self.photo_dir = workdir / f"photos-{user}"
        self.log_path = workdir / f"chat-{user}.log"
        self.proc: asyncio.subprocess.Process | None = None
        self._answer = ""
        self._photos = 0

    @property
    def channel(self) -> str:
        return "console"

    async def start(self) -> None:
        log = self.log_path.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            str(OCOP_BOT),
            *("chat", "--user", self.user),
            env=self.env,
            cwd=self.workdir,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
        )
        log.close()

    async def close(self) -> int:
        """End the chat as a user does (end of input); the exit status."""
        assert self.proc is not None and self.proc.stdin is not None
        if self.proc.returncode is None:
            self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), STEP_TIMEOUT)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        assert self.proc.returncode is not None
        return self.proc.returncode

    async def _readline(self) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        raw = await asyncio.wait_for(self.proc.stdout.readline(), STEP_TIMEOUT)
        if not raw:
            log = self.log_path.read_text(encoding="utf-8", errors="replace")[-5000:]
            raise AssertionError(f"ocop-bot chat ended:\n{log}")
        return raw.decode("utf-8").rstrip("\n")

    async def _line(self, text: str) -> str:
        assert self.proc is not None and self.proc.stdin is not None
        assert "\n" not in text
        self.proc.stdin.write(f"{text}\n\n".encode())
        await self.proc.stdin.drain()
        echo = f"> {text.rstrip()}"
        while (line := await self._readline()) != echo:
            pass  # what an earlier line left unread, if a test stopped reading early
        lines = []
        while (line := await self._readline()) != "> ":
            lines.append(line)
        return "\n".join(lines).strip("\n")

    async def say(self, text: str) -> str:
        self._answer = await self._line(text)
        return self._answer

    def last_reply(self) -> str:
        return self._answer

    def options(self) -> list[str]:
        return numbered_options(self._answer)

    async def choose(self, option: str | int, words: str | None = None) -> str:
        return await self.say(_typed_choice(self.options(), option, words, self._answer))

    async def share_phone(self, phone: str) -> str:
        return await self.say(phone)

    async def send_photos(self, photos: list[bytes]) -> str:
        self.photo_dir.mkdir(exist_ok=True)
        answers = []
        for data in photos:
            self._photos += 1
            ext = "png" if data.startswith(b"\x89PNG") else "jpg"
            path = self.photo_dir / f"photo-{self._photos}.{ext}"
            path.write_bytes(data)
            answers.append(await self._line(f"/photo {path}"))
        self._answer = "\n\n".join(answers)
        return self._answer

    async def wait_for(self, text: str) -> str:
        # Every reply to a line is printed before its end mark: nothing more will come.
        assert text in self._answer, f"{text!r} not in {self._answer!r}"
        return self._answer

    async def waiting(self) -> str:
        """What was printed unasked since the last action: at the start of a run, the notices
        that waited for this person (the chat prints them before reading its first line)."""
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(b"\n")  # echoed as its end mark, "> "
        await self.proc.stdin.drain()
        lines = []
        while (line := await self._readline()) != "> ":
            lines.append(line)
        self._answer = "\n".join(lines).strip("\n")
        return self._answer


@asynccontextmanager
async def console_chat(
    env: Mapping[str, str], workdir: Path, user: str
) -> AsyncIterator[ChatDriver]:
    driver = ConsoleDriver(env, workdir, user)
    await driver.start()
    try:
        yield driver
    finally:
        status = await driver.close()
    assert status == 0, driver.log_path.read_text(encoding="utf-8", errors="replace")[-5000:]
