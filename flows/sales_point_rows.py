"""A sales point as people read it: its name, address and commune, phone, hours, what it sells
and how far it is. Kept in a form's data as plain JSON (`row_json`), shown by `row_text`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from flows.admin_units import AdminUnits
from flows.engine import Env
from flows.geo import format_distance
from flows.phone import format_phone
from flows.sales_point_effects import PointView

MAX_PRODUCTS_SHOWN: Final = 3  # product names under a point; the rest are counted


def row_json(point: PointView) -> dict[str, Any]:
    return {
        "id": point.id,
        "name": point.name,
        "address": point.address,
        "commune": point.commune_code,
        "district": point.district_code,
        "phone": point.phone,
        "hours": point.hours,
        "km": point.distance_km,
        "products": [name for _, name in point.products],
    }


def place_of(units: AdminUnits, commune: str, district: str | None = None) -> str:
    """ "Xã Ân Phú, Huyện Vũ Quang" (2020) or "Phường Thành Sen" (2025); the code itself when
    the units in force do not know it."""
    found = units.commune(commune)
    if found is None:
        return commune
    head = units.district(district or found.district_code or "")
    return f"{found.name}, {head.name}" if head else found.name


def row_text(env: Env, n: int, row: Mapping[str, Any]) -> str:
    km = row.get("km")
    distance = (
        env.t("SALES_DISTANCE", distance=format_distance(float(km))) if km is not None else ""
    )
    lines = [
        env.t(
            "SALES_ROW",
            n=n,
            name=row["name"],
            distance=distance,
            address=row["address"],
            place=place_of(env.units, str(row["commune"]), row.get("district")),
            phone=format_phone(str(row["phone"])),
            hours=row["hours"],
        )
    ]
    products = [str(p) for p in row.get("products") or ()]
    if products:
        shown = ", ".join(products[:MAX_PRODUCTS_SHOWN])
        more = len(products) - MAX_PRODUCTS_SHOWN
        if more > 0:
            shown = env.t("SALES_PRODUCTS_MORE", products=shown, count=more)
        lines.append(env.t("SALES_ROW_PRODUCTS", products=shown))
    return "\n".join(lines)
