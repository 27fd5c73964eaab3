"""Record numbers and serials as anyone may type them: read within what the databases hold,
and a number beyond any record's answered as a number that names nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.effects import StampCheckResult
from flows.record_ids import MAX_RECORD_ID, record_id
from flows.texts import t
from flows.verification import SERIAL_CHARS, result_text
from stamps.serial import MAX_SERIAL, format_serial
from storage.database import Database
from tests.harness import make_bot


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1", 1),
        ("42", 42),
        ("0042", 42),
        (str(MAX_RECORD_ID), MAX_RECORD_ID),
        ("0" * 20 + "7", 7),
        (str(MAX_RECORD_ID + 1), None),
        (str(2**63), None),
        ("9" * 5000, None),  # beyond int()'s 4,300 digits: refused before converting
        ("0", None),
        ("", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.0", None),
        ("1e3", None),
        ("²", None),  # str.isdigit() says yes, int() refuses
        ("١٢", None),  # Arabic-Indic digits: no record is numbered so when typed here
        ("１２", None),  # full-width
    ],
)
def test_a_record_number_is_a_plain_number_a_database_integer_holds(
    typed: str, expected: int | None
) -> None:
    assert record_id(typed) == expected


def test_a_typed_message_that_holds_no_serial_is_answered_with_the_serial_length() -> None:
    not_a_serial = StampCheckResult("not_ocop", other_kind="STAMP_NOT_A_SERIAL")
    for lang in ("vi", "en"):
        text = result_text(not_a_serial, lang)
        assert text == t("STAMP_NOT_A_SERIAL", lang, chars=SERIAL_CHARS)
        assert str(SERIAL_CHARS) in text


async def test_long_numbers_and_the_last_serial_typed_to_kiemtra_are_answered(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start", chat="c")
    not_a_serial = t("STAMP_NOT_A_SERIAL", "vi", chars=SERIAL_CHARS)
    # Serials are BigInteger, but no typed form reaches past 2**32: these are no serials.
    for n in (2**31, 2**32, 2**63, 2**64, 10**30):
        replies = await bot.say(f"/kiemtra {n}", chat="c")
        assert [r.text.split("\n\n")[0] for r in replies] == [not_a_serial], n
    # The largest serial a stamp can print, never issued: looked up, and not found.
    last = format_serial(MAX_SERIAL)
    replies = await bot.say(f"/kiemtra {last}", chat="c")
    assert [r.text.split("\n\n")[0] for r in replies] == [t("STAMP_UNKNOWN", "vi", serial=last)]
