"""Amounts of đồng as people type them."""

from __future__ import annotations

import pytest

from flows.money import MAX_VND, format_vnd, parse_vnd


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150000", 150_000),
        ("150.000", 150_000),
        ("150,000", 150_000),
        ("150 000", 150_000),
        ("150 000 đ", 150_000),
        ("150.000đ", 150_000),
        ("150.000 đ", 150_000),
        ("150.000 Đ", 150_000),
        ("150k", 150_000),
        ("150K", 150_000),
        ("150 k", 150_000),
        ("150kđ", 150_000),
        ("150 nghìn", 150_000),
        ("150 nghin", 150_000),
        ("150 ngàn", 150_000),
        ("150 ngàn đồng", 150_000),
        ("1,5 triệu", 1_500_000),
        ("1.5 triệu", 1_500_000),
        ("1.5tr", 1_500_000),
        ("1,5tr", 1_500_000),
        ("2 triệu", 2_000_000),
        ("2 trieu", 2_000_000),
        ("2tr", 2_000_000),
        ("0,5 triệu", 500_000),
        ("1,25 triệu", 1_250_000),
        ("50.000đ", 50_000),
        ("50.000 VND", 50_000),
        ("50.000 vnđ", 50_000),
        ("50.000 VNĐ", 50_000),
        ("VND 50.000", 50_000),
        ("₫50.000", 50_000),
        ("50.000₫", 50_000),
        ("50 000 đồng", 50_000),
        ("1.000.000", 1_000_000),
        ("1,000,000", 1_000_000),
        ("1 000 000 đ", 1_000_000),
        ("1 triệu 500 nghìn", 1_500_000),
        ("1 triệu 500", 1_500_000),
        ("1tr5", 1_500_000),
        ("1tr05", 1_050_000),
        ("1tr5 nghìn", 1_005_000),
        ("1tr250", 1_250_000),
        ("2k5", 2_500),
        ("1 triệu rưỡi", 1_500_000),
        ("1 tỷ", 1_000_000_000),
        ("1 tỉ 200 triệu", 1_200_000_000),
        ("1,2 tỷ", 1_200_000_000),
        ("1.500 triệu", 1_500_000_000),  # thousands dot, then the unit
        ("  35000  ", 35_000),
        ("5000", 5_000),
        ("1", 1),
        ("1.000.000.000.000", MAX_VND),
    ],
)
def test_parse_vnd_accepts(typed: str, amount: int) -> None:
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "đ",
        "k",
        "triệu",
        "0",
        "0 đ",
        "0k",
        "-150000",
        "-150.000 đ",
        "abc",
        "150 nghìn hoặc 200 nghìn",
        "một trăm nghìn",
        "12.5",  # no half đồng
        "150,5",
        "1.500,5",
        "150.000,00",
        "1.50.000",  # groups of three only
        "150.00.000",
        "1.000,000",  # mixed separators
        "500 nghìn 1 triệu",  # smaller unit first
        "1 triệu 2 triệu",
        "1tr5000",  # tail longer than three digits
        "rưỡi",
        "1 triệu rưỡi 5",
        "1.000.000.000.001",  # more than MAX_VND
        "1001 tỷ",
        "99999999999999999999",
        "150$",
        "$150",
        "150 usd",
        "1e6",
        "๑๕๐๐๐๐",  # Thai digits
        "150kk",
    ],
)
def test_parse_vnd_refuses(typed: str) -> None:
    assert parse_vnd(typed) is None


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (1, "1 đ"),
        (999, "999 đ"),
        (1_000, "1.000 đ"),
        (150_000, "150.000 đ"),
        (1_500_000, "1.500.000 đ"),
        (MAX_VND, "1.000.000.000.000 đ"),
    ],
)
def test_format_vnd(amount: int, shown: str) -> None:
    assert format_vnd(amount) == shown


@pytest.mark.parametrize("amount", [1, 999, 1_000, 150_000, 1_234_567, MAX_VND])
def test_round_trip(amount: int) -> None:
    assert parse_vnd(format_vnd(amount)) == amount
