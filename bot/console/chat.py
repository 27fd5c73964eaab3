"""The console channel: talk to the bot in a terminal, or pipe a conversation through it.

Options show as numbered lines, as on Zalo. `/photo PATH` sends a photo file, `/file PATH` a
document (a PDF, a Word file) as Telegram sends a file.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import stat
import uuid
from collections.abc import AsyncGenerator
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.app import App
from flows.messages import DocumentAttachment, Inbound, PhotoAttachment, Reply
from flows.texts import t
from handlers.ports import PhotoTooLarge, RecipientAway
from storage.unit_of_work import UnitOfWork


class ConsoleChannel:
    def __init__(self, out: TextIO, photo_dir: Path, user_id: str | None = None) -> None:
        self.out = out
        self.photo_dir = photo_dir
        # The one person at this terminal; what is meant for others waits for their chat.
        self.user_id = user_id

    @property
    def name(self) -> str:
        return "console"

    async def send(self, chat_id: str, reply: Reply) -> None:
        if self.user_id is not None and chat_id != self.user_id:
            raise RecipientAway(f"{chat_id} is not at this console")
        lines = [reply.text]
        lines += [f"{i}. {option.label}" for i, option in enumerate(reply.options, start=1)]
        if reply.photo:
            lines.insert(0, f"[ảnh/photo: {self.photo_dir / reply.photo[:2] / reply.photo}.jpg]")
        if reply.document:
            lines.append(f"[tệp/file: {reply.document}]")
        self.out.write("\n".join(lines) + "\n\n")
        self.out.flush()

    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        path = Path(photo.ref).expanduser()
        if path.stat().st_size > max_bytes:
            raise PhotoTooLarge(str(path))
        return await asyncio.to_thread(path.read_bytes)

    async def download_document(self, document: DocumentAttachment, max_bytes: int) -> bytes:
        path = Path(document.ref).expanduser()
        if path.stat().st_size > max_bytes:
            raise PhotoTooLarge(str(path))
        return await asyncio.to_thread(path.read_bytes)


def _path_after(text: str, command: str) -> str:
    return text[len(command) :].strip().strip("\"'")


def parse_line(line: str, user_id: str) -> Inbound | None:
    """One typed line as an inbound message (None for an empty line)."""
    text = line.strip()
    if not text:
        return None
    inbound = Inbound("console", user_id, user_id, uuid.uuid4().hex, text=text)
    if text.startswith("/photo"):
        path = _path_after(text, "/photo")
        photo = PhotoAttachment(ref=path, filename=Path(path).name)
        return replace(inbound, text=None, photos=(photo,))
    if text == "/file" or text.startswith("/file "):
        # The path, not the bytes: the inbox keeps the message, and the file is read when handled.
        path = _path_after(text, "/file")
        document = DocumentAttachment(ref=path, file_name=Path(path).name or None)
        return replace(inbound, text=None, documents=(document,))
    if text.startswith("/") and len(text) > 1:
        command, _, arg = text[1:].partition(" ")
        return replace(inbound, command=command.lower(), command_arg=arg.strip() or None)
    return inbound


async def set_language(app: App, user_id: str, lang: str) -> None:
    async with UnitOfWork(app.database) as uow:
        user = await uow.users.get_or_create("console", user_id, None, lang, app.clock.now())
        await uow.users.set_language(user.id, lang)
        await uow.commit()


def _may_block(fd: int) -> bool:
    """A terminal, a pipe or a socket: reading waits for someone. A file or /dev/null does not."""
    mode = os.fstat(fd).st_mode
    return os.isatty(fd) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


async def read_lines(stdin: TextIO) -> AsyncGenerator[str, None]:
    """The lines of `stdin` until the end of input.

    A terminal or a pipe is read by the event loop when it has something, so that Ctrl-C ends
    the chat at once: a thread blocked in `readline` kept the process waiting for Enter, and
    a daemon thread left behind broke the interpreter's exit. A file never blocks.
    """
    try:
        fd: int | None = stdin.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        fd = None
    if fd is None or not _may_block(fd):
        while line := await asyncio.to_thread(stdin.readline):
            yield line
        return
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()
    decoder = codecs.getincrementaldecoder(stdin.encoding or "utf-8")(errors="replace")
    partial = ""

    def readable() -> None:
        nonlocal partial
        try:
            chunk = os.read(fd, 65536)  # returns what is there: the loop saw it readable
        except OSError:
            chunk = b""
        text = partial + decoder.decode(chunk, final=not chunk)
        *complete, partial = text.split("\n")
        for line in complete:
            lines.put_nowait(line + "\n")
        if not chunk:
            loop.remove_reader(fd)
            if partial:
                lines.put_nowait(partial)  # a last line without its newline
            lines.put_nowait("")

    loop.add_reader(fd, readable)
    try:
        while line := await lines.get():
            yield line
    finally:
        loop.remove_reader(fd)


async def chat(app: App, user_id: str, lang: str | None, stdin: TextIO, out: TextIO) -> None:
    """Talk as `user_id` until the end of input (or Ctrl-C, which cancels this task).

    Only this person's replies are delivered here: the outbox may hold replies for other console
    users (a run that was killed), and those wait for their own person's next run.
    """
    channel = ConsoleChannel(out, app.photo_store.root, user_id)
    app.add_channel(channel)
    if lang:
        await set_language(app, user_id, lang)
    interactive = stdin.isatty()
    if interactive:
        out.write(t("CONSOLE_BANNER", lang or app.settings.lang) + "\n\n")
    await app.outbox.deliver_pending(only=[(channel.name, user_id)])
    lines = read_lines(stdin)
    try:
        while True:
            if interactive:
                out.write("> ")
                out.flush()
            line = await anext(lines, "")
            if not line:
                break
            if not interactive:
                out.write(f"> {line.rstrip()}\n")
            inbound = parse_line(line, user_id)
            if inbound is not None:
                await app.dispatcher.handle(inbound)
    except asyncio.CancelledError:
        if interactive:
            out.write("\n")  # the shell's prompt on a line of its own after "> ^C"
            out.flush()
        raise
    finally:
        await lines.aclose()
