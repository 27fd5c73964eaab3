"""The advice on a stamp photo nothing reads in: from what the photo shows, the one change
most likely to help (stamps/photo_advice.py)."""

from __future__ import annotations

import pytest

from flows.texts import TEXTS
from stamps.deblur import ROUND_BELOW, BlurEstimate
from stamps.decode import PhotoSigns, decode_qr
from stamps.photo_advice import (
    ADVICE_KEYS,
    DARK,
    DARK_BELOW,
    FLATTEN,
    FOCUS,
    FOCUS_FROM,
    GENERAL,
    SHAKE,
    SHAKE_FROM,
    SMALL,
    SMALL_CODE_BELOW,
    advice_key,
)
from tests.stamps.hard_photos import hard_set, no_code_set

SHAKEN = BlurEstimate(degrees=0, length=SHAKE_FROM, anisotropy=ROUND_BELOW + 1)
ROUND = BlurEstimate(degrees=0, length=FOCUS_FROM, anisotropy=1.0)
SHARP = BlurEstimate(degrees=90, length=FOCUS_FROM - 2, anisotropy=1.1)


def signs(
    brightness: float = 120,
    blur: BlurEstimate | None = SHARP,
    code_side: float | None = None,
    size: tuple[int, int] = (1280, 960),
) -> PhotoSigns:
    return PhotoSigns(size[0], size[1], brightness, 180, blur, code_side)


def test_each_sign_has_its_advice_and_light_comes_first() -> None:
    assert advice_key(None) == GENERAL
    assert advice_key(signs()) == GENERAL  # sharp, light, no code found: nothing to point at
    assert advice_key(signs(brightness=DARK_BELOW - 1, blur=SHAKEN, code_side=50)) == DARK
    assert advice_key(signs(brightness=DARK_BELOW)) == GENERAL
    assert advice_key(signs(code_side=SMALL_CODE_BELOW - 1, blur=SHAKEN)) == SMALL
    assert advice_key(signs(code_side=SMALL_CODE_BELOW, blur=SHAKEN)) == SHAKE
    assert advice_key(signs(blur=SHAKEN)) == SHAKE
    short = BlurEstimate(degrees=0, length=SHAKE_FROM - 1, anisotropy=ROUND_BELOW + 1)
    assert advice_key(signs(blur=short)) == GENERAL
    assert advice_key(signs(blur=ROUND)) == FOCUS
    assert advice_key(signs(blur=ROUND, code_side=200)) == FOCUS
    assert advice_key(signs(code_side=200)) == FLATTEN  # found, big, sharp, light: its shape
    assert advice_key(signs(blur=None, code_side=200)) == FLATTEN


def test_every_advice_is_in_the_catalogue_in_both_languages() -> None:
    for key in ADVICE_KEYS:
        vi, en = TEXTS[key]
        assert "sê-ri" in vi and "serial" in en, key  # typing the serial always works


# What the photos of hard_photos.py's no-code set are told, by condition: none holds a code.
EXPECTED_ON_BLANKS = {
    "gaussian-3.0": FOCUS,
    "gaussian-3.5": FOCUS,
    "motion-horizontal": SHAKE,
    "motion-diagonal": SHAKE,
    "low-light+gaussian": DARK,
    "low-light+motion": DARK,
    "low-light+crumpled": DARK,
}


@pytest.mark.parametrize("condition", sorted(EXPECTED_ON_BLANKS))
def test_a_photo_is_told_what_it_shows(condition: str) -> None:
    photo = next(p for p in no_code_set(1) if p.condition == condition)
    result = decode_qr(photo.jpeg())
    assert result.texts == [] and result.signs is not None
    assert advice_key(result.signs) == EXPECTED_ON_BLANKS[condition], result.signs


def test_a_code_found_but_unread_in_good_light_is_to_be_flattened() -> None:
    creased = [p for p in hard_set(4) if p.condition == "crumpled"]
    told = {}
    for photo in creased:
        result = decode_qr(photo.jpeg())
        if not result.texts:
            told[photo.name] = advice_key(result.signs)
    assert told, "every crumpled photo was read: pick a harder condition for this test"
    assert FLATTEN in told.values(), told
