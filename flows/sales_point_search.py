"""Choosing sales points and products, pure: filter, order by distance or name, page; and
which certified product a typed id or name means."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from flows.geo import distance_km
from flows.messages import Option
from flows.sales_point_effects import PointQuery, PointView, ProductMatch
from flows.text_match import fold, search

PAGE_SIZE: Final = 5  # points a page: each takes five lines, a page stays short on a phone

# "12", "#12", "số 12", "mã 12", "sp 12": a product's id.
_PRODUCT_ID = re.compile(r"(?:(?:so|ma|sp|id)\s*)?#?\s*([0-9]{1,9})", re.ASCII)


def select_points(
    points: Sequence[PointView], query: PointQuery, page_size: int = PAGE_SIZE
) -> tuple[tuple[PointView, ...], int, int]:
    """The page of points the query asks for, how many match in all, and which page it is.

    With a place to measure from, the nearest first (points without a location last, by
    name); otherwise by name. A page past the end is the last page."""
    matching = [
        p
        for p in points
        if (query.commune is None or p.commune_code == query.commune)
        and (query.district is None or p.district_code == query.district)
        and (query.product_id is None or any(pid == query.product_id for pid, _ in p.products))
    ]
    near = query.near
    if near is not None:
        measured = [
            replace(p, distance_km=distance_km(near, p.location) if p.location else None)
            for p in matching
        ]
        measured.sort(
            key=lambda p: (p.distance_km is None, p.distance_km or 0.0, fold(p.name), p.id)
        )
        matching = measured
    else:
        matching.sort(key=lambda p: (fold(p.name), p.id))
    total = len(matching)
    last = max(0, (total - 1) // page_size)
    page = min(max(0, query.page), last)
    return tuple(matching[page * page_size : (page + 1) * page_size]), total, page


def pages(total: int, page_size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // page_size))


def match_products(products: Sequence[ProductMatch], text: str) -> tuple[ProductMatch, ...]:
    """The products a typed text may mean: by id ("12", "#12", "số 12"), else by its name as
    typed, with or without diacritics, whole words first, then the last word cut short."""
    folded = fold(text).strip()
    if not folded:
        return ()
    by_id = _PRODUCT_ID.fullmatch(folded)
    if by_id is not None:
        wanted = int(by_id.group(1))
        return tuple(p for p in products if p.id == wanted)
    exact = tuple(p for p in products if fold(p.name) == folded)
    if exact:
        return exact
    options = [Option(str(p.id), p.name) for p in products]
    by_id_str = {str(p.id): p for p in products}
    whole = search(options, text)
    if whole:
        return tuple(by_id_str[o.id] for o in whole)
    return tuple(p for p in products if folded in fold(p.name))


def split_products(text: str) -> tuple[str, ...]:
    """What an officer typed, one product a part: "12, 15; mật ong" -> ("12", "15", "mật ong").
    Ids may also be separated by spaces ("12 15")."""
    parts = [p.strip() for p in re.split(r"[,;\n]+", text) if p.strip()]
    found: list[str] = []
    for part in parts:
        words = part.split()
        if len(words) > 1 and all(w.lstrip("#").isdigit() for w in words):
            found.extend(words)
        else:
            found.append(part)
    return tuple(found)
