"""A local fake of the Telegram Bot API for end-to-end tests and benchmarks.

Serves on 127.0.0.1 at a random free port, speaks the real wire format (JSON envelopes,
multipart uploads, /file/bot<token>/<path> downloads) and keeps everything in memory:

    async with FakeTelegram(token) as tg:        # tg.base_url -> OCOP_TELEGRAM_API_URL
        user = tg.user(1001)
        tg.send_text(user, "/start")
        [reply] = await tg.wait_sent(user.id, 1)
        tg.press(user, reply, "ok")

With a webhook registered (setWebhook), injected updates are POSTed to it like Telegram does,
with the secret header, retried until answered 2xx. With `webhook_fanout`, every process that
registers a webhook is kept, and updates go to them in turn (round robin), as a load balancer
in front of several `ocop-bot run` processes would do.

For rate and delivery checks every accepted send's monotonic time is kept (`accepted_at`,
`max_in_window`), and sends can be held (`stall_sends`/`release_sends`): a held send whose
client went away (a killed process) is not recorded, as Telegram never delivered it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import itertools
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

BOT_ID = 7000000001
BOT_USERNAME = "ocop_test_bot"
DEFAULT_TOKEN = f"{BOT_ID}:AAFakeTokenForTestsOnly_abcdefghijklmno"
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})

# The request being answered, for checks that need its connection (a held send's client gone).
_request: contextvars.ContextVar[web.Request | None] = contextvars.ContextVar(
    "fake_telegram_request", default=None
)


@dataclass(frozen=True)
class FakeUser:
    id: int
    first_name: str = "Lan"
    last_name: str | None = "Nguyễn"
    language_code: str | None = "vi"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def chat(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        return data


@dataclass
class Sent:
    """One message the bot sent, as the fake understood the request."""

    method: str
    chat_id: int
    message_id: int
    text: str | None
    reply_markup: dict[str, Any] | None
    photo: bytes | None
    at: float
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of the inline keyboard, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    @property
    def keyboard(self) -> list[dict[str, Any]]:
        rows = (self.reply_markup or {}).get("keyboard", [])
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    path: str
    data: bytes


class FakeTelegram:
    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        max_poll_wait: float = 1.0,
        record_sends: bool = True,
        webhook_fanout: bool = False,
    ) -> None:
        self.token = token
        self.max_poll_wait = max_poll_wait
        self.record_sends = record_sends
        self.webhook_fanout = webhook_fanout
        self.webhook_targets: list[tuple[str, str | None]] = []  # fanout: (url, secret) each
        self.delivered_to: dict[int, str] = {}  # update_id -> the webhook URL that took it
        self._turn = itertools.count()
        self.accepted_at: list[float] = []  # monotonic time of each accepted send, in order
        self._accepted_by_chat: dict[int, list[float]] = {}
        self._sent_by_chat: dict[int, list[Sent]] = {}
        self._stall_all = False
        self._stall_chats: set[int] = set()
        self._stall_release = asyncio.Event()
        self.stalled = 0  # sends held right now
        self.abandoned: list[int] = []  # chats of held sends whose client went away
        self.sent: list[Sent] = []
        self.sent_count = 0
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.callback_answers: list[str] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_deliveries: list[int] = []  # HTTP status of each webhook POST
        self.first_sent_at: dict[int, float] = {}  # update_id -> time of the first reply
        self.injected_at: dict[int, float] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(500000001)
        self._message_ids = itertools.count(1)
        self._file_seq = itertools.count(1)
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._announced: dict[str, int] = {}  # file_id -> the size getFile claims
        self._new_update = asyncio.Event()
        self._new_sent = asyncio.Event()
        self._fail_sends: list[tuple[int, float]] = []  # (count, retry_after or int status)
        self.blocked: set[int] = set()  # chats whose user blocked the bot
        self.send_delay = 0.0  # seconds each send* call takes, to keep replies in flight
        self.sends_in_flight = 0
        self.failed_at: list[float] = []  # when each injected failure was answered
        self._fail_descriptions: dict[int, str] = {}
        self._last_update_by_chat: dict[int, int] = {}
        self.injected: dict[int, dict[str, Any]] = {}  # update_id -> the update
        self.confirmed_offset = 0  # the highest getUpdates offset: updates below are confirmed
        self._webhook_queue: asyncio.Queue[dict[str, Any]] | None = None
        self._webhook_tasks: list[asyncio.Task[None]] = []
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.port = 0
        self._read: dict[int, int] = {}  # chat -> messages already returned by wait_sent

    # ---------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        for task in self._webhook_tasks:
            task.cancel()
        await asyncio.gather(*self._webhook_tasks, return_exceptions=True)
        self._webhook_tasks.clear()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---------------------------------------------------------------- test helpers: users

    def user(self, user_id: int, first_name: str = "Lan", **kw: Any) -> FakeUser:
        return FakeUser(user_id, first_name, **kw)

    def add_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (its update_id is assigned here) and return the id."""
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **update}
        self.injected_at[update_id] = time.monotonic()
        chat = _chat_of(update)
        if chat is not None:
            self._last_update_by_chat[chat] = update_id
        self.injected[update_id] = update
        if self.webhook_url and self._webhook_queue is not None:
            self._webhook_queue.put_nowait(update)
        else:
            self._updates.append(update)
            self._new_update.set()
        return update_id

    def _message(self, user: FakeUser, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "from": user.as_json(),
            "chat": user.chat(),
            "date": int(time.time()),
            **content,
        }

    def send_text(self, user: FakeUser, text: str) -> int:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.add_update({"message": self._message(user, **content)})

    def press(self, user: FakeUser, sent: Sent | None, data: str) -> int:
        """Press an inline button with callback `data` under the bot's message `sent`."""
        query: dict[str, Any] = {
            "id": f"{user.id}{next(self._message_ids)}",
            "from": user.as_json(),
            "chat_instance": f"ci{user.id}",
            "data": data,
        }
        if sent is not None:
            query["message"] = {
                "message_id": sent.message_id,
                "from": self._me(),
                "chat": user.chat(),
                "date": int(time.time()),
                "text": sent.text or "",
            }
        return self.add_update({"callback_query": query})

    def store_file(self, data: bytes, ext: str = "jpg", folder: str = "photos") -> StoredFile:
        n = next(self._file_seq)
        stored = StoredFile(
            file_id=f"AgACAgUAAxkBAAI{n:06d}fake",
            unique_id=f"AQAD{n:06d}",
            path=f"{folder}/file_{n}.{ext}",
            data=data,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.path] = stored
        return stored

    def send_photo(
        self,
        user: FakeUser,
        data: bytes,
        *,
        caption: str | None = None,
        media_group_id: str | None = None,
        width: int = 1280,
        height: int = 960,
    ) -> int:
        big = self.store_file(data)
        thumb = self.store_file(data[:2000] or data)
        sizes = [
            {
                "file_id": thumb.file_id,
                "file_unique_id": thumb.unique_id,
                "file_size": len(thumb.data),
                "width": 90,
                "height": 68,
            },
            {
                "file_id": big.file_id,
                "file_unique_id": big.unique_id,
                "file_size": len(data),
                "width": width,
                "height": height,
            },
        ]
        content: dict[str, Any] = {"photo": sizes}
        if caption:
            content["caption"] = caption
        if media_group_id:
            content["media_group_id"] = media_group_id
        return self.add_update({"message": self._message(user, **content)})

    def send_album(self, user: FakeUser, photos: list[bytes]) -> list[int]:
        group = f"1{next(self._message_ids):017d}"
        return [self.send_photo(user, p, media_group_id=group) for p in photos]

    def send_document(
        self,
        user: FakeUser,
        data: bytes,
        file_name: str,
        mime_type: str | None,
        *,
        caption: str | None = None,
        announced_size: int | None = None,
    ) -> int:
        """A file sent as a file. `announced_size`: the `file_size` the update (and getFile)
        claim instead of the real one; over 20 MB getFile answers "file is too big" as the
        public Bot API does."""
        stored = self.store_file(data, ext=file_name.rsplit(".", 1)[-1], folder="documents")
        size = len(data) if announced_size is None else announced_size
        if announced_size is not None:
            self._announced[stored.file_id] = announced_size
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_name": file_name,
            "file_size": size,
        }
        if mime_type:
            document["mime_type"] = mime_type
        content: dict[str, Any] = {"document": document}
        if caption:
            content["caption"] = caption
        return self.add_update({"message": self._message(user, **content)})

    def send_contact(self, user: FakeUser, phone: str, *, own: bool = True) -> int:
        contact: dict[str, Any] = {"phone_number": phone, "first_name": user.first_name}
        contact["user_id"] = user.id if own else user.id + 1
        return self.add_update({"message": self._message(user, contact=contact)})

    def send_location(self, user: FakeUser, lat: float, lon: float) -> int:
        location = {"latitude": lat, "longitude": lon}
        return self.add_update({"message": self._message(user, location=location)})

    # ---------------------------------------------------------------- test helpers: bot output

    def sent_to(self, chat_id: int) -> list[Sent]:
        return list(self._sent_by_chat.get(chat_id, ()))

    def count_to(self, chat_id: int) -> int:
        """Sends accepted for `chat_id` (kept also with `record_sends` off)."""
        return len(self._accepted_by_chat.get(chat_id, ()))

    def accepted_per_chat(self) -> dict[int, int]:
        return {chat: len(times) for chat, times in self._accepted_by_chat.items()}

    def max_in_window(self, window: float = 1.0, chat_id: int | None = None) -> int:
        """The most sends accepted in any sliding `window` seconds: overall, or to one chat."""
        times = self.accepted_at if chat_id is None else self._accepted_by_chat.get(chat_id, [])
        return _densest(times, window)

    def max_in_window_per_chat(self, window: float = 1.0) -> int:
        """The most sends one chat was given in any sliding `window` seconds."""
        return max((_densest(t, window) for t in self._accepted_by_chat.values()), default=0)

    # ---------------------------------------------------------------- test helpers: holding sends

    def stall_sends(self, chat_ids: Iterable[int] | None = None) -> None:
        """Hold the answer to every send* call (to these chats only, if given) until
        `release_sends`. A held call whose client has gone by then is answered to nobody and
        not recorded: the message never reached the chat."""
        if self._stall_release.is_set():
            self._stall_release = asyncio.Event()
        if chat_ids is None:
            self._stall_all = True
        else:
            self._stall_chats.update(chat_ids)

    def release_sends(self) -> None:
        self._stall_all = False
        self._stall_chats.clear()
        self._stall_release.set()

    async def wait_stalled(self, count: int = 1, timeout: float = 30.0) -> None:
        """Wait until at least `count` sends are held."""
        deadline = time.monotonic() + timeout
        while self.stalled < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.stalled} sends held, wanted {count}")
            await asyncio.sleep(0.02)

    def _stalls(self, params: Mapping[str, Any]) -> bool:
        if self._stall_all:
            return True
        chat = params.get("chat_id")
        return (
            chat is not None and str(chat).lstrip("-").isdigit() and int(chat) in self._stall_chats
        )

    async def wait_sent(self, chat_id: int, count: int, timeout: float = 10.0) -> list[Sent]:
        """Wait until `count` messages to `chat_id` are recorded after those already read by
        earlier waits, and return the new ones."""
        seen = self._read.get(chat_id, 0)
        deadline = time.monotonic() + timeout
        while True:
            mine = self.sent_to(chat_id)
            if len(mine) >= seen + count:
                self._read[chat_id] = len(mine)
                return mine[seen:]
            left = deadline - time.monotonic()
            if left <= 0:
                texts = [m.text for m in mine[seen:]]
                raise TimeoutError(f"chat {chat_id}: wanted {count} new messages, got {texts}")
            self._new_sent.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_sent.wait(), min(left, 0.2))

    async def settle(
        self, chat_id: int, quiet: float = 0.5, timeout: float = 10.0, at_least: int = 1
    ) -> list[Sent]:
        """Return the unread messages to `chat_id` once at least `at_least` came and then
        none for `quiet` seconds."""
        seen = self._read.get(chat_id, 0)
        if at_least:
            await self.wait_sent(chat_id, at_least, timeout)
            self._read[chat_id] = seen
        deadline = time.monotonic() + timeout
        last = len(self.sent_to(chat_id))
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            now = len(self.sent_to(chat_id))
            if now != last:
                last, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since >= quiet:
                break
        seen = self._read.get(chat_id, 0)
        mine = self.sent_to(chat_id)
        self._read[chat_id] = len(mine)
        return mine[seen:]

    def fail_next_sends(
        self, count: int, retry_after: float = 1, status: int = 429, description: str = ""
    ) -> None:
        """Answer the next `count` send* calls with 429 and parameters.retry_after, or with
        another error `status` (e.g. 500, 400) and `description`."""
        self._fail_sends.append((count, float(retry_after) if status == 429 else status))
        self._fail_descriptions[status] = description or _DESCRIPTIONS.get(status, "Error")

    def chat_of_update(self, update_id: int) -> int | None:
        """The chat an injected update came from."""
        update = self.injected.get(update_id)
        return _chat_of(update) if update is not None else None

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    async def push_webhook(
        self, update: dict[str, Any], secret: str | None = "use-registered"
    ) -> int:
        """POST one update to the registered webhook as Telegram would; returns the status.
        `secret=None` leaves the header out, any string overrides the registered one."""
        if not self.webhook_url:
            raise RuntimeError("no webhook registered")
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
            self.injected_at[update["update_id"]] = time.monotonic()
        url, registered = self.webhook_url, self.webhook_secret
        if self.webhook_fanout and self.webhook_targets:
            url, registered = self.webhook_targets[next(self._turn) % len(self.webhook_targets)]
        headers = {"Content-Type": "application/json"}
        value = registered if secret == "use-registered" else secret
        if value is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = value
        client = await self._http()
        async with client.post(url, data=json.dumps(update), headers=headers) as r:
            await r.read()
            self.webhook_deliveries.append(r.status)
            if 200 <= r.status < 300:
                self.delivered_to[int(update["update_id"])] = url
            return r.status

    # ---------------------------------------------------------------- the Bot API

    def _me(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "OCOP Hà Tĩnh",
            "username": BOT_USERNAME,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await _read_params(request)
        self.calls.append((method, params))
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        token = _request.set(request)
        try:
            result: web.Response = await handler(params, files)
        finally:
            _request.reset(token)
        return result

    async def _m_getme(self, params: dict[str, Any], files: dict[str, bytes]) -> web.Response:
        return _ok(self._me())

    async def _m_getupdates(self, params: dict[str, Any], files: dict[str, bytes]) -> web.Response:
        if self.webhook_url:
            return _error(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = float(params.get("timeout") or 0)
        if offset:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            # Confirms every update below the offset, as Telegram does.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), min(timeout, self.max_poll_wait))
        return _ok(self._updates[:limit])

    async def _before_send(self, params: dict[str, Any]) -> web.Response | None:
        if self._stalls(params):
            self.stalled += 1
            try:
                await self._stall_release.wait()
            finally:
                self.stalled -= 1
            request = _request.get()
            transport = request.transport if request is not None else None
            if transport is None or transport.is_closing():
                chat = str(params.get("chat_id"))
                self.abandoned.append(int(chat) if chat.lstrip("-").isdigit() else 0)
                return _error(500, "Internal Server Error: the client went away")
        if self.send_delay:
            self.sends_in_flight += 1
            try:
                await asyncio.sleep(self.send_delay)
            finally:
                self.sends_in_flight -= 1
        failure = self._take_failure(params)
        if failure is not None:
            self.failed_at.append(time.monotonic())
        return failure

    def _take_failure(self, params: dict[str, Any]) -> web.Response | None:
        chat = params.get("chat_id")
        if chat is not None and str(chat).lstrip("-").isdigit() and int(chat) in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if not self._fail_sends:
            return None
        remaining, what = self._fail_sends[0]
        if remaining <= 1:
            self._fail_sends.pop(0)
        else:
            self._fail_sends[0] = (remaining - 1, what)
        if isinstance(what, int):
            return _error(what, self._fail_descriptions.get(what, "Error"))
        return _retry(what)

    def _record(
        self, method: str, params: dict[str, Any], text: str | None, photo: bytes | None
    ) -> Sent:
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        sent = Sent(
            method=method,
            chat_id=int(params["chat_id"]),
            message_id=next(self._message_ids),
            text=text,
            reply_markup=markup,
            photo=photo,
            at=time.monotonic(),
            params={k: v for k, v in params.items() if k not in ("photo", "document")},
        )
        self.sent_count += 1
        self.accepted_at.append(sent.at)
        self._accepted_by_chat.setdefault(sent.chat_id, []).append(sent.at)
        last = self._last_update_by_chat.get(sent.chat_id)
        if last is not None and last not in self.first_sent_at:
            self.first_sent_at[last] = sent.at
        if self.record_sends:
            self.sent.append(sent)
            self._sent_by_chat.setdefault(sent.chat_id, []).append(sent)
        self._new_sent.set()
        return sent

    def _message_json(self, sent: Sent) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": sent.message_id,
            "from": self._me(),
            "chat": {"id": sent.chat_id, "type": "private", "first_name": "Lan"},
            "date": int(time.time()),
        }
        if sent.text is not None and sent.method == "sendMessage":
            data["text"] = sent.text
        if sent.method == "sendPhoto":
            data["photo"] = [
                {
                    "file_id": f"AgACAgUAAxkDAAI{sent.message_id:06d}sent",
                    "file_unique_id": f"AQADsent{sent.message_id}",
                    "file_size": len(sent.photo or b""),
                    "width": 800,
                    "height": 600,
                }
            ]
            if sent.text:
                data["caption"] = sent.text
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            data["reply_markup"] = sent.reply_markup
        return data

    async def _m_sendmessage(self, params: dict[str, Any], files: dict[str, bytes]) -> web.Response:
        failure = await self._before_send(params)
        if failure is not None:
            return failure
        if "chat_id" not in params:
            return _error(400, "Bad Request: chat_id is empty")
        text = str(params.get("text") or "")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            return _error(400, "Bad Request: message is too long")
        return _ok(self._message_json(self._record("sendMessage", params, text, None)))

    async def _m_sendphoto(self, params: dict[str, Any], files: dict[str, bytes]) -> web.Response:
        failure = await self._before_send(params)
        if failure is not None:
            return failure
        photo = params.get("photo")
        data: bytes | None = None
        if isinstance(photo, str) and photo.startswith("attach://"):
            data = files.get(photo.removeprefix("attach://"))
        elif "photo" in files:
            data = files["photo"]
        elif isinstance(photo, str) and photo in self._files:
            data = self._files[photo].data
        if not data:
            return _error(400, "Bad Request: there is no photo in the request")
        caption = params.get("caption")
        if caption is not None and len(str(caption).encode("utf-16-le")) // 2 > 1024:
            return _error(400, "Bad Request: message caption is too long")
        sent = self._record("sendPhoto", params, str(caption) if caption else None, data)
        return _ok(self._message_json(sent))

    async def _m_senddocument(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> web.Response:
        """A file upload (a stamp sheet's PDF); its bytes are kept in `Sent.photo`."""
        failure = await self._before_send(params)
        if failure is not None:
            return failure
        document = params.get("document")
        data: bytes | None = None
        if isinstance(document, str) and document.startswith("attach://"):
            data = files.get(document.removeprefix("attach://"))
        elif "document" in files:
            data = files["document"]
        if not data:
            return _error(400, "Bad Request: there is no document in the request")
        caption = params.get("caption")
        if caption is not None and len(str(caption).encode("utf-16-le")) // 2 > 1024:
            return _error(400, "Bad Request: message caption is too long")
        sent = self._record("sendDocument", params, str(caption) if caption else None, data)
        message = self._message_json(sent)
        message["document"] = {
            "file_id": f"BQACAgUAAxkDAAI{sent.message_id:06d}sent",
            "file_unique_id": f"AgADsent{sent.message_id}",
            "file_size": len(data),
            "file_name": "sheet.pdf",
        }
        if sent.text:
            message["caption"] = sent.text
        return _ok(message)

    async def _m_answercallbackquery(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> web.Response:
        self.callback_answers.append(str(params.get("callback_query_id")))
        return _ok(True)

    async def _m_getfile(self, params: dict[str, Any], files: dict[str, bytes]) -> web.Response:
        stored = self._files.get(str(params.get("file_id")))
        if stored is None:
            return _error(400, "Bad Request: invalid file_id")
        size = self._announced.get(stored.file_id, len(stored.data))
        if size > 20 * 1024 * 1024:
            return _error(400, "Bad Request: file is too big")
        return _ok(
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "file_size": size,
                "file_path": stored.path,
            }
        )

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.data, content_type="image/jpeg")

    async def _m_setwebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> web.Response:
        url = str(params.get("url") or "")
        if not url:
            return await self._m_deletewebhook(params, files)
        self.webhook_url = url
        self.webhook_secret = params.get("secret_token") or None
        if str(params.get("drop_pending_updates")).lower() == "true":
            self._updates.clear()
        if self.webhook_fanout:
            # One more process behind the balancer; a target that no longer answers is
            # passed over by the retry, which goes to the next one.
            targets = [t for t in self.webhook_targets if t[0] != url]
            self.webhook_targets = [*targets, (url, self.webhook_secret)]
            if self._webhook_queue is not None and self._webhook_tasks:
                return _ok(True)
        self._start_webhook_delivery(int(params.get("max_connections") or 40))
        return _ok(True)

    async def _m_deletewebhook(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> web.Response:
        if self.webhook_fanout and self.webhook_targets:
            # The call does not say which process stopped: the others keep their updates,
            # and deliveries to the stopped one fail over to the next.
            return _ok(True)
        self.webhook_url = ""
        self.webhook_secret = None
        for task in self._webhook_tasks:
            task.cancel()
        self._webhook_tasks.clear()
        if self._webhook_queue is not None:
            # Undelivered updates go back to getUpdates.
            while not self._webhook_queue.empty():
                self._updates.append(self._webhook_queue.get_nowait())
            self._webhook_queue = None
        if str(params.get("drop_pending_updates")).lower() == "true":
            self._updates.clear()
        return _ok(True)

    async def _m_getwebhookinfo(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> web.Response:
        pending = self._webhook_queue.qsize() if self._webhook_queue else len(self._updates)
        return _ok(
            {
                "url": self.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": pending,
                "max_connections": 40,
            }
        )

    # ---------------------------------------------------------------- webhook delivery

    async def _http(self) -> aiohttp.ClientSession:
        if self._client is None or self._client.closed:
            self._client = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=100), timeout=aiohttp.ClientTimeout(10)
            )
        return self._client

    def _start_webhook_delivery(self, connections: int) -> None:
        for task in self._webhook_tasks:
            task.cancel()
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for update in self._updates:
            queue.put_nowait(update)
        self._updates.clear()
        self._webhook_queue = queue
        self._webhook_tasks = [
            asyncio.create_task(self._deliver(queue)) for _ in range(max(1, connections))
        ]

    async def _deliver(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        while True:
            update = await queue.get()
            delay = 0.05
            while True:
                try:
                    status = await self.push_webhook(update)
                except (aiohttp.ClientError, TimeoutError, OSError):
                    status = 0
                if 200 <= status < 300:
                    break
                await asyncio.sleep(delay)  # Telegram retries undelivered updates
                delay = min(delay * 2, 1.0)


def _densest(times: Sequence[float], window: float) -> int:
    """The most of the sorted `times` within any half-open `window` (two pointers)."""
    best, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def _chat_of(update: Mapping[str, Any]) -> int | None:
    message = update.get("message")
    if isinstance(message, Mapping):
        return int(message["chat"]["id"])
    query = update.get("callback_query")
    if isinstance(query, Mapping):
        return int(query["from"]["id"])
    return None


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    params: dict[str, Any] = dict(request.query)
    files: dict[str, bytes] = {}
    ctype = request.content_type
    if request.method == "POST" and request.can_read_body:
        if ctype == "application/json":
            params.update(await request.json())
        elif ctype == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                    continue
                if part.filename is not None:
                    files[part.name] = bytes(await part.read())
                else:
                    params[part.name] = await part.text()
        else:
            params.update(dict(await request.post()))
    # Form fields carry nested objects as JSON strings.
    for key in ("reply_markup", "allowed_updates"):
        value = params.get(key)
        if isinstance(value, str) and value[:1] in "[{":
            params[key] = json.loads(value)
    return params, files


_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str, **parameters: Any) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


def _retry(seconds: float) -> web.Response:
    whole = max(1, round(seconds))
    return _error(429, f"Too Many Requests: retry after {whole}", retry_after=whole)
