"""The 2025 structure (no districts, 69 communes): no district question, the commune from the
province's list, and registration numbers of that structure. The 2020 form is unchanged."""

from __future__ import annotations

from flows.idea_answers import IdeaAnswers
from storage.admin_units_source import load_admin_units
from storage.ideas import numbering_unit, registration_number
from tests.flows.transcript import Replayer

UNITS_2025 = load_admin_units("2025")


def _turns(replayer: Replayer, *lines: str) -> str:
    said: list[str] = []
    for line in lines:
        said += replayer.turn(line)
    return "\n".join(said)


def test_a_whole_registration_without_a_district_question() -> None:
    assert not UNITS_2025.has_districts and len(UNITS_2025.communes) == 69
    replayer = Replayer(UNITS_2025)
    said = _turns(replayer, "/start", "1", "Nguyễn Thị Hoa", "hộ gia đình")
    assert "Bước 3/12" in said
    commune_question = _turns(replayer, "0912 345 678")
    assert "Bước 4/12. Cơ sở sản xuất ở xã (phường) nào?" in commune_question
    assert "huyện" not in commune_question.split("< 1.")[0].lower()
    assert "Trang 1/5" in commune_question
    # narrowed by typing: "vu quang" is one commune of 2025
    said = _turns(replayer, "vu quang")
    assert "Bước 5/12" in said
    said = _turns(
        replayer,
        "Mật ong rừng Vũ Quang",
        "1",
        "Mật ong nguyên chất từ hoa rừng",
        "2",
        "2 tấn",
        "150k/kg",
        "1",
        "[photo:honey]",
        "1",
    )
    assert "Huyện" not in said
    assert "• Xã: Vũ Quang" in said
    assert "Giá bán lẻ: 150.000 đ/kg" in said
    done = _turns(replayer, "1")
    [submitted] = replayer.submitted
    answers = submitted.answers
    assert answers.district_code is None and answers.admin_structure == "2025"
    assert UNITS_2025.commune(answers.commune_code).name == "Xã Vũ Quang"  # type: ignore[union-attr]
    assert f"Số phiếu: 001/PĐK-42-{answers.commune_code}-2026" in done
    assert "chuyển lên huyện" not in done


def test_the_communes_are_paged_without_wrapping_round() -> None:
    replayer = Replayer(UNITS_2025)
    _turns(replayer, "/start", "1", "Nguyễn Thị Hoa", "2", "0912 345 678")
    for page in range(2, 6):
        said = _turns(replayer, "16" if page % 2 else "tiếp")
        assert f"Trang {page}/5" in said
    assert "trang cuối" in said and "Xem thêm" not in said
    said = _turns(replayer, "tiếp")
    assert "Đây là trang cuối rồi." in said and "Trang 5/5" in said


def test_a_commune_shared_by_several_names_is_asked_which() -> None:
    replayer = Replayer(UNITS_2025)
    _turns(replayer, "/start", "1", "Nguyễn Thị Hoa", "2", "0912 345 678")
    said = _turns(replayer, "son kim")
    assert 'Có 2 nơi khớp với "son kim"' in said
    assert "1. Xã Sơn Kim 1" in said and "2. Xã Sơn Kim 2" in said
    assert "Bước 5/12" in _turns(replayer, "2")


def test_numbers_per_commune_in_2025_per_district_in_2020() -> None:
    base = IdeaAnswers.from_json({"commune_code": "18316", "district_code": "441"})
    assert registration_number(1, numbering_unit(base), 2026) == "001/PĐK-42-441-2026"
    new = IdeaAnswers.from_json({"commune_code": "18100", "admin_structure": "2025"})
    assert registration_number(12, numbering_unit(new), 2026) == "012/PĐK-42-18100-2026"


def test_back_from_the_commune_goes_to_the_phone() -> None:
    replayer = Replayer(UNITS_2025)
    _turns(replayer, "/start", "1", "Nguyễn Thị Hoa", "2", "0912 345 678")
    assert "Bước 3/12. Số điện thoại" in _turns(replayer, "0")
