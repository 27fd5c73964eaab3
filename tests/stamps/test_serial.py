"""Printed serials: round trip, forgiving reading, and every typo caught."""

from __future__ import annotations

import pytest

from stamps.serial import ALPHABET, MAX_SERIAL, format_serial, parse_serial

SAMPLES = [0, 1, 31, 32, 1023, 123_456, 2**31, MAX_SERIAL]


@pytest.mark.parametrize("n", SAMPLES)
def test_round_trip(n: int) -> None:
    text = format_serial(n)
    assert len(text) == 9 and text[4] == "-"
    assert parse_serial(text) == n


def test_reading_is_forgiving() -> None:
    text = format_serial(123_456)
    assert parse_serial(text.lower()) == 123_456
    assert parse_serial(" " + text.replace("-", " ") + " ") == 123_456
    assert parse_serial(text.replace("-", "")) == 123_456
    zeros = format_serial(1)  # starts with 0000
    assert parse_serial(zeros.replace("0", "O")) == 1
    one = next(n for n in range(1, 5000) if "1" in format_serial(n))
    assert parse_serial(format_serial(one).replace("1", "I")) == one
    assert parse_serial(format_serial(one).replace("1", "l")) == one


@pytest.mark.parametrize("n", SAMPLES)
def test_every_single_wrong_character_is_caught(n: int) -> None:
    chars = format_serial(n).replace("-", "")
    for i, original in enumerate(chars):
        for other in ALPHABET:
            if other != original:
                assert parse_serial(chars[:i] + other + chars[i + 1 :]) is None


@pytest.mark.parametrize("n", SAMPLES)
def test_every_swap_of_neighbours_is_caught(n: int) -> None:
    chars = format_serial(n).replace("-", "")
    for i in range(len(chars) - 1):
        if chars[i] != chars[i + 1]:
            swapped = chars[:i] + chars[i + 1] + chars[i] + chars[i + 2 :]
            assert parse_serial(swapped) is None


@pytest.mark.parametrize("text", ["", "1234", "0000-001", "0000-001MM", "UUUU-UUUU", "hello"])
def test_not_a_serial(text: str) -> None:
    assert parse_serial(text) is None


def test_out_of_range() -> None:
    with pytest.raises(ValueError):
        format_serial(-1)
    with pytest.raises(ValueError):
        format_serial(MAX_SERIAL + 1)
    # seven characters hold 35 bits: values of 2**32 and above are refused whatever the check
    assert all(parse_serial("4000000" + check) is None for check in ALPHABET)


def test_the_chat_knows_how_long_a_serial_is() -> None:
    from flows.verification import SERIAL_CHARS

    assert len(format_serial(123_456).replace("-", "")) == SERIAL_CHARS


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("0009-2X4K", "0009-2X4K"),
        ("0009 2x4k", "0009-2X4K"),
        ("00092x4k", "0009-2X4K"),
        ("0009.2X4K?", "0009-2X4K"),
        ("tem số 0009-2X4K ạ", "0009-2X4K"),
        ("ABCD-EFGH", "ABCD-EFGH"),  # the printed form, even without a digit
        (
            "xem https://x.vn/S/1K1AAAAAAZKF4XN2Q7PJLSMHBVUEA nhé",
            "https://x.vn/S/1K1AAAAAAZKF4XN2Q7PJLSMHBVUEA",
        ),
    ],
)
def test_what_is_shaped_like_a_serial(text: str, part: str) -> None:
    from flows.verification import checkable_part

    assert checkable_part(text) == part


@pytest.mark.parametrize(
    "text",
    [
        "Tem nay that khong?",
        "Tem này thật không?",
        "nhan hang",  # two words of four letters
        "0912345678",  # a phone number
        "năm 2024-2025",  # a year range in a sentence
        "chương trình 2024 2025",
        "0009-2X4K hay 0009-2X4L",  # two serials: which one?
        "Cho tôi hỏi về sản phẩm có mã 0009-2X4K được chứng nhận năm nào ạ",  # a question
        "150k/kg",
    ],
)
def test_what_is_no_serial(text: str) -> None:
    from flows.verification import checkable_part, looks_checkable

    assert checkable_part(text) is None and not looks_checkable(text)


def test_every_serial_starts_with_a_digit() -> None:
    """Why a serial without a digit is only taken in its printed form: serials are below
    2**32, so the first of the seven data characters is 0 to 3."""
    assert {format_serial(n)[0] for n in (0, 2**30, 2**31, MAX_SERIAL)} == set("0123")
