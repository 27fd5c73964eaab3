"""Exporting ideas for officers: CSV (opens in Excel) or XLSX."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from flows.admin_units import AdminUnits
from flows.formatting import format_datetime
from storage.database import Database
from storage.models import IdeaRecord, UserRecord
from storage.photo_store import PhotoStore
from storage.unit_of_work import UnitOfWork

COLUMNS = (
    "registration_number",
    "state",
    "submitted_at",
    "applicant_name",
    "applicant_type",
    "phone",
    "district_code",
    "district",
    "commune_code",
    "commune",
    "product_name",
    "product_group",
    "core_value",
    "target_market",
    "volume_per_year",
    "retail_price_vnd",
    "story",
    "channel",
    "photo_count",
    "photo_paths",
)


async def idea_rows(
    database: Database, units: AdminUnits, photos: PhotoStore
) -> list[dict[str, Any]]:
    # Rows are read inside the unit of work: its rollback at the end expires the records.
    async with UnitOfWork(database) as uow:
        found = await uow.ideas.all_with_photos()
        return [_row(idea, user, shas, units, photos) for idea, user, shas in found]


def _row(
    idea: IdeaRecord, user: UserRecord, shas: list[str], units: AdminUnits, photos: PhotoStore
) -> dict[str, Any]:
    district = units.district(idea.district_code)
    commune = units.commune(idea.commune_code)
    return {
        "registration_number": idea.registration_number,
        "state": idea.state,
        "submitted_at": format_datetime(idea.submitted_at),
        "applicant_name": idea.applicant_name,
        "applicant_type": idea.applicant_type,
        "phone": idea.phone,
        "district_code": idea.district_code,
        "district": district.name if district else "",
        "commune_code": idea.commune_code,
        "commune": commune.name if commune else "",
        "product_name": idea.product_name,
        "product_group": idea.product_group,
        "core_value": idea.core_value,
        "target_market": idea.target_market,
        "volume_per_year": idea.volume,
        "retail_price_vnd": idea.price if idea.price is not None else "",
        "story": idea.story,
        "channel": user.channel,
        "photo_count": len(shas),
        "photo_paths": ";".join(str(photos.path_of(s).resolve()) for s in shas),
    }


def write_csv(rows: list[dict[str, Any]], out: Path) -> None:
    # utf-8-sig so that Excel, which officers open it with, reads the Vietnamese right.
    with out.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def write_xlsx(rows: list[dict[str, Any]], out: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ideas"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    book.save(out)
