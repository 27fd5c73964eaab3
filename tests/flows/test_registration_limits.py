"""Every limit the registration states is the one it enforces, from its one constant or
setting: lengths, photo size and pixels, the phone's digits, the volume's unit, the photos."""

from __future__ import annotations

import pytest

from flows.engine import Limits, advance, prompt_for
from flows.messages import RejectedPhoto, StoredPhoto, UserMessage
from flows.phone import LANDLINE_AREA_CODE, LANDLINE_DIGITS, MOBILE_DIGITS, MOBILE_PREFIXES
from flows.registration import (
    CORE_VALUE_LENGTH,
    MAX_PHOTOS,
    NAME_LENGTH,
    PRODUCT_NAME_LENGTH,
    REGISTRATION,
    STORY_LENGTH,
    Length,
)
from storage.admin_units_source import load_admin_units
from tests.flows.transcript import complete_answers, env_for, form_at, photo_sha

UNITS = load_admin_units("2020")


def _answer(step: str, text: str) -> tuple[str | None, str]:
    """The step the form is at after `text`, and everything the bot said."""
    form = form_at(step, complete_answers(UNITS), history=("applicant_name",))
    out = advance(REGISTRATION, form, UserMessage(text=text), env_for(UNITS))
    return (out.form.step if out.form else None), "\n".join(r.text for r in out.replies)


def _vi(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@pytest.mark.parametrize(
    ("step", "length"),
    [
        ("applicant_name", NAME_LENGTH),
        ("product_name", PRODUCT_NAME_LENGTH),
        ("core_value", CORE_VALUE_LENGTH),
        ("story", STORY_LENGTH),
    ],
)
def test_the_longest_answer_allowed_is_the_one_stated(step: str, length: Length) -> None:
    low, high = length.low, length.high
    at, _ = _answer(step, "a" * high)
    assert at != step
    at, said = _answer(step, "a" * (high + 1))
    assert at == step
    assert f"tối đa {_vi(high)} ký tự" in said or f"giới hạn {_vi(high)} ký tự" in said, said
    assert f"{_vi(high + 1)} ký tự" in said
    at, said = _answer(step, "a" * (low - 1) if low > 1 else "")
    if low > 1:
        assert at == step
        assert "ngắn quá" in said and f"ít nhất {low} ký tự" in said, said
        assert "ngắn gọn" not in said  # a short answer is not told to be shorter


def test_the_story_says_and_keeps_one_thousand() -> None:
    assert STORY_LENGTH.high == 1000
    _, said = _answer("story", "x" * 2000)
    assert "1.000 ký tự" in said


@pytest.mark.parametrize(
    ("reason", "limits", "expected"),
    [
        ("PHOTO_TOO_LARGE", Limits(max_photo_bytes=5 * 1024 * 1024), "tối đa 5 MB"),
        ("PHOTO_TOO_LARGE", Limits(max_photo_bytes=20 * 1024 * 1024), "tối đa 20 MB"),
        ("PHOTO_TOO_LARGE", Limits(max_photo_bytes=2_500_000), "tối đa 2,4 MB"),
        ("PHOTO_TOO_MANY_PIXELS", Limits(max_photo_pixels=12_000_000), "12 triệu điểm ảnh"),
        ("PHOTO_TOO_MANY_PIXELS", Limits(max_photo_pixels=40_000_000), "40 triệu điểm ảnh"),
    ],
)
@pytest.mark.parametrize("step", ["photos", "product_name", "summary"])
def test_photo_refusals_state_the_limits_in_force(
    step: str, reason: str, limits: Limits, expected: str
) -> None:
    form = form_at(step, complete_answers(UNITS), history=("applicant_name",))
    event = UserMessage(photos=(RejectedPhoto(reason),))
    out = advance(REGISTRATION, form, event, env_for(UNITS, limits=limits))
    said = "\n".join(r.text for r in out.replies)
    assert expected in said, said
    assert "{" not in said


def test_the_english_limits_too() -> None:
    form = form_at("photos", complete_answers(UNITS))
    event = UserMessage(photos=(RejectedPhoto("PHOTO_TOO_LARGE"),))
    limits = Limits(max_photo_bytes=3 * 1024 * 1024)
    out = advance(REGISTRATION, form, event, env_for(UNITS, lang="en", limits=limits))
    assert "3 MB at most" in out.replies[0].text


def test_the_phone_message_says_what_is_accepted() -> None:
    at, said = _answer("phone", "0123 456 789")  # an old 10-digit prefix: refused...
    assert at == "phone"
    assert f"{MOBILE_DIGITS} số" in said and f"{LANDLINE_DIGITS} số" in said
    assert all(p in said for p in MOBILE_PREFIXES) and LANDLINE_AREA_CODE in said
    assert "cần 10 số, bắt đầu bằng 0" not in said  # ...so "10 digits from 0" would be wrong
    at, _ = _answer("phone", "0239 3856 789")  # 11 digits: the Hà Tĩnh landline the text names
    assert at == "district"


def test_the_volume_needs_its_unit_as_the_question_says() -> None:
    at, said = _answer("volume", "500")
    assert at == "volume" and "đơn vị" in said
    prompt = prompt_for(REGISTRATION, form_at("volume", {}), env_for(UNITS)).text
    assert "đơn vị" in prompt
    at, _ = _answer("volume", "500 kg")
    assert at == "price"
    at, _ = _answer("volume", "500kg")
    assert at == "price"


def test_the_number_of_photos_is_max_photos() -> None:
    prompt = prompt_for(REGISTRATION, form_at("photos", {}), env_for(UNITS)).text
    assert f"1 đến {MAX_PHOTOS} ảnh" in prompt
    data = {**complete_answers(UNITS), "photos": [photo_sha(str(i)) for i in range(MAX_PHOTOS)]}
    form = form_at("photos", data)
    sixth = UserMessage(photos=(StoredPhoto("f" * 64, 8, 8),))
    out = advance(REGISTRATION, form, sixth, env_for(UNITS))
    assert out.form is not None and len(out.form.data["photos"]) == MAX_PHOTOS
    assert f"Đã đủ {MAX_PHOTOS} ảnh" in out.replies[0].text
