"""An idea's history in words, on the pure engine: who (for officers), what, when in local
time; the owner's plain view without names or officers' notes; paging; how it is reached."""

from __future__ import annotations

import datetime as dt

from flows.conversation import Conversation, respond
from flows.engine import Env
from flows.idea_history import PAGE_SIZE, line_text
from flows.idea_history_effects import HistoryEvent, HistoryLoaded, HistoryRefused, LoadHistory
from flows.messages import UserMessage
from flows.principal import DISTRICT, Principal, RoleGrant
from storage.admin_units_source import load_default_admin_units

UNITS = load_default_admin_units()
NOW = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
OFFICER = Principal(3, "zalo", "d", (RoleGrant(DISTRICT, "441"),))
AT = "2026-03-01T08:05:00+00:00"  # 15:05 in Vietnam


def _env(principal: Principal = OFFICER) -> Env:
    return Env(lang="vi", now=NOW, units=UNITS, principal=principal)


def _events(n: int = 0) -> tuple[HistoryEvent, ...]:
    chain = (
        HistoryEvent("2026-02-20T01:00:00+00:00", "idea.submit", target="submitted"),
        HistoryEvent(
            "2026-02-25T03:00:00+00:00",
            "idea.forward",
            "submitted",
            "forwarded",
            actor="Trần Văn Bình",
            note="Hồ sơ đủ",
        ),
        HistoryEvent(AT, "idea.return", "forwarded", "returned_dist", "Lê Thị Cúc", "Đã có ATTP?"),
        HistoryEvent(
            AT, "idea.answer", "returned_dist", "forwarded", "Nguyễn Thị Hoa", "Có", photos=2
        ),
        HistoryEvent(AT, "idea.score.district", actor="Lê Thị Cúc", points=62),
    )
    extra = tuple(HistoryEvent(AT, "idea.evaluate", "developing", "evaluating") for _ in range(n))
    return chain + extra


def _loaded(for_officer: bool = True, n: int = 0) -> HistoryLoaded:
    return HistoryLoaded(7, "001/PĐK-42-441-2026", "Mật ong", "2020", _events(n), for_officer)


def test_each_step_in_words_with_who_and_when_for_an_officer() -> None:
    loaded = _loaded()
    lines = [line_text(_env(), loaded, e) for e in loaded.events]
    assert lines[0] == "• 20/02/2026 08:00: Người đăng ký gửi ý tưởng"
    assert lines[1] == (
        "• 25/02/2026 10:00: Xã chuyển lên huyện (Trần Văn Bình, cán bộ xã)\n"
        "   Ghi chú của cán bộ: Hồ sơ đủ"
    )
    assert lines[2] == "• 01/03/2026 15:05: Huyện hỏi thêm: Đã có ATTP? (Lê Thị Cúc, cán bộ huyện)"
    assert lines[3] == "• 01/03/2026 15:05: Người đăng ký trả lời: Có (kèm 2 ảnh) (Nguyễn Thị Hoa)"
    assert "Hội đồng cấp huyện chấm 62 điểm" in lines[4]


def test_the_owner_reads_it_in_plain_words_without_names_or_notes() -> None:
    loaded = _loaded(for_officer=False)
    text = "\n".join(line_text(_env(Principal(1, "zalo", "p")), loaded, e) for e in loaded.events)
    assert "Xã chuyển lên huyện" in text and "Huyện hỏi thêm: Đã có ATTP?" in text
    assert "Trần Văn Bình" not in text and "Hồ sơ đủ" not in text and "cán bộ" not in text


def test_reached_by_command_and_button_and_a_long_history_is_paged() -> None:
    asked = respond(Conversation(), UserMessage(text="/lichsu", command="lichsu"), _env())
    assert "/lichsu 12" in asked.replies[0].text and asked.effects == ()
    typed = UserMessage(text="/lichsu 001/PĐK", command="lichsu", command_arg="001/PĐK")
    assert respond(Conversation(), typed, _env()).effects == (LoadHistory("001/PĐK", "2020"),)
    pressed = respond(Conversation(), UserMessage(choice="history:7:view"), _env())
    assert pressed.effects == (LoadHistory("7", "2020"),)

    short = respond(pressed.conversation, _loaded(), _env())
    assert "trang 1/1" in short.replies[0].text and short.conversation.form is None

    pressed = respond(Conversation(), UserMessage(choice="history:7:view"), _env())
    long = respond(pressed.conversation, _loaded(n=PAGE_SIZE), _env())
    first = long.replies[-1]
    assert "trang 1/2" in first.text and first.text.count("• ") == PAGE_SIZE
    assert [o.label for o in first.options] == ["Trang sau", "Xong"]
    second = respond(long.conversation, UserMessage(text="1"), _env()).replies[-1]
    assert "trang 2/2" in second.text and second.text.count("• ") == 5
    assert [o.label for o in second.options] == ["Trang trước", "Xong"]


def test_a_refusal_says_why() -> None:
    pressed = respond(Conversation(), UserMessage(choice="history:7:view"), _env())
    refused = respond(pressed.conversation, HistoryRefused("AUTH_OUTSIDE_AREA"), _env())
    assert "không thuộc địa bàn" in refused.replies[0].text
