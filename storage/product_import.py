"""The province's list of certified products stored as producers and products (ImportRow from
flows/product_import.py), so that stamps can be issued for them and the figures count them.

Importing the same list again adds nothing: a row is a product already there when a product
holds its certificate number, or (no number given) when its producer, in its commune, has a
product of its name. A row without a number gets a stand-in (the column is unique and
required): "DS<year>-" and a digest of its name, producer and commune, so that it is the same
every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.product_import import ImportRow, same_product_key
from storage.models import ProducerRecord, ProductRecord
from storage.products import valid_until


@dataclass(frozen=True)
class ImportResult:
    added: int
    existing: int
    producers_added: int
    stand_ins: tuple[str, ...]  # the certificate numbers made up for rows without one


def stand_in_certificate(row: ImportRow, year: int) -> str:
    digest = hashlib.sha256("|".join(same_product_key(row)).encode()).hexdigest()[:10]
    return f"DS{year}-{digest.upper()}"


class ProductImport:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _producer(self, row: ImportRow) -> tuple[int, bool]:
        found = await self.session.scalar(
            select(ProducerRecord.id).where(
                ProducerRecord.name == row.producer, ProducerRecord.commune_code == row.commune_code
            )
        )
        if found is not None:
            return int(found), False
        producer = ProducerRecord(
            name=row.producer,
            kind=row.kind,
            admin_structure="2020",  # the list's communes are the 2020 structure's
            district_code=row.district_code,
            commune_code=row.commune_code,
            phone=row.phone,
        )
        self.session.add(producer)
        await self.session.flush()
        return producer.id, True

    async def _exists(self, row: ImportRow, certificate: str) -> bool:
        holder = await self.session.scalar(
            select(ProductRecord.id).where(ProductRecord.certificate_number == certificate)
        )
        if holder is not None:
            return True
        same = await self.session.scalar(
            select(ProductRecord.id)
            .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .where(
                ProductRecord.name == row.name,
                ProducerRecord.name == row.producer,
                ProducerRecord.commune_code == row.commune_code,
            )
            .limit(1)
        )
        return same is not None

    async def store(self, rows: tuple[ImportRow, ...], year: int, now: dt.datetime) -> ImportResult:
        """Adds the rows' producers and products not there yet; the caller commits (or not,
        for a dry run)."""
        added = existing = producers = 0
        stand_ins: list[str] = []
        for row in rows:
            certificate = row.certificate or stand_in_certificate(row, year)
            if await self._exists(row, certificate):
                existing += 1
                continue
            producer_id, new_producer = await self._producer(row)
            producers += new_producer
            if row.certificate is None:
                stand_ins.append(certificate)
            self.session.add(
                ProductRecord(
                    name=row.name,
                    producer_id=producer_id,
                    product_group=row.group,
                    stars=row.stars,
                    certificate_number=certificate,
                    decision_date=row.decided,
                    valid_until=valid_until(row.decided),
                    withdrawn=False,
                    photo_sha256=None,
                    created_at=now,
                    imported_year=year,
                )
            )
            await self.session.flush()
            added += 1
        return ImportResult(added, existing, producers, tuple(stand_ins))
