"""`ocop-bot report monthly --month 2020-03 --out FILE.xlsx` and `ocop-bot export products|
stamps|checks`: the monthly report per district (one sheet per table, district names, Vietnamese
headers) and the registers of products, stamps and checks, in the exports' style
(bot/cli/export.py: bold header on colour, frozen, filtered; no cell ever a formula).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.cli.export import cell_text
from bot.cli.officer_commands import _with
from flows.admin_units import AdminUnits
from flows.choices import APPLICANT_TYPES, PRODUCT_GROUPS, label_of
from flows.formatting import VN_TZ
from flows.stats import parse_month
from flows.texts import t
from handlers.report_sheets import Table, report_tables, write_tables_xlsx
from stamps.serial import format_serial
from storage.figures import monthly_report
from storage.models import (
    ProducerRecord,
    ProductRecord,
    StampBatchRecord,
    StampCheckRecord,
    StampRecord,
)
from storage.unit_of_work import UnitOfWork


def write_table_csv(table: Table, out: Path, lang: str) -> None:
    # utf-8-sig: Excel, which officers open it with, then reads the Vietnamese right.
    with out.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow([t(h, lang) for h in table.headers])
        for row in table.rows:
            writer.writerow([cell_text(_day(v)) for v in row])


def _day(value: Any) -> Any:
    return value.strftime("%d/%m/%Y") if type(value) is dt.date else value


# --- the monthly report -------------------------------------------------------------------


async def report_monthly(app: App, args: argparse.Namespace) -> int:
    lang = args.lang or app.settings.lang
    month = parse_month(args.month, app.clock.now().astimezone(VN_TZ).date())
    if month is None:
        print(t("CLI_BAD_MONTH", lang, month=args.month), file=sys.stderr)
        return 2
    async with UnitOfWork(app.database) as uow:
        report = await monthly_report(uow.session, month, None)
    out = Path(args.out)
    write_tables_xlsx(report_tables(report, app.units, lang), out, lang)
    print(t("CLI_REPORT_WRITTEN", lang, month=month, districts=len(app.units.districts), out=out))
    return 0


# --- registers ----------------------------------------------------------------------------


def _unit_names(units: AdminUnits, district: str, commune: str) -> tuple[str, str]:
    d, c = units.district(district), units.commune(commune)
    return (d.name if d else district, c.name if c else commune)


async def products_table(app: App, lang: str) -> Table:
    today = app.clock.now().astimezone(VN_TZ).date()
    async with UnitOfWork(app.database) as uow:
        products = await uow.products.all()
    rows = []
    for p in products:
        district, commune = _unit_names(app.units, p.district_code, p.commune_code)
        status = (
            "EXPORT_WITHDRAWN"
            if p.withdrawn
            else "EXPORT_EXPIRED"
            if p.valid_until < today
            else "EXPORT_IN_FORCE"
        )
        rows.append(
            [
                p.name,
                p.producer,
                label_of(APPLICANT_TYPES, p.producer_kind, lang),
                district,
                commune,
                label_of(PRODUCT_GROUPS, p.group, lang),
                p.stars,
                p.certificate,
                p.decision_date,
                p.valid_until,
                t(status, lang),
            ]
        )
    headers = (
        "EXPORT_PRODUCT_NAME",
        "EXPORT_PRODUCER",
        "EXPORT_PRODUCER_KIND",
        "EXPORT_DISTRICT",
        "EXPORT_COMMUNE",
        "EXPORT_PRODUCT_GROUP",
        "EXPORT_STARS",
        "EXPORT_CERTIFICATE",
        "EXPORT_DECISION_DATE",
        "EXPORT_VALID_UNTIL",
        "EXPORT_STATUS",
    )
    widths = (28, 26, 22, 20, 22, 20, 8, 22, 14, 14, 14)
    return Table("EXPORT_SHEET_PRODUCTS", headers, rows, widths)


async def stamps_table(app: App, lang: str) -> Table:
    async with UnitOfWork(app.database) as uow:
        found = await uow.session.execute(
            select(StampRecord, StampBatchRecord, ProductRecord.name, ProducerRecord.name)
            .join(StampBatchRecord, StampBatchRecord.id == StampRecord.batch_id)
            .join(ProductRecord, ProductRecord.id == StampBatchRecord.product_id)
            .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .order_by(StampBatchRecord.id, StampRecord.serial)
        )
        rows = [
            [
                format_serial(stamp.serial),
                batch.id,
                product,
                producer,
                batch.created_at,
                t(
                    "EXPORT_WITHDRAWN"
                    if stamp.revoked_at or batch.revoked_at
                    else "EXPORT_IN_FORCE",
                    lang,
                ),
            ]
            for stamp, batch, product, producer in found
        ]
    headers = (
        "EXPORT_SERIAL",
        "EXPORT_BATCH",
        "EXPORT_PRODUCT_NAME",
        "EXPORT_PRODUCER",
        "EXPORT_ISSUED_AT",
        "EXPORT_STATUS",
    )
    return Table("EXPORT_SHEET_STAMPS", headers, rows, (16, 8, 28, 26, 17, 14))


CHECK_RESULTS = {
    "genuine": "EXPORT_CHECK_GENUINE",
    "counterfeit": "EXPORT_CHECK_COUNTERFEIT",
    "unknown": "EXPORT_CHECK_UNKNOWN",
    "revoked": "EXPORT_CHECK_REVOKED",
    "expired": "EXPORT_CHECK_EXPIRED",
    "not_ocop": "EXPORT_CHECK_NOT_OCOP",
    "no_code": "EXPORT_CHECK_NO_CODE",
    "mistyped": "EXPORT_CHECK_MISTYPED",
}


async def checks_table(app: App, lang: str) -> Table:
    async with UnitOfWork(app.database) as uow:
        found = await uow.session.execute(
            select(StampCheckRecord, ProductRecord.name, ProducerRecord.district_code)
            .outerjoin(StampRecord, StampRecord.serial == StampCheckRecord.serial)
            .outerjoin(StampBatchRecord, StampBatchRecord.id == StampRecord.batch_id)
            .outerjoin(ProductRecord, ProductRecord.id == StampBatchRecord.product_id)
            .outerjoin(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .order_by(StampCheckRecord.id)
        )
        rows = []
        for check, product, district_code in found:
            district = app.units.district(district_code) if district_code else None
            rows.append(
                [
                    check.checked_at,
                    format_serial(check.serial) if check.serial is not None else "",
                    t(CHECK_RESULTS.get(check.status, "EXPORT_CHECK_UNKNOWN"), lang),
                    product or "",
                    district.name if district else "",
                    check.channel,
                ]
            )
    headers = (
        "EXPORT_CHECKED_AT",
        "EXPORT_SERIAL",
        "EXPORT_RESULT",
        "EXPORT_PRODUCT_NAME",
        "EXPORT_DISTRICT",
        "EXPORT_CHANNEL",
    )
    return Table("EXPORT_SHEET_CHECKS", headers, rows, (17, 16, 24, 28, 20, 12))


REGISTERS = {"products": products_table, "stamps": stamps_table, "checks": checks_table}


def _export(kind: str) -> Any:
    async def work(app: App, args: argparse.Namespace) -> int:
        lang = args.lang or app.settings.lang
        table = await REGISTERS[kind](app, lang)
        out = Path(args.out)
        if args.format == "xlsx":
            write_tables_xlsx([table], out, lang)
        else:
            write_table_csv(table, out, lang)
        print(t("CLI_ROWS_EXPORTED", lang, count=len(table.rows), out=out))
        return 0

    return _with(work)


def add_report_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    exports: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    report = sub.add_parser("report", help="reports for the coordination office")
    report_sub = report.add_subparsers(dest="report_command", required=True)
    monthly = report_sub.add_parser("monthly", help="the month's figures per district (XLSX)")
    monthly.add_argument("--month", required=True, help="the month, e.g. 2020-03")
    monthly.add_argument("--out", required=True)
    monthly.add_argument(
        "--lang", choices=["vi", "en"], default=None, help="headers and names (OCOP_LANG)"
    )
    monthly.set_defaults(run=_with(report_monthly), quiet=False)

    for kind, what in (
        ("products", "certified products"),
        ("stamps", "every stamp issued"),
        ("checks", "every stamp check"),
    ):
        command = exports.add_parser(kind, help=what)
        command.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        command.add_argument("--out", required=True)
        command.add_argument(
            "--lang", choices=["vi", "en"], default=None, help="headers and names (OCOP_LANG)"
        )
        command.set_defaults(run=_export(kind), quiet=False)
