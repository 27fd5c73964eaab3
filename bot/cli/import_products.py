"""`ocop-bot import products-2019 --file FILE.xlsx [--year 2019] [--dry-run]`: the province's
list of products certified in 2019 (the plan keeps its 72 under management, seed §I.3) into the
catalogue, so that stamps can be issued for them and the figures count them.

The sheet is read by flows/product_import.py; every bad row is printed with its number and
why, and then nothing is written. All rows go in one transaction; a dry run rolls it back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

from bot.app import App
from bot.cli.with_app import run_work
from bot.settings import Settings
from flows.formatting import VN_TZ
from flows.product_import import Cell, find_header, parse_sheet, problem_text
from flows.texts import t
from storage.admin_units_source import load_admin_units
from storage.product_import import ProductImport
from storage.unit_of_work import UnitOfWork

LIST_STRUCTURE = "2020"  # the 2019 list names the communes and districts of its time
DEFAULT_YEAR = 2019


def _value(cell: object) -> Cell:
    if cell is None or isinstance(cell, str | int | float | dt.date):
        return cell
    if isinstance(cell, Decimal):
        return float(cell)
    return str(cell)  # rich text, a time: as the officer reads it


def read_rows(path: Path) -> list[list[Cell]]:
    """The cells of the first sheet with a header row (else the first sheet), as values."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = [
            [[_value(c) for c in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book
        ]
    finally:
        book.close()
    for rows in sheets:
        if find_header(rows) is not None:
            return rows
    return sheets[0] if sheets else []


async def import_products(app: App, args: argparse.Namespace) -> int:
    # openpyxl (and numpy, which it loads) only for this command, not at every `ocop-bot run`.
    from openpyxl.utils.exceptions import InvalidFileException

    lang = app.settings.lang
    path = Path(args.file)
    try:
        rows = read_rows(path)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        print(t("IMPORT_FILE_UNREADABLE", lang, file=path, why=exc), file=sys.stderr)
        return 2
    now = app.clock.now()
    parsed = parse_sheet(rows, load_admin_units(LIST_STRUCTURE), now.astimezone(VN_TZ).date())
    if parsed.problems:
        for problem in parsed.problems:
            print(problem_text(problem, lang), file=sys.stderr)
        count = sum(1 for p in parsed.problems if p.row) or len(parsed.problems)
        print(t("IMPORT_NOTHING_WRITTEN", lang, count=count), file=sys.stderr)
        return 1
    async with UnitOfWork(app.database) as uow:
        result = await ProductImport(uow.session).store(parsed.rows, args.year, now)
        if not args.dry_run:
            await uow.commit()
    summary = t(
        "IMPORT_SUMMARY",
        lang,
        year=args.year,
        file=path.name,
        rows=len(parsed.rows),
        added=result.added,
        producers=result.producers_added,
        existing=result.existing,
    )
    print(summary)
    if result.stand_ins:
        count, example = len(result.stand_ins), result.stand_ins[0]
        print(t("IMPORT_NO_CERTIFICATE", lang, count=count, example=example))
    if args.dry_run:
        print(t("IMPORT_DRY_RUN", lang))
    return 0


async def cmd_import_products(args: argparse.Namespace, settings: Settings) -> int:
    args.work = import_products
    return await run_work(settings, args)


def add_import_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imports = sub.add_parser("import", help="import officers' lists")
    imports_sub = imports.add_subparsers(dest="import_command", required=True)
    products = imports_sub.add_parser(
        "products-2019",
        help="the province's list of certified products (XLSX, Vietnamese headers)",
    )
    products.add_argument("--file", required=True, help="the spreadsheet (.xlsx)")
    products.add_argument("--year", type=int, default=DEFAULT_YEAR, help="the list's year")
    products.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    products.set_defaults(run=cmd_import_products, quiet=False)
