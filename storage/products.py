"""Certified OCOP products and their producers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProducerRecord, ProductRecord

CERTIFICATE_MONTHS = 36


def valid_until(decision: dt.date, months: int = CERTIFICATE_MONTHS) -> dt.date:
    """A certificate is valid `months` from its decision date (36 under every rule set)."""
    month = decision.month - 1 + months
    year, month = decision.year + month // 12, month % 12 + 1
    for day in (decision.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class CertificateTaken(Exception):
    """Another product holds this certificate number."""


@dataclass(frozen=True)
class ProductView:
    id: int
    name: str
    producer: str
    producer_kind: str
    district_code: str
    commune_code: str
    group: str
    stars: int
    certificate: str
    decision_date: dt.date
    valid_until: dt.date
    withdrawn: bool
    photo_sha256: str | None


class ProductRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_producer(
        self,
        name: str,
        kind: str,
        district: str,
        commune: str,
        phone: str | None,
        structure: str = "2020",
    ) -> int:
        found = await self.session.scalar(
            select(ProducerRecord).where(
                ProducerRecord.name == name, ProducerRecord.commune_code == commune
            )
        )
        if found is not None:
            return found.id
        producer = ProducerRecord(
            name=name,
            kind=kind,
            admin_structure=structure,
            district_code=district,
            commune_code=commune,
            phone=phone,
        )
        self.session.add(producer)
        await self.session.flush()
        return producer.id

    async def add_product(
        self,
        *,
        name: str,
        producer_id: int,
        group: str,
        stars: int,
        certificate: str,
        decision_date: dt.date,
        now: dt.datetime,
        photo_sha256: str | None = None,
    ) -> tuple[int, bool]:
        """The product's id, and whether it was new (certificate numbers are unique)."""
        found = await self.session.scalar(
            select(ProductRecord).where(ProductRecord.certificate_number == certificate)
        )
        if found is not None:
            return found.id, False
        product = ProductRecord(
            name=name,
            producer_id=producer_id,
            product_group=group,
            stars=stars,
            certificate_number=certificate,
            decision_date=decision_date,
            valid_until=valid_until(decision_date),
            withdrawn=False,
            photo_sha256=photo_sha256,
            created_at=now,
        )
        self.session.add(product)
        await self.session.flush()
        return product.id, True

    async def certify(
        self,
        *,
        name: str,
        producer_id: int,
        group: str,
        stars: int,
        certificate: str,
        decision_date: dt.date,
        now: dt.datetime,
        photo_sha256: str | None = None,
    ) -> tuple[int, bool]:
        """A certification from the chat: the product record created, or renewed when this
        producer has a product of this name (new stars, certificate and validity). Returns its
        id and whether it was renewed; CertificateTaken when another product holds the
        number."""
        holder = await self.session.scalar(
            select(ProductRecord).where(ProductRecord.certificate_number == certificate)
        )
        found = await self.session.scalar(
            select(ProductRecord)
            .where(ProductRecord.producer_id == producer_id, ProductRecord.name == name)
            .order_by(ProductRecord.id.desc())
            .limit(1)
        )
        if holder is not None and holder is not found:
            raise CertificateTaken(certificate)
        if found is None:
            product_id, _ = await self.add_product(
                name=name,
                producer_id=producer_id,
                group=group,
                stars=stars,
                certificate=certificate,
                decision_date=decision_date,
                now=now,
                photo_sha256=photo_sha256,
            )
            return product_id, False
        found.stars = stars
        found.certificate_number = certificate
        found.decision_date = decision_date
        found.valid_until = valid_until(decision_date)
        found.withdrawn = False
        found.product_group = group
        found.photo_sha256 = found.photo_sha256 or photo_sha256
        await self.session.flush()
        return found.id, True

    async def valid_on(self, day: dt.date, product_id: int | None = None) -> list[ProductView]:
        """Products whose certificate holds on `day`, the newest decision first."""
        condition = (ProductRecord.valid_until >= day) & ProductRecord.withdrawn.is_(False)
        if product_id is not None:
            condition = condition & (ProductRecord.id == product_id)
        views = await self._views(condition)
        return sorted(views, key=lambda v: (v.decision_date, v.id), reverse=True)

    async def get(self, product_id: int) -> ProductView | None:
        rows = await self._views(ProductRecord.id == product_id)
        return rows[0] if rows else None

    async def all(self) -> list[ProductView]:
        return await self._views(None)

    async def has_photo(self, sha256: str) -> bool:
        """Whether a product shows this photo (only those are public on the stamp page)."""
        found = await self.session.scalar(
            select(ProductRecord.id).where(ProductRecord.photo_sha256 == sha256).limit(1)
        )
        return found is not None

    async def set_withdrawn(self, product_id: int, withdrawn: bool) -> bool:
        product = await self.session.get(ProductRecord, product_id)
        if product is None:
            return False
        product.withdrawn = withdrawn
        return True

    async def _views(self, where: object) -> list[ProductView]:
        query = select(ProductRecord, ProducerRecord).join(
            ProducerRecord, ProducerRecord.id == ProductRecord.producer_id
        )
        if where is not None:
            query = query.where(where)  # type: ignore[arg-type]
        rows = await self.session.execute(query.order_by(ProductRecord.id))
        return [product_view(p, r) for p, r in rows]


def product_view(p: ProductRecord, r: ProducerRecord) -> ProductView:
    """A product as the rest of the program sees it, from its row and its producer's."""
    return ProductView(
        id=p.id,
        name=p.name,
        producer=r.name,
        producer_kind=r.kind,
        district_code=r.district_code,
        commune_code=r.commune_code,
        group=p.product_group,
        stars=p.stars,
        certificate=p.certificate_number,
        decision_date=p.decision_date,
        valid_until=p.valid_until,
        withdrawn=p.withdrawn,
        photo_sha256=p.photo_sha256,
    )
