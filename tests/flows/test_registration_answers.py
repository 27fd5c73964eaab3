"""Answers a producer writes in their own words are understood; commands are never stored as
answers; prompts never contradict themselves; the summary reads as Vietnamese."""

from __future__ import annotations

import pytest

from flows.admin_units import example_name
from flows.engine import Outcome, advance, prompt_for
from flows.messages import UserMessage
from flows.registration import COMMUNES_PER_PAGE, REGISTRATION
from flows.text_match import fold
from storage.admin_units_source import load_admin_units
from tests.flows.transcript import complete_answers, env_for, form_at

UNITS = load_admin_units("2020")


def _send(step: str, text: str, **data: object) -> Outcome:
    form = form_at(step, {**complete_answers(UNITS), **data}, history=("applicant_name",))
    return advance(REGISTRATION, form, UserMessage(text=text), env_for(UNITS))


def _said(out: Outcome) -> str:
    return "\n".join(r.text for r in out.replies)


def _district(name: str) -> str:
    return next(d.code for d in UNITS.districts if d.name == name)


# --- reasonable answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount", "unit", "high", "shown"),
    [
        ("150k/kg", 150_000, "kg", None, "150.000 đ/kg"),
        ("khoảng 150 ngàn một lít", 150_000, "lít", None, "150.000 đ/lít"),
        ("120-150k", 120_000, None, 150_000, "120.000–150.000 đ"),
        ("150.000 đ", 150_000, None, None, "150.000 đ"),
    ],
)
def test_a_price_keeps_its_unit_and_range(
    typed: str, amount: int, unit: str | None, high: int | None, shown: str
) -> None:
    out = _send("price", typed)
    assert out.form is not None and out.form.step == "story"
    data = out.form.data
    assert (data["price"], data.get("price_unit"), data.get("price_high")) == (amount, unit, high)
    summary = prompt_for(REGISTRATION, form_at("summary", dict(data)), env_for(UNITS)).text
    assert f"Giá bán lẻ: {shown}" in summary, summary


def test_a_price_edited_without_a_unit_loses_the_old_unit() -> None:
    out = _send("price", "95.000", price_unit="kg", price_high=120_000, _editing=True)
    assert out.form is not None and out.form.step == "summary"
    assert "price_unit" not in out.form.data and "price_high" not in out.form.data


@pytest.mark.parametrize("typed", ["sdt 0912345678", "số của tôi là 0912 345 678 nhé"])
def test_a_phone_with_words_around_it(typed: str) -> None:
    out = _send("phone", typed)
    assert out.form is not None and out.form.data["phone"] == "+84912345678"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hộ gia đình", "household"),
        ("ho gia dinh", "household"),
        ("hộ kinh doanh cá thể", "household"),
        ("công ty TNHH", "enterprise"),
        ("Cty TNHH Hoa Sen", "enterprise"),
        ("cty", "enterprise"),
        ("doanh nghiệp tư nhân", "enterprise"),
        ("htx", "htx"),
        ("hợp tác xã nông nghiệp", "htx"),
        ("tổ hợp tác", "tht"),
        ("cá nhân", "individual"),
        ("4", "htx"),
    ],
)
def test_applicant_types_in_everyday_words(typed: str, expected: str) -> None:
    out = _send("applicant_type", typed)
    assert out.form is not None and out.form.data["applicant_type"] == expected, _said(out)


def test_an_unclear_applicant_type_is_asked_again() -> None:
    out = _send("applicant_type", "hợp tác")  # a cooperative group, or a cooperative?
    assert out.form is not None and out.form.step == "applicant_type"


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("tp ha tinh", "Thành phố Hà Tĩnh"),
        ("tx ky anh", "Thị xã Kỳ Anh"),
        ("huyen ky anh", "Huyện Kỳ Anh"),
        ("vu quang", "Huyện Vũ Quang"),
    ],
)
def test_a_district_typed_short(typed: str, district: str) -> None:
    out = _send("district", typed)
    assert out.form is not None and out.form.step == "commune"
    assert out.form.data["district_code"] == _district(district)


def test_an_ambiguous_district_is_asked_which() -> None:
    out = _send("district", "ky anh")
    assert out.form is not None and out.form.step == "district"
    assert 'Có 2 nơi tên "ky anh"' in _said(out)
    labels = [o.label for o in out.replies[-1].options]
    assert labels[:2] == ["Huyện Kỳ Anh", "Thị xã Kỳ Anh"]
    second = advance(REGISTRATION, out.form, UserMessage(text="2"), env_for(UNITS))
    assert second.form is not None and second.form.data["district_code"] == _district(
        "Thị xã Kỳ Anh"
    )


def test_a_township_typed_short() -> None:
    out = _send("commune", "tt pho chau", district_code=_district("Huyện Hương Sơn"))
    assert out.form is not None and out.form.step == "product_name"
    assert UNITS.commune(str(out.form.data["commune_code"])).name == "Thị trấn Phố Châu"  # type: ignore[union-attr]


# --- commands are not answers ----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["xong", "sửa 1", "sửa số 3", "tiếp"])
@pytest.mark.parametrize("step", ["story", "core_value", "product_name", "applicant_name"])
def test_a_command_is_never_stored_as_an_answer(step: str, typed: str) -> None:
    out = _send(step, typed, **{step: "before"})
    assert out.form is not None and out.form.step == step
    assert out.form.data[step] == "before"
    assert f'"{typed}" chưa phải là câu trả lời' in _said(out)


def test_skip_at_a_required_question_says_it_is_required() -> None:
    out = _send("product_name", "bỏ qua")
    assert out.form is not None and out.form.step == "product_name"
    assert "không bỏ qua được" in _said(out)


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "sdt 0912345678"])
def test_a_phone_number_is_not_a_name(typed: str) -> None:
    out = _send("applicant_name", typed, applicant_name="")
    assert out.form is not None and out.form.step == "applicant_name"
    assert "giống số điện thoại" in _said(out)


def test_digits_alone_are_not_a_product_name() -> None:
    out = _send("product_name", "16")
    assert out.form is not None and out.form.step == "product_name"


@pytest.mark.parametrize("typed", ["sửa số 3", "sửa 3", "sua so 3", "sửa mục 3"])
def test_edit_by_number_at_the_summary(typed: str) -> None:
    out = _send("summary", typed)
    assert out.form is not None and out.form.step == "phone"
    assert out.form.data["_editing"] is True


def test_edit_alone_and_a_number_too_far() -> None:
    out = _send("summary", "sửa")
    assert out.form is not None and out.form.step == "edit_which"
    out = _send("summary", "sửa 20")
    assert out.form is not None and out.form.step == "summary"
    assert "Không có mục số 20" in _said(out) and "từ 1 đến 13" in _said(out)
    out = _send("edit_which", "sửa 11")
    assert out.form is not None and out.form.step == "price"


def test_the_summary_numbers_only_its_options() -> None:
    """ "3" at the summary is its third option, never mistaken for the third answer."""
    summary = prompt_for(REGISTRATION, form_at("summary", complete_answers(UNITS)), env_for(UNITS))
    assert not [line for line in summary.text.splitlines() if line[:1].isdigit()]


# --- prompts that do not contradict themselves -------------------------------------------------


def test_a_commune_not_found_offers_an_example_that_is_found() -> None:
    """ "huong" in Hương Sơn: the example offered must not be what was just not found."""
    huong_son = _district("Huyện Hương Sơn")
    out = _send("commune", "huong", district_code=huong_son)
    said = _said(out)
    assert 'Không tìm thấy xã (phường, thị trấn) nào tên "huong"' in said
    example = said.split("ví dụ: ")[1].split(",")[0]
    assert fold(example) != "huong"
    assert len(UNITS.find_communes(example, huong_son)) == 1


@pytest.mark.parametrize("district", [d.code for d in UNITS.districts])
def test_every_example_of_every_district_is_found(district: str) -> None:
    example = example_name(UNITS.communes_of(district))
    assert len(UNITS.find_communes(example, district)) == 1
    out = _send("commune", example, district_code=district)
    assert out.form is not None and out.form.step == "product_name"


def test_the_last_page_says_it_is_the_last_and_does_not_wrap() -> None:
    huong_son = _district("Huyện Hương Sơn")
    pages = -(-len(UNITS.communes_of(huong_son)) // COMMUNES_PER_PAGE)
    assert pages == 2
    last = form_at("commune", {**complete_answers(UNITS), "district_code": huong_son, "_page": 1})
    prompt = prompt_for(REGISTRATION, last, env_for(UNITS))
    assert "tiếp" not in prompt.text and "trang cuối" in prompt.text
    assert "Xem thêm" not in [o.label for o in prompt.options]
    out = advance(REGISTRATION, last, UserMessage(text="tiếp"), env_for(UNITS))
    assert out.form is not None and out.form.data["_page"] == 1
    assert "trang cuối" in _said(out)
    first = advance(REGISTRATION, last, UserMessage(text="Về trang 1"), env_for(UNITS))
    assert first.form is not None and first.form.data["_page"] == 0


# --- words --------------------------------------------------------------------------------------


def test_the_summary_names_places_once() -> None:
    data = {**complete_answers(UNITS), "district_code": _district("Huyện Hương Sơn")}
    data["commune_code"] = UNITS.communes_of(str(data["district_code"]))[0].code
    summary = prompt_for(REGISTRATION, form_at("summary", data), env_for(UNITS)).text
    assert "Huyện: Hương Sơn" in summary
    assert "Huyện Huyện" not in summary and "Huyện: Huyện" not in summary
    assert "Thị trấn: Phố Châu" in summary
    city = {**data, "district_code": _district("Thị xã Kỳ Anh")}
    summary = prompt_for(REGISTRATION, form_at("summary", city), env_for(UNITS)).text
    assert "Thị xã: Kỳ Anh" in summary
