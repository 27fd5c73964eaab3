"""TelegramChannel against the local fake Bot API: requests on the wire, error mapping,
downloads and the token kept out of logs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.channel import TelegramChannel
from flows.messages import Option, PhotoAttachment, Reply
from handlers.ports import (
    ChannelBadRequest,
    ChannelUnavailable,
    PhotoTooLarge,
    RecipientUnavailable,
    RetryAfter,
)
from storage.database import Database
from storage.delivery_marks import StoredDeliveryMarks
from tests.e2e.fake_telegram import DEFAULT_TOKEN, FakeTelegram

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 5000 + b"\xff\xd9"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as tg:
        yield tg


@pytest.fixture
async def channel(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[TelegramChannel]:
    (tmp_path / "abc.jpg").write_bytes(JPEG)
    ch = TelegramChannel(
        DEFAULT_TOKEN, fake.base_url, photo_path=lambda sha: tmp_path / f"{sha}.jpg"
    )
    yield ch
    await ch.close()


async def test_start_learns_username(channel: TelegramChannel) -> None:
    assert await channel.start() == "ocop_test_bot"


async def test_send_text_with_buttons(fake: FakeTelegram, channel: TelegramChannel) -> None:
    await channel.send("42", Reply("Chọn", options=(Option("a", "Một"), Option("b", "Hai"))))
    [sent] = fake.sent
    assert (sent.chat_id, sent.text) == (42, "Chọn")
    assert sent.buttons == [("Một", "a"), ("Hai", "b")]


async def test_phone_keyboard_then_removed(fake: FakeTelegram, channel: TelegramChannel) -> None:
    await channel.send("42", Reply("Số điện thoại?", request_phone=True))
    await channel.send("42", Reply("Cảm ơn anh/chị"))
    await channel.send("42", Reply("Tiếp"))
    first, second, third = fake.sent
    assert first.keyboard[0]["request_contact"] is True
    assert second.reply_markup == {"remove_keyboard": True}
    assert third.reply_markup is None


async def test_the_next_process_takes_the_phone_keyboard_away(
    fake: FakeTelegram, database: Database
) -> None:
    """The process that showed the keyboard dies; the one sending this channel next knows
    (the mark is in the database) and takes it away with its first message, once."""
    first = TelegramChannel(DEFAULT_TOKEN, fake.base_url, marks=StoredDeliveryMarks(database))
    await first.send("42", Reply("Số điện thoại?", request_phone=True))
    await first.close()
    second = TelegramChannel(DEFAULT_TOKEN, fake.base_url, marks=StoredDeliveryMarks(database))
    await second.send("42", Reply("Cảm ơn anh/chị"))
    await second.send("42", Reply("Tiếp"))
    await second.close()
    third = TelegramChannel(DEFAULT_TOKEN, fake.base_url, marks=StoredDeliveryMarks(database))
    await third.send("42", Reply("Sau khi khởi động lại"))
    await third.close()
    shown, removed, plain, later = fake.sent
    assert shown.keyboard[0]["request_contact"] is True
    assert removed.reply_markup == {"remove_keyboard": True}
    assert plain.reply_markup is None and later.reply_markup is None


async def test_photo_is_uploaded(fake: FakeTelegram, channel: TelegramChannel) -> None:
    await channel.send("42", Reply("Ảnh", photo="abc"))
    [sent] = fake.sent
    assert (sent.method, sent.text, sent.photo) == ("sendPhoto", "Ảnh", JPEG)


async def test_photo_with_buttons_is_multipart(
    fake: FakeTelegram, channel: TelegramChannel
) -> None:
    await channel.send("42", Reply("Ảnh tem", photo="abc", options=(Option("ok", "Đúng"),)))
    [sent] = fake.sent
    assert (sent.method, sent.chat_id, sent.text, sent.photo) == ("sendPhoto", 42, "Ảnh tem", JPEG)
    assert sent.buttons == [("Đúng", "ok")]


async def test_document_is_uploaded(
    fake: FakeTelegram, channel: TelegramChannel, tmp_path: Path
) -> None:
    sheet = tmp_path / "tem-lo-7.pdf"
    sheet.write_bytes(b"%PDF-1.4 tem")
    await channel.send("42", Reply("Đã phát hành 3 tem.", document=str(sheet)))
    [sent] = fake.sent
    assert (sent.method, sent.text, sent.photo) == (
        "sendDocument",
        "Đã phát hành 3 tem.",
        b"%PDF-1.4 tem",
    )


async def test_upload_refused_for_size(fake: FakeTelegram, channel: TelegramChannel) -> None:
    fake.fail_next_sends(1, status=413, description="Request Entity Too Large")
    with pytest.raises(ChannelBadRequest):
        await channel.send("42", Reply("Ảnh", photo="abc"))


async def test_webhook_registration(fake: FakeTelegram, channel: TelegramChannel) -> None:
    await channel.set_webhook("https://ocop.example/webhook/telegram", "s3cret-value")
    assert (fake.webhook_url, fake.webhook_secret) == (
        "https://ocop.example/webhook/telegram",
        "s3cret-value",
    )
    [(_, params)] = [c for c in fake.calls if c[0] == "setWebhook"]
    assert params["allowed_updates"] == ["message", "callback_query"]
    await channel.delete_webhook()
    assert fake.webhook_url == ""


async def test_missing_photo_file_is_a_bad_request(channel: TelegramChannel) -> None:
    with pytest.raises(ChannelBadRequest):
        await channel.send("42", Reply("Ảnh", photo="gone"))


async def test_429_becomes_retry_after(fake: FakeTelegram, channel: TelegramChannel) -> None:
    fake.fail_next_sends(1, retry_after=3)
    with pytest.raises(RetryAfter) as err:
        await channel.send("42", Reply("x"))
    assert err.value.seconds == 3
    await channel.send("42", Reply("x"))
    assert len(fake.sent) == 1


async def test_blocked_user(fake: FakeTelegram, channel: TelegramChannel) -> None:
    fake.blocked.add(42)
    with pytest.raises(RecipientUnavailable):
        await channel.send("42", Reply("x"))


async def test_bad_request_and_server_errors(fake: FakeTelegram, channel: TelegramChannel) -> None:
    fake.fail_next_sends(1, status=400, description="Bad Request: can't parse entities")
    with pytest.raises(ChannelBadRequest):
        await channel.send("42", Reply("x"))
    fake.fail_next_sends(1, status=400, description="Bad Request: chat not found")
    with pytest.raises(RecipientUnavailable):
        await channel.send("42", Reply("x"))
    fake.fail_next_sends(1, status=502)
    with pytest.raises(ChannelUnavailable):
        await channel.send("42", Reply("x"))


async def test_network_error(tmp_path: Path) -> None:
    ch = TelegramChannel(DEFAULT_TOKEN, "http://127.0.0.1:9")
    try:
        with pytest.raises(ChannelUnavailable):
            await ch.send("42", Reply("x"))
    finally:
        await ch.close()


async def test_download(fake: FakeTelegram, channel: TelegramChannel) -> None:
    stored = fake.store_file(JPEG)
    data = await channel.download(PhotoAttachment(ref=stored.file_id, size=len(JPEG)), 10**6)
    assert data == JPEG


async def test_download_refuses_large_files_before_fetching(
    fake: FakeTelegram, channel: TelegramChannel
) -> None:
    stored = fake.store_file(JPEG)
    with pytest.raises(PhotoTooLarge):  # announced in the update
        await channel.download(PhotoAttachment(ref=stored.file_id, size=25 * 2**20), 30 * 2**20)
    assert not any(m == "getFile" for m, _ in fake.calls)
    with pytest.raises(PhotoTooLarge):  # announced by getFile
        await channel.download(PhotoAttachment(ref=stored.file_id), 1000)
    assert [m for m, _ in fake.calls] == ["getFile"]


async def test_token_never_logged(
    fake: FakeTelegram, channel: TelegramChannel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    stored = fake.store_file(JPEG)
    fake._files_by_path.clear()  # the download URL now answers 404
    with pytest.raises(ChannelBadRequest) as err:
        await channel.download(PhotoAttachment(ref=stored.file_id), 10**6)
    assert DEFAULT_TOKEN not in str(err.value)
    url = f"{fake.base_url}/file/bot{DEFAULT_TOKEN}/x.jpg"
    logging.getLogger("somewhere").warning("fetching %s", url)
    try:
        raise RuntimeError(url)
    except RuntimeError:
        logging.getLogger("somewhere").exception("failed")
    assert "fetching" in caplog.text and "<redacted>" in caplog.text
    assert DEFAULT_TOKEN not in caplog.text
    assert all(DEFAULT_TOKEN not in (r.exc_text or "") for r in caplog.records)


async def test_answer_callback(fake: FakeTelegram, channel: TelegramChannel) -> None:
    await channel.answer_callback("123")
    assert fake.callback_answers == ["123"]


async def test_raw_get_updates(fake: FakeTelegram, channel: TelegramChannel) -> None:
    user = fake.user(7)
    first = fake.send_text(user, "a")
    fake.send_text(user, "b")
    updates = await channel.get_updates(offset=None, timeout=1)
    assert [u["update_id"] for u in updates] == [first, first + 1]
    assert await channel.get_updates(offset=first + 2, timeout=0) == []
