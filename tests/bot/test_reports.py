"""The monthly report's figures against a hand-counted month (March 2020, in Vietnam's time),
built directly through the repositories and audit rows; then `ocop-bot report monthly` and the
exports of products, stamps and checks as an officer opens them, and `/report` in the chat."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from flows.formatting import VN_TZ
from flows.report_effects import Managed2019, MonthlyRow
from flows.training_effects import NewTraining, TrainingArea
from storage.database import Database
from storage.figures import monthly_report
from storage.models import IdeaRecord, ProductRecord, UserRecord
from storage.products import valid_until
from storage.training import TrainingRepository
from storage.unit_of_work import UnitOfWork
from tests.bot.test_console import bot_env, run
from tests.harness import make_bot

VU_QUANG, AN_PHU = "441", "18316"
DUC_THO, DUC_THO_TOWN = "440", "18229"


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in Vietnam's time (the report's months are Vietnam's)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@dataclass(frozen=True)
class Month:
    ideas: dict[str, int]
    serials: dict[str, list[int]]


async def _user(uow: UnitOfWork, external: str) -> int:
    user = UserRecord(
        channel="fake", external_id=external, lang="vi", blocked=False, created_at=vn(2019, 1, 1)
    )
    uow.session.add(user)
    await uow.session.flush()
    return user.id


async def _idea(
    uow: UnitOfWork,
    user: int,
    n: int,
    district: str,
    commune: str,
    state: str,
    submitted: dt.datetime,
    applicant: str = "Hộ Nguyễn Văn A",
    kind: str = "household",
) -> int:
    idea = IdeaRecord(
        registration_number=f"OCOP-{district}-{n:04d}",
        user_id=user,
        state=state,
        applicant_name=applicant,
        applicant_type=kind,
        phone="0912345678",
        admin_structure="2020",
        district_code=district,
        commune_code=commune,
        product_name=f"Sản phẩm {n}",
        product_group="food",
        group_ruleset="1048/QĐ-TTg",
        core_value="Ngon",
        target_market="province",
        volume="100 kg",
        price=150000,
        story="",
        answers={},
        created_at=submitted,
        submitted_at=submitted,
    )
    uow.session.add(idea)
    await uow.session.flush()
    return idea.id


# The audit action the review handler writes for each move of the fixture (by its target).
ACTION_OF = {
    "forwarded": "idea.forward",
    "selected": "idea.select",
    "approved": "idea.approve",
    "returned": "idea.return",
    "rejected": "idea.reject",
    "plan_approved": "idea.approve_plan",
    "evaluating": "idea.evaluate",
}


async def _move(
    uow: UnitOfWork, idea: int, role: str, before: str, after: str, at: dt.datetime
) -> None:
    """`role`: who moves it, as the reader of the fixture needs it; the audit row has none."""
    del role
    await uow.audit.record(
        actor_user_id=None,
        action=ACTION_OF[after],
        subject=f"idea:{idea}",
        area=None,
        before={"state": before},
        after={"state": after, "text": None, "note": None},
        now=at,
    )


async def _trainings(uow: UnitOfWork, user: int) -> None:
    """March 2020: two in Vũ Quang (a commune's and the district's), one for the province;
    one in Đức Thọ in February and one in April (not March's)."""
    trainings = TrainingRepository(uow.session)
    for day, district, commune, producers, officers in (
        (dt.date(2020, 3, 5), VU_QUANG, AN_PHU, 20, 3),
        (dt.date(2020, 3, 31), VU_QUANG, None, 10, 2),
        (dt.date(2020, 3, 15), None, None, 0, 15),
        (dt.date(2020, 2, 29), DUC_THO, DUC_THO_TOWN, 5, 0),
        (dt.date(2020, 4, 1), DUC_THO, None, 8, 1),
    ):
        area = TrainingArea("2020", district, commune)
        training = NewTraining(day, "Xây dựng phương án kinh doanh", producers, officers, area)
        await trainings.add(training, user, vn(2020, 4, 2, 9))


async def build_2019_list(database: Database) -> None:
    """The 2019 list: in Vũ Quang a 3-star product in force and one renewed to 4 stars; in
    Đức Thọ one lapsed by March 2020 (decided in 2017), one withdrawn (not counted)."""
    async with UnitOfWork(database) as uow:
        vu_quang = await uow.products.add_producer(
            "HTX Ong Vũ Quang", "htx", VU_QUANG, AN_PHU, None
        )
        duc_tho = await uow.products.add_producer(
            "Hộ Lê Văn D", "household", DUC_THO, DUC_THO_TOWN, None
        )
        for name, producer, stars, decided, withdrawn in (
            ("Mật ong rừng", vu_quang, 3, dt.date(2019, 5, 10), False),
            ("Nhung hươu", vu_quang, 4, dt.date(2019, 11, 20), False),
            ("Cam bù", duc_tho, 3, dt.date(2017, 2, 1), False),
            ("Nước mắm", duc_tho, 3, dt.date(2019, 6, 1), True),
        ):
            uow.session.add(
                ProductRecord(
                    name=name,
                    producer_id=producer,
                    product_group="food",
                    stars=stars,
                    certificate_number=f"2019-{name}",
                    decision_date=decided,
                    valid_until=valid_until(decided),
                    withdrawn=withdrawn,
                    created_at=vn(2020, 1, 2, 9),
                    imported_year=2019,
                )
            )
        await uow.commit()


LIST_2019 = {
    VU_QUANG: Managed2019(total=2, valid=2, upgraded=1),
    DUC_THO: Managed2019(total=1, expired=1),
}


async def build_month(database: Database) -> Month:
    """March 2020, counted by hand in `EXPECTED`."""
    async with UnitOfWork(database) as uow:
        user = await _user(uow, "producer")
        a1 = await _idea(uow, user, 1, VU_QUANG, AN_PHU, "approved", vn(2020, 3, 2, 9))
        a2 = await _idea(uow, user, 2, VU_QUANG, AN_PHU, "forwarded", vn(2020, 3, 3, 9))
        # Submitted in February; the commune forwards it at 00:30 on 1 March, Vietnam's time
        # (still 29 February in UTC): March's.
        a3 = await _idea(uow, user, 3, DUC_THO, DUC_THO_TOWN, "rejected", vn(2020, 2, 28, 9))
        await _idea(uow, user, 4, DUC_THO, DUC_THO_TOWN, "submitted", vn(2020, 3, 31, 23, 30))
        # 00:10 on 1 April in Vietnam (31 March in UTC): April's.
        await _idea(uow, user, 5, DUC_THO, DUC_THO_TOWN, "submitted", vn(2020, 4, 1, 0, 10))
        a6 = await _idea(uow, user, 6, VU_QUANG, AN_PHU, "evaluating", vn(2019, 6, 1, 9))
        a7 = await _idea(
            uow, user, 7, DUC_THO, DUC_THO_TOWN, "rejected", vn(2019, 7, 1, 9), "HTX Đức Thọ", "htx"
        )
        await _move(uow, a1, "commune", "submitted", "forwarded", vn(2020, 3, 5, 10))
        await _move(uow, a1, "district", "forwarded", "selected", vn(2020, 3, 10, 10))
        await _move(uow, a1, "province", "selected", "approved", vn(2020, 3, 20, 10))
        await _move(uow, a2, "commune", "submitted", "returned", vn(2020, 3, 4, 10))
        await uow.audit.record(  # the producer's answer is no officer's move
            actor_user_id=user,
            action="idea.answer",
            subject=f"idea:{a2}",
            area=None,
            before={"state": "returned"},
            after={"state": "submitted"},
            now=vn(2020, 3, 5, 8),
        )
        await _move(uow, a2, "commune", "submitted", "forwarded", vn(2020, 3, 6, 10))
        await _move(uow, a3, "commune", "submitted", "forwarded", vn(2020, 3, 1, 0, 30))
        await _move(uow, a3, "district", "forwarded", "rejected", vn(2020, 3, 15, 10))
        await _move(uow, a6, "district", "plan_sent", "plan_approved", vn(2020, 3, 12, 10))
        await _move(uow, a6, "district", "developing", "evaluating", vn(2020, 3, 25, 10))
        await _move(uow, a7, "province", "selected", "rejected", vn(2020, 3, 18, 10))
        await _move(uow, a7, "commune", "submitted", "forwarded", vn(2020, 4, 2, 10))  # April

        honey_maker = await uow.products.add_producer(
            '=HYPERLINK("http://x")', "htx", VU_QUANG, AN_PHU, None
        )
        orange_grower = await uow.products.add_producer(
            "Hộ Trần Văn C", "household", DUC_THO, DUC_THO_TOWN, None
        )
        honey, _ = await uow.products.add_product(
            name="Mật ong Vũ Quang",
            producer_id=honey_maker,
            group="food",
            stars=4,
            certificate="QĐ 12/2020",
            decision_date=dt.date(2020, 3, 15),
            now=vn(2020, 3, 15, 9),
        )
        orange, _ = await uow.products.add_product(
            name="Cam Đức Thọ",
            producer_id=orange_grower,
            group="food",
            stars=3,
            certificate="QĐ 3/2020",
            decision_date=dt.date(2020, 2, 10),
            now=vn(2020, 2, 10, 9),
        )
        _, honey_serials = await uow.stamps.issue_batch(honey, 5, "k1", vn(2020, 3, 16, 9))
        await uow.stamps.issue_batch(orange, 3, "k1", vn(2020, 4, 2, 9))  # April
        _, orange_serials = await uow.stamps.issue_batch(orange, 2, "k1", vn(2020, 3, 2, 9))
        log = uow.stamps.log_check
        await log(honey_serials[0], "genuine", "telegram", "a", vn(2020, 3, 17, 9))
        await log(honey_serials[1], "genuine", "web", "b", vn(2020, 3, 18, 9))
        await log(orange_serials[0], "genuine", "zalo", "c", vn(2020, 3, 19, 9))
        await log(None, "counterfeit", "web", "d", vn(2020, 3, 20, 9))
        await log(999, "unknown", "telegram", "e", vn(2020, 3, 21, 9))
        await log(honey_serials[0], "genuine", "telegram", "f", vn(2020, 4, 3, 9))  # April
        await _trainings(uow, user)
        await uow.commit()
    ideas = {"a1": a1, "a2": a2, "a3": a3, "a6": a6, "a7": a7}
    return Month(ideas, {"honey": honey_serials, "orange": orange_serials})


SHEETS = ["Ý tưởng", "Sản phẩm", "Tem", "Tập huấn", "Sản phẩm 2019"]
EXPECTED = {
    VU_QUANG: MonthlyRow(
        VU_QUANG,
        received=2,
        forwarded=2,
        selected=1,
        appraised=1,
        approved=1,
        plans_approved=1,
        evaluated=1,
        certified=1,
        stamps_issued=5,
        stamps_checked=2,
        trainings=2,
        trained_producers=30,
        trained_officers=5,
    ),
    DUC_THO: MonthlyRow(
        DUC_THO, received=1, forwarded=1, appraised=1, stamps_issued=2, stamps_checked=1
    ),
    "": MonthlyRow("", stamps_checked=2, counterfeit_checks=2, trainings=1, trained_officers=15),
}
TOTAL = MonthlyRow(
    "",
    received=3,
    forwarded=3,
    selected=1,
    appraised=2,
    approved=1,
    plans_approved=1,
    evaluated=1,
    certified=1,
    stamps_issued=7,
    stamps_checked=5,
    counterfeit_checks=2,
    trainings=3,
    trained_producers=30,
    trained_officers=20,
)


async def test_the_month_figures_match_the_hand_count(database: Database) -> None:
    await build_month(database)
    async with UnitOfWork(database) as uow:
        report = await monthly_report(uow.session, "2020-03", None)
        mine = await monthly_report(uow.session, "2020-03", VU_QUANG)
        april = await monthly_report(uow.session, "2020-04", None)
    assert report.month == "2020-03"
    assert {r.district: r for r in report.rows} == EXPECTED
    assert report.total == TOTAL
    assert mine.rows == (EXPECTED[VU_QUANG],)
    assert april.total.received == 1 and april.total.forwarded == 1
    assert april.total.stamps_issued == 3 and april.total.stamps_checked == 1
    assert (april.total.trainings, april.total.trained_producers) == (1, 8)
    assert report.products_2019 == () and report.products_2019_total == Managed2019()


async def test_the_2019_list_at_the_month_end_per_district(database: Database) -> None:
    await build_month(database)
    await build_2019_list(database)
    async with UnitOfWork(database) as uow:
        march = await monthly_report(uow.session, "2020-03", None)
        mine = await monthly_report(uow.session, "2020-03", DUC_THO)
        # Decided 10/05/2019, the Vũ Quang honey lapses on 10/05/2022: May 2022's end.
        may_2022 = await monthly_report(uow.session, "2022-05", VU_QUANG)
        january = await monthly_report(uow.session, "2020-01", None)
    assert dict(march.products_2019) == LIST_2019
    assert march.products_2019_total == Managed2019(total=3, valid=2, expired=1, upgraded=1)
    assert mine.products_2019 == ((DUC_THO, LIST_2019[DUC_THO]),)
    assert may_2022.products_2019_total == Managed2019(total=2, valid=1, expired=1, upgraded=1)
    # Cam bù's certificate (01/02/2017) held until 01/02/2020: January's end still in force.
    assert january.products_2019_total == Managed2019(total=3, valid=3, upgraded=1)
    # The list is no month's movement: March's rows are as they were without it.
    assert {r.district: r for r in march.rows} == EXPECTED


async def test_report_monthly_writes_one_sheet_per_table_with_district_names(
    database: Database, tmp_path: Path
) -> None:
    await build_month(database)
    await build_2019_list(database)
    env = bot_env(tmp_path, database)
    out = tmp_path / "bao-cao.xlsx"
    said = run(["report", "monthly", "--month", "2020-03", "--out", str(out)], env)
    assert f"Đã ghi báo cáo tháng 2020-03 (13 huyện) vào {out}" in said
    book = load_workbook(out)
    assert book.sheetnames == SHEETS
    ideas = [[c.value for c in row] for row in book["Ý tưởng"].iter_rows()]
    assert ideas[0] == [
        "Huyện",
        "Ý tưởng đã nhận",
        "Xã đã chuyển",
        "Huyện chọn gửi tỉnh",
        "Tỉnh đã thẩm định",
        "Thẩm định đạt",
        "Phương án được duyệt",
    ]
    rows = {r[0]: r[1:] for r in ideas[1:]}
    assert rows["Huyện Vũ Quang"] == [2, 2, 1, 1, 1, 1]
    assert rows["Huyện Đức Thọ"] == [1, 1, 0, 1, 0, 0]
    assert rows["Huyện Kỳ Anh"] == [0, 0, 0, 0, 0, 0]  # every district, even a quiet one
    assert rows["Cả tỉnh"] == [3, 3, 1, 2, 1, 1]
    products = {r[0].value: [c.value for c in r[1:]] for r in book["Sản phẩm"].iter_rows(min_row=2)}
    assert products["Huyện Vũ Quang"] == [1, 1]
    stamps = [[c.value for c in row] for row in book["Tem"].iter_rows()]
    assert stamps[0] == ["Huyện", "Tem đã cấp", "Lượt kiểm tra tem", "Lượt phát hiện tem giả"]
    by_name = {r[0]: r[1:] for r in stamps[1:]}
    assert by_name["Huyện Vũ Quang"] == [5, 2, 0]
    assert by_name["Không thuộc huyện nào"] == [0, 2, 2]
    assert by_name["Cả tỉnh"] == [7, 5, 2]
    training = [[c.value for c in row] for row in book["Tập huấn"].iter_rows()]
    assert training[0] == [
        "Huyện",
        "Số lớp tập huấn",
        "Lượt chủ thể tham dự",
        "Lượt cán bộ tham dự",
    ]
    trained = {r[0]: r[1:] for r in training[1:]}
    assert trained["Huyện Vũ Quang"] == [2, 30, 5]
    assert trained["Huyện Đức Thọ"] == [0, 0, 0]  # February's and April's are not March's
    assert trained["Không thuộc huyện nào"] == [1, 0, 15]  # the province's own
    assert trained["Cả tỉnh"] == [3, 30, 20]
    listed = [[c.value for c in row] for row in book["Sản phẩm 2019"].iter_rows()]
    assert listed[0] == [
        "Huyện",
        "Đang quản lý (cuối tháng)",
        "Còn hiệu lực",
        "Hết hạn",
        "Đạt 4 sao trở lên",
    ]
    by_district = {r[0]: r[1:] for r in listed[1:]}
    assert by_district["Huyện Vũ Quang"] == [2, 2, 0, 1]
    assert by_district["Huyện Đức Thọ"] == [1, 0, 1, 0]
    assert by_district["Huyện Kỳ Anh"] == [0, 0, 0, 0]
    assert by_district["Cả tỉnh"] == [3, 2, 1, 1]

    english = tmp_path / "report.xlsx"
    run(["report", "monthly", "--month", "3/2020", "--out", str(english), "--lang", "en"], env)
    assert load_workbook(english).sheetnames == [
        "Ideas",
        "Products",
        "Stamps",
        "Training",
        "Products of 2019",
    ]


async def test_exports_of_products_stamps_and_checks_read_as_words_and_never_formulas(
    database: Database, tmp_path: Path
) -> None:
    await build_month(database)
    env = bot_env(tmp_path, database)
    out = tmp_path / "products.csv"
    assert "Đã ghi 2 dòng" in run(["export", "products", "--out", str(out)], env)
    with out.open(encoding="utf-8-sig") as fh:
        products = list(csv.DictReader(fh))
    honey = next(p for p in products if p["Sản phẩm"] == "Mật ong Vũ Quang")
    assert honey["Chủ thể"] == '\'=HYPERLINK("http://x")'  # text, not a formula
    assert honey["Loại hình chủ thể"] == "Hợp tác xã (HTX)"
    assert (honey["Huyện"], honey["Số sao"], honey["Ngày quyết định"]) == (
        "Huyện Vũ Quang",
        "4",
        "15/03/2020",
    )
    book_path = tmp_path / "products.xlsx"
    run(["export", "products", "--out", str(book_path), "--format", "xlsx"], env)
    sheet = load_workbook(book_path)["Sản phẩm OCOP"]
    producer = next(r[1] for r in sheet.iter_rows(min_row=2) if r[0].value == "Mật ong Vũ Quang")
    assert producer.value == '=HYPERLINK("http://x")' and producer.data_type == "s"

    stamps = tmp_path / "stamps.xlsx"
    assert "Đã ghi 10 dòng" in run(
        ["export", "stamps", "--out", str(stamps), "--format", "xlsx"], env
    )
    rows = [[c.value for c in r] for r in load_workbook(stamps)["Tem"].iter_rows()]
    assert rows[0] == ["Số tem", "Đợt cấp", "Sản phẩm", "Chủ thể", "Ngày cấp", "Tình trạng"]
    assert sum(1 for r in rows[1:] if r[2] == "Mật ong Vũ Quang") == 5

    checks = tmp_path / "checks.csv"
    run(["export", "checks", "--out", str(checks)], env)
    with checks.open(encoding="utf-8-sig") as fh:
        found = list(csv.DictReader(fh))
    assert len(found) == 6
    results = [r["Kết quả"] for r in found]
    assert results.count("Tem thật") == 4
    assert "Tem giả" in results and "Số tem chưa từng được cấp" in results
    assert (
        found[0]["Huyện"] == "Huyện Vũ Quang"
        and found[0]["Thời điểm kiểm tra"] == "17/03/2020 09:00"
    )


async def test_report_in_the_chat_for_a_province_officer(
    database: Database, tmp_path: Path
) -> None:
    await build_month(database)
    bot = make_bot(database, tmp_path)
    await bot.say("/start", chat="province")
    async with UnitOfWork(database) as uow:
        user = await uow.users.get_or_create("fake", "province", None, "vi", bot.clock.now())
        await uow.users.grant(user.id, "province", None, "2020", bot.clock.now())
        await uow.commit()
    replies = await bot.say("/baocao 3/2020", chat="province")
    text = "\n".join(r.text for r in replies)
    assert "Báo cáo tháng 3/2020 — Tỉnh Hà Tĩnh" in text
    assert (
        "Huyện Vũ Quang: nhận 2 ý tưởng, xã chuyển 2, huyện chọn 1, tỉnh thẩm định 1 (đạt 1)"
        in text
    )
    assert "Cả tỉnh: nhận 3 ý tưởng" in text
    assert "tập huấn 2 lớp (30 lượt chủ thể, 5 lượt cán bộ)" in text  # Vũ Quang's
    assert "tập huấn 3 lớp (30 lượt chủ thể, 20 lượt cán bộ)" in text  # the province's
    assert "Sản phẩm OCOP năm 2019 đang quản lý (kế hoạch cả tỉnh: 72): chưa có danh sách" in text
    assert "/dashboard/report.xlsx?month=2020-03" in text
    sent = next(r for r in replies if r.document)
    assert sent.text == "Báo cáo tháng (bảng tính XLSX)."
    book = load_workbook(sent.document or "")
    assert book.sheetnames == SHEETS
    rows = {r[0].value: [c.value for c in r[1:]] for r in book["Ý tưởng"].iter_rows(min_row=2)}
    assert rows["Huyện Vũ Quang"] == [2, 2, 1, 1, 1, 1]
    wrong = await bot.say("/report tháng mười ba", chat="province")
    assert "Anh/chị ghi tháng như" in wrong[0].text
