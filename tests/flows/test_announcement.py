"""The announcement flow without the database: who may address whom, choosing by number or by
name typed without diacritics, the preview (exactly what recipients get, how many), editing,
cancelling, the text's limit, and what a recipient's message looks like in each language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flows.announcement import (
    SEND,
    TEXT_MAX,
    announcement_params,
    announcement_reply,
    audience_options,
    clean_text,
    may_announce,
    on_reply_button,
)
from flows.announcement_effects import (
    AUDIENCES,
    DISTRICT_PRODUCERS,
    GROUP_PRODUCERS,
    OFFICERS,
    TOPICS,
    AnnouncementSent,
    AttendanceRecorded,
    Audience,
    AudienceCounted,
    CountAudience,
    RecordAttendance,
    SendAnnouncement,
)
from flows.authorization import Area, authorize
from flows.conversation import Conversation, respond
from flows.engine import Env
from flows.messages import Reply, UserMessage
from flows.principal import Principal, RoleGrant
from flows.reminder_plan import ReminderSettings
from storage.admin_units_source import load_admin_units
from storage.models import AnnouncementRecord

UNITS_2020, UNITS_2025 = load_admin_units("2020"), load_admin_units("2025")
VU_QUANG, KY_ANH_HUYEN, KY_ANH_TX = "441", "445", "449"
# 09:30 on 16 March 2026 in Vietnam.
MORNING = dt.datetime(2026, 3, 16, 2, 30, tzinfo=dt.UTC)
PROVINCE = Principal(4, "fake", "v", (RoleGrant("province"),))
DISTRICT = Principal(3, "fake", "d", (RoleGrant("district", VU_QUANG),))
COMMUNE = Principal(2, "fake", "c", (RoleGrant("commune", "18316"),))
PRODUCER = Principal(1, "fake", "p")


@dataclass
class Talk:
    """A conversation through the pure top (commands, menu, forms), effects answered here."""

    principal: Principal
    units: object = UNITS_2020
    now: dt.datetime = MORNING
    lang: str = "vi"
    recipients: int = 25
    blocked: int = 2
    conversation: Conversation = field(default_factory=Conversation)
    effects: list[object] = field(default_factory=list)

    def env(self) -> Env:
        return Env(self.lang, self.now, self.units, principal=self.principal)  # type: ignore[arg-type]

    def send(self, message: UserMessage) -> list[Reply]:
        pending: list[object] = [message]
        replies: list[Reply] = []
        while pending:
            response = respond(self.conversation, pending.pop(0), self.env())
            self.conversation = response.conversation
            replies += response.replies
            for effect in response.effects:
                self.effects.append(effect)
                answer = self.answer(effect)
                if answer is not None:
                    pending.append(answer)
        return replies

    def say(self, text: str) -> str:
        command = text[1:].split(" ", 1) if text.startswith("/") else None
        message = UserMessage(
            text=text,
            command=command[0] if command else None,
            command_arg=command[1] if command and len(command) > 1 else None,
        )
        return "\n---\n".join(_render(r) for r in self.send(message))

    def answer(self, effect: object) -> object | None:
        if isinstance(effect, CountAudience):
            return AudienceCounted(self.recipients, self.blocked, "Nguyễn Văn An")
        if isinstance(effect, SendAnnouncement):
            return AnnouncementSent(7, self.recipients, effect.due_at)
        if isinstance(effect, RecordAttendance):
            return AttendanceRecorded(first=len(self.effects) == 1, topic="training")
        return None

    @property
    def form_data(self) -> dict[str, object]:
        form = self.conversation.form
        assert form is not None
        return dict(form.data)


def _render(reply: Reply) -> str:
    return "\n".join([reply.text, *(f"{i}. {o.label}" for i, o in enumerate(reply.options, 1))])


def _sent(talk: Talk) -> SendAnnouncement:
    (effect,) = [e for e in talk.effects if isinstance(e, SendAnnouncement)]
    return effect


def test_who_may_announce_and_the_audiences_each_is_offered() -> None:
    assert may_announce(PROVINCE) and may_announce(DISTRICT)
    assert not may_announce(COMMUNE) and not may_announce(PRODUCER)
    district = Env("vi", MORNING, UNITS_2020, principal=DISTRICT)
    assert [o.id for o in audience_options(district)] == ["district", "group", "commune_officers"]
    assert "Huyện Vũ Quang" in audience_options(district)[0].label
    province = Env("vi", MORNING, UNITS_2020, principal=PROVINCE)
    assert [o.id for o in audience_options(province)] == [
        "district",
        "group",
        "commune_officers",
        "district_officers",
    ]
    # 2025: no districts, so neither a district's producers nor district officers.
    no_districts = Env("vi", MORNING, UNITS_2025, principal=PROVINCE)
    assert [o.id for o in audience_options(no_districts)] == ["group", "commune_officers"]


def test_a_province_wide_audience_is_refused_to_a_district_officer() -> None:
    # The handler always passes the audience's district, Area() for the whole province.
    assert authorize(DISTRICT, SEND, Area(district=VU_QUANG))
    assert authorize(DISTRICT, SEND, Area()).reason == "AUTH_OUTSIDE_AREA"
    assert authorize(DISTRICT, SEND, Area(district="436")).reason == "AUTH_OUTSIDE_AREA"
    assert authorize(PROVINCE, SEND, Area())
    assert authorize(COMMUNE, SEND, Area(district=VU_QUANG)).reason == "AUTH_ROLE_NEEDED"


def test_producers_and_commune_officers_are_told_it_is_for_officers() -> None:
    for principal in (PRODUCER, COMMUNE):
        talk = Talk(principal)
        assert "cán bộ OCOP" in talk.say("/thongbao")
        assert talk.conversation.form is None


def test_a_district_officer_announces_a_training_to_their_producers() -> None:
    talk = Talk(DISTRICT)
    first = talk.say("/thongbao")
    assert "Bước 1/3" in first and "1. Các chủ thể đã đăng ký ở Huyện Vũ Quang" in first
    assert "Chọn" not in first and "(Gõ 0 để quay lại" in first
    asked = talk.say("cac chu the da dang ky")  # the label, no diacritics
    assert "Bước 2/3" in asked and "1. Lớp tập huấn" in asked
    asked = talk.say("lop tap huan")
    assert f"tối đa {TEXT_MAX} ký tự" in asked
    preview = talk.say("Lớp bán hàng trên mạng, 8 giờ sáng 25/3\n\n\nTại hội trường UBND huyện  ")
    counted = [e for e in talk.effects if isinstance(e, CountAudience)]
    assert counted == [CountAudience(Audience(DISTRICT_PRODUCERS, "2020", area=VU_QUANG))]
    assert "• Người nhận: các chủ thể đã đăng ký ở Huyện Vũ Quang — 25 người" in preview
    assert "(2 người đã chặn Trợ lý nên không nhận được)" in preview
    # Exactly the recipients' message: its header, its sender, the text, its buttons.
    assert "Thông báo lớp tập huấn OCOP\nNgười gửi: Nguyễn Văn An (Huyện Vũ Quang)" in preview
    assert "8 giờ sáng 25/3\n\nTại hội trường UBND huyện\n" in preview
    assert "[Nút: Tôi sẽ tham gia]" in preview and "[Nút: Tạm dừng nhắc]" in preview
    assert "1. Gửi đi" in preview and "5. Hủy, không gửi" in preview
    sent = talk.say("1")
    assert "✅ Đã gửi thông báo tới 25 người. Họ sẽ nhận được trong ít phút." in sent
    effect = _sent(talk)
    assert effect.audience == Audience(DISTRICT_PRODUCERS, "2020", area=VU_QUANG)
    assert effect.topic == "training" and effect.sender_area == "Huyện Vũ Quang"
    assert effect.text == "Lớp bán hàng trên mạng, 8 giờ sáng 25/3\n\nTại hội trường UBND huyện"
    assert effect.due_at == MORNING
    assert talk.conversation.form is None


def test_a_province_officer_picks_a_district_by_number_or_name() -> None:
    talk = Talk(PROVINCE)
    talk.say("/announce")
    asked = talk.say("1")
    assert "Gửi cho các chủ thể ở huyện nào?" in asked and "5. Huyện Vũ Quang" in asked
    assert "(Gõ 0 để quay lại" in asked
    which = talk.say("ky anh")  # Huyện and Thị xã Kỳ Anh
    assert "Có 2 nơi tên như vậy: Huyện Kỳ Anh, Thị xã Kỳ Anh" in which
    assert "Tôi chưa tìm thấy huyện «Hà Nội»" in talk.say("Hà Nội")
    assert "Thông báo về việc gì?" in talk.say("tx ky anh")
    assert talk.form_data["district"] == KY_ANH_TX
    talk.say("0")  # back to the district
    talk.say("5")
    assert talk.form_data["district"] == VU_QUANG
    talk.say("2")  # a fair
    preview = talk.say("Hội chợ OCOP 20/4 tại quảng trường")
    assert "Thông báo hội chợ, triển lãm OCOP\nNgười gửi: Nguyễn Văn An (Tỉnh Hà Tĩnh)" in preview
    assert "Huyện Vũ Quang — 25 người" in preview


def test_a_product_group_and_officers_of_a_level() -> None:
    talk = Talk(PROVINCE, blocked=0)
    talk.say("/thongbao")
    talk.say("2")
    asked = talk.say("nong san")  # not a label, but a word for the food group
    assert "Thông báo về việc gì?" in asked
    talk.say("3")
    preview = talk.say("Gửi mẫu sản phẩm trước 30/4")
    assert "các chủ thể nhóm «Thực phẩm» ở Tỉnh Hà Tĩnh — 25 người\n" in preview
    assert "Tôi sẽ tham gia" not in preview  # only a training or a fair
    assert "[Nút: Tạm dừng nhắc]" in preview
    talk.say("2")  # change the recipients
    talk.say("tat ca can bo ocop cap huyen")
    assert talk.effects[-1] == CountAudience(Audience(OFFICERS, "2020", level="district"))
    talk.say("1")
    assert _sent(talk).audience == Audience(OFFICERS, "2020", level="district")

    district = Talk(DISTRICT)
    district.say("/thongbao")
    district.say("3")
    district.say("1")
    district.say("Họp cán bộ xã")
    assert district.effects[-1] == CountAudience(
        Audience(OFFICERS, "2020", area=VU_QUANG, level="commune")
    )
    district.say("/thongbao")
    district.say("2")
    district.say("do uong")
    district.say("3")
    district.say("Nước uống")
    assert district.effects[-1] == CountAudience(
        Audience(GROUP_PRODUCERS, "2020", area=VU_QUANG, group="beverage")
    )


def test_edit_each_answer_from_the_preview_then_cancel() -> None:
    talk = Talk(DISTRICT)
    for answer in ("/thongbao", "1", "1", "Lớp tập huấn A"):
        talk.say(answer)
    asked = talk.say("4")  # change the text
    assert "tối đa" in asked
    preview = talk.say("Lớp tập huấn B")
    assert "Lớp tập huấn B" in preview and "Lớp tập huấn A" not in preview
    talk.say("3")  # change the topic: back to the preview at once
    preview = talk.say("viec khac")
    assert "Thông báo của chương trình OCOP" in preview and "Tôi sẽ tham gia" not in preview
    counts = [e for e in talk.effects if isinstance(e, CountAudience)]
    assert len(counts) == 3  # every way to the preview counts again
    assert "Đã hủy, thông báo không được gửi." in talk.say("5")
    assert talk.conversation.form is None
    assert not [e for e in talk.effects if isinstance(e, SendAnnouncement)]

    talk.say("/thongbao")
    talk.say("1")
    assert "Đã hủy" in talk.say("hủy")


def test_the_text_limit_and_empty_answers() -> None:
    talk = Talk(DISTRICT)
    for answer in ("/thongbao", "1", "1"):
        talk.say(answer)
    too_long = talk.say("x" * (TEXT_MAX + 1))
    assert f"dài {TEXT_MAX + 1} ký tự, tối đa {TEXT_MAX}" in too_long
    assert "vài chữ" in talk.say("   ")
    exactly = talk.say("y" * TEXT_MAX)
    assert "Gửi đi" in exactly


def test_nobody_to_receive_it_is_said_before_sending() -> None:
    talk = Talk(DISTRICT, recipients=0, blocked=0)
    for answer in ("/thongbao", "1", "1", "Lớp tập huấn"):
        talk.say(answer)
    said = talk.say("gửi đi")
    assert "⚠️ Chưa có ai nhận được thông báo này" in said
    assert not [e for e in talk.effects if isinstance(e, SendAnnouncement)]


def test_at_night_it_waits_for_the_morning_and_says_so() -> None:
    night = dt.datetime(2026, 3, 16, 15, 0, tzinfo=dt.UTC)  # 22:00 in Vietnam
    talk = Talk(DISTRICT, now=night)
    for answer in ("/thongbao", "1", "1", "Lớp tập huấn"):
        talk.say(answer)
    sent = talk.say("1")
    morning = dt.datetime(2026, 3, 17, 0, 0, tzinfo=dt.UTC)  # 07:00 the next day
    assert _sent(talk).due_at == morning
    assert "nhận được từ 07:00 ngày 17/03/2026" in sent
    # The configured quiet hours are the ones applied.
    talk = Talk(DISTRICT, now=night)
    env_settings = ReminderSettings(quiet_start=23, quiet_end=6)
    talk.env = lambda: Env(  # type: ignore[method-assign]
        "vi", night, UNITS_2020, principal=DISTRICT, reminder_settings=env_settings
    )
    for answer in ("/thongbao", "1", "1", "Lớp tập huấn", "1"):
        talk.say(answer)
    assert _sent(talk).due_at == night


def test_what_recipients_get_in_each_language() -> None:
    params = announcement_params(12, "training", "Lớp tập huấn 25/3", "Tỉnh Hà Tĩnh")
    vi = announcement_reply(params, "vi")
    assert vi.text.startswith("Thông báo lớp tập huấn OCOP\nNgười gửi: Tỉnh Hà Tĩnh\n\n")
    assert [(o.id, o.label) for o in vi.options] == [
        ("announcement:12:attend", "Tôi sẽ tham gia"),
        ("menu::reminders", "Tạm dừng nhắc"),
    ]
    en = announcement_reply(params, "en")
    assert en.text.startswith("OCOP training announcement\nFrom: Tỉnh Hà Tĩnh")
    assert "Lớp tập huấn 25/3" in en.text and en.lang == "en"
    other = announcement_reply({**params, "topic": "other"}, "vi")
    assert [o.id for o in other.options] == ["menu::reminders"]


def test_the_text_is_tidied_and_keeps_its_paragraphs() -> None:
    assert clean_text("  a  b \n\n\n\n c\n\n") == "a b\n\nc"
    assert clean_text("Ho\u0300a") == "Hòa"  # NFD typed: NFC kept


def test_pressing_i_will_attend_records_it() -> None:
    talk = Talk(PRODUCER)
    said = "\n".join(r.text for r in talk.send(UserMessage(choice="announcement:12:attend")))
    assert "✅ Cảm ơn anh/chị! Tôi đã ghi anh/chị sẽ tham gia." in said
    assert talk.effects == [RecordAttendance(12)]
    said = "\n".join(r.text for r in talk.send(UserMessage(choice="announcement:12:attend")))
    assert "đã ghi anh/chị sẽ tham gia từ trước" in said
    env = Env("vi", MORNING, UNITS_2020, principal=PRODUCER)
    assert on_reply_button("x", "attend", UserMessage(), env) is None
    assert on_reply_button("12", "other", UserMessage(), env) is None


def test_the_columns_hold_every_value_and_the_limit() -> None:
    table = AnnouncementRecord.__table__
    assert table.c.audience.type.length >= max(map(len, AUDIENCES))  # type: ignore[attr-defined]
    assert table.c.topic.type.length >= max(map(len, TOPICS))  # type: ignore[attr-defined]
    assert TEXT_MAX + 200 < 2000  # with its header, one Zalo message
