"""The officers' whole chain, told once and played on every channel (test_officer_chain.py).

Five people share one bot: the producer (Nguyễn Thị Hoa, Xã Ân Phú, Huyện Vũ Quang), a commune,
a district and a province officer, each enrolled by an `ocop-bot officer invite` code sent as
`/canbo CODE`, and a consumer with no role. The idea goes the whole way: registered, forwarded
by the commune, returned by the district with a question and answered (text and a photo),
selected, appraised by the province, its business plan sent and approved with budget support
and a responsible officer, developed, evaluated, scored by the district council and by the
province, which certifies it 4★ and issues stamps from the chat; the consumer photographs one
stamp of that sheet and is told it is genuine; the figures and the monthly report count it all.

A person acts in a `visit`: on the console one `ocop-bot chat --user NAME` run (people take
turns at one terminal; what was sent to someone while they were away is printed when their
next run starts), on Telegram and Zalo their chat with the running bot. Each visit starts with
what came for the person while away, asserted whole, so a notice that reaches the wrong person
fails the step where it is read. Options are chosen as people choose them: a button on
Telegram, the option's NUMBER typed on Zalo and the console (`Person.choose`).

Everything each person sees is also written to a transcript (`Transcript`); the console's is
kept in tests/transcripts/officers.chain.console.txt, what varies masked.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from openpyxl import load_workbook
from PIL import Image, ImageDraw

from flows.formatting import VN_TZ
from tests.e2e.drivers import ChatDriver
from tests.e2e.scenarios import HONEY, register_idea
from tests.e2e.support import jpeg, run_cli

# A public https address: the chat issues stamps only for an address a buyer's phone can open
# (handlers/scoring_effects.py). Nothing is ever fetched from it; on Zalo the fake API fetches
# the bot's photo links from the bot's own web server instead (FakeZalo.served_at).
PUBLIC_URL = "https://ocop.hatinh.example"

PRODUCER, COMMUNE, DISTRICT, PROVINCE, CONSUMER = "hoa", "xa", "huyen", "tinh", "khach"
WHO = {
    PRODUCER: "Nguyễn Thị Hoa, người đăng ký",
    COMMUNE: "Lê Văn Xã, cán bộ xã Ân Phú",
    DISTRICT: "Trần Thị Huyền, cán bộ huyện Vũ Quang",
    PROVINCE: "Phạm Văn Tĩnh, cán bộ tỉnh",
    CONSUMER: "người mua hàng",
}
# (role, area) of each officer's invitation.
OFFICERS = {
    COMMUNE: ("commune", "Ân Phú"),
    DISTRICT: ("district", "Vũ Quang"),
    PROVINCE: ("province", None),
}
QUESTION = "Cơ sở đã có giấy chứng nhận an toàn thực phẩm chưa?"
ANSWER = "Dạ có, HTX đã được cấp giấy chứng nhận năm 2025, tôi gửi kèm ảnh."
CERTIFICATE = "45/QĐ-UBND"
DISTRICT_SCORE = ("25", "15", "20")  # 60: 3★ at the district, on to the province
PROVINCE_SCORE = ("30", "20", "25")  # 75: 4★
STAMP_COUNT = 3
BUDGET = "50tr"  # the district's budget support
RESPONSIBLE = "Trần Thị Huyền"  # the district officer names herself in charge
MENU_TAIL = ["Kiểm tra tem OCOP", "Mua sản phẩm OCOP ở đâu", "Tự chấm điểm sản phẩm", "Hướng dẫn"]


# ------------------------------------------------------------------------------ transcript


@dataclass
class Transcript:
    """Everything the people saw, in order: `== who ==` starts a visit, `> ` is typed."""

    lines: list[str] = field(default_factory=list)
    masks: list[tuple[str, str]] = field(default_factory=list)  # what varies, and its mark

    def visit(self, who: str, waiting: str) -> None:
        self.lines += ["", f"== {WHO[who]} =="]
        if waiting:
            self.lines += ["(tin báo đến khi vắng mặt)", waiting]

    def turn(self, typed: str, answer: str) -> None:
        self.lines += [f"> {typed}", answer]

    def text(self) -> str:
        text = "\n".join(self.lines).strip("\n") + "\n"
        for found, instead in self.masks:
            text = text.replace(found, instead)
        return mask_variable(text)


_MASKS = (
    (re.compile(r"\[ảnh/photo: [^\]]+\]"), "[ảnh/photo: …]"),
    (re.compile(r"[0-9a-f]{64}"), "<sha256>"),
    (re.compile(r"\b\d{2}/\d{2}/\d{4}\b"), "dd/mm/yyyy"),
    (re.compile(r"\b\d{2}:\d{2}\b"), "hh:mm"),
    (re.compile(r"\(còn \d+ ngày\)"), "(còn N ngày)"),  # to the deadline, from today
    (re.compile(r"(PĐK-\d+-\d+-)\d{4}"), r"\g<1>yyyy"),
    (re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b"), "XXXX-XXXX"),
)


def mask_variable(text: str) -> str:
    """Dates, times, the registration number's year, codes and serials, as fixed marks."""
    for pattern, instead in _MASKS:
        text = pattern.sub(instead, text)
    return text


# ---------------------------------------------------------------------------------- people


@dataclass
class Person:
    """One person in a visit, talking as a `ChatDriver` does (so that the registration
    scenario can speak through it), each turn written to the transcript. `away`: what came for
    them while they were away."""

    who: str
    chat: ChatDriver
    away: str
    transcript: Transcript

    @property
    def channel(self) -> str:
        return self.chat.channel

    async def say(self, text: str) -> str:
        answer = await self.chat.say(text)
        self.transcript.turn(text, answer)
        return answer

    async def choose(self, option: str | int, words: str | None = None) -> str:
        """An option: its button pressed on Telegram, its NUMBER typed on Zalo and the
        console (`option` is the start of its label, or its number)."""
        if self.channel == "telegram":
            answer = await self.chat.choose(option, words)
            self.transcript.turn(f"[{option}]", answer)
            return answer
        labels = self.chat.options()
        if isinstance(option, int):
            number: int | None = option
        else:
            number = next((n for n, o in enumerate(labels, 1) if o.startswith(option)), None)
        assert number is not None, f"no option {option!r} in {self.chat.last_reply()!r}"
        return await self.say(words or str(number))

    async def send_photos(self, photos: list[bytes]) -> str:
        answer = await self.chat.send_photos(photos)
        self.transcript.turn(f"(gửi {len(photos)} ảnh)", answer)
        return answer

    async def share_phone(self, phone: str) -> str:
        answer = await self.chat.share_phone(phone)
        shared = "(bấm nút chia sẻ số điện thoại)" if self.channel == "telegram" else phone
        self.transcript.turn(shared, answer)
        return answer

    async def wait_for(self, text: str) -> str:
        answer = await self.chat.wait_for(text)
        self.transcript.lines[-1] = answer  # the last turn's answer, now whole
        return answer

    def last_reply(self) -> str:
        return self.chat.last_reply()

    def options(self) -> list[str]:
        return self.chat.options()

    async def waiting(self) -> str:
        return await self.chat.waiting()

    def told(self, *expected: str) -> None:
        """What came while away: each of `expected`, in order, and no other notice (every
        notice of the chain names the product once)."""
        places = [self.away.find(e) for e in expected]
        assert -1 not in places and places == sorted(places), (expected, self.away)
        assert self.away.count(HONEY) == len(expected), (expected, self.away)


class Room(Protocol):
    """One bot on one channel and the people who talk to it."""

    @property
    def channel(self) -> str: ...

    @property
    def workdir(self) -> Path: ...

    @property
    def env(self) -> dict[str, str]:
        """The bot's environment, for the command line beside it."""
        ...

    @property
    def transcript(self) -> Transcript: ...

    def visit(self, who: str) -> AbstractAsyncContextManager[Person]: ...

    async def sheet(self, person: Person) -> bytes:
        """The stamp sheet (PDF) the last answer brought: a document on Telegram, a path on
        the console, a download link on Zalo."""
        ...


@asynccontextmanager
async def visiting(room: Room, who: str, chat: ChatDriver) -> AsyncIterator[Person]:
    waiting = await chat.waiting()
    room.transcript.visit(who, waiting)
    yield Person(who, chat, waiting, room.transcript)


# ------------------------------------------------------------------------------ the chain


async def invite(room: Room, who: str) -> str:
    role, area = OFFICERS[who]
    args = ["officer", "invite", "--role", role, "--name", WHO[who].split(",")[0]]
    if area is not None:
        args += ["--area", area]
    printed = await run_cli(args, room.env, room.workdir)
    return printed.strip().splitlines()[-1]


async def enrol(room: Room, who: str, role_words: str) -> None:
    code = await invite(room, who)
    room.transcript.masks.append((code, "<mã mời>"))
    async with room.visit(who) as officer:
        assert officer.away == ""
        enrolled = await officer.say(f"/canbo {code}")
        assert f"✅ Anh/chị đã được ghi nhận là {role_words}." in enrolled, enrolled
        assert "Khi có việc cần anh/chị xử lý, tôi sẽ báo ngay" in enrolled, enrolled
        assert "Ý tưởng chờ tôi xử lý" in officer.options(), enrolled


def idea_id_in(notice: str) -> str:
    found = re.search(r"/traloi (\d+)", notice)
    assert found is not None, notice
    return found.group(1)


async def open_first_waiting(
    officer: Person, number: str, state: str, listed: str | None = None
) -> str:
    """From the officer's list (`listed`: the one an action's answer ends with; else
    /review), the one idea waiting: every answer and the photos."""
    if listed is None:
        listed = await officer.say("/review")
    assert "Ý tưởng chờ anh/chị xử lý: 1 (trang 1/1, cũ nhất trước):" in listed, listed
    assert f"• {HONEY} ({number}), Xã Ân Phú: {state}, mới đến hôm nay" in listed, listed
    opened = await officer.choose(HONEY)
    assert f"Ý tưởng «{HONEY}», số {number}" in opened, opened
    assert "Anh/chị xử lý ý tưởng này thế nào?" in opened, opened
    return opened


async def act(officer: Person, action: str, done: str) -> str:
    """Take `action` on the idea opened, without a note; the result line, then the list."""
    asked = await officer.choose(action)
    assert "Ghi chú thêm cho hồ sơ (chỉ cán bộ xem" in asked, asked
    result = await officer.choose("Bỏ qua")
    assert f"✅ {HONEY}: {done}." in result, result
    return result


async def run_chain(room: Room) -> None:
    """The people's chain, then the month's report it makes."""
    day = await talk_chain(room)
    await check_monthly_report(room, day)


async def talk_chain(room: Room) -> dt.date:
    """Everything the people say and are told; the day the product was certified."""
    # --- the officers are enrolled by codes; the producer registers ----------------------
    await enrol(room, COMMUNE, "cán bộ cấp xã, Xã Ân Phú (Huyện Vũ Quang)")
    await enrol(room, DISTRICT, "cán bộ cấp huyện, Huyện Vũ Quang")
    await enrol(room, PROVINCE, "cán bộ cấp tỉnh, Tỉnh Hà Tĩnh")
    async with room.visit(PRODUCER) as hoa:
        number = await register_idea(hoa)

    # --- the commune forwards it, by its number in the list ------------------------------
    async with room.visit(COMMUNE) as xa:
        xa.told(f"📥 Ý tưởng «{HONEY}» ({number}) đang chờ anh/chị xem xét.")
        opened = await open_first_waiting(xa, number, "Đã gửi, chờ xã xem xét")
        assert "• Điện thoại: 0912 345 678" in opened, opened  # the producer's own commune
        assert "Ảnh 3/3" in opened, opened
        done = await act(xa, "Chuyển lên huyện", "Xã đã chuyển lên huyện")
        assert "✅ Không có ý tưởng nào đang chờ anh/chị xử lý." in done, done

    # --- the district asks a question; the producer answers with text and a photo -------
    async with room.visit(DISTRICT) as huyen:
        huyen.told(f"📥 Ý tưởng «{HONEY}» ({number}) đang chờ anh/chị xem xét.")
        await open_first_waiting(huyen, number, "Xã đã chuyển lên huyện")
        asked = await huyen.choose("Trả lại, hỏi thêm người đăng ký")
        assert f"Anh/chị muốn hỏi thêm người đăng ký «{HONEY}» điều gì?" in asked, asked
        assert "Ghi chú thêm cho hồ sơ" in await huyen.say(QUESTION)
        done = await huyen.choose("Bỏ qua")
        assert f"✅ {HONEY}: Huyện hỏi thêm, chờ trả lời." in done, done

    async with room.visit(PRODUCER) as hoa:
        hoa.told(
            f"✅ Ý tưởng «{HONEY}» ({number}) đã được xã xem và chuyển lên huyện.",
            f"❓ Cán bộ huyện hỏi thêm về ý tưởng «{HONEY}» ({number}):\n«{QUESTION}»",
        )
        assert f"/traloi {idea_id_in(hoa.away)}" in hoa.away  # for when the notice is gone
        asked = await hoa.choose("Trả lời")  # the notice's, its button or its number
        assert f"Cán bộ hỏi về «{HONEY}»:\n«{QUESTION}»" in asked, asked
        taken = await hoa.send_photos([jpeg(9)])
        assert "Đã nhận 1 ảnh." in taken, taken
        sent = await hoa.say(ANSWER)
        assert f"✅ Đã gửi câu trả lời về «{HONEY}» cho cán bộ." in sent, sent

    # --- the district reads the answer and selects it; the province approves -------------
    async with room.visit(DISTRICT) as huyen:
        huyen.told(
            f"✉️ Người đăng ký «{HONEY}» ({number}) đã trả lời câu hỏi của anh/chị:\n"
            f"«{ANSWER}»\n(kèm 1 ảnh)"
        )
        opened = await open_first_waiting(huyen, number, "Xã đã chuyển lên huyện")
        assert "Ảnh 4/4" in opened, opened  # the answer's photo is the idea's now
        done = await act(huyen, "Chọn, gửi lên tỉnh thẩm định", "Huyện đã chọn, gửi lên tỉnh")
        assert "✅ Không có ý tưởng nào đang chờ anh/chị xử lý." in done, done

    async with room.visit(PROVINCE) as tinh:
        tinh.told(f"📥 Ý tưởng «{HONEY}» ({number}) đang chờ anh/chị xem xét.")
        await open_first_waiting(tinh, number, "Huyện đã chọn, gửi lên tỉnh")
        await act(tinh, "Thẩm định: đạt", "Tỉnh đã thẩm định: đạt")

    async with room.visit(PRODUCER) as hoa:
        hoa.told(
            f"✅ Huyện đã chọn ý tưởng «{HONEY}» ({number}) và gửi lên tỉnh thẩm định.",
            f"🎉 Tỉnh đã thẩm định ý tưởng «{HONEY}» ({number}): đạt.",
        )
        await send_business_plan(hoa, number)

    # --- the district approves the plan, then development and evaluation ----------------
    async with room.visit(DISTRICT) as huyen:
        huyen.told(f"📥 «{HONEY}» ({number}) đã gửi phương án kinh doanh (2 trang; vốn")
        listed = await approve_business_plan(huyen, number)
        await open_first_waiting(huyen, number, "Phương án đã được duyệt", listed)
        listed = await act(huyen, "Bắt đầu phát triển sản phẩm", "Đang phát triển sản phẩm")
        await open_first_waiting(huyen, number, "Đang phát triển sản phẩm", listed)
        done = await act(huyen, "Chuyển sang đánh giá, xếp hạng", "Đang đánh giá, xếp hạng")
        assert "✅ Không có ý tưởng nào đang chờ anh/chị xử lý." in done, done

        # The district council's score: 60 points, 3★, on to the province.
        await score(huyen, number, DISTRICT_SCORE, "Hội đồng cấp huyện")
        confirm = huyen.last_reply()
        assert "Tổng: 60/100 điểm, tức 3 sao." in confirm, confirm
        assert "Đủ 50 điểm: hồ sơ sẽ chuyển lên hội đồng tỉnh chấm và công nhận." in confirm
        done = await huyen.choose("Xác nhận")
        assert f"✅ Đã lưu điểm của {HONEY}: 60/100 (3 sao). Hồ sơ đã chuyển lên tỉnh" in done

    # --- the province scores 75 (4★), certifies and issues stamps from the chat ----------
    today = dt.datetime.now(VN_TZ).date()
    async with room.visit(PROVINCE) as tinh:
        tinh.told(
            f"Sản phẩm {HONEY} ({number}) được hội đồng huyện chấm 60/100 điểm (3 sao), đang "
            "chờ hội đồng tỉnh chấm điểm và công nhận."
        )
        asked = await tinh.choose("Chấm điểm")  # the notice's, its button or its number
        assert f"Chấm điểm: {HONEY} ({number}), Hội đồng cấp tỉnh." in asked, asked
        assert "(Hội đồng huyện đã chấm phần này: 25 điểm.)" in asked, asked
        for points in PROVINCE_SCORE:
            confirm = await tinh.say(points)
        assert "Tổng: 75/100 điểm, tức 4 sao." in confirm, confirm
        asked = await tinh.choose("Xác nhận")
        assert "Số giấy chứng nhận (số quyết định) công nhận sản phẩm OCOP 4 sao" in asked
        assert "Ngày quyết định công nhận" in await tinh.say(CERTIFICATE)
        certified = await tinh.say(today.strftime("%d/%m/%Y"))
        valid_until = today.replace(year=today.year + 3).strftime("%d/%m/%Y")
        assert (
            f"✅ Đã công nhận {HONEY} đạt OCOP 4 sao, giấy chứng nhận {CERTIFICATE}, có hiệu "
            f"lực đến {valid_until}." in certified
        ), certified

        # The certificate's answer ends with its own "Phát hành tem" (its number, or its
        # button): that product's batch, at once.
        asked = await tinh.choose("Phát hành tem")
        assert f"Phát hành bao nhiêu tem cho {HONEY}?" in asked, asked
        issued = await tinh.say(str(STAMP_COUNT))
        assert f"✅ Đã phát hành {STAMP_COUNT} tem cho {HONEY}." in issued, issued
        stamp = first_stamp_of(await room.sheet(tinh))

    # --- the producer hears of it all; a consumer checks one stamp of the sheet ----------
    async with room.visit(PRODUCER) as hoa:
        hoa.told(
            f"✅ Phương án kinh doanh của «{HONEY}» ({number}) đã được duyệt. Kinh phí hỗ trợ "
            f"dự kiến: 50.000.000 đ. Cán bộ phụ trách: {RESPONSIBLE};",
            f"«{HONEY}» ({number}) bước vào giai đoạn phát triển sản phẩm.",
            f"«{HONEY}» ({number}) được đưa vào đánh giá, xếp hạng OCOP.",
            f"Tin vui: sản phẩm {HONEY} ({number}) được hội đồng huyện chấm 60/100 điểm",
            f"🎉 Chúc mừng! Sản phẩm {HONEY} đã được công nhận OCOP 4 sao, giấy chứng nhận "
            f"{CERTIFICATE} ngày {today.strftime('%d/%m/%Y')}, có hiệu lực đến {valid_until}.",
        )

    async with room.visit(CONSUMER) as khach:
        assert khach.away == ""
        menu = await khach.say("/start")
        assert khach.options()[-4:] == MENU_TAIL, menu
        await khach.send_photos([stamp])
        checked = await khach.wait_for("✅ Tem OCOP chính hãng")
        assert f"{HONEY} — ⭐⭐⭐⭐ (4 sao)" in checked, checked
        assert "Nguyễn Thị Hoa" in checked and "Xã Ân Phú" in checked, checked
        assert f"Giấy chứng nhận số {CERTIFICATE}" in checked, checked
        assert "Tem này được kiểm tra lần đầu." in checked, checked

    # --- the figures --------------------------------------------------------------------
    async with room.visit(PROVINCE) as tinh:
        assert tinh.away == ""
        figures = await tinh.say("/thongke")
        assert "• Sản phẩm đạt 3–4 sao còn hiệu lực: 1/" in figures, figures
        assert "• Trong đó đạt 4 sao trở lên: 1/" in figures, figures
        assert "• Sản phẩm còn hiệu lực theo số sao: 3 sao 0, 4 sao 1, 5 sao 0" in figures

    for who in (COMMUNE, DISTRICT, PRODUCER):  # nobody was told anything more
        async with room.visit(who) as person:
            assert person.away == "", (who, person.away)
    return today


async def check_monthly_report(room: Room, today: dt.date) -> None:
    report = await monthly_report(room, today)
    assert report == {
        "Ý tưởng": {
            "Ý tưởng đã nhận": 1,
            "Xã đã chuyển": 1,
            "Huyện chọn gửi tỉnh": 1,
            "Tỉnh đã thẩm định": 1,
            "Thẩm định đạt": 1,
            "Phương án được duyệt": 1,
        },
        "Sản phẩm": {"Sản phẩm được đánh giá": 1, "Sản phẩm được chứng nhận": 1},
        "Tem": {"Tem đã cấp": STAMP_COUNT, "Lượt kiểm tra tem": 1, "Lượt phát hiện tem giả": 0},
        "Tập huấn": {"Số lớp tập huấn": 0, "Lượt chủ thể tham dự": 0, "Lượt cán bộ tham dự": 0},
        "Sản phẩm 2019": {
            "Đang quản lý (cuối tháng)": 0,
            "Còn hiệu lực": 0,
            "Hết hạn": 0,
            "Đạt 4 sao trở lên": 0,
        },
    }, report


async def score(officer: Person, number: str, parts: tuple[str, str, str], level: str) -> None:
    listed = await officer.say("/chamdiem")
    assert "Sản phẩm chờ hội đồng của anh/chị chấm điểm: 1" in listed, listed
    assert f"• {HONEY} ({number}), Xã Ân Phú" in listed, listed
    asked = await officer.choose(HONEY)
    assert f"Chấm điểm: {HONEY} ({number}), {level}." in asked, asked
    assert "Phần A – Sản phẩm và sức mạnh cộng đồng" in asked, asked
    assert "Phần B – Khả năng tiếp thị" in await officer.say(parts[0])
    assert "Phần C – Chất lượng sản phẩm" in await officer.say(parts[1])
    confirm = await officer.say(parts[2])
    assert f"Điểm của {HONEY}:" in confirm, confirm


# ------------------------------------------------------------------------ the business plan


async def send_business_plan(hoa: Person, number: str) -> None:
    """The producer sends the business plan (Biểu 03) from the approval's notice: photos of
    two pages, the capital, the revenue, the capacity; the summary; sent."""
    asked = await hoa.choose("Gửi phương án kinh doanh")  # the notice's, button or number
    assert "Anh/chị chụp ảnh từng trang phương án sản xuất kinh doanh" in asked, asked
    assert f"cho «{HONEY}»" in asked, asked
    pages = await hoa.send_photos([jpeg(21), jpeg(22)])
    assert "✅ Đã nhận 2/15 trang." in pages, pages
    assert "Tổng vốn đầu tư" in await hoa.choose("Xong, đã gửi đủ")
    assert "Doanh thu dự kiến một năm" in await hoa.say("500tr")
    assert "Công suất dự kiến một năm" in await hoa.say("1,2 tỷ")
    summary = await hoa.say("2 tấn/năm")
    assert f"Phương án kinh doanh cho «{HONEY}» ({number}):" in summary, summary
    assert "• Vốn đầu tư: 500.000.000 đ" in summary, summary
    assert "• Công suất: 2 tấn/năm" in summary, summary
    sent = await hoa.choose("Gửi phương án")
    assert f"✅ Đã gửi phương án kinh doanh của «{HONEY}» ({number})." in sent, sent


async def approve_business_plan(huyen: Person, number: str) -> str:
    """The district reads the plan in its review and approves it with budget support, naming
    itself the officer in charge; the result line, then the list."""
    opened = await open_first_waiting(huyen, number, "Đã gửi phương án kinh doanh")
    assert "• Vốn đầu tư: 500.000.000 đ" in opened, opened
    assert "• Doanh thu dự kiến một năm: 1.200.000.000 đ" in opened, opened
    assert "Trang 2/2 của phương án" in opened, opened
    asked = await huyen.choose("Duyệt phương án kinh doanh")
    assert f"Kinh phí hỗ trợ dự kiến cho «{HONEY}» là bao nhiêu đồng?" in asked, asked
    asked = await huyen.say(BUDGET)
    assert f"Ai là cán bộ phụ trách theo dõi «{HONEY}»?" in asked, asked
    confirm = await huyen.choose(RESPONSIBLE)
    assert f"Duyệt phương án kinh doanh của «{HONEY}»:" in confirm, confirm
    assert "• Kinh phí hỗ trợ dự kiến: 50.000.000 đ" in confirm, confirm
    assert f"• Cán bộ phụ trách: {RESPONSIBLE}\n" in confirm, confirm
    done = await huyen.choose("Đồng ý, duyệt phương án")
    assert f"✅ {HONEY}: Phương án đã được duyệt." in done, done
    return done


# ---------------------------------------------------------------------- sheet and report


def first_stamp_of(pdf: bytes, module_px: int = 8) -> bytes:
    """The sheet's first QR code (stamps/sheet.py draws each as one path of `re` runs, in
    module units) redrawn as a PNG, as a phone's photo of the printed label would show it."""
    assert pdf.startswith(b"%PDF"), pdf[:20]
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.DOTALL)
    pages = [zlib.decompress(s) for s in streams if s[:1] == b"x"]
    code = next(
        (m for page in pages if (m := re.search(rb" cm ((?:\d+ \d+ \d+ 1 re ?)+)f Q", page))),
        None,
    )
    assert code is not None, "no QR code on the sheet"
    runs = [tuple(map(int, r)) for r in re.findall(rb"(\d+) (\d+) (\d+) 1 re", code.group(1))]
    size = max(col + length for col, _, length in runs)
    quiet = 4
    side = (size + 2 * quiet) * module_px
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    for col, row, length in runs:
        x, y = (col + quiet) * module_px, (row + quiet) * module_px
        draw.rectangle((x, y, x + length * module_px - 1, y + module_px - 1), fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def monthly_report(room: Room, day: dt.date) -> dict[str, dict[str, int]]:
    """`ocop-bot report monthly` for `day`'s month: Vũ Quang's row of each sheet."""
    out = room.workdir / f"report-{day:%Y-%m}.xlsx"
    await run_cli(
        ["report", "monthly", "--month", f"{day:%Y-%m}", "--out", str(out)], room.env, room.workdir
    )
    book = load_workbook(out, read_only=True)
    found: dict[str, dict[str, int]] = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        headers = [str(h) for h in rows[0]]
        [row] = [r for r in rows[1:] if r[0] == "Huyện Vũ Quang"]
        found[sheet.title] = {
            h: int(str(v or 0)) for h, v in zip(headers[1:], row[1:], strict=True)
        }
    return found
