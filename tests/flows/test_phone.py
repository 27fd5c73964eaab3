"""Vietnamese phone numbers in, E.164 stored, the local form shown."""

from __future__ import annotations

import pytest

from flows.phone import (
    LANDLINE_AREA_CODE,
    LANDLINE_DIGITS,
    MOBILE_DIGITS,
    MOBILE_PREFIXES,
    format_phone,
    looks_like_phone,
    parse_phone,
)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("0912-345-678", "+84912345678"),
        ("(091) 234 5678", "+84912345678"),
        ("  0912345678  ", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),  # how Telegram shares a contact
        ("+84 (0) 912 345 678", "+84912345678"),
        ("0084912345678", "+84912345678"),
        ("0321234567", "+84321234567"),
        ("0561234567", "+84561234567"),
        ("0771234567", "+84771234567"),
        ("0861234567", "+84861234567"),
        ("0981234567", "+84981234567"),
        ("02393856789", "+842393856789"),  # Hà Tĩnh landline
        ("0239 3856 789", "+842393856789"),
        ("(0239) 3.856.789", "+842393856789"),
        ("+84 239 3856789", "+842393856789"),
        ("842393856789", "+842393856789"),
        ("0912\u00a0345\u00a0678", "+84912345678"),
        # With words around it.
        ("sdt 0912345678", "+84912345678"),
        ("sđt: 0912345678", "+84912345678"),
        ("SĐT:0912.345.678", "+84912345678"),
        ("số của tôi là 0912 345 678 nhé", "+84912345678"),
        ("ĐT: +84 912 345 678", "+84912345678"),
        ("Điện thoại (+84) 912 345 678", "+84912345678"),
        ("0912345678 ạ", "+84912345678"),
        ("0912345678.", "+84912345678"),
        ("máy bàn 0239 3856 789", "+842393856789"),
    ],
)
def test_parse_phone_accepts(typed: str, e164: str) -> None:
    assert parse_phone(typed) == e164


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "không có",
        "091234567",  # 9 digits
        "09123456789",  # 11 digits
        "0112345678",  # no such mobile prefix
        "0212345678",
        "0412345678",
        "0612345678",
        "912345678",  # no leading 0 nor country code
        "+1 415 555 0100",
        "+84 12345678",
        "+8491234567",
        "+84212345678",
        "02433334444",  # a Hà Nội landline
        "0239385678",  # landline one digit short
        "023938567890",
        "02390856789",
        "0912abc678",
        "0912 345 678 hoặc 0987 654 321",
        "++84912345678",
        "0912+345678",
        "๐๙๑๒๓๔๕๖๗๘",  # Thai digits are digits to Python, not to us
        "0๙12345678",
        "0123 456 789",  # ten digits, but 01 is no mobile prefix
        "0123456789",
        "09123 456 789",  # eleven digits
        "sdt 09123456789",
        "sdt 0912345678 hoặc 0987654321",  # two numbers: which one?
        "0912345678 năm 2024",  # another number around it
        "sdt +0912345678",
        "số điện thoại",
        "gọi cho tôi nhé",
    ],
)
def test_parse_phone_refuses(typed: str) -> None:
    assert parse_phone(typed) is None


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+84912345678", "0912 345 678"),
        ("+84321234567", "0321 234 567"),
        ("+842393856789", "0239 3856 789"),
        ("+14155550100", "+14155550100"),  # not ours: shown as stored
        ("garbage", "garbage"),
    ],
)
def test_format_phone(e164: str, shown: str) -> None:
    assert format_phone(e164) == shown


@pytest.mark.parametrize("typed", ["0912345678", "02393856789", "+84 981 234 567"])
def test_round_trip(typed: str) -> None:
    e164 = parse_phone(typed)
    assert e164 is not None
    assert parse_phone(format_phone(e164)) == e164


def test_constants_say_what_is_enforced() -> None:
    # The BAD_PHONE message states these; each must hold for what parse_phone does.
    for prefix in MOBILE_PREFIXES:
        number = prefix + "1" * (MOBILE_DIGITS - len(prefix))
        assert parse_phone(number) is not None
        assert parse_phone(number + "1") is None
        assert parse_phone(number[:-1]) is None
    landline = LANDLINE_AREA_CODE + "3" * (LANDLINE_DIGITS - len(LANDLINE_AREA_CODE))
    assert parse_phone(landline) is not None
    assert parse_phone(landline + "3") is None
    other_prefixes = {f"0{d}" for d in range(10)} - set(MOBILE_PREFIXES)
    for prefix in other_prefixes:
        assert parse_phone(prefix + "1" * (MOBILE_DIGITS - len(prefix))) is None


@pytest.mark.parametrize(
    "text",
    [
        "0912345678",
        "0912 345 678",
        "+84 912 345 678",
        "sdt 0912345678",
        "Nguyễn Văn An 0912345678",
        "0912 345 67",  # a digit short: still a number, not a name
        "0123 456 789",
        "09123456789",
        "(0239) 3.856.789",
    ],
)
def test_looks_like_phone(text: str) -> None:
    assert looks_like_phone(text)


@pytest.mark.parametrize(
    "text", ["Nguyễn Thị Hoa", "nguyen thi hoa", "", "HTX Ân Phú 2", "Tổ 12", "1975", "sdt"]
)
def test_does_not_look_like_phone(text: str) -> None:
    assert not looks_like_phone(text)
