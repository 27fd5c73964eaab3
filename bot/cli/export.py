"""Exporting ideas for officers: CSV (opens in Excel) or XLSX, in words an officer reads.

Headers and choices are names, not codes ("Hộ kinh doanh", not `household`); the phone reads
"0912 345 678". In XLSX the dates are dates and the prices numbers (so they sort and sum), the
header row stays in view with a filter on it, and photos are links that open the file.

Photos are linked as `file://` paths on this machine: there is no web route for an idea's
photos yet, so the export is opened where it was made (or beside a copy of the photo folder).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.admin_units import AdminUnits
from flows.choices import APPLICANT_TYPES, PRODUCT_GROUPS, TARGET_MARKETS, label_of
from flows.formatting import format_datetime, local
from flows.lifecycle import STATES
from flows.phone import format_phone
from flows.registration import MAX_PHOTOS
from flows.texts import t
from storage.database import Database
from storage.models import IdeaRecord, UserRecord
from storage.photo_store import PhotoStore
from storage.unit_of_work import UnitOfWork

DATE_FORMAT = "dd/mm/yyyy hh:mm"
# Excel puts the reader's own thousands separator in ("150.000" in a Vietnamese Excel).
PRICE_FORMAT = "#,##0"


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # its header, a text catalogue key
    width: float  # in characters, as Excel counts them
    number_format: str | None = None
    wrap: bool = False

    def header(self, lang: str) -> str:
        return t(self.title, lang)


COLUMNS: tuple[Column, ...] = (
    Column("registration_number", "EXPORT_REGISTRATION_NUMBER", 22),
    Column("applicant_name", "EXPORT_APPLICANT_NAME", 26),
    Column("applicant_type", "EXPORT_APPLICANT_TYPE", 24),
    Column("phone", "EXPORT_PHONE", 14),
    Column("district", "EXPORT_DISTRICT", 20),
    Column("commune", "EXPORT_COMMUNE", 22),
    Column("product_name", "EXPORT_PRODUCT_NAME", 28),
    Column("product_group", "EXPORT_PRODUCT_GROUP", 22),
    Column("core_value", "EXPORT_CORE_VALUE", 40, wrap=True),
    Column("target_market", "EXPORT_TARGET_MARKET", 20),
    Column("volume", "EXPORT_VOLUME", 18),
    Column("price", "EXPORT_PRICE", 14, PRICE_FORMAT),
    Column("price_high", "EXPORT_PRICE_HIGH", 14, PRICE_FORMAT),
    Column("price_unit", "EXPORT_PRICE_UNIT", 12),
    Column("story", "EXPORT_STORY", 40, wrap=True),
    Column("state", "EXPORT_STATE", 24),
    Column("submitted_at", "EXPORT_SUBMITTED_AT", 17, DATE_FORMAT),
    Column("channel", "EXPORT_CHANNEL", 12),
    Column("photo_count", "EXPORT_PHOTO_COUNT", 8),
)
PHOTO_WIDTH = 10

_HEADER_COLOUR = "DDEBF7"
# A cell that starts like this is a formula to Excel: text from a producer must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# ...except a number or a phone as people type them ("+84 912 345 678", "-5", "-1.500.000"):
# digits, spaces, dots, commas, dashes and brackets alone can call no function, no DDE and
# no other cell, so an apostrophe there would only mangle what was typed.
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d .,()-]*")


def _channel_name(channel: str, lang: str) -> str:
    # Platform names are not translated; the console is the trial chat in a terminal.
    return {"telegram": "Telegram", "zalo": "Zalo"}.get(channel) or t(
        "EXPORT_CHANNEL_CONSOLE", lang
    )


@dataclass(frozen=True)
class IdeaRow:
    """One idea as the officer reads it; values are native (dates, numbers) for XLSX."""

    values: dict[str, Any]
    photo_links: list[str]


async def idea_rows(
    database: Database, units: AdminUnits, photos: PhotoStore, lang: str = "vi"
) -> list[IdeaRow]:
    # Rows are read inside the unit of work: its rollback at the end expires the records.
    async with UnitOfWork(database) as uow:
        found = await uow.ideas.all_with_photos()
        return [_row(idea, user, shas, units, photos, lang) for idea, user, shas in found]


def _state_label(state_id: str, lang: str) -> str:
    return next((s.label(lang) for s in STATES if s.id == state_id), state_id)


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _row(
    idea: IdeaRecord,
    user: UserRecord,
    shas: list[str],
    units: AdminUnits,
    photos: PhotoStore,
    lang: str,
) -> IdeaRow:
    district = units.district(idea.district_code)
    commune = units.commune(idea.commune_code)
    answers = idea.answers or {}
    unit = answers.get("price_unit")
    values = {
        "registration_number": idea.registration_number,
        "applicant_name": idea.applicant_name,
        "applicant_type": label_of(APPLICANT_TYPES, idea.applicant_type, lang),
        "phone": format_phone(idea.phone),
        "district": district.name if district else "",
        "commune": commune.name if commune else "",
        "product_name": idea.product_name,
        "product_group": label_of(PRODUCT_GROUPS, idea.product_group, lang),
        "core_value": idea.core_value,
        "target_market": label_of(TARGET_MARKETS, idea.target_market, lang),
        "volume": idea.volume,
        "price": idea.price,
        "price_high": _whole(answers.get("price_high")),
        "price_unit": str(unit) if unit else "",
        "story": idea.story,
        "state": _state_label(idea.state, lang),
        "submitted_at": idea.submitted_at,
        "channel": _channel_name(user.channel, lang),
        "photo_count": len(shas),
    }
    links = [photos.link(sha) for sha in shas]
    return IdeaRow(values, links)


def _photo_columns(rows: list[IdeaRow]) -> int:
    return max([MAX_PHOTOS, *(len(r.photo_links) for r in rows)])


def _headers(rows: list[IdeaRow], lang: str) -> list[str]:
    photo = t("EXPORT_PHOTO_N", lang)
    return [c.header(lang) for c in COLUMNS] + [
        photo.format(n=n) for n in range(1, _photo_columns(rows) + 1)
    ]


def cell_text(value: Any) -> str:
    """A value as a CSV cell: dates as Vietnam shows them, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(rows: list[IdeaRow], out: Path, lang: str = "vi") -> None:
    # utf-8-sig so that Excel, which officers open it with, reads the Vietnamese right.
    # Prices stay plain digits: "150.000" would read as 150 in an English-language Excel.
    with out.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(_headers(rows, lang))
        for row in rows:
            writer.writerow(
                [cell_text(row.values[c.key]) for c in COLUMNS]
                + row.photo_links
                + [""] * (_photo_columns(rows) - len(row.photo_links))
            )


def _excel_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return local(value).replace(tzinfo=None)  # Excel has no time zones: Vietnam's time
    return value


def write_xlsx(rows: list[IdeaRow], out: Path, lang: str = "vi") -> None:
    # openpyxl (and numpy, which it loads) only when a sheet is written.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("EXPORT_SHEET_IDEAS", lang)
    headers = _headers(rows, lang)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_COLOUR)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    link_text = t("EXPORT_PHOTO_LINK", lang)
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(COLUMNS, start=1):
            value = _excel_value(row.values[column.key])
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the producer typed
            if column.number_format:
                cell.number_format = column.number_format
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
        for n, link in enumerate(row.photo_links):
            cell = sheet.cell(row=r, column=len(COLUMNS) + 1 + n, value=link_text)
            cell.hyperlink = link
            cell.style = "Hyperlink"
    for c, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = column.width
    for c in range(len(COLUMNS) + 1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(c)].width = PHOTO_WIDTH
    sheet.freeze_panes = "B2"  # the header row, and the registration number at the left
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    book.save(out)
