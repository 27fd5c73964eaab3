"""The redaction of log records: phone numbers as Vietnamese write them, tokens in URLs and
alone, registered secrets; the other numbers a log holds are left alone."""

from __future__ import annotations

import logging

import pytest

from bot.log_redaction import PHONE_REDACTED, REDACTED, install_log_redaction, redact

PHONES = [
    "0912 345 678",
    "0912.345.678",
    "0912-345-678",
    "0912345678",
    "091 234 5678",
    "+84 912 345 678",
    "+84912345678",
    "+84 (0) 912 345 678",
    "0084912345678",
    "84912345678",
    "0239 3856 789",
    "02393856789",
]
NOT_PHONES = [
    "update 912345678",
    "took 0.912345678 s",
    "2026-12-02 19:40:29,123",
    "telegram:5100000042",
    "zalo:8491234567890123",
    "price 150000",
    "idea:12 number 001/PĐK-42-441-2026",
    "conversation_key=telegram:1",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phones_are_redacted_however_written(phone: str) -> None:
    assert redact(f"sdt {phone} nhé") == f"sdt {PHONE_REDACTED} nhé"
    assert redact(f'{{"contact_phone": "{phone}"}}') == f'{{"contact_phone": "{PHONE_REDACTED}"}}'


@pytest.mark.parametrize("text", NOT_PHONES)
def test_other_numbers_are_kept(text: str) -> None:
    assert redact(text) == text


def test_tokens_in_urls_and_alone_are_redacted() -> None:
    token = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmno"
    for text in (
        f"POST https://api.telegram.org/bot{token}/sendMessage",
        f"GET https://api.telegram.org/file/bot{token}/photos/1.jpg",
        f"error with {token}",
    ):
        assert token not in redact(text) and "AAFakeToken" not in redact(text)
    assert redact("https://bot-api.zaloplatforms.com/bot1459232241:Fake-Zalo_Key/getUpdates") == (
        f"https://bot-api.zaloplatforms.com/bot{REDACTED}/getUpdates"
    )
    assert redact("https://s3/x.jpg?X-Amz-Signature=abc123&X-Amz-Expires=60") == (
        f"https://s3/x.jpg?X-Amz-Signature={REDACTED}&X-Amz-Expires=60"
    )
    assert (
        redact("GET /hook?secret=s3cr3t-value HTTP/1.1") == f"GET /hook?secret={REDACTED} HTTP/1.1"
    )


def test_every_record_is_cleaned_with_its_arguments_and_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    install_log_redaction()
    log = logging.getLogger("tests.privacy")
    with caplog.at_level(logging.DEBUG):
        log.debug("contact %s shared", "+84912345678")
        try:
            raise ValueError("bad phone 0912 345 678")
        except ValueError:
            log.exception("failed")
    text = caplog.text
    assert "912" not in text.replace("tests.privacy", "")
    assert text.count(PHONE_REDACTED) >= 2
