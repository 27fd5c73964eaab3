"""Reminders put into words: every kind in Vietnamese and English, the figures that matter,
the late variant, and options that open the inbox and pause reminders (never for a legal
deadline)."""

from __future__ import annotations

import pytest

from flows.reminder_plan import plan
from flows.reminder_texts import figures_needed, render_reminder
from flows.reminder_types import ANNOUNCEMENT, KINDS
from flows.texts import TEXTS
from storage.calendar_source import load_calendar
from tests.flows.test_reminder_plan import _busy_snapshot, _year

PAUSE, INBOX = "menu::reminders", "menu::inbox"


def _samples() -> dict[str, dict[str, str]]:
    """One planned reminder of each kind, with the params the planner writes."""
    found = plan(_busy_snapshot(), load_calendar(), *_year(2027))
    samples = {c.kind: dict(c.params) for c in found}
    return samples


def test_an_announcement_is_left_to_its_own_words() -> None:
    with pytest.raises(ValueError):
        render_reminder(ANNOUNCEMENT, {"text": "Tập huấn"}, {}, "vi", late_days=None)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != ANNOUNCEMENT])
def test_every_kind_has_a_text_in_vietnamese_and_in_english(kind: str) -> None:
    params = _samples()[kind]
    vi = render_reminder(kind, params, {}, "vi", late_days=None)
    en = render_reminder(kind, params, {}, "en", late_days=None)
    assert vi.text and en.text and vi.text != en.text
    assert "{" not in vi.text and "{" not in en.text
    assert vi.lang == "vi" and en.lang == "en"
    assert [o.id for o in vi.options] == [o.id for o in en.options]
    legal = kind == "deadline"
    assert (PAUSE in [o.id for o in vi.options]) is not legal


def test_a_district_officer_before_31_march_is_told_how_many_ideas_wait() -> None:
    samples = plan(_busy_snapshot(), load_calendar(), *_year(2027))
    params = next(
        c.params for c in samples if c.user_id == 2 and c.params.get("entry") == "ideas_to_province"
    )
    assert figures_needed("deadline", params) == ("selection",)
    reply = render_reminder("deadline", params, {"selection": 4}, "vi", late_days=None)
    assert reply.text.splitlines() == [
        "⏰ Nhắc hạn: gửi ý tưởng sản phẩm lên tỉnh thẩm định. Hạn: 31/03/2027 (còn 14 ngày).",
        "Còn 4 ý tưởng chờ anh/chị xem xét, chọn và gửi đi.",
        "Gõ /duyet để làm việc này.",
    ]
    assert [o.id for o in reply.options] == [INBOX]  # a legal deadline: no pause
    none_left = render_reminder("deadline", params, {"selection": 0}, "en", late_days=None)
    assert "Nothing is waiting for you now." in none_left.text
    late = render_reminder("deadline", params, {"selection": 2}, "vi", late_days=2)
    assert late.text.startswith("⚠️ Hạn 31/03/2027 đã qua 2 ngày")
    today = render_reminder("deadline", params, {}, "vi", late_days=0, days_left=0)
    assert today.text.startswith("⏰ Hôm nay, 31/03/2027, là hạn cuối")
    sent_later = render_reminder("deadline", params, {}, "en", late_days=None, days_left=5)
    assert "(5 days left)" in sent_later.text


def test_the_monthly_report_names_its_command_and_a_non_legal_deadline_may_be_paused() -> None:
    samples = plan(_busy_snapshot(), load_calendar(), *_year(2027))
    params = dict(
        next(
            c.params
            for c in samples
            if c.user_id == 2 and c.params.get("entry") == "monthly_report"
        )
    )
    assert figures_needed("deadline", params) == ()
    reply = render_reminder("deadline", params, {}, "vi", late_days=None)
    assert "Gõ /baocao để làm việc này." in reply.text
    params["legal"] = "false"
    paused = render_reminder("deadline", params, {}, "vi", late_days=None)
    assert [o.id for o in paused.options] == [INBOX, PAUSE]
    assert [
        o.id
        for o in render_reminder("deadline", params, {}, "vi", late_days=None, legal=True).options
    ] == [INBOX]


def test_idea_reminders_open_the_idea_and_certificates_say_what_is_at_stake() -> None:
    samples = _samples()
    waiting = render_reminder("waiting", samples["waiting"], {}, "vi", late_days=None)
    assert waiting.options[0].id.startswith("idea:") and waiting.options[0].id.endswith(":view")
    assert [o.id for o in waiting.options][1:] == [INBOX, PAUSE]
    up = render_reminder("waiting_up", samples["waiting_up"], {}, "vi", late_days=None)
    assert "đã chờ cán bộ" in up.text and "14 ngày" in up.text
    question = render_reminder("question", samples["question"], {}, "vi", late_days=None)
    assert question.options[0].id == "question:4:answer"
    plan_due = render_reminder("plan_due", samples["plan_due"], {}, "en", late_days=None)
    assert plan_due.options[0].id == "plan:5:send" and "business plan" in plan_due.text
    certificate = render_reminder("certificate", samples["certificate"], {}, "vi", late_days=None)
    assert "mất sao" in certificate.text
    ended = render_reminder("certificate", samples["certificate"], {}, "vi", late_days=3)
    assert "đã hết hạn" in ended.text and "quá 3 ngày" in ended.text
    registration = render_reminder(
        "registration", samples["registration"], {}, "vi", late_days=None
    )
    assert "/dangky" in registration.text and registration.options[0].id == "menu::register"


def test_unknown_kinds_are_refused_and_every_reminder_text_is_in_the_catalogue() -> None:
    with pytest.raises(ValueError, match="unknown reminder kind"):
        render_reminder("birthday", {}, {}, "vi", late_days=None)
    assert all(
        vi and en for k, (vi, en) in TEXTS.items() if k.startswith(("REMINDER_", "DEADLINES_"))
    )
