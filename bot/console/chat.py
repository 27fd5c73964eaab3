"""The console channel: talk to the bot in a terminal, or pipe a conversation through it.

Options show as numbered lines, as on Zalo. `/photo PATH` sends a photo file.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.app import App
from flows.messages import Inbound, PhotoAttachment, Reply
from flows.texts import t
from handlers.ports import PhotoTooLarge
from storage.unit_of_work import UnitOfWork


class ConsoleChannel:
    def __init__(self, out: TextIO, photo_dir: Path) -> None:
        self.out = out
        self.photo_dir = photo_dir

    @property
    def name(self) -> str:
        return "console"

    async def send(self, chat_id: str, reply: Reply) -> None:
        lines = [reply.text]
        lines += [f"{i}. {option.label}" for i, option in enumerate(reply.options, start=1)]
        if reply.photo:
            lines.insert(0, f"[ảnh/photo: {self.photo_dir / reply.photo[:2] / reply.photo}.jpg]")
        self.out.write("\n".join(lines) + "\n\n")
        self.out.flush()

    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        path = Path(photo.ref).expanduser()
        if path.stat().st_size > max_bytes:
            raise PhotoTooLarge(str(path))
        return await asyncio.to_thread(path.read_bytes)


def parse_line(line: str, user_id: str) -> Inbound | None:
    """One typed line as an inbound message (None for an empty line)."""
    text = line.strip()
    if not text:
        return None
    inbound = Inbound("console", user_id, user_id, uuid.uuid4().hex, text=text)
    if text.startswith("/photo"):
        path = text[len("/photo") :].strip().strip("\"'")
        photo = PhotoAttachment(ref=path, filename=Path(path).name)
        return replace(inbound, text=None, photos=(photo,))
    if text.startswith("/") and len(text) > 1:
        command, _, arg = text[1:].partition(" ")
        return replace(inbound, command=command.lower(), command_arg=arg.strip() or None)
    return inbound


async def set_language(app: App, user_id: str, lang: str) -> None:
    async with UnitOfWork(app.database) as uow:
        user = await uow.users.get_or_create("console", user_id, None, lang, app.clock.now())
        await uow.users.set_language(user.id, lang)
        await uow.commit()


async def chat(app: App, user_id: str, lang: str | None, stdin: TextIO, out: TextIO) -> None:
    channel = ConsoleChannel(out, app.photo_store.root)
    app.add_channel(channel)
    if lang:
        await set_language(app, user_id, lang)
    interactive = stdin.isatty()
    if interactive:
        out.write(t("CONSOLE_BANNER", lang or app.settings.lang) + "\n\n")
    await app.outbox.deliver_pending()
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        if not interactive:
            out.write(f"> {line.rstrip()}\n")
        inbound = parse_line(line, user_id)
        if inbound is not None:
            await app.dispatcher.handle(inbound)
