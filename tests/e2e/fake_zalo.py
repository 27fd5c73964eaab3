"""A local fake of the Zalo Bot API for end-to-end tests.

Serves on 127.0.0.1 at a random free port and speaks the wire format of
docs/messaging-apis.md §1: `POST /bot<token>/<method>` with JSON (form and query accepted too),
`{ok, result}` / `{ok: false, error_code, description}` envelopes, ONE update per getUpdates
call and error 408 when idle, photo URLs it serves itself, and a webhook mode that POSTs each
update with the `X-Bot-Api-Secret-Token` header.

    async with FakeZalo() as zalo:                 # zalo.base_url -> OCOP_ZALO_API_URL
        user = zalo.user("a1b2c3d4e5f6a7b8c9d0")
        zalo.send_text(user, "/start")
        [reply] = await zalo.wait_sent(user.id, 1)

Where the real API's behaviour is an open question, the fake can play either answer
(`idle_as_http_408`, `webhook_envelope`, `photo_field`, `webhook_info_404`), so tests can show
the bot copes with both. sendPhoto fetches the photo URL before answering, as Zalo does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

DEFAULT_TOKEN = "1459232241454765289:FakeZaloSecretForTestsOnly-xyz"
BOT_ID = "1459232241454765289"
WEBHOOK_HEADER = "X-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class FakeUser:
    id: str
    display_name: str = "Nguyễn Thị Hoa"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "display_name": self.display_name, "is_bot": False}


@dataclass
class Sent:
    """One message the bot sent; `photo` holds the bytes Zalo fetched for a sendPhoto."""

    chat_id: str
    method: str
    text: str
    message_id: str
    photo_url: str | None = None
    photo: bytes | None = None
    photo_content_type: str | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class _Failure:
    code: int
    description: str
    remaining: int
    methods: tuple[str, ...]
    http_status: int


@dataclass
class FakeZalo:
    token: str = DEFAULT_TOKEN
    idle_wait: float = 0.3  # how long an empty getUpdates waits before its 408
    idle_as_http_408: bool = True  # False: HTTP 200 with ok:false, error_code 408
    webhook_envelope: bool = True  # wrap pushed updates in {ok, result}
    photo_field: str = "photo_url"  # or "photo": where inbound image URLs go
    webhook_info_404: bool = True  # getWebhookInfo without a webhook answers 404
    webhook_attempts: int = 3  # pushes of one update until a 2xx
    photo_ttl: float = 300.0  # inbound photo links expire, like Zalo's
    # Public address -> where it is really served: the bot's OCOP_PUBLIC_URL may name a
    # public https host (stamps are refused otherwise) served in a test from 127.0.0.1.
    served_at: dict[str, str] = field(default_factory=dict)

    sent: list[Sent] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_statuses: list[int] = field(default_factory=list)
    failed_at: list[float] = field(default_factory=list)  # when injected failures were given

    def __post_init__(self) -> None:
        self._updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._failures: list[_Failure] = []
        self._photos: dict[str, tuple[bytes, float]] = {}
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._session: aiohttp.ClientSession | None = None
        self._pusher: asyncio.Task[None] | None = None
        self._sent_event = asyncio.Event()
        self._updated_at = 0
        self._read: dict[str, int] = {}

    # -- life cycle --------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/photos/{name}", self._photo)
        # Open long polls would hold up shutdown for their whole timeout otherwise.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def stop(self) -> None:
        if self._pusher is not None:
            self._pusher.cancel()
            await asyncio.gather(self._pusher, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeZalo:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- what users do -----------------------------------------------------------------------

    def user(self, user_id: str, display_name: str = "Nguyễn Thị Hoa") -> FakeUser:
        return FakeUser(user_id, display_name)

    def message(self, user: FakeUser, event: str, **content: Any) -> dict[str, Any]:
        """An update as Zalo would send it (without the envelope)."""
        message_id = f"{next(self._ids):020x}"
        return {
            "event_name": event,
            "message": {
                "from": user.as_json(),
                "chat": {"id": user.id, "chat_type": "PRIVATE"},
                "message_id": message_id,
                "date": int(time.time() * 1000),
                **content,
            },
        }

    def add_update(self, update: dict[str, Any]) -> str:
        """Queue an update for getUpdates, or for pushing when a webhook is set."""
        self._updates.put_nowait(update)
        return str(update.get("message", {}).get("message_id", ""))

    def send_text(self, user: FakeUser, text: str) -> str:
        return self.add_update(self.message(user, "message.text.received", text=text))

    def send_photo(self, user: FakeUser, data: bytes, caption: str = "") -> str:
        url = self.store_photo(data)
        content: dict[str, Any] = {"caption": caption, "message_type": "CHAT_PHOTO"}
        content[self.photo_field] = url
        return self.add_update(self.message(user, "message.image.received", **content))

    def send_sticker(self, user: FakeUser) -> str:
        return self.add_update(
            self.message(user, "message.sticker.received", sticker="bfe458bf64fa8da4d4eb")
        )

    def send_unsupported(self, user: FakeUser) -> str:
        """A message from a protected user: Zalo withholds the content."""
        return self.add_update(self.message(user, "message.unsupported.received"))

    def store_photo(self, data: bytes) -> str:
        name = f"{next(self._ids):020x}.jpg"
        self._photos[name] = (data, time.monotonic() + self.photo_ttl)
        return f"{self.base_url}/photos/{name}"

    def pending_updates(self) -> int:
        return self._updates.qsize()

    # -- what the bot sent -------------------------------------------------------------------

    def sent_to(self, chat_id: str) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    async def wait_sent(self, chat_id: str, count: int, timeout: float = 10.0) -> list[Sent]:
        """The first `count` messages sent to `chat_id`, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        while len(self.sent_to(chat_id)) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                got = [s.text[:60] for s in self.sent_to(chat_id)]
                raise TimeoutError(f"{count} messages to {chat_id} expected, got {got}")
            self._sent_event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._sent_event.wait(), timeout=min(left, 0.2))
        return self.sent_to(chat_id)[:count]

    async def settle(
        self, chat_id: str, quiet: float = 0.5, timeout: float = 10.0, at_least: int = 1
    ) -> list[Sent]:
        """The messages to `chat_id` not read yet, once at least `at_least` came and then
        none for `quiet` seconds."""
        seen = self._read.get(chat_id, 0)
        await self.wait_sent(chat_id, seen + at_least, timeout)
        deadline = time.monotonic() + timeout
        last, quiet_since = len(self.sent_to(chat_id)), time.monotonic()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            now = len(self.sent_to(chat_id))
            if now != last:
                last, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since >= quiet:
                break
        mine = self.sent_to(chat_id)
        self._read[chat_id] = len(mine)
        return mine[seen:]

    def fail_next_sends(
        self,
        count: int = 1,
        code: int = 429,
        description: str = "Quota exceeded",
        *,
        methods: tuple[str, ...] = ("sendMessage", "sendPhoto"),
        http_status: int | None = None,
    ) -> None:
        """Answer the next `count` send calls with an error (HTTP status = code by default)."""
        status = code if http_status is None else http_status
        self._failures.append(_Failure(code, description, count, methods, status))

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    # -- webhook -----------------------------------------------------------------------------

    def envelope(self, update: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "result": update} if self.webhook_envelope else update

    async def push_webhook(
        self, update: dict[str, Any], *, secret: str | None = None, url: str | None = None
    ) -> int:
        """POST one update to the webhook now, once; return the HTTP status."""
        assert self._session is not None
        target = url or self.webhook_url
        assert target, "no webhook registered"
        headers = {WEBHOOK_HEADER: secret if secret is not None else (self.webhook_secret or "")}
        async with self._session.post(
            target, json=self.envelope(update), headers=headers
        ) as response:
            await response.read()
            self.webhook_statuses.append(response.status)
            return response.status

    async def _push_forever(self) -> None:
        while True:
            update = await self._updates.get()
            for _ in range(self.webhook_attempts):
                try:
                    status = await self.push_webhook(update)
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                if 200 <= status < 300:
                    break
                await asyncio.sleep(0.2)

    # -- the API -----------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        self.paths.append(request.path)
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized", status=401)
        method = request.match_info["method"]
        params = await _read_params(request)
        self.calls.append((method, params))
        handler = getattr(self, f"_m_{method}", None)  # method names are case-sensitive
        if handler is None:
            return _error(400, "Unknown API name", status=400)
        response: web.Response = await handler(params)
        return response

    async def _m_getMe(self, params: dict[str, Any]) -> web.Response:
        return _ok(
            {
                "id": BOT_ID,
                "account_name": "bot.FakeOcop",
                "account_type": "BASIC",
                "can_join_groups": False,
            }
        )

    async def _m_getUpdates(self, params: dict[str, Any]) -> web.Response:
        if self.webhook_url:
            return _error(400, "Webhook is active; call deleteWebhook first", status=400)
        try:
            timeout = float(params.get("timeout", 30))
        except (TypeError, ValueError):
            timeout = 30.0
        try:
            update = await asyncio.wait_for(
                self._updates.get(), timeout=max(0.01, min(timeout, self.idle_wait))
            )
        except TimeoutError:
            return _error(408, "Request timeout", status=408 if self.idle_as_http_408 else 200)
        return _ok(update)

    async def _m_setWebhook(self, params: dict[str, Any]) -> web.Response:
        url, secret = params.get("url"), params.get("secret_token")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return _error(400, "url is invalid", status=400)
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
            return _error(400, "secret_token must have 8-256 characters", status=400)
        self.webhook_url, self.webhook_secret = url, secret
        self._updated_at = int(time.time() * 1000)
        if self._pusher is None:
            self._pusher = asyncio.create_task(self._push_forever())
        return _ok({"url": url, "updated_at": self._updated_at})

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> web.Response:
        if self._pusher is not None:
            self._pusher.cancel()
            await asyncio.gather(self._pusher, return_exceptions=True)
            self._pusher = None
        self.webhook_url = self.webhook_secret = None
        self._updated_at = int(time.time() * 1000)
        return _ok({"url": "", "updated_at": self._updated_at})

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> web.Response:
        if not self.webhook_url and self.webhook_info_404:
            return _error(404, "Not found", status=404)
        return _ok({"url": self.webhook_url or "", "updated_at": self._updated_at})

    async def _m_sendChatAction(self, params: dict[str, Any]) -> web.Response:
        return web.json_response({"ok": True})

    async def _m_sendMessage(self, params: dict[str, Any]) -> web.Response:
        failure = self._take_failure("sendMessage")
        if failure is not None:
            return failure
        text = params.get("text")
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, str) or not chat_id:
            return _error(400, "chat_id is required", status=400)
        if not isinstance(text, str) or not 1 <= len(text) <= 2000:
            return _error(400, "text must have 1-2000 characters", status=400)
        return self._record(Sent(chat_id, "sendMessage", text, self._new_id()))

    async def _m_sendPhoto(self, params: dict[str, Any]) -> web.Response:
        failure = self._take_failure("sendPhoto")
        if failure is not None:
            return failure
        chat_id, url = params.get("chat_id"), params.get("photo")
        caption = params.get("caption") or ""
        if not isinstance(chat_id, str) or not chat_id or not isinstance(url, str):
            return _error(400, "chat_id and photo are required", status=400)
        if not isinstance(caption, str) or len(caption) > 2000:
            return _error(400, "caption must have at most 2000 characters", status=400)
        # Zalo takes only a URL and fetches it before answering.
        assert self._session is not None
        fetched = next(
            (
                url.replace(public, local, 1)
                for public, local in self.served_at.items()
                if url.startswith(public)
            ),
            url,
        )
        try:
            async with self._session.get(fetched) as response:
                body = await response.read()
                status, content_type = response.status, response.headers.get("Content-Type")
        except aiohttp.ClientError:
            return _error(400, "cannot fetch photo", status=400)
        if status != 200 or not body:
            return _error(400, f"cannot fetch photo ({status})", status=400)
        sent = Sent(chat_id, "sendPhoto", caption, self._new_id(), url, body, content_type)
        return self._record(sent)

    # -- helpers -----------------------------------------------------------------------------

    def _take_failure(self, method: str) -> web.Response | None:
        for failure in self._failures:
            if method in failure.methods and failure.remaining > 0:
                failure.remaining -= 1
                self.failed_at.append(time.monotonic())
                return _error(failure.code, failure.description, status=failure.http_status)
        return None

    def _record(self, sent: Sent) -> web.Response:
        self.sent.append(sent)
        self._sent_event.set()
        return _ok({"message_id": sent.message_id, "date": int(time.time() * 1000)})

    def _new_id(self) -> str:
        return f"{next(self._ids):020x}"

    async def _photo(self, request: web.Request) -> web.Response:
        entry = self._photos.get(request.match_info["name"])
        if entry is None or time.monotonic() > entry[1]:
            raise web.HTTPNotFound()
        return web.Response(body=entry[0], content_type="image/jpeg")


async def _read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = json.loads(await request.read() or b"{}")
            if isinstance(body, dict):
                params.update(body)
        else:
            params.update(await request.post())
    return params


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str, *, status: int = 200) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=status
    )
