"""The fake Telegram and Zalo servers of tests/e2e, fitted for thousands of people at once.

The test fakes wake every waiter on every send and (Zalo) find a chat's messages by scanning
all of them: fine for a handful of users, quadratic for 2,000. Here each send is also put on
its chat's own queue, so a simulated person waits only for its own messages. Zalo's webhook
pushes are made concurrent and fanned out to every process that registered one, in turn, as
Telegram's are with `webhook_fanout` (a load balancer in front of several processes).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import defaultdict
from typing import Any

import aiohttp
from aiohttp import web

from tests.e2e import fake_telegram, fake_zalo


class Inbox:
    """What reached one chat, in order, with the time the fake accepted it."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[float, str, Any]] = asyncio.Queue()
        self.count = 0


class Inboxes:
    def __init__(self) -> None:
        self._by_chat: dict[str, Inbox] = defaultdict(Inbox)

    def inbox(self, chat: str) -> Inbox:
        return self._by_chat[chat]

    def put(self, chat: str, at: float, text: str, payload: Any = None) -> None:
        box = self._by_chat[chat]
        box.count += 1
        box.queue.put_nowait((at, text, payload))

    def counts(self) -> dict[str, int]:
        return {chat: box.count for chat, box in self._by_chat.items()}


class LoadTelegram(fake_telegram.FakeTelegram):
    """The fake Telegram Bot API; every send also lands in `inboxes` (keyed by str(chat))."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(webhook_fanout=True, max_poll_wait=10.0, **kw)
        self.inboxes = Inboxes()
        # The public address every process registers, and where each process really is.
        self.public = ""
        self.backends: list[str] = []

    async def __aenter__(self) -> LoadTelegram:
        await self.start()
        return self

    async def _m_setwebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> web.Response:
        response = await super()._m_setwebhook(params, files)
        url = str(params.get("url") or "")
        if self.public and url.startswith(self.public):
            self.webhook_targets = [
                (url.replace(self.public, b, 1), self.webhook_secret) for b in self.backends
            ]
        return response

    def _record(
        self, method: str, params: dict[str, Any], text: str | None, photo: bytes | None
    ) -> fake_telegram.Sent:
        sent = super()._record(method, params, text, photo)
        shown = text or ""
        if sent.buttons:
            shown += "\n" + "\n".join(f"[{label}]" for label, _ in sent.buttons)
        if method == "sendPhoto":
            shown = "[photo] " + shown
        self.inboxes.put(str(sent.chat_id), sent.at, shown, sent)
        return sent


class LoadZalo(fake_zalo.FakeZalo):
    """The fake Zalo Bot API: sends into `inboxes`; webhook pushes concurrent and fanned out."""

    def __init__(self, pushers: int = 40, **kw: Any) -> None:
        # Photo links stay valid for the whole run (the bot fetches them at once anyway).
        super().__init__(photo_ttl=24 * 3600.0, **kw)
        self.inboxes = Inboxes()
        self.pushers = pushers
        self.targets: list[tuple[str, str]] = []
        self._turn = itertools.count()
        self._push_tasks: list[asyncio.Task[None]] = []
        self.delivered_to: dict[str, int] = defaultdict(int)
        self.keep_sent = False  # the list scanned by sent_to: not needed here
        self.public = ""
        self.backends: list[str] = []

    async def __aenter__(self) -> LoadZalo:
        await self.start()
        return self

    def _record(self, sent: fake_zalo.Sent) -> web.Response:
        if self.keep_sent:
            self.sent.append(sent)
        shown = ("[photo] " if sent.method == "sendPhoto" else "") + sent.text
        self.inboxes.put(sent.chat_id, sent.at, shown)
        return fake_zalo._ok({"message_id": sent.message_id, "date": int(time.time() * 1000)})

    async def _m_setWebhook(self, params: dict[str, Any]) -> web.Response:
        response = await super()._m_setWebhook(params)
        if self._pusher is not None:  # the test fake's single sequential pusher
            self._pusher.cancel()
            self._pusher = None
        url, secret = str(params.get("url")), str(params.get("secret_token"))
        if self.public and url.startswith(self.public):
            self.targets = [(url.replace(self.public, b, 1), secret) for b in self.backends]
        else:
            self.targets = [*[t for t in self.targets if t[0] != url], (url, secret)]
        if not self._push_tasks:
            self._push_tasks = [asyncio.create_task(self._push_loop()) for _ in range(self.pushers)]
        return response

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> web.Response:
        if self.targets:  # as Telegram's fan-out: the others keep their updates
            return fake_zalo._ok({"url": "", "updated_at": int(time.time() * 1000)})
        return await super()._m_deleteWebhook(params)

    async def _push_loop(self) -> None:
        while True:
            update = await self._updates.get()
            delay = 0.05
            while True:
                url, secret = self.targets[next(self._turn) % len(self.targets)]
                try:
                    status = await self.push_webhook(update, secret=secret, url=url)
                except (aiohttp.ClientError, TimeoutError, OSError):
                    status = 0
                if 200 <= status < 300:
                    self.delivered_to[url] += 1
                    break
                await asyncio.sleep(delay)  # retried until taken, as a real platform does
                delay = min(delay * 2, 1.0)

    async def stop(self) -> None:
        for task in self._push_tasks:
            task.cancel()
        await asyncio.gather(*self._push_tasks, return_exceptions=True)
        await super().stop()
