"""Demo producers and certified products, so that a newcomer can try every feature."""

from __future__ import annotations

import datetime as dt
import io
import json
from importlib import resources
from typing import Any

from PIL import Image, ImageDraw

from storage.database import Database
from storage.photo_store import PhotoStore
from storage.unit_of_work import UnitOfWork

# One colour per demo product, for a plain picture that stands in for a product photo.
_COLOURS = [(181, 101, 29), (240, 160, 40), (214, 160, 30), (120, 60, 30), (250, 140, 0)]


def demo_products() -> list[dict[str, Any]]:
    raw = resources.files("data").joinpath("demo_products.json").read_text(encoding="utf-8")
    products: list[dict[str, Any]] = json.loads(raw)["products"]
    return products


def _picture(colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (480, 360), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((140, 80, 340, 280), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return buffer.getvalue()


async def load_demo_data(database: Database, photos: PhotoStore, now: dt.datetime) -> int:
    """Insert the demo products that are not there yet; the number added."""
    added = 0
    async with UnitOfWork(database) as uow:
        for i, item in enumerate(demo_products()):
            producer = item["producer"]
            producer_id = await uow.products.add_producer(
                producer["name"],
                producer["kind"],
                producer["district"],
                producer["commune"],
                producer.get("phone"),
            )
            photo = photos.check_and_store(_picture(_COLOURS[i % len(_COLOURS)]))
            await uow.ideas.ensure_photo(photo.sha256, photo.width, photo.height, now)
            _, new = await uow.products.add_product(
                name=item["name"],
                producer_id=producer_id,
                group=item["group"],
                stars=int(item["stars"]),
                certificate=item["certificate"],
                decision_date=dt.date.fromisoformat(item["decision_date"]),
                now=now,
                photo_sha256=photo.sha256,
            )
            added += int(new)
        await uow.commit()
    return added
