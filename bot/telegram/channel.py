"""The Telegram channel: aiogram 3's `Bot` as HTTP transport behind our `Channel` port.

Only aiogram's session, methods and types are used; state lives in our storage, never in
aiogram's FSM, and updates are dispatched by our own dispatcher.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.methods import (
    DeleteWebhook,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetWebhook,
    TelegramMethod,
)
from aiogram.types import (
    FSInputFile,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.log_redaction import install_log_redaction, register_secret
from bot.telegram.render import ApiRequest, RenderOptions, removes_reply_keyboard, render_reply
from flows.messages import DocumentAttachment, PhotoAttachment, Reply
from handlers.ports import (
    ChannelBadRequest,
    ChannelError,
    ChannelUnavailable,
    PhotoTooLarge,
    RecipientUnavailable,
    RetryAfter,
)

DEFAULT_API_URL = "https://api.telegram.org"
# The public Bot API serves files up to 20 MB; a self-hosted server lifts the limit.
DOWNLOAD_LIMIT = 20 * 1024 * 1024

# What the bot acts on; edits, reactions and the like are not even fetched.
ALLOWED_UPDATES = ("message", "callback_query")

log = logging.getLogger(__name__)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove

# Bad requests that mean the chat is gone for good: treat like a block.
_GONE = ("chat not found", "user is deactivated", "bot was blocked", "peer_id_invalid")


def map_error(exc: BaseException) -> ChannelError:
    """aiogram's exceptions -> the channel errors handlers understand. Never quotes a URL."""
    if isinstance(exc, ChannelError):
        return exc
    if isinstance(exc, TelegramRetryAfter):
        return RetryAfter(float(exc.retry_after))
    if isinstance(exc, TelegramForbiddenError):
        return RecipientUnavailable(exc.message)
    if isinstance(exc, TelegramBadRequest):
        if any(words in exc.message.lower() for words in _GONE):
            return RecipientUnavailable(exc.message)
        return ChannelBadRequest(exc.message)
    if isinstance(exc, TelegramEntityTooLarge | TelegramMigrateToChat | TelegramNotFound):
        return ChannelBadRequest(exc.message)
    if isinstance(exc, TelegramNetworkError):
        return ChannelUnavailable(exc.message)
    if isinstance(exc, TelegramAPIError):
        # 5xx, 401 (a revoked token: keep the messages until the operator fixes it), 409.
        return ChannelUnavailable(f"{type(exc).__name__}: {exc.message}")
    if isinstance(exc, ClientDecodeError):
        return ChannelUnavailable("undecodable answer from the Bot API")
    if isinstance(exc, TimeoutError | aiohttp.ClientError | OSError):
        return ChannelUnavailable(type(exc).__name__)
    return ChannelUnavailable(f"unexpected {type(exc).__name__}")


def to_markup(data: dict[str, Any] | None) -> Markup | None:
    if data is None:
        return None
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.model_validate(data)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.model_validate(data)
    return ReplyKeyboardRemove()


def to_method(request: ApiRequest) -> TelegramMethod[Any]:
    params = dict(request.params)
    markup = to_markup(params.pop("reply_markup", None))
    if request.method == "sendMessage":
        return SendMessage(**params, reply_markup=markup)
    if request.method == "sendPhoto":
        if request.upload is None:
            raise ValueError("sendPhoto without a file")
        photo = FSInputFile(request.upload, filename=request.upload.name)
        return SendPhoto(**params, photo=photo, reply_markup=markup)
    if request.method == "sendDocument":
        if request.upload is None:
            raise ValueError("sendDocument without a file")
        document = FSInputFile(request.upload, filename=request.upload.name)
        return SendDocument(**params, document=document, reply_markup=markup)
    raise ValueError(f"no aiogram method for {request.method}")


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
    ) -> None:
        register_secret(token)
        install_log_redaction()
        self._api = TelegramAPIServer.from_base(api_url or DEFAULT_API_URL)
        self._session = AiohttpSession(api=self._api, timeout=request_timeout)
        self.bot = Bot(token, session=self._session)
        self._photo_path = photo_path
        self._lang = lang
        # Chats shown our phone reply keyboard that is not yet taken away. In memory only:
        # after a restart a stale keyboard stays until the user dismisses it, which is harmless.
        self._reply_keyboard_open: set[str] = set()
        self.username: str | None = None

    async def start(self) -> str:
        """Check the token and learn the bot's username (for "/cmd@botname")."""
        me = await self.call(GetMe())
        self.username = me.username
        return me.username or ""

    async def close(self) -> None:
        await self.bot.session.close()

    async def call(self, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        """One Bot API call with our error mapping."""
        try:
            return await self.bot(method, request_timeout=timeout)
        except Exception as exc:
            raise map_error(exc) from None

    def render(self, chat_id: str, reply: Reply) -> list[ApiRequest]:
        options = RenderOptions(
            lang=self._lang, remove_reply_keyboard=chat_id in self._reply_keyboard_open
        )
        return render_reply(_chat_id(chat_id), reply, self._photo_path, options)

    async def send(self, chat_id: str, reply: Reply) -> None:
        try:
            requests = self.render(chat_id, reply)
        except ValueError as exc:
            raise ChannelBadRequest(str(exc)) from None
        for request in requests:
            if request.upload is None:
                # Plain JSON through aiogram's HTTP session: building and validating aiogram's
                # models costs more than the rest of a send (measured: 2.1 vs 0.8 ms CPU).
                await self.call_raw(request.method, request.params)
            elif not request.upload.is_file():
                raise ChannelBadRequest(
                    f"{request.upload_field} file {request.upload.name} is missing"
                )
            else:
                await self.call(to_method(request))
        if reply.request_phone:
            self._reply_keyboard_open.add(chat_id)
        elif removes_reply_keyboard(requests):
            self._reply_keyboard_open.discard(chat_id)

    async def answer_callback(self, callback_id: str) -> None:
        """Stop the button's spinner. Best effort: an old query cannot be answered any more."""
        try:
            await self.call_raw("answerCallbackQuery", {"callback_query_id": callback_id})
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
            file = await self.call(GetFile(file_id=file_id))
        except ChannelBadRequest as exc:
            if "too big" in str(exc).lower():  # "Bad Request: file is too big"
                raise PhotoTooLarge(str(exc)) from None
            raise
        if file.file_size is not None and file.file_size > limit:
            raise PhotoTooLarge(f"file of {file.file_size} bytes")
        if not file.file_path:
            # The Bot API leaves out the path of files it will not serve (over 20 MB).
            raise PhotoTooLarge("no download path")
        url = self._api.file_url(self.bot.token, file.file_path)
        return await self._fetch(url, limit)

    async def _fetch(self, url: str, limit: int) -> bytes:
        # Our own GET rather than aiogram's download: its errors quote the URL (with the token).
        session = await self._session.create_session()
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=60)) as resp:
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
        """getUpdates returning the raw JSON updates (our parser works on dicts and skips
        aiogram's model validation of every update)."""
        params: dict[str, Any] = {
            "timeout": timeout,
            "limit": limit,
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        if offset is not None:
            params["offset"] = offset
        result = await self.call_raw("getUpdates", params, timeout=timeout + 10)
        return [u for u in result if isinstance(u, dict)] if isinstance(result, list) else []

    async def call_raw(
        self, method: str, params: dict[str, Any], timeout: float | None = None
    ) -> Any:
        session = await self._session.create_session()
        url = self._api.api_url(self.bot.token, method)
        try:
            async with session.post(
                url, json=params, timeout=aiohttp.ClientTimeout(total=timeout or 30)
            ) as resp:
                body = await resp.text()
                status = resp.status
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise ChannelUnavailable(f"{method}: {type(exc).__name__}") from None
        try:
            envelope = json.loads(body)
        except ValueError:
            raise ChannelUnavailable(f"{method}: undecodable answer ({status})") from None
        if status == 200 and envelope.get("ok"):
            return envelope.get("result")
        description = str(envelope.get("description", ""))
        retry = (envelope.get("parameters") or {}).get("retry_after")
        if retry is not None:
            raise RetryAfter(float(retry))
        if status == 403:
            raise RecipientUnavailable(f"{method}: {description}")
        if status == 400:
            if any(words in description.lower() for words in _GONE):
                raise RecipientUnavailable(f"{method}: {description}")
            raise ChannelBadRequest(f"{method}: {description}")
        if status in (404, 413):
            raise ChannelBadRequest(f"{method}: {status} {description}")
        # 5xx, 401 (a revoked token: keep the messages until the operator fixes it), 409.
        raise ChannelUnavailable(f"{method}: {status} {description}")

    async def set_webhook(self, url: str, secret: str, drop_pending: bool = False) -> None:
        await self.call(
            SetWebhook(
                url=url,
                secret_token=secret,
                drop_pending_updates=drop_pending,
                allowed_updates=list(ALLOWED_UPDATES),
            )
        )

    async def delete_webhook(self) -> None:
        await self.call(DeleteWebhook(drop_pending_updates=False))
