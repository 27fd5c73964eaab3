"""The Zalo Bot API client against httpx.MockTransport: envelopes, errors, token redaction."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import httpx
import pytest

from bot.zalo.client import ZaloApiError, ZaloAuthError, ZaloClient
from handlers.ports import ChannelBadRequest, ChannelUnavailable, RecipientUnavailable, RetryAfter

TOKEN = "1234567890:Sup3rS3cretT0ken-abc"
BASE = "https://zalo.test"

Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler, **kwargs: float) -> ZaloClient:
    return ZaloClient(TOKEN, BASE, transport=httpx.MockTransport(handler), **kwargs)


def ok(result: object) -> httpx.Response:
    return httpx.Response(200, json={"ok": True, "result": result})


def fail(code: int, description: str, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status, json={"ok": False, "error_code": code, "description": description}
    )


UPDATE = {"event_name": "message.text.received", "message": {"message_id": "m1"}}


async def test_calls_post_json_to_the_token_path() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok({"message_id": "x", "date": 1})

    async with client(handler) as zalo:
        assert await zalo.send_message("c1", "Xin chào") == {"message_id": "x", "date": 1}
    assert seen[0].method == "POST"
    assert seen[0].url == f"{BASE}/bot{TOKEN}/sendMessage"
    assert json.loads(seen[0].content) == {"chat_id": "c1", "text": "Xin chào"}


async def test_get_updates_returns_the_single_update_as_a_list() -> None:
    async with client(lambda r: ok(UPDATE)) as zalo:
        assert await zalo.get_updates(timeout=1) == [UPDATE]


async def test_get_updates_accepts_an_array_too() -> None:
    async with client(lambda r: ok([UPDATE, UPDATE])) as zalo:
        assert await zalo.get_updates(timeout=1) == [UPDATE, UPDATE]


@pytest.mark.parametrize(
    "response",
    [
        fail(408, "Request timeout"),  # HTTP 200 with ok:false
        fail(408, "Request timeout", status=408),
        httpx.Response(408, text="timeout"),  # no JSON body at all
        ok(None),
        ok({}),
    ],
)
async def test_idle_poll_gives_no_updates(response: httpx.Response) -> None:
    async with client(lambda r: response) as zalo:
        assert await zalo.get_updates(timeout=1) == []


async def test_ok_false_with_http_200_is_an_error() -> None:
    async with client(lambda r: fail(400, "text is required")) as zalo:
        with pytest.raises(ZaloApiError) as raised:
            await zalo.send_message("c1", "")
    assert raised.value.code == 400 and isinstance(raised.value, ChannelBadRequest)


@pytest.mark.parametrize("status", [200, 429])
async def test_429_is_retry_after_with_a_default_backoff(status: int) -> None:
    async with client(lambda r: fail(429, "Quota exceeded", status), retry_after_default=7) as zalo:
        with pytest.raises(RetryAfter) as raised:
            await zalo.send_message("c1", "x")
    assert raised.value.seconds == 7


async def test_429_honours_a_retry_after_if_ever_given() -> None:
    response = httpx.Response(429, headers={"Retry-After": "3"}, json={"ok": False})
    async with client(lambda r: response) as zalo:
        with pytest.raises(RetryAfter) as raised:
            await zalo.send_message("c1", "x")
    assert raised.value.seconds == 3


@pytest.mark.parametrize("code", [401, 403])
async def test_rejected_token_is_a_clear_error(code: int) -> None:
    async with client(lambda r: fail(code, "Unauthorized")) as zalo:
        with pytest.raises(ZaloAuthError, match="token"):
            await zalo.get_me()


@pytest.mark.parametrize(
    "response",
    [
        fail(500, "oops", status=500),
        httpx.Response(502, text="<html>bad gateway</html>"),
        httpx.Response(200, text="not json"),
    ],
)
async def test_server_faults_are_unavailable(response: httpx.Response) -> None:
    async with client(lambda r: response) as zalo:
        with pytest.raises(ChannelUnavailable):
            await zalo.send_message("c1", "x")


async def test_recipient_errors_are_recognised_by_their_wording() -> None:
    async with client(lambda r: fail(403, "User has blocked the bot")) as zalo:
        with pytest.raises(RecipientUnavailable):
            await zalo.send_message("c1", "x")


async def test_webhook_info_404_means_no_webhook() -> None:
    async with client(lambda r: fail(404, "Not found", status=404)) as zalo:
        assert await zalo.get_webhook_info() is None
    async with client(lambda r: ok({"url": "https://bot/webhook/zalo", "updated_at": 1})) as zalo:
        assert await zalo.get_webhook_info() == "https://bot/webhook/zalo"
    async with client(lambda r: ok({"url": "", "updated_at": 1})) as zalo:
        assert await zalo.get_webhook_info() is None


async def test_set_webhook_checks_the_secret_length() -> None:
    async with client(lambda r: ok({})) as zalo:
        with pytest.raises(ValueError):
            await zalo.set_webhook("https://bot/webhook/zalo", "short")


async def test_network_error_message_and_logs_carry_no_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}", request=request)

    caplog.set_level(logging.DEBUG)
    async with client(handler) as zalo:
        with pytest.raises(ChannelUnavailable) as raised:
            await zalo.send_message("c1", "x")
    assert TOKEN not in str(raised.value) and "<redacted>" in str(raised.value)
    assert raised.value.__suppress_context__  # the original (with the URL) is not printed


async def test_httpx_request_log_is_redacted(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with client(lambda r: fail(400, f"bad url /bot{TOKEN}/sendMessage")) as zalo:
        with pytest.raises(ZaloApiError) as raised:
            await zalo.send_message("c1", "x")
    assert TOKEN not in str(raised.value)
    assert any("HTTP Request" in r.getMessage() for r in caplog.records)
    assert all(TOKEN not in r.getMessage() for r in caplog.records)
    assert TOKEN not in caplog.text


def test_a_malformed_token_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValueError) as raised:
        ZaloClient("abc def/ghi", BASE)
    assert "abc def" not in str(raised.value)


async def test_a_poll_the_network_cut_short_is_just_idle() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    async with client(handler) as zalo:
        assert await zalo.get_updates(timeout=1) == []
        with pytest.raises(ChannelUnavailable):  # on any other call it is a fault
            await zalo.send_message("c1", "x")
