"""The Telegram channel: the Bot API over a plain aiohttp client, behind our `Channel` port.

Requests are the JSON our render layer builds (bot/telegram/render.py), answers the raw JSON
our parser reads (bot/telegram/parse.py); a file to upload goes as multipart form data. No
Telegram library: aiogram's typed models cost seconds and over 100 MB to import, and
aiohttp (already loaded for the web server) costs the least CPU per call of the transports
measured (bench/results/telegram-transport.md).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from bot.log_redaction import install_log_redaction, register_secret
from bot.telegram.render import ApiRequest, RenderOptions, removes_reply_keyboard, render_reply
from flows.messages import DocumentAttachment, PhotoAttachment, Reply
from handlers.delivery_marks import MemoryDeliveryMarks
from handlers.ports import (
    ChannelBadRequest,
    ChannelError,
    ChannelUnavailable,
    Clock,
    DeliveryMarks,
    PhotoTooLarge,
    RecipientUnavailable,
    RetryAfter,
    SystemClock,
)

DEFAULT_API_URL = "https://api.telegram.org"
# The public Bot API serves files up to 20 MB; a self-hosted server lifts the limit.
DOWNLOAD_LIMIT = 20 * 1024 * 1024
DOWNLOAD_TIMEOUT = 60.0
# Sending a photo or document waits for the upload.
UPLOAD_TIMEOUT = 120.0

# What the bot acts on; edits, reactions and the like are not even fetched.
ALLOWED_UPDATES = ("message", "callback_query")
PHONE_KEYBOARD = "phone_keyboard"  # the delivery mark of a chat shown our phone keyboard

log = logging.getLogger(__name__)

# Bad requests that mean the chat is gone for good: treat like a block.
_GONE = ("chat not found", "user is deactivated", "bot was blocked", "peer_id_invalid")


def api_error(method: str, status: int, envelope: dict[str, Any]) -> ChannelError:
    """A Bot API refusal -> the channel error handlers understand. Never quotes a URL."""
    description = str(envelope.get("description", ""))
    parameters = envelope.get("parameters")
    retry = parameters.get("retry_after") if isinstance(parameters, dict) else None
    if isinstance(retry, int | float) and not isinstance(retry, bool):
        return RetryAfter(float(retry))
    if status == 403:
        return RecipientUnavailable(f"{method}: {description}")
    if status == 400:
        if any(words in description.lower() for words in _GONE):
            return RecipientUnavailable(f"{method}: {description}")
        return ChannelBadRequest(f"{method}: {description}")
    if status in (404, 413):
        return ChannelBadRequest(f"{method}: {status} {description}")
    # 5xx, 401 (a revoked token: keep the messages until the operator fixes it), 409.
    return ChannelUnavailable(f"{method}: {status} {description}")


def form_value(value: Any) -> str:
    """A parameter as a multipart form field: nested objects as JSON, as the Bot API wants."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _chat_id(chat_id: str) -> int | str:
    try:
        return int(chat_id)
    except ValueError:
        return chat_id  # "@channelusername"


class TelegramChannel:
    """Telegram through the Bot API at `api_url` (the public server, a self-hosted one, or a
    local fake in tests)."""

    name = "telegram"

    def __init__(
        self,
        token: str,
        api_url: str | None = None,
        *,
        photo_path: Callable[[str], Path] | None = None,
        lang: str = "vi",
        request_timeout: float = 30.0,
        marks: DeliveryMarks | None = None,
        clock: Clock | None = None,
    ) -> None:
        register_secret(token)
        install_log_redaction()
        self._token = token
        self._base = (api_url or DEFAULT_API_URL).rstrip("/")
        self._timeout = request_timeout
        # Made at the first call: aiohttp wants a running event loop for it.
        self._http: aiohttp.ClientSession | None = None
        self._photo_path = photo_path
        self._lang = lang
        # Chats shown our phone reply keyboard that is not yet taken away: kept in the
        # database, so that the process sending this channel next (after a restart, or a new
        # holder) takes it away too; read once, then written through as it changes (only the
        # channel's one sending process changes it).
        self._marks: DeliveryMarks = marks or MemoryDeliveryMarks()
        self._clock = clock or SystemClock()
        self._reply_keyboard_open: set[str] | None = None
        self.username: str | None = None

    async def start(self) -> str:
        """Check the token and learn the bot's username (for "/cmd@botname")."""
        me = await self.call("getMe", {})
        username = me.get("username") if isinstance(me, dict) else None
        self.username = username if isinstance(username, str) else None
        return self.username or ""

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self._timeout))
        return self._http

    def _url(self, method: str) -> str:
        return f"{self._base}/bot{self._token}/{method}"

    def render(self, chat_id: str, reply: Reply) -> list[ApiRequest]:
        shown = self._reply_keyboard_open or set()
        options = RenderOptions(lang=self._lang, remove_reply_keyboard=chat_id in shown)
        return render_reply(_chat_id(chat_id), reply, self._photo_path, options)

    async def send(self, chat_id: str, reply: Reply) -> None:
        if self._reply_keyboard_open is None:
            self._reply_keyboard_open = await self._marks.chats_with(self.name, PHONE_KEYBOARD)
        try:
            requests = self.render(chat_id, reply)
        except ValueError as exc:
            raise ChannelBadRequest(str(exc)) from None
        for request in requests:
            if request.upload is None:
                await self.call(request.method, request.params)
            elif not request.upload.is_file():
                raise ChannelBadRequest(
                    f"{request.upload_field} file {request.upload.name} is missing"
                )
            else:
                await self.upload(
                    request.method, request.params, request.upload_field, request.upload
                )
        if reply.request_phone and chat_id not in self._reply_keyboard_open:
            self._reply_keyboard_open.add(chat_id)
            await self._marks.put(self.name, chat_id, PHONE_KEYBOARD, 1, self._clock.now())
        elif removes_reply_keyboard(requests) and chat_id in self._reply_keyboard_open:
            self._reply_keyboard_open.discard(chat_id)
            await self._marks.drop(self.name, chat_id, PHONE_KEYBOARD)

    async def answer_callback(self, callback_id: str) -> None:
        """Stop the button's spinner. Best effort: an old query cannot be answered any more."""
        try:
            await self.call("answerCallbackQuery", {"callback_query_id": callback_id})
        except ChannelError as exc:
            log.info("answerCallbackQuery failed: %s", exc)

    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        if photo.data is not None:
            return photo.data
        return await self._download_file(photo.ref, photo.size, max_bytes)

    async def download_document(self, document: DocumentAttachment, max_bytes: int) -> bytes:
        """A file sent as a file: fetched by getFile like a photo, within the same limits."""
        if document.data is not None:
            return document.data
        return await self._download_file(document.ref, document.size, max_bytes)

    async def _download_file(self, file_id: str, announced: int | None, max_bytes: int) -> bytes:
        limit = min(max_bytes, DOWNLOAD_LIMIT)
        if announced is not None and announced > limit:
            raise PhotoTooLarge(f"announced {announced} bytes")
        try:
            file = await self.call("getFile", {"file_id": file_id})
        except ChannelBadRequest as exc:
            if "too big" in str(exc).lower():  # "Bad Request: file is too big"
                raise PhotoTooLarge(str(exc)) from None
            raise
        file = file if isinstance(file, dict) else {}
        size = file.get("file_size")
        if isinstance(size, int) and size > limit:
            raise PhotoTooLarge(f"file of {size} bytes")
        path = file.get("file_path")
        if not isinstance(path, str) or not path:
            # The Bot API leaves out the path of files it will not serve (over 20 MB).
            raise PhotoTooLarge("no download path")
        return await self._fetch(f"{self._base}/file/bot{self._token}/{path}", limit)

    async def _fetch(self, url: str, limit: int) -> bytes:
        # Errors are rebuilt from the status or the exception's type: the URL holds the token.
        try:
            async with self._session().get(
                url, timeout=aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT)
            ) as resp:
                if resp.status != 200:
                    if resp.status in (400, 404):
                        raise ChannelBadRequest(f"file download answered {resp.status}")
                    raise ChannelUnavailable(f"file download answered {resp.status}")
                if resp.content_length is not None and resp.content_length > limit:
                    raise PhotoTooLarge(f"file of {resp.content_length} bytes")
                data = bytearray()
                async for chunk in resp.content.iter_chunked(65536):
                    data.extend(chunk)
                    if len(data) > limit:
                        raise PhotoTooLarge(f"file over {limit} bytes")
                return bytes(data)
        except ChannelError:
            raise
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise ChannelUnavailable(f"file download failed: {type(exc).__name__}") from None

    async def get_updates(
        self, offset: int | None, timeout: int, limit: int = 100
    ) -> list[dict[str, Any]]:
        """getUpdates returning the raw JSON updates, as our parser takes them."""
        params: dict[str, Any] = {
            "timeout": timeout,
            "limit": limit,
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        if offset is not None:
            params["offset"] = offset
        result = await self.call("getUpdates", params, timeout=timeout + 10)
        return [u for u in result if isinstance(u, dict)] if isinstance(result, list) else []

    async def call(self, method: str, params: dict[str, Any], timeout: float | None = None) -> Any:
        """One Bot API call with JSON parameters; its `result`, or a channel error."""
        client_timeout = aiohttp.ClientTimeout(total=timeout or self._timeout)
        try:
            async with self._session().post(
                self._url(method), json=params, timeout=client_timeout
            ) as resp:
                return _result(method, resp.status, await resp.read())
        except ChannelError:
            raise
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise ChannelUnavailable(f"{method}: {type(exc).__name__}") from None

    async def upload(self, method: str, params: dict[str, Any], field: str, path: Path) -> Any:
        """A call carrying a local file (sendPhoto, sendDocument) as multipart form data; the
        file is streamed from disk."""
        form = aiohttp.FormData()
        for key, value in params.items():
            if value is not None:
                form.add_field(key, form_value(value))
        try:
            with path.open("rb") as file:
                form.add_field(field, file, filename=path.name)
                async with self._session().post(
                    self._url(method),
                    data=form,
                    timeout=aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT),
                ) as resp:
                    return _result(method, resp.status, await resp.read())
        except ChannelError:
            raise
        except FileNotFoundError:
            raise ChannelBadRequest(f"{field} file {path.name} is missing") from None
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise ChannelUnavailable(f"{method}: {type(exc).__name__}") from None

    async def set_webhook(self, url: str, secret: str, drop_pending: bool = False) -> None:
        await self.call(
            "setWebhook",
            {
                "url": url,
                "secret_token": secret,
                "drop_pending_updates": drop_pending,
                "allowed_updates": list(ALLOWED_UPDATES),
            },
        )

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook", {"drop_pending_updates": False})


def _result(method: str, status: int, body: bytes) -> Any:
    try:
        envelope = json.loads(body)
    except ValueError:
        raise ChannelUnavailable(f"{method}: undecodable answer ({status})") from None
    if not isinstance(envelope, dict):
        raise ChannelUnavailable(f"{method}: undecodable answer ({status})")
    if status == 200 and envelope.get("ok"):
        return envelope.get("result")
    raise api_error(method, status, envelope)
