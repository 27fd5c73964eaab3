"""Matching typed answers against options and common words, with or without diacritics."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from flows.admin_units import parse_admin_units
from flows.messages import Option
from flows.text_match import (
    BACK_WORDS,
    CANCEL_WORDS,
    DONE_WORDS,
    NEXT_WORDS,
    NO_WORDS,
    SKIP_WORDS,
    YES_WORDS,
    fold,
    is_back,
    is_cancel,
    is_control_word,
    is_done,
    is_next,
    is_no,
    is_skip,
    is_yes,
    normalize,
    parse_edit,
    resolve_choice,
    search,
)

SHIPPED_UNITS = Path(__file__).resolve().parents[2] / "data" / "ha-tinh-2020.csv"
NFD_HA_TINH = unicodedata.normalize("NFD", "Hà Tĩnh")
# Windows-1258 style: precomposed base letter, then a combining tone mark.
LEGACY_TIENG = "Tie\u0302\u0301ng Vie\u0323\u0302t"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hà Tĩnh", "Hà Tĩnh"),
        (NFD_HA_TINH, "Hà Tĩnh"),
        ("  Hà   Tĩnh \n", "Hà Tĩnh"),
        ("Hà\u00a0Tĩnh", "Hà Tĩnh"),
        ("Hà\tTĩnh\r\nxã", "Hà Tĩnh xã"),
        ("\ufeffHà\u200b Tĩnh", "Hà Tĩnh"),
        (LEGACY_TIENG, "Tiếng Việt"),
        ("ê\u0301", "ế"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected
    assert unicodedata.is_normalized("NFC", normalize(raw))


def test_normalize_keeps_tone_placement() -> None:
    # Both placements are valid spellings; only fold makes them equal.
    assert normalize("huỷ") != normalize("hủy")
    assert fold("huỷ") == fold("hủy") == "huy"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hà Tĩnh", "ha tinh"),
        (NFD_HA_TINH, "ha tinh"),
        ("HÀ TĨNH", "ha tinh"),
        ("ha tinh", "ha tinh"),
        ("Đức Thọ", "duc tho"),
        ("ĐỨC THỌ", "duc tho"),
        ("Đồng ý!", "dong y"),
        ("Cá nhân (chưa đăng ký kinh doanh)", "ca nhan chua dang ky kinh doanh"),
        ("Nguyễn-Du, số 12.", "nguyen du so 12"),
        ("ưu ơ ă â ê ô", "uu o a a e o"),
        ("Hoà Hòa", "hoa hoa"),
        ("Thủy Thuỷ", "thuy thuy"),
        ("/cancel", "cancel"),
        ("-", ""),
        ("  ", ""),
        (LEGACY_TIENG, "tieng viet"),
        ("Ｈà", "ha"),  # full-width letters from some keyboards
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


DISTRICTS = (
    Option("436", "Thành phố Hà Tĩnh"),
    Option("437", "Thị xã Hồng Lĩnh"),
    Option("439", "Huyện Hương Sơn"),
    Option("440", "Huyện Đức Thọ"),
    Option("441", "Huyện Vũ Quang"),
    Option("447", "Huyện Kỳ Anh"),
    Option("449", "Thị xã Kỳ Anh"),
)

KINDS = (
    Option("individual", "Cá nhân (chưa đăng ký kinh doanh)"),
    Option("household", "Hộ kinh doanh"),
    Option("tht", "Tổ hợp tác (THT)"),
    Option("htx", "Hợp tác xã (HTX)"),
    Option("company", "Doanh nghiệp"),
)


@pytest.mark.parametrize(
    ("typed", "expected_id"),
    [
        ("441", "441"),  # the id
        ("1", "436"),
        ("2", "437"),
        ("2.", "437"),
        (" 2 ", "437"),
        ("2)", "437"),
        ("số 2", "437"),
        ("So 3", "439"),
        ("#4", "440"),
        ("Huyện Vũ Quang", "441"),
        ("huyen vu quang", "441"),
        (unicodedata.normalize("NFD", "Huyện Vũ Quang"), "441"),
        ("vu quang", "441"),
        ("VŨ QUANG", "441"),
        ("vũ quang", "441"),
        ("quang", "441"),
        ("vu qua", "441"),  # the last word cut short
        ("duc tho", "440"),
        ("Đức Thọ", "440"),
        ("hong linh", "437"),
        ("ha tinh", "436"),
        ("huyen ky anh", "447"),
        ("thi xa ky anh", "449"),
        ("Thị xã Kỳ Anh", "449"),
        ("thi xa ky", "449"),
    ],
)
def test_resolve_choice_finds(typed: str, expected_id: str) -> None:
    found = resolve_choice(DISTRICTS, typed)
    assert found is not None
    assert found.id == expected_id


@pytest.mark.parametrize(
    "typed",
    [
        "ky anh",  # Thị xã Kỳ Anh and Huyện Kỳ Anh
        "Kỳ Anh",
        "huyen",  # five huyện
        "thi xa",
        "0",
        "8",
        "99",
        "-1",
        "",
        "   ",
        "?!",
        "nghe an",
        "vu quangg",
        "2.5",
        "anh ky",
    ],
)
def test_resolve_choice_refuses(typed: str) -> None:
    assert resolve_choice(DISTRICTS, typed) is None


@pytest.mark.parametrize(
    ("typed", "expected_id"),
    [
        ("ca nhan", "individual"),
        ("Cá nhân", "individual"),
        ("ho kinh doanh", "household"),
        ("tht", "tht"),
        ("THT", "tht"),
        ("to hop tac", "tht"),
        ("htx", "htx"),
        ("hop tac xa", "htx"),
        ("doanh nghiep", "company"),
        ("5", "company"),
        ("company", "company"),
    ],
)
def test_resolve_choice_registration_kinds(typed: str, expected_id: str) -> None:
    found = resolve_choice(KINDS, typed)
    assert found is not None
    assert found.id == expected_id


def test_resolve_choice_kinh_doanh_is_ambiguous() -> None:
    assert resolve_choice(KINDS, "kinh doanh") is None


def test_id_wins_over_number() -> None:
    options = (Option("2", "Hai sao"), Option("1", "Một sao"))
    found = resolve_choice(options, "2")
    assert found == Option("2", "Hai sao")


def test_typed_diacritics_break_a_tie() -> None:
    options = (Option("a", "Cơ sở"), Option("b", "Có sổ"))
    assert resolve_choice(options, "co so") is None
    assert resolve_choice(options, "cơ sở") == options[0]
    assert resolve_choice(options, "có sổ") == options[1]
    assert resolve_choice(options, "có") == options[1]


def test_wrong_diacritics_still_find_a_unique_label() -> None:
    # People mistype marks; when only one label fits the letters, take it.
    assert resolve_choice(DISTRICTS, "vù quảng") == Option("441", "Huyện Vũ Quang")


def test_empty_options() -> None:
    assert resolve_choice((), "1") is None
    assert resolve_choice((), "ha tinh") is None
    assert search((), "ha") == []


def _communes() -> list[Option]:
    units = parse_admin_units(SHIPPED_UNITS.read_text(encoding="utf-8"))
    return [Option(c.code, c.name) for c in units.communes]


def test_search_narrows_communes_in_order() -> None:
    communes = _communes()
    found = search(communes, "son")
    assert len(found) > 5
    assert all("son" in fold(o.label).split() for o in found)
    assert found == [o for o in communes if o in found]  # original order


@pytest.mark.parametrize(
    ("query", "expected_labels"),
    [
        ("tran phu", ["Phường Trần Phú"]),
        ("TRẦN PHÚ", ["Phường Trần Phú"]),
        ("an phu", ["Xã Ân Phú"]),
        ("thach trung", ["Xã Thạch Trung"]),
    ],
)
def test_search_communes(query: str, expected_labels: list[str]) -> None:
    assert [o.label for o in search(_communes(), query)] == expected_labels


@pytest.mark.parametrize("query", ["", "  ", "!!", "tran ph", "zzz", "phu tran"])
def test_search_needs_whole_words_in_order(query: str) -> None:
    assert search(_communes(), query) == []


def test_search_all_communes_of_a_kind() -> None:
    found = search(_communes(), "thi tran")
    assert len(found) == 13


@pytest.mark.parametrize(
    ("typed", "expected_label"),
    [
        ("an phu", "Xã Ân Phú"),
        ("Ân Phú", "Xã Ân Phú"),
        ("xa an phu", "Xã Ân Phú"),
        ("tran phu", "Phường Trần Phú"),
        ("thi tran pho chau", "Thị trấn Phố Châu"),
        ("pho chau", "Thị trấn Phố Châu"),
    ],
)
def test_resolve_choice_among_all_communes(typed: str, expected_label: str) -> None:
    found = resolve_choice(_communes(), typed)
    assert found is not None
    assert found.label == expected_label


@pytest.mark.parametrize("typed", ["thach", "son", "thi tran", "phuong"])
def test_resolve_choice_among_all_communes_ambiguous(typed: str) -> None:
    assert resolve_choice(_communes(), typed) is None


@pytest.mark.parametrize(
    "text",
    [
        "có", "co", "Có", "CÓ", "ừ", "u", "ok", "OK", "Ok.", "oke", "đồng ý", "dong y", "Đồng ý!",
        "yes", "y", "vâng", "vang", "dạ", "da", "dạ có", "có ạ", "vâng ạ", "ok nhé", "được", "dc",
        "đúng rồi", unicodedata.normalize("NFD", "đồng ý"), "  có  ",
    ],
)  # fmt: skip
def test_is_yes(text: str) -> None:
    assert is_yes(text)


@pytest.mark.parametrize(
    "text",
    ["không", "ko", "k", "K", "khong", "no", "No", "dạ không", "không ạ", "chưa", "hông", "kg"],
)
def test_is_no(text: str) -> None:
    assert is_no(text)


@pytest.mark.parametrize(
    "text",
    [
        "xong", "xon", "hết", "het", "done", "xong rồi", "xong roi", "Xong!", "đã xong",
        "ok xong", "Ok xong", "oke xong", "xong nhé", "dạ xong",
    ],
)  # fmt: skip
def test_is_done(text: str) -> None:
    assert is_done(text)


@pytest.mark.parametrize(
    "text", ["0", " 0 ", "quay lại", "quay lai", "Quay Lại", "back", "trở lại", "tro lai", "lui"]
)
def test_is_back(text: str) -> None:
    assert is_back(text)


@pytest.mark.parametrize(
    "text",
    [
        "hủy", "huỷ", "huy", "HỦY", "Huỷ", unicodedata.normalize("NFD", "huỷ"), "cancel",
        "/cancel", "dừng", "dung", "thoát", "thoat", "hủy bỏ", "dừng lại",
    ],
)  # fmt: skip
def test_is_cancel(text: str) -> None:
    assert is_cancel(text)


@pytest.mark.parametrize(
    "text",
    [
        "bỏ qua", "bo qua", "skip", "không có", "khong co", "ko có", "ko co", "-", " - ",
        "Bỏ qua.", "/skip",
    ],
)  # fmt: skip
def test_is_skip(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize(
    ("predicate", "text"),
    [
        (is_yes, "không"),
        (is_yes, "có lẽ"),
        (is_yes, "cô"),  # a different word that folds like "có"
        (is_yes, ""),
        (is_yes, "1"),
        (is_no, "không có"),  # that is a skip
        (is_no, "có"),
        (is_no, "ok"),
        (is_done, "chưa xong"),
        (is_done, "xong chưa"),
        (is_back, "00"),
        (is_back, "o"),
        (is_back, "1"),
        (is_cancel, "đúng"),  # folds like "dừng" but the marks say otherwise
        (is_cancel, "huy hiệu"),
        (is_cancel, "hũy"),  # a wrong tone mark: not a known word
        (is_skip, "không"),
        (is_skip, "--"),
        (is_skip, "qua"),
        (is_skip, ""),
        (is_next, "tiếp tục sản xuất"),
        (is_next, "thêm"),  # "add", not "next page"
        (is_next, ""),
    ],
)
def test_predicates_refuse(predicate: object, text: str) -> None:
    assert callable(predicate)
    assert not predicate(text)


def test_word_lists_do_not_overlap() -> None:
    # A word in two lists would make the engine's answer depend on the order of its checks.
    lists = {
        "yes": YES_WORDS,
        "no": NO_WORDS,
        "done": DONE_WORDS,
        "back": BACK_WORDS,
        "cancel": CANCEL_WORDS,
        "skip": SKIP_WORDS,
        "next": NEXT_WORDS,
    }
    seen: dict[str, str] = {}
    for name, words in lists.items():
        for word in words:
            key = fold(word)
            assert seen.setdefault(key, name) == name, f"{word!r} in {name} and {seen[key]}"


@pytest.mark.parametrize(
    "text", ["tiếp", "tiep", "Tiếp", "tiếp theo", "xem thêm", "xem them", "next", "more"]
)
def test_is_next(text: str) -> None:
    assert is_next(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sửa", True),
        ("sua", True),
        ("Sửa", True),
        ("edit", True),
        ("sửa lại", True),
        ("chỉnh sửa", True),
        ("sửa số", True),  # which one: the form asks
        ("sửa: 3", 3),
        ("sửa #3", 3),
        ("sửa 3", 3),
        ("sửa số 3", 3),
        ("sua so 3", 3),
        ("sửa mục 3", 3),
        ("sửa câu 3", 3),
        ("sửa bước 3", 3),
        ("edit 3", 3),
        ("Sửa 12", 12),
        ("sửa3", 3),
        ("sửa số 3 nhé", 3),
        ("dạ sửa 3", 3),
        ("chỉnh sửa câu 3", 3),
        (unicodedata.normalize("NFD", "sửa số 3"), 3),
    ],
)
def test_parse_edit(text: str, expected: int | bool) -> None:
    found = parse_edit(text)
    assert found == expected
    assert (found is True) == (expected is True)  # True is an int: "sửa" is not "sửa 1"


@pytest.mark.parametrize(
    "text",
    [
        "", "3", "số 3", "sửa 0", "sửa tên", "sữa", "sữa 3", "sứa", "Sữa bò", "sửa chữa máy",
        "edit 3 4", "sửa 1000",
    ],
)  # fmt: skip
def test_parse_edit_refuses(text: str) -> None:
    assert parse_edit(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "xong", "ok xong", "hết", "bỏ qua", "ko co", "skip", "0", "quay lại", "hủy", "tiếp",
        "xem thêm", "next", "sửa", "sửa 1", "sửa số 3", "edit 2", "/help", "/skip", "/start",
        "-",
    ],
)  # fmt: skip
def test_control_words(text: str) -> None:
    assert is_control_word(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mật ong rừng Vũ Quang", "Sữa bò tươi", "sữa", "không", "có", "1", "3", "Hương Sơn",
        "nghề nuôi ong đã có từ ba đời", "xong việc thì bán ở chợ", "bán ở chợ huyện", "/",
        "hủy hoại",
    ],
)  # fmt: skip
def test_answers_are_not_control_words(text: str) -> None:
    assert not is_control_word(text)
