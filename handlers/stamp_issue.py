"""Issuing a batch of stamps for a certified product: the command line (`ocop-bot stamps
issue`) and the chat ("Phát hành tem") both go through here, then write the sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from stamps.keys import StampKeyring
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from stamps.sheet import Progress, SheetResult, StampLabel, write_pdf
from storage.products import ProductView
from storage.unit_of_work import UnitOfWork

# Why no batch was issued.
NO_PRODUCT = "no_product"
NOT_VALID = "not_valid"  # lapsed or withdrawn


@dataclass(frozen=True)
class IssuedBatch:
    batch_id: int
    product: ProductView
    labels: list[StampLabel]


async def issue_batch(
    uow: UnitOfWork,
    keyring: StampKeyring,
    public_url: str,
    product_id: int,
    count: int,
    now: dt.datetime,
) -> IssuedBatch | str:
    """The batch recorded in `uow` (not committed) with its labels, or why not."""
    product = await uow.products.get(product_id)
    if product is None:
        return NO_PRODUCT
    if product.withdrawn or product.valid_until < now.date():
        return NOT_VALID
    batch_id, serials = await uow.stamps.issue_batch(product_id, count, keyring.current.kid, now)
    labels = [
        StampLabel(
            serial_text=format_serial(serial),
            url=make_stamp_url(public_url, keyring, serial),
            product=product.name,
            producer=product.producer,
            stars=product.stars,
        )
        for serial in serials
    ]
    return IssuedBatch(batch_id, product, labels)


def write_sheet(batch: IssuedBatch, out: Path, progress: Progress | None = None) -> SheetResult:
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_pdf(batch.labels, out, progress=progress)
