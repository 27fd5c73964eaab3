"""Every option the registration lists with a number is chosen by typing that number.

On Zalo and the console options are numbered lines, so a producer types "1" for "1. Bỏ qua";
whatever the step does with other text, the number must do what pressing the option does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows.admin_units import AdminUnits
from flows.engine import advance, prompt_for
from flows.messages import UserMessage
from flows.registration import REGISTRATION
from storage.admin_units_source import load_admin_units
from tests.flows.transcript import complete_answers, env_for, form_at, photo_sha


def _huong_son(units: AdminUnits) -> str:
    """A district of more than one page of communes."""
    return next(d.code for d in units.districts if d.name == "Huyện Hương Sơn")


def _states(units: AdminUnits) -> Iterator[tuple[str, dict[str, object]]]:
    """Each step of the registration with options, in the states where they differ."""
    done = complete_answers(units)
    for step in ("applicant_type", "product_group", "target_market", "story"):
        yield step, done
    two_photos = {**done, "photos": [photo_sha("a"), photo_sha("b")]}
    yield "photos", two_photos
    yield "summary", done
    yield "edit_which", done
    if units.has_districts:
        yield "district", done
        yield "district", {**done, "_district_query": "ky anh"}
        district = _huong_son(units)
        for page in (0, 1):
            yield "commune", {**done, "district_code": district, "_page": page}
        yield "commune", {**done, "district_code": district, "_query": "son"}
    else:
        for page in range(5):
            yield "commune", {**done, "_page": page}
        yield "commune", {**done, "_query": "ky"}


@pytest.mark.parametrize("structure", ["2020", "2025"])
def test_every_listed_option_is_chosen_by_its_number(structure: str) -> None:
    units = load_admin_units(structure)
    env = env_for(units)
    checked = 0
    for step, data in _states(units):
        form = form_at(step, data, history=("applicant_name",))
        options = prompt_for(REGISTRATION, form, env).options
        assert options, f"{step} lists no options in {data}"
        for number, option in enumerate(options, start=1):
            typed = advance(REGISTRATION, form, UserMessage(text=str(number)), env)
            pressed = advance(REGISTRATION, form, UserMessage(choice=option.id), env)
            assert typed == pressed, f"{step}: {number} is not {option.label!r}"
            checked += 1
    assert checked > 60


@pytest.mark.parametrize(
    ("step", "typed", "option_label"),
    [
        ("story", "1", "Bỏ qua"),
        ("story", "số 1", "Bỏ qua"),
        ("photos", "1", "Xong"),
        ("commune", "16", "Xem thêm"),
    ],
)
def test_the_newcomers_numbers(step: str, typed: str, option_label: str) -> None:
    """The three refused in the trial: the story's skip, the photos' done, the next page."""
    units = load_admin_units("2020")
    data = {**complete_answers(units), "district_code": _huong_son(units)}
    form = form_at(step, data, history=("applicant_name",))
    env = env_for(units)
    options = prompt_for(REGISTRATION, form, env).options
    option = next(o for o in options if o.label == option_label)
    typed_outcome = advance(REGISTRATION, form, UserMessage(text=typed), env)
    assert typed_outcome == advance(REGISTRATION, form, UserMessage(choice=option.id), env)
    if step == "commune":
        assert typed_outcome.form is not None and typed_outcome.form.data["_page"] == 1
    else:
        assert typed_outcome.form is not None and typed_outcome.form.step != step
