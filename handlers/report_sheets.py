"""Tables as XLSX sheets in the exports' style (bot/cli/export.py: a bold header on blue,
frozen, with a filter; dates as dates; no cell ever a formula), and the monthly report's
tables (ideas, products, stamps, training, the 2019 list) per district, by name.

Here, below bot/, because the chat's /report writes the file too (handlers/stats_effects.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from flows.admin_units import AdminUnits
from flows.formatting import local
from flows.report_effects import Managed2019, MonthlyReport, MonthlyRow
from flows.texts import t

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy hh:mm"
DAY_FORMAT = "dd/mm/yyyy"
# The exports' header colour (bot/cli/export.py).
HEADER_COLOUR = "DDEBF7"


@dataclass(frozen=True)
class Table:
    """One sheet: its title and headers (catalogue keys), rows of native values, widths."""

    title: str
    headers: tuple[str, ...]
    rows: list[list[Any]]
    widths: tuple[float, ...]


def _sheet(sheet: Worksheet, table: Table, lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = t(table.title, lang)[:31]  # Excel's limit for a sheet's name
    sheet.append([t(h, lang) for h in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_COLOUR)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, dt.datetime):
                value = local(value).replace(tzinfo=None)  # Excel has no zones: Vietnam's time
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever was typed
            elif isinstance(value, dt.datetime):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DAY_FORMAT
    for c, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "B2"
    last = get_column_letter(len(table.headers))
    sheet.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 2)}"


def write_tables_xlsx(tables: Sequence[Table], out: Path | IO[bytes], lang: str) -> None:
    # openpyxl is imported when a sheet is written, not at every start of the bot.
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    for n, table in enumerate(tables):
        _sheet(first if n == 0 else book.create_sheet(), table, lang)
    book.save(out)


# --- the monthly report -------------------------------------------------------------------

_IDEAS = (
    ("REPORT_COL_RECEIVED", "received"),
    ("REPORT_COL_FORWARDED", "forwarded"),
    ("REPORT_COL_SELECTED", "selected"),
    ("REPORT_COL_APPRAISED", "appraised"),
    ("REPORT_COL_APPROVED", "approved"),
    ("REPORT_COL_PLANS", "plans_approved"),
)
_PRODUCTS = (("REPORT_COL_EVALUATED", "evaluated"), ("REPORT_COL_CERTIFIED", "certified"))
_STAMPS = (
    ("REPORT_COL_ISSUED", "stamps_issued"),
    ("REPORT_COL_CHECKED", "stamps_checked"),
    ("REPORT_COL_COUNTERFEIT", "counterfeit_checks"),
)
_TRAINING = (
    ("REPORT_COL_TRAININGS", "trainings"),
    ("REPORT_COL_TRAINED_PRODUCERS", "trained_producers"),
    ("REPORT_COL_TRAINED_OFFICERS", "trained_officers"),
)
_PRODUCTS_2019 = (
    ("REPORT_COL_2019_TOTAL", "total"),
    ("REPORT_COL_2019_VALID", "valid"),
    ("REPORT_COL_2019_EXPIRED", "expired"),
    ("REPORT_COL_2019_UPGRADED", "upgraded"),
)


def report_rows(
    report: MonthlyReport, units: AdminUnits, lang: str, district: str | None = None
) -> list[tuple[str, MonthlyRow]]:
    """Every district (with zeros, so that a quiet district is seen too), what no district
    owns, and the province's total."""
    found = {r.district: r for r in report.rows}
    rows = [
        (d.name, found.pop(d.code, MonthlyRow(d.code)))
        for d in units.districts
        if district is None or d.code == district
    ]
    rows += [(code or t("REPORT_NO_DISTRICT", lang), row) for code, row in found.items()]
    if district is None:
        rows.append((t("REPORT_TOTAL", lang), report.total))
    return rows


def report_tables(
    report: MonthlyReport, units: AdminUnits, lang: str, district: str | None = None
) -> list[Table]:
    rows = report_rows(report, units, lang, district)
    tables = []
    for title, columns in (
        ("REPORT_SHEET_IDEAS", _IDEAS),
        ("REPORT_SHEET_PRODUCTS", _PRODUCTS),
        ("REPORT_SHEET_STAMPS", _STAMPS),
        ("REPORT_SHEET_TRAINING", _TRAINING),
    ):
        headers = ("REPORT_COL_DISTRICT", *(h for h, _ in columns))
        body = [[name, *(getattr(row, f) for _, f in columns)] for name, row in rows]
        tables.append(Table(title, headers, body, (26, *(16 for _ in columns))))
    tables.append(_products_2019_table(report, units, lang, district))
    return tables


def _products_2019_table(
    report: MonthlyReport, units: AdminUnits, lang: str, district: str | None
) -> Table:
    """The 2019 list at the month's end, every district (with zeros) and the total."""
    found = dict(report.products_2019)
    rows = [
        (d.name, found.pop(d.code, Managed2019()))
        for d in units.districts
        if district is None or d.code == district
    ]
    rows += [(code or t("REPORT_NO_DISTRICT", lang), managed) for code, managed in found.items()]
    if district is None:
        rows.append((t("REPORT_TOTAL", lang), report.products_2019_total))
    headers = ("REPORT_COL_DISTRICT", *(h for h, _ in _PRODUCTS_2019))
    body = [[name, *(getattr(m, f) for _, f in _PRODUCTS_2019)] for name, m in rows]
    return Table("REPORT_SHEET_PRODUCTS_2019", headers, body, (26, *(16 for _ in _PRODUCTS_2019)))
