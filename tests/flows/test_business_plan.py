"""The business plan, pure: the producer sends it (pages as photos or files, the figures typed
as people type them, a summary to edit), and the officer who approves plans reads it and
approves it with the budget support and the officer in charge."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flows.business_plan import MAX_CAPACITY, MAX_PAGES, plan_replies, send_plan_button
from flows.business_plan_effects import (
    DOCUMENT,
    PHOTO,
    ApprovePlan,
    BusinessPlanSent,
    Candidate,
    LoadPlan,
    LoadPlanIdeas,
    PlanFile,
    PlanIdea,
    PlanIdeasLoaded,
    PlanLoaded,
    PlanRefused,
    PlanView,
    SendBusinessPlan,
)
from flows.conversation import Conversation, Response, respond
from flows.effects import IdeasLoaded, IdeaSummary
from flows.engine import Env
from flows.idea_answers import IdeaAnswers
from flows.lifecycle import chain
from flows.messages import (
    RejectedDocument,
    RejectedPhoto,
    StoredDocument,
    StoredPhoto,
    UserMessage,
)
from flows.my_ideas import ideas_text
from flows.principal import COMMUNE, DISTRICT, Principal, RoleGrant
from flows.review_effects import (
    IdeaDetail,
    IdeaLoaded,
    InboxItem,
    InboxLoaded,
    LoadIdea,
    LoadInbox,
    MoveResult,
    MovesApplied,
)
from storage.admin_units_source import load_default_admin_units

UNITS = load_default_admin_units()
NOW = dt.datetime(2026, 5, 4, 2, 30, tzinfo=dt.UTC)
PRODUCER = Principal(7, "zalo", "p")
DISTRICT_OFFICER = Principal(5, "telegram", "d1", (RoleGrant(DISTRICT, "441"),))
HONEY = PlanIdea(12, "Mật ong rừng", "001/PĐK-42-441-2026", "approved")
ORANGE = PlanIdea(13, "Cam Khe Mây", "002/PĐK-42-441-2026", "approved")


def _env(principal: Principal = PRODUCER) -> Env:
    return Env(lang="vi", now=NOW, units=UNITS, principal=principal)


class Chat:
    def __init__(self, principal: Principal = PRODUCER) -> None:
        self.env = _env(principal)
        self.conv = Conversation()
        self.last = Response(self.conv, ())

    def send(self, event: object) -> Response:
        self.last = respond(self.conv, event, self.env)
        self.conv = self.last.conversation
        return self.last

    def say(self, text: str) -> Response:
        command = arg = None
        if text.startswith("/"):
            command, _, rest = text[1:].partition(" ")
            arg = rest or None
        return self.send(UserMessage(text=text, command=command, command_arg=arg))

    def effects(self) -> tuple[object, ...]:
        return self.last.effects

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last.replies)

    def label_number(self, label: str) -> str:
        options = self.last.replies[-1].options
        return str([o.label for o in options].index(label) + 1)


def _photo(n: int) -> StoredPhoto:
    return StoredPhoto(f"{n:064x}", 800, 1100)


def _document(n: int) -> StoredDocument:
    return StoredDocument(f"d{n:063x}", "phuong-an.pdf", "application/pdf", 250_000)


def _at_pages(ideas: tuple[PlanIdea, ...] = (HONEY,)) -> Chat:
    chat = Chat()
    chat.say("/phuongan")
    assert chat.effects() == (LoadPlanIdeas(None),)
    chat.send(PlanIdeasLoaded(ideas))
    return chat


def test_with_two_ideas_it_asks_which_by_number_then_the_pages() -> None:
    chat = _at_pages((HONEY, ORANGE))
    assert "ý tưởng nào" in chat.text
    assert "Cam Khe Mây (002/PĐK-42-441-2026)" in [o.label for o in chat.last.replies[-1].options]
    chat.say("2")
    assert "Bước 1/4" in chat.text and "Cam Khe Mây" in chat.text
    assert f"tối đa {MAX_PAGES} trang" in chat.text and "kế hoạch làm ăn" in chat.text
    assert "Gõ 0 để quay lại" in chat.text


def test_one_idea_goes_straight_to_the_pages_and_none_says_when_a_plan_is_due() -> None:
    chat = _at_pages()
    assert "Mật ong rừng" in chat.text and "Bước 1/4" in chat.text
    empty = Chat()
    empty.say("/phuongan")
    empty.send(PlanIdeasLoaded(()))
    assert "chưa có ý tưởng nào chờ phương án" in empty.text
    assert empty.conv.form is None


def test_a_button_or_a_number_after_the_command_names_the_idea_and_a_refusal_ends() -> None:
    data, label = send_plan_button(12)
    assert data == "plan:12:send" and label == "PLAN_BUTTON_SEND"
    chat = Chat()
    chat.send(UserMessage(choice=data))
    assert chat.effects() == (LoadPlanIdeas(12),)
    chat.send(PlanRefused("AUTH_NOT_YOURS", 12))
    assert "không phải của anh/chị" in chat.text and chat.conv.form is None
    typed = Chat()
    typed.say("/phuongan 13")
    assert typed.last.effects == (LoadPlanIdeas(13),)


def test_the_whole_plan_with_photos_a_file_and_forgiving_amounts() -> None:
    chat = _at_pages()
    chat.say("xong")
    assert "chưa gửi trang nào" in chat.text
    chat.send(UserMessage(photos=(_photo(1),)))
    assert f"Đã nhận 1/{MAX_PAGES} trang" in chat.text
    chat.send(UserMessage(photos=(_photo(1),)))  # the same page twice counts once
    assert f"Đã nhận 1/{MAX_PAGES} trang" in chat.text
    chat.send(UserMessage(documents=(_document(2),)))
    assert f"Đã nhận 2/{MAX_PAGES} trang" in chat.text
    chat.send(UserMessage(documents=(RejectedDocument("DOCUMENT_WRONG_TYPE", "virus.exe"),)))
    assert "chưa đọc được loại tệp «virus.exe»" in chat.text
    chat.send(UserMessage(photos=(RejectedPhoto("PHOTO_NOT_IMAGE"),)))
    assert "Đã nhận 2/" in chat.text  # refused, and the question again
    chat.say(chat.label_number("Xong, đã gửi đủ"))
    assert "Bước 2/4" in chat.text and "vốn đầu tư" in chat.text
    chat.say("abc")
    assert "chưa đọc được số tiền" in chat.text
    chat.say("500")
    assert "500 đ là ít quá" in chat.text and "1.000.000 đ" in chat.text
    chat.say("500tr")
    assert "Bước 3/4" in chat.text and "Doanh thu" in chat.text
    # A photo at a question is kept for the pages, and the question comes again.
    chat.send(UserMessage(photos=(_photo(3),)))
    assert f"Đã thêm vào các trang phương án (3/{MAX_PAGES} trang)" in chat.text
    assert "Doanh thu" in chat.last.replies[-1].text
    chat.say("1,2 tỷ")
    assert "Bước 4/4" in chat.text and f"tối đa {MAX_CAPACITY} ký tự" in chat.text
    chat.say("x" * (MAX_CAPACITY + 1))
    assert "Dài quá" in chat.text
    chat.say("2 tấn/năm")
    summary = chat.text
    assert "2 ảnh, 1 tệp" in summary and "500.000.000 đ" in summary
    assert "1.200.000.000 đ" in summary and "2 tấn/năm" in summary
    assert "thay phương án" not in summary
    chat.say("1")
    (effect,) = chat.last.effects
    assert isinstance(effect, SendBusinessPlan)
    assert effect.idea_id == 12 and effect.capital == 500_000_000
    assert effect.revenue == 1_200_000_000 and effect.capacity == "2 tấn/năm"
    assert [(p.kind, p.sha256) for p in effect.pages] == [
        (PHOTO, _photo(1).sha256),
        (DOCUMENT, _document(2).sha256),
        (PHOTO, _photo(3).sha256),
    ]
    assert effect.pages[1].file_name == "phuong-an.pdf" and effect.pages[1].size == 250_000
    chat.send(BusinessPlanSent(12, "Mật ong rừng", "001/PĐK-42-441-2026", replaced=False))
    assert "✅ Đã gửi phương án kinh doanh của «Mật ong rừng»" in chat.text
    assert chat.conv.form is None


def _at_summary(idea: PlanIdea = HONEY) -> Chat:
    chat = _at_pages((idea,))
    chat.send(UserMessage(photos=(_photo(1),)))
    chat.say("xong")
    chat.say("800 triệu")
    chat.say("1 tỷ")
    chat.say("5000 lít/năm")
    return chat


def test_the_summary_edits_one_answer_and_comes_back() -> None:
    chat = _at_summary()
    chat.say(chat.label_number("Sửa vốn đầu tư"))
    assert "vốn đầu tư" in chat.text
    chat.say("1,5 tỷ")
    assert "1.500.000.000 đ" in chat.text and "Gửi phương án" in [
        o.label for o in chat.last.replies[-1].options
    ]
    chat.say(chat.label_number("Sửa các trang"))
    chat.send(UserMessage(photos=(_photo(2),)))
    chat.say("xong")
    assert "2 ảnh, 0 tệp" in chat.text


def test_a_plan_sent_again_says_it_replaces_the_one_before() -> None:
    chat = _at_summary(replace(HONEY, state="plan_sent"))
    assert "thay phương án anh/chị đã gửi trước" in chat.text
    chat.say("đồng ý")
    chat.send(BusinessPlanSent(12, "Mật ong rừng", "001", replaced=True))
    assert "thay phương án trước" in chat.text


def test_pages_stop_at_the_limit() -> None:
    chat = _at_pages()
    photos = tuple(_photo(i) for i in range(MAX_PAGES + 2))
    chat.send(UserMessage(photos=photos))
    assert f"Đã đủ {MAX_PAGES} trang" in chat.text
    assert f"Đã nhận {MAX_PAGES}/{MAX_PAGES}" in chat.text


# --- the officer's side -----------------------------------------------------------------


def test_the_chain_lets_the_plan_approver_ask_about_the_plan() -> None:
    for structure, role in (("2020", DISTRICT), ("2025", COMMUNE)):
        back = chain(structure).move("plan_sent", "return", role)
        assert back is not None and back.target == "approved" and back.needs_text


def _plan(**kw: object) -> PlanView:
    fields: dict[str, object] = {
        "capital": 500_000_000,
        "revenue": 1_200_000_000,
        "capacity": "2 tấn/năm",
        "submitted_at": (NOW - dt.timedelta(days=2)).isoformat(),
        "files": (
            PlanFile(PHOTO, "a" * 64, None, 90_000),
            PlanFile(DOCUMENT, "b" * 64, "phuong-an.pdf", 2_500_000),
        ),
    }
    fields.update(kw)
    return PlanView(**fields)  # type: ignore[arg-type]


def _detail() -> IdeaDetail:
    answers = IdeaAnswers(
        applicant_name="Nguyễn Thị Hoa",
        applicant_type="household",
        phone="+84912345678",
        district_code="441",
        commune_code="18316",
        product_name="Mật ong rừng",
        product_group="food",
        core_value="Nguyên chất",
        target_market="province",
        volume="2 tấn",
        price=150_000,
        price_unit="kg",
    )
    return IdeaDetail(
        12,
        "001/PĐK-42-441-2026",
        "Mật ong rừng",
        "plan_sent",
        "2020",
        "18316",
        "441",
        7,
        answers,
        (),
        True,
        None,
        (NOW - dt.timedelta(days=2)).isoformat(),
    )


def _item() -> InboxItem:
    since = (NOW - dt.timedelta(days=2)).isoformat()
    return InboxItem(12, "001", "Mật ong rừng", "plan_sent", "18316", "441", since)


def _opened() -> Chat:
    chat = Chat(DISTRICT_OFFICER)
    chat.say("/review")
    assert chat.effects() == (LoadInbox("2020", 0),)
    chat.send(InboxLoaded((_item(),), 0, 1))
    # Approving a plan takes figures: "forward all" does not offer it.
    assert "Chuyển tất cả trang này" not in [o.label for o in chat.last.replies[-1].options]
    chat.say("1")
    assert chat.effects() == (LoadIdea(12, "2020"),)
    chat.send(IdeaLoaded(_detail()))
    assert chat.effects() == (LoadPlan(12, "2020"),)
    assert "Nguyễn Thị Hoa" in chat.last.replies[0].text
    me = Candidate(5, "Trần Văn Bình", me=True)
    chat.send(PlanLoaded(12, _plan(), (me, Candidate(9, "Lê Thị Cúc"))))
    return chat


def test_an_idea_with_a_plan_shows_its_figures_and_pages_then_the_moves() -> None:
    chat = _opened()
    replies = chat.last.replies
    assert "500.000.000 đ" in replies[0].text and "1.200.000.000 đ" in replies[0].text
    assert "2 tấn/năm" in replies[0].text and "1 ảnh, 1 tệp" in replies[0].text
    assert replies[1].photo == "a" * 64
    assert "phuong-an.pdf" in replies[2].text and "2,4 MB" in replies[2].text
    assert replies[2].document is None and "chưa gửi kèm được" in replies[2].text
    labels = [o.label for o in replies[-1].options]
    assert "Duyệt phương án kinh doanh" in labels
    assert "Trả lại, hỏi thêm người đăng ký" in labels


def test_a_document_the_store_can_reach_is_sent_as_a_file() -> None:
    files = (PlanFile(DOCUMENT, "b" * 64, "pa.docx", 30_720, "/srv/documents/bb.docx"),)
    replies = plan_replies(_env(DISTRICT_OFFICER), _plan(files=files))
    assert replies[1].document == "/srv/documents/bb.docx" and "30 KB" in replies[1].text


def test_approval_asks_the_budget_then_the_officer_by_number_then_confirms() -> None:
    chat = _opened()
    chat.say(chat.label_number("Duyệt phương án kinh doanh"))
    assert "Kinh phí hỗ trợ dự kiến" in chat.text
    chat.say("50")
    assert "50 đ là ít quá" in chat.text
    chat.say("50tr")
    labels = [o.label for o in chat.last.replies[-1].options]
    assert labels == ["Trần Văn Bình (tôi tự phụ trách)", "Lê Thị Cúc"]
    chat.say("7")
    assert "chưa nhận ra lựa chọn" in chat.text
    chat.say("2")
    assert "50.000.000 đ" in chat.text and "Lê Thị Cúc" in chat.text
    chat.say("1")
    (effect,) = chat.last.effects
    assert effect == ApprovePlan("2020", 12, "plan_sent", 50_000_000, "Lê Thị Cúc", 9)
    result = MovesApplied((MoveResult(12, "001", "Mật ong rừng", "plan_sent", "plan_approved"),))
    chat.send(result)
    assert "✅ Mật ong rừng: Phương án đã được duyệt" in chat.text
    assert chat.effects() == (LoadInbox("2020", 0),)


def test_zero_means_no_support_and_a_typed_name_is_kept_as_typed() -> None:
    chat = _opened()
    chat.say(chat.label_number("Duyệt phương án kinh doanh"))
    chat.say("0")  # an amount here, not "back"
    assert "Ai là cán bộ phụ trách" in chat.text
    chat.say("Phạm   Văn Dũng")
    assert "không hỗ trợ" in chat.text
    chat.say("có")
    (effect,) = chat.last.effects
    assert isinstance(effect, ApprovePlan)
    assert effect.budget_support == 0 and effect.responsible_name == "Phạm Văn Dũng"
    assert effect.responsible_user_id is None


def test_no_support_by_its_number_and_back_to_the_idea_with_a_word() -> None:
    chat = _opened()
    chat.say(chat.label_number("Duyệt phương án kinh doanh"))
    chat.say("quay lại")
    assert "Duyệt phương án kinh doanh" in [o.label for o in chat.last.replies[-1].options]
    chat.say(chat.label_number("Duyệt phương án kinh doanh"))
    chat.say("1")  # the option "Không hỗ trợ"
    assert "Ai là cán bộ phụ trách" in chat.text


def test_an_approved_plan_shows_its_support_and_officer() -> None:
    plan = _plan(budget_support=0, responsible_name="Lê Thị Cúc", approved_at=NOW.isoformat())
    text = plan_replies(_env(DISTRICT_OFFICER), plan)[0].text
    assert "Kinh phí hỗ trợ dự kiến: không hỗ trợ" in text and "Lê Thị Cúc" in text


def test_my_ideas_says_how_to_send_the_plan_of_an_approved_idea() -> None:
    approved = IdeaSummary("001", "Mật ong rừng", "approved", NOW.isoformat())
    assert "/phuongan" in ideas_text(IdeasLoaded((approved,)), _env())
    waiting = replace(approved, state="submitted")
    assert "/phuongan" not in ideas_text(IdeasLoaded((waiting,)), _env())
