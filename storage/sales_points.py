"""OCOP sales points and the certified products each sells.

A point is stored with the administrative structure its codes belong to, and only points of
the structure in force are shown. Removing a point marks it (`removed_at`): the audit log and
the reports still know it existed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.sales_point_effects import NewSalesPoint, PointView, ProductMatch
from storage.models import (
    ProducerRecord,
    ProductRecord,
    SalesPointProductRecord,
    SalesPointRecord,
)


def _valid_products(today: dt.date) -> tuple[object, ...]:
    """Products whose certificate holds today: only those are sold as OCOP."""
    return (ProductRecord.withdrawn.is_(False), ProductRecord.valid_until >= today)


class SalesPointRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, point: NewSalesPoint, by_user_id: int | None, now: dt.datetime) -> int:
        record = SalesPointRecord(
            name=point.name,
            address=point.address,
            admin_structure=point.structure,
            district_code=point.district_code,
            commune_code=point.commune_code,
            phone=point.phone,
            hours=point.hours,
            latitude=point.location[0] if point.location else None,
            longitude=point.location[1] if point.location else None,
            created_by_user_id=by_user_id,
            created_at=now,
            removed_at=None,
        )
        self.session.add(record)
        await self.session.flush()
        for product_id in dict.fromkeys(point.product_ids):
            self.session.add(
                SalesPointProductRecord(sales_point_id=record.id, product_id=product_id)
            )
        await self.session.flush()
        return record.id

    async def remove(self, point_id: int, now: dt.datetime) -> PointView | None:
        """Marks the point removed; the point as it was, or None when it is not there."""
        record = await self.session.get(SalesPointRecord, point_id)
        if record is None or record.removed_at is not None:
            return None
        before = (await self._views([record], None))[0]
        record.removed_at = now
        await self.session.flush()
        return before

    async def get(self, point_id: int, today: dt.date | None = None) -> PointView | None:
        record = await self.session.get(SalesPointRecord, point_id)
        if record is None or record.removed_at is not None:
            return None
        return (await self._views([record], today))[0]

    async def active(self, structure: str, today: dt.date) -> list[PointView]:
        """Every point of the structure not removed, with the products it sells that are
        certified today."""
        records = list(
            await self.session.scalars(
                select(SalesPointRecord)
                .where(
                    SalesPointRecord.admin_structure == structure,
                    SalesPointRecord.removed_at.is_(None),
                )
                .order_by(SalesPointRecord.id)
            )
        )
        return await self._views(records, today)

    async def count_by_district(self, structure: str) -> dict[str | None, int]:
        """Points not removed, per district code (None: the 2025 structure has none); for the
        plan's "3-5 sales points, one per district"."""
        rows = await self.session.execute(
            select(SalesPointRecord.district_code, func.count())
            .where(
                SalesPointRecord.admin_structure == structure,
                SalesPointRecord.removed_at.is_(None),
            )
            .group_by(SalesPointRecord.district_code)
        )
        return {district: int(count) for district, count in rows}

    async def certified_products(self, today: dt.date) -> list[ProductMatch]:
        """The products that may be recorded as sold: certified, not withdrawn, valid."""
        rows = await self.session.execute(
            select(ProductRecord.id, ProductRecord.name, ProducerRecord.name)
            .join(ProducerRecord, ProducerRecord.id == ProductRecord.producer_id)
            .where(*_valid_products(today))  # type: ignore[arg-type]
            .order_by(ProductRecord.id)
        )
        return [ProductMatch(int(i), str(name), str(producer)) for i, name, producer in rows]

    async def product_name(self, product_id: int, today: dt.date) -> str | None:
        """The name of a product certified today; None for any other id."""
        found = await self.session.scalar(
            select(ProductRecord.name).where(
                ProductRecord.id == product_id,
                *_valid_products(today),  # type: ignore[arg-type]
            )
        )
        return str(found) if found is not None else None

    async def _views(
        self, records: Iterable[SalesPointRecord], today: dt.date | None
    ) -> list[PointView]:
        records = list(records)
        ids = [r.id for r in records]
        products: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
        if ids:
            query = (
                select(SalesPointProductRecord.sales_point_id, ProductRecord.id, ProductRecord.name)
                .join(ProductRecord, ProductRecord.id == SalesPointProductRecord.product_id)
                .where(SalesPointProductRecord.sales_point_id.in_(ids))
                .order_by(ProductRecord.name, ProductRecord.id)
            )
            if today is not None:
                query = query.where(*_valid_products(today))  # type: ignore[arg-type]
            for point_id, product_id, name in await self.session.execute(query):
                products[int(point_id)].append((int(product_id), str(name)))
        return [
            PointView(
                id=r.id,
                name=r.name,
                address=r.address,
                commune_code=r.commune_code,
                district_code=r.district_code,
                phone=r.phone,
                hours=r.hours,
                location=(
                    (r.latitude, r.longitude)
                    if r.latitude is not None and r.longitude is not None
                    else None
                ),
                products=tuple(products[r.id]),
            )
            for r in records
        ]
