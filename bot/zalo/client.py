"""A small async client for the Zalo Bot API (`<base>/bot<TOKEN>/<method>`).

httpx rather than aiohttp: one report says Zalo's edge sends duplicate headers that aiohttp's
strict client parser refuses. Failures become the channel errors of `handlers.ports`.
Facts and doubts about the API are in docs/messaging-apis.md, section 1.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx

from bot.log_redaction import install_log_redaction, redact, register_secret
from handlers.ports import (
    ChannelBadRequest,
    ChannelUnavailable,
    RecipientUnavailable,
    RetryAfter,
)

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://bot-api.zaloplatforms.com"
# Zalo's 429 ("Quota exceeded") carries no retry_after; wait this long unless told otherwise.
DEFAULT_RETRY_AFTER = 10.0
POLL_TIMEOUT = 30  # seconds Zalo may hold a getUpdates call open
# Zalo fetches a sendPhoto URL before it answers, so that call may take a while.
SEND_PHOTO_TIMEOUT = 60.0

# Descriptions that name the recipient as the problem. Zalo documents no such error, so this
# only catches wordings seen on similar APIs; anything else stays a bad request.
_RECIPIENT_HINT = re.compile(
    r"block|unfollow|not (?:a )?(?:friend|follower)|"
    r"(?:user|chat|recipient)\w*\W+(?:\w+\W+)?"
    r"(?:not found|not exist|does not exist|deleted|inactive|invalid)",
    re.IGNORECASE,
)


class ZaloAuthError(ChannelUnavailable):
    """Zalo refused the bot token. Retrying with backoff keeps queued replies until the
    operator fixes OCOP_ZALO_TOKEN and restarts."""


class ZaloApiError(ChannelBadRequest):
    """Any other refusal; `code` is Zalo's error_code (or the HTTP status)."""

    def __init__(self, method: str, code: int, description: str) -> None:
        super().__init__(f"Zalo {method} failed: {code} {description}")
        self.method = method
        self.code = code
        self.description = description


class ZaloClient:
    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_API_URL,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry_after_default: float = DEFAULT_RETRY_AFTER,
        timeout: float = 15.0,
    ) -> None:
        token = token.strip()
        if not token or any(c.isspace() or c in "/?#" for c in token):
            raise ValueError("the Zalo bot token is empty or malformed (check OCOP_ZALO_TOKEN)")
        register_secret(token)
        install_log_redaction()
        self._token = token
        self._base = base_url.rstrip("/")
        self._retry_after_default = retry_after_default
        self._timeout = timeout
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> ZaloClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- the API ----------------------------------------------------------------------------

    async def get_me(self) -> dict[str, Any]:
        return _as_dict(await self.call("getMe"))

    async def get_updates(self, timeout: int = POLL_TIMEOUT) -> list[dict[str, Any]]:
        """The waiting updates: Zalo returns one object per call; an array is accepted too.

        An idle poll ends with error 408 (as HTTP 408 or as HTTP 200 with ok:false): that
        gives an empty list, and the caller simply polls again.
        """
        try:
            result = await self.call(
                "getUpdates", {"timeout": timeout}, read_timeout=timeout + 15.0
            )
        except ZaloApiError as exc:
            if exc.code == 408:
                return []
            raise
        except ChannelUnavailable as exc:
            if isinstance(exc.__context__, httpx.ReadTimeout):
                return []
            raise
        if isinstance(result, list):
            return [u for u in result if isinstance(u, dict)]
        if isinstance(result, dict) and result:
            return [result]
        return []

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        if not 8 <= len(secret_token) <= 256:
            raise ValueError("the Zalo webhook secret must have 8 to 256 characters")
        register_secret(secret_token)
        return _as_dict(await self.call("setWebhook", {"url": url, "secret_token": secret_token}))

    async def delete_webhook(self) -> dict[str, Any]:
        return _as_dict(await self.call("deleteWebhook"))

    async def get_webhook_info(self) -> str | None:
        """The registered webhook URL, or None when there is none (Zalo may answer 404)."""
        try:
            result = _as_dict(await self.call("getWebhookInfo"))
        except ZaloApiError as exc:
            if exc.code == 404:
                return None
            raise
        url = result.get("url")
        return url if isinstance(url, str) and url else None

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        return _as_dict(await self.call("sendMessage", {"chat_id": chat_id, "text": text}))

    async def send_photo(
        self, chat_id: str, photo_url: str, caption: str | None = None
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            params["caption"] = caption
        return _as_dict(await self.call("sendPhoto", params, read_timeout=SEND_PHOTO_TIMEOUT))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    # -- one call ---------------------------------------------------------------------------

    async def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        read_timeout: float | None = None,
    ) -> Any:
        """POST JSON to `method`; return `result` or raise a channel error (token-free)."""
        url = f"{self._base}/bot{self._token}/{method}"
        timeout = httpx.Timeout(self._timeout, read=read_timeout or self._timeout)
        try:
            response = await self._http.post(url, json=params or {}, timeout=timeout)
        except httpx.HTTPError as exc:
            # The cause is kept as __context__ (for get_updates' timeout check) but the
            # message is rebuilt: httpx messages may quote the URL, hence the token.
            raise ChannelUnavailable(
                f"Zalo {method}: {type(exc).__name__}: {self._clean(str(exc))}"
            ) from None
        return self._result(method, response)

    def _result(self, method: str, response: httpx.Response) -> Any:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            if status < 400:
                raise ChannelUnavailable(f"Zalo {method}: HTTP {status} without a JSON body")
            body = {"ok": False, "error_code": status, "description": response.reason_phrase}
        if body.get("ok") is True and status < 400:
            return body.get("result")
        code = body.get("error_code")
        if not isinstance(code, int) or isinstance(code, bool):
            code = status if status >= 400 else 0
        description = self._clean(str(body.get("description") or body.get("message") or ""))
        self._raise(method, code, description, response)

    def _raise(self, method: str, code: int, description: str, response: httpx.Response) -> None:
        if not (code == 408 and method == "getUpdates"):  # an idle poll is no news
            log.info("Zalo %s refused: %s %s", method, code, description)
        if code == 429:
            raise RetryAfter(_retry_after(response) or self._retry_after_default)
        if code == 401:
            raise ZaloAuthError(
                f"Zalo refused the bot token ({code} {description}); check OCOP_ZALO_TOKEN"
            )
        if (
            code in (400, 403, 404)
            and method.startswith("send")
            and _RECIPIENT_HINT.search(description)
        ):
            raise RecipientUnavailable(f"Zalo {method}: {code} {description}")
        if code == 403:
            # Zalo's own table calls 403 "Internal server error"; it may also be a bad token.
            raise ZaloAuthError(
                f"Zalo {method}: 403 {description} (an invalid token or a Zalo fault)"
            )
        if code == 408 and method != "getUpdates":
            raise ChannelUnavailable(f"Zalo {method}: 408 timeout")
        if code >= 500:
            raise ChannelUnavailable(f"Zalo {method}: {code} {description}")
        raise ZaloApiError(method, code, description)

    def _clean(self, text: str) -> str:
        return redact(text.replace(self._token, "<redacted>"))


def _retry_after(response: httpx.Response) -> float | None:
    """A wait Zalo might announce some day: a Retry-After header or parameters.retry_after."""
    header = response.headers.get("retry-after")
    if header and header.strip().isdigit():
        return float(header.strip())
    try:
        body = response.json()
    except ValueError:
        return None
    parameters = body.get("parameters") if isinstance(body, dict) else None
    value = parameters.get("retry_after") if isinstance(parameters, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


def _as_dict(result: Any) -> dict[str, Any]:
    return result if isinstance(result, dict) else {}
