"""The officers' export: what an officer sees opening the CSV or the XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image
from sqlalchemy import update

from bot.cli.export import COLUMNS, idea_rows, write_csv, write_xlsx
from storage.admin_units_source import load_default_admin_units
from storage.database import Database
from storage.models import IdeaRecord
from storage.unit_of_work import UnitOfWork
from tests.harness import REGISTRATION_ANSWERS, Bot, make_bot

STORY = '=HYPERLINK("http://x.example") mật ong hoa rừng'


def jpeg(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


async def register(bot: Bot) -> None:
    answers = [*REGISTRATION_ANSWERS[:-1], STORY]
    for text in ["/start", "1", *answers]:
        await bot.say(text)
    await bot.photo(jpeg((200, 120, 30)))
    await bot.photo(jpeg((30, 90, 200)))
    await bot.say("xong")
    replies = await bot.say("1")
    assert any("001/PĐK-42-441-2026" in r.text for r in replies), replies


@pytest.fixture
async def registered(database: Database, tmp_path: Path) -> Bot:
    bot = make_bot(database, tmp_path)
    await register(bot)
    # A price range with its unit, as the price step keeps "120-180k/kg" in the answers.
    async with UnitOfWork(database) as uow:
        idea = (await uow.ideas.all_with_photos())[0][0]
        answers = {**idea.answers, "price": 120000, "price_high": 180000, "price_unit": "kg"}
        await uow.session.execute(
            update(IdeaRecord).where(IdeaRecord.id == idea.id).values(answers=answers, price=120000)
        )
        await uow.commit()
    return bot


def by_header(sheet: Worksheet) -> dict[str, int]:
    return {str(cell.value): cell.column for cell in sheet[1]}


async def test_the_xlsx_reads_as_an_officer_expects(
    database: Database, registered: Bot, tmp_path: Path
) -> None:
    out = tmp_path / "ideas.xlsx"
    rows = await idea_rows(database, load_default_admin_units(), registered.photo_store)
    write_xlsx(rows, out)
    sheet = load_workbook(out).active
    assert isinstance(sheet, Worksheet)
    columns = by_header(sheet)
    for header in (
        "Số phiếu",
        "Người đăng ký",
        "Loại hình",
        "Điện thoại",
        "Huyện",
        "Xã",
        "Sản phẩm",
        "Nhóm sản phẩm",
        "Giá trị cốt lõi",
        "Thị trường",
        "Sản lượng",
        "Giá bán (đồng)",
        "Câu chuyện",
        "Trạng thái",
        "Ngày gửi",
        "Ảnh 1",
    ):
        assert header in columns, header

    def cell(header: str) -> object:
        return sheet.cell(row=2, column=columns[header])

    def value(header: str) -> object:
        return sheet.cell(row=2, column=columns[header]).value

    assert value("Số phiếu") == "001/PĐK-42-441-2026"
    assert value("Loại hình") == "Hợp tác xã (HTX)"
    assert value("Điện thoại") == "0912 345 678"
    assert value("Huyện") == "Huyện Vũ Quang"
    assert value("Xã") == "Xã Ân Phú"
    assert value("Nhóm sản phẩm") == "Thực phẩm"
    assert value("Thị trường") == "Trong tỉnh Hà Tĩnh"
    assert value("Trạng thái") == "Đã gửi, chờ xã xem xét"
    # Numbers and dates are real ones, shown the Vietnamese way.
    assert value("Giá bán (đồng)") == 120000
    assert value("Giá bán đến (đồng)") == 180000
    assert value("Đơn vị tính") == "kg"
    assert sheet.cell(row=2, column=columns["Giá bán (đồng)"]).number_format == "#,##0"
    submitted = value("Ngày gửi")
    assert isinstance(submitted, dt.datetime)
    assert submitted == dt.datetime(2026, 3, 2, 9, 30)  # the fake clock's 02:30 UTC, in Vietnam
    date_cell = sheet.cell(row=2, column=columns["Ngày gửi"])
    assert date_cell.number_format == "dd/mm/yyyy hh:mm"
    # A producer's text that looks like a formula stays text.
    story = sheet.cell(row=2, column=columns["Câu chuyện"])
    assert story.value == STORY and story.data_type == "s"
    # Photos are links that open the stored files.
    for header in ("Ảnh 1", "Ảnh 2"):
        link = sheet.cell(row=2, column=columns[header])
        assert link.value == "Mở ảnh"
        assert link.hyperlink is not None
        target = str(link.hyperlink.target)
        assert target.startswith("file:///")
        assert Path(url2pathname(urlparse(target).path)).is_file()
    assert sheet.cell(row=2, column=columns["Ảnh 3"]).hyperlink is None
    # The sheet is laid out: widths, the header kept in view, a filter over every column.
    assert sheet.column_dimensions["A"].width == 22
    for spec, letter in zip(COLUMNS, "ABCDEFGHIJKLMNOPQRS", strict=False):
        assert sheet.column_dimensions[letter].width == spec.width
    assert sheet.freeze_panes == "B2"
    last = sheet.cell(row=1, column=sheet.max_column).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}2"
    assert sheet["A1"].font.bold


async def test_english_headers_and_names(
    database: Database, registered: Bot, tmp_path: Path
) -> None:
    out = tmp_path / "ideas.xlsx"
    rows = await idea_rows(database, load_default_admin_units(), registered.photo_store, "en")
    write_xlsx(rows, out, "en")
    sheet = load_workbook(out).active
    assert isinstance(sheet, Worksheet)
    columns = by_header(sheet)
    assert sheet.cell(row=2, column=columns["Applicant type"]).value == "Cooperative (HTX)"
    assert sheet.cell(row=2, column=columns["State"]).value == "Submitted, awaiting the commune"
    assert sheet.cell(row=2, column=columns["Photo 1"]).value == "Open"


async def test_the_csv_has_the_same_columns_in_plain_text(
    database: Database, registered: Bot, tmp_path: Path
) -> None:
    out = tmp_path / "ideas.csv"
    rows = await idea_rows(database, load_default_admin_units(), registered.photo_store)
    write_csv(rows, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["Số phiếu"] == "001/PĐK-42-441-2026"
    assert row["Loại hình"] == "Hợp tác xã (HTX)"
    assert row["Điện thoại"] == "0912 345 678"
    assert row["Giá bán (đồng)"] == "120000"  # digits only: any Excel reads it as a number
    assert row["Ngày gửi"] == "02/03/2026 09:30"
    assert row["Câu chuyện"] == "'" + STORY  # Excel must not run it as a formula
    assert row["Ảnh 1"].startswith("file:///") and row["Ảnh 3"] == ""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
async def test_the_xlsx_opens_in_libreoffice(
    database: Database, registered: Bot, tmp_path: Path
) -> None:
    out = tmp_path / "ideas.xlsx"
    write_xlsx(await idea_rows(database, load_default_admin_units(), registered.photo_store), out)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "ideas.pdf").stat().st_size > 0
