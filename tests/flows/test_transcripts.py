from __future__ import annotations

import os
from pathlib import Path

import pytest

from storage.admin_units_source import load_admin_units
from tests.flows.transcript import replay

TRANSCRIPTS = sorted((Path(__file__).parents[1] / "transcripts").glob("*.txt"))


def test_there_are_transcripts() -> None:
    names = {p.stem for p in TRANSCRIPTS}
    for case in (
        "registration.happy",
        "registration.back",
        "registration.edit",
        "registration.cancel",
        "registration.invalid_phone",
        "registration.invalid_price",
        "registration.commune_typed",
        "registration.photos",
        "registration.not_an_image",
        "registration.resume",
        "registration.by_number",
        "registration.structure_2025",
    ):
        assert case in names


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_transcript(path: Path) -> None:
    expected, actual = replay(path, load_admin_units)
    if os.environ.get("OCOP_REGENERATE_TRANSCRIPTS"):
        path.write_text("\n".join(actual) + "\n", encoding="utf-8")
        return
    assert "\n".join(actual) == "\n".join(expected)
