"""`ocop-bot import products-2019`: the province's 2019 list from a spreadsheet as an officer
keeps it (a title row, Vietnamese headers in their own order and spelling), into producers and
products that stamps can be issued for; bad rows named with their number and nothing written;
the same list twice adds nothing twice; a dry run writes nothing."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.cli.import_products import import_products
from bot.settings import Settings
from flows.product_import import field_of, parse_stars
from storage.database import Database
from storage.models import ProducerRecord, ProductRecord
from storage.unit_of_work import UnitOfWork
from tests.bot.test_console import bot_env, run
from tests.fakes import FakeClock

HEADERS = (
    "STT",
    "Tên sản phẩm",
    "Chủ thể",
    "Loại hình",
    "Xã/phường",
    "Huyện",
    "Hạng sao",
    "Số giấy chứng nhận",
    "Ngày quyết định",
    "Nhóm sản phẩm",
    "Điện thoại",
)
GOOD = (
    (1, "Mật ong rừng Vũ Quang", "HTX Nuôi ong Ân Phú", "HTX", "Ân Phú", "Vũ Quang", 4,
     "123/QĐ-UBND", dt.datetime(2019, 11, 15), "Thực phẩm", "0912 345 678"),
    (2, "Cam bù Hương Sơn", "Hộ Nguyễn Văn A", "hộ kinh doanh", "xa son tien", "huong son",
     "3 sao", None, "20/12/2019", "", None),
    (3, "Nước mắm Cửa Sót", "Công ty TNHH Cửa Sót", "DN", "Thạch Kim", "Lộc Hà", "⭐⭐⭐",
     "45/QĐ-UBND", "05/08/2019", "Thực phẩm", ""),
)  # fmt: skip


def write_sheet(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """An officer's spreadsheet: a title, a blank row, the headers, the products."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH SẢN PHẨM OCOP ĐƯỢC CÔNG NHẬN NĂM 2019"])
    sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.fixture
async def app(database: Database, tmp_path: Path) -> AsyncIterator[App]:
    settings = Settings(data_dir=tmp_path / "data", database_url=database.url)
    built = await build_app(settings, FakeClock(dt.datetime(2020, 3, 2, 3, tzinfo=dt.UTC)))
    try:
        yield built
    finally:
        await built.close()


async def _import(app: App, path: Path, dry_run: bool = False) -> int:
    args = argparse.Namespace(file=str(path), year=2019, dry_run=dry_run)
    return await import_products(app, args)


async def _products(app: App) -> list[tuple[str, str, str, int, str, dt.date, dt.date, int]]:
    async with UnitOfWork(app.database) as uow:
        rows = await uow.session.execute(
            select(
                ProductRecord.name,
                ProducerRecord.name,
                ProducerRecord.kind,
                ProductRecord.stars,
                ProductRecord.certificate_number,
                ProductRecord.decision_date,
                ProductRecord.valid_until,
                ProductRecord.imported_year,
            )
            .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .order_by(ProductRecord.id)
        )
        return [tuple(r) for r in rows]


async def test_a_good_list_becomes_producers_and_products_and_again_adds_nothing(
    app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_sheet(tmp_path / "ds-2019.xlsx", HEADERS, GOOD)
    assert await _import(app, path) == 0
    said = capsys.readouterr().out
    assert "thêm mới 3 sản phẩm và 3 chủ thể; 0 sản phẩm đã có từ trước" in said
    assert "1 sản phẩm không ghi số giấy chứng nhận: đã ghi số tạm dạng DS2019-" in said
    products = await _products(app)
    assert products[0] == (
        "Mật ong rừng Vũ Quang",
        "HTX Nuôi ong Ân Phú",
        "htx",
        4,
        "123/QĐ-UBND",
        dt.date(2019, 11, 15),
        dt.date(2022, 11, 15),  # 36 months
        2019,
    )
    assert products[1][2:4] == ("household", 3) and products[1][4].startswith("DS2019-")
    assert products[2][2:4] == ("enterprise", 3)
    async with UnitOfWork(app.database) as uow:
        honey = await uow.session.scalar(
            select(ProducerRecord).where(ProducerRecord.name == "HTX Nuôi ong Ân Phú")
        )
        assert honey is not None
        assert (honey.district_code, honey.commune_code, honey.phone) == (
            "441",
            "18316",
            "+84912345678",
        )
        # Stamps can be issued for them: they are valid products like any other.
        valid = await uow.products.valid_on(dt.date(2020, 3, 2))
    assert {v.name for v in valid} >= {"Mật ong rừng Vũ Quang", "Cam bù Hương Sơn"}

    assert await _import(app, path) == 0
    again = capsys.readouterr().out
    assert "thêm mới 0 sản phẩm và 0 chủ thể; 3 sản phẩm đã có từ trước" in again
    assert len(await _products(app)) == 3


async def test_bad_rows_are_named_and_nothing_is_written(
    app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = (
        *GOOD,
        (4, "", "Hộ B", "hộ", "Ân Phú", "Vũ Quang", 3, None, "01/02/2019", "", None),
        (5, "Nhung hươu", "Hộ C", "hộ", "Ân Phú", "Vũ Quang", 2, None, "01/02/2019", "", None),
        (6, "Chè xanh", "Hộ D", "hộ", "Xã Không Có", "Vũ Quang", 3, None, "01/02/2019", "", ""),
        (7, "Rượu nếp", "Hộ E", "hộ", "Ân Phú", "Vũ Quang", 3, None, "32/13/2019", "", None),
        (8, "Mật ong rừng Vũ Quang", "X", "HTX", "Ân Phú", "Vũ Quang", 4, "123/qđ-ubnd",
         "15/11/2019", "", None),
        (9, "Tinh dầu", "Hộ F", "hộ", "Ân Phú", "Vũ Quang", 3, None, "01/04/2020", "", None),
        (10, "Bánh đa", "Ông G", "", "Ân Phú", "Vũ Quang", 3, None, "01/02/2019", "", None),
        (11, "Kẹo cu đơ", "Hộ H", "hộ", "Ân Phú", "Vũ Quang", 3, None, "01/02/2019", "", "12"),
    )  # fmt: skip
    path = write_sheet(tmp_path / "bad.xlsx", HEADERS, bad)
    assert await _import(app, path) == 1
    said = capsys.readouterr().err
    # The headers are on row 3: the first product is row 4, the first bad one row 7.
    assert "Dòng 7: thiếu Tên sản phẩm." in said
    assert "Dòng 8: số sao «2» không đúng" in said
    assert "Dòng 9: không tìm thấy xã/phường «Xã Không Có»" in said
    assert "Dòng 10: ngày quyết định «32/13/2019» không đọc được" in said
    assert "Dòng 11: trùng với dòng 4" in said
    assert "Dòng 12: ngày quyết định 01/04/2020 chưa tới." in said
    assert "Dòng 13: không rõ loại hình chủ thể «Ông G»" in said
    assert "Dòng 14: số điện thoại «12» không đúng." in said
    assert "❌ 8 dòng có lỗi: chưa nhập sản phẩm nào." in said
    assert await _products(app) == []


async def test_a_dry_run_counts_and_writes_nothing(
    app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_sheet(tmp_path / "ds.xlsx", HEADERS, GOOD)
    assert await _import(app, path, dry_run=True) == 0
    said = capsys.readouterr().out
    assert "thêm mới 3 sản phẩm" in said and "Chạy thử (--dry-run): chưa ghi gì" in said
    async with UnitOfWork(app.database) as uow:
        assert await uow.session.scalar(select(func.count(ProducerRecord.id))) == 0
    assert await _products(app) == []


async def test_headers_in_another_order_and_spelling_without_diacritics(
    app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = ("Ngay cong nhan", "So sao", "Huyen/thi xa", "Xa, phuong, thi tran", "Ten SP",
               "Ten chu the", "SDT")  # fmt: skip
    rows = ((dt.date(2019, 9, 1), "4*", "Vu Quang", "An Phu", "Mật ong", "HTX Ong Ân Phú", None),)
    path = write_sheet(tmp_path / "khac.xlsx", headers, rows)
    assert await _import(app, path) == 0
    assert "thêm mới 1 sản phẩm" in capsys.readouterr().out
    (product,) = await _products(app)
    # No kind column: the producer's name says it; no group: the product's name says food.
    assert product[:4] == ("Mật ong", "HTX Ong Ân Phú", "htx", 4)

    no_headers = write_sheet(tmp_path / "none.xlsx", ("Tên", "Giá"), (("a", 1),))
    assert await _import(app, no_headers) == 1
    assert "Không tìm thấy dòng tiêu đề" in capsys.readouterr().err


def test_header_and_star_spellings() -> None:
    assert field_of("Hạng sao (3-5)") == "stars" and field_of("Số sao") == "stars"
    assert field_of("Số điện thoại") == "phone" and field_of("Số giấy chứng nhận") == "certificate"
    assert field_of("Nhóm sản phẩm") == "group" and field_of("Tên sản phẩm") == "name"
    assert field_of("Đơn vị tính") is None and field_of("STT") is None
    assert [parse_stars(v) for v in (3, 4.0, "5 sao", "⭐⭐⭐⭐", "3★", "Hạng 4 sao")] == [
        3,
        4,
        5,
        4,
        3,
        4,
    ]
    assert parse_stars("ba") is None and parse_stars(3.5) is None


async def test_the_command_line(database: Database, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "ds.xlsx", HEADERS, GOOD)
    env = bot_env(tmp_path, database)
    said = run(["import", "products-2019", "--file", str(path), "--dry-run"], env)
    assert "Danh sách năm 2019 (ds.xlsx): 3 dòng sản phẩm" in said
    said = run(["import", "products-2019", "--file", str(path)], env)
    assert "thêm mới 3 sản phẩm" in said
    listed = run(["products", "list"], env)
    assert "Mật ong rừng Vũ Quang" in listed
