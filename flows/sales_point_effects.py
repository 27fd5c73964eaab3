"""Effects of OCOP sales points and the events they feed back (handlers/sales_point_effects.py).

A sales point (a showcase or a shop selling certified OCOP products) belongs to a commune of
the structure in force; officers add and remove them, everyone may look them up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PointView:
    """One sales point as shown: `phone` in E.164, `products` the certified products it sells
    as (id, name), `distance_km` from the place asked about (None: no place given)."""

    id: int
    name: str
    address: str
    commune_code: str
    district_code: str | None
    phone: str
    hours: str
    location: tuple[float, float] | None = None
    products: tuple[tuple[int, str], ...] = ()
    distance_km: float | None = None


@dataclass(frozen=True)
class PointQuery:
    """Which points: in a district or a commune (codes of `structure`), selling a product,
    ordered by distance from `near` (else by name); one page of them."""

    structure: str
    district: str | None = None
    commune: str | None = None
    product_id: int | None = None
    near: tuple[float, float] | None = None
    page: int = 0


@dataclass(frozen=True)
class FindSalesPoints:
    """Everyone: the points matching the query."""

    query: PointQuery


@dataclass(frozen=True)
class LoadManagedPoints:
    """An officer: the points they may manage (inside their areas), one page."""

    structure: str
    page: int = 0


@dataclass(frozen=True)
class SalesPointsFound:
    points: tuple[PointView, ...]  # the page asked for
    total: int  # all that match
    page: int
    product_name: str | None = None  # the product asked about, when it exists


@dataclass(frozen=True)
class FindProducts:
    """The certified products each typed text may mean (an id, "#12", or words of a name)."""

    texts: tuple[str, ...]


@dataclass(frozen=True)
class ProductMatch:
    id: int
    name: str
    producer: str


@dataclass(frozen=True)
class ProductsFound:
    # (typed text, the products it may mean), in the order typed; empty: nothing matched.
    found: tuple[tuple[str, tuple[ProductMatch, ...]], ...]


@dataclass(frozen=True)
class NewSalesPoint:
    structure: str
    name: str
    address: str
    commune_code: str
    district_code: str | None
    phone: str  # E.164
    hours: str
    location: tuple[float, float] | None
    product_ids: tuple[int, ...]


@dataclass(frozen=True)
class AddSalesPoint:
    point: NewSalesPoint


@dataclass(frozen=True)
class SalesPointAdded:
    id: int


@dataclass(frozen=True)
class RemoveSalesPoint:
    point_id: int


@dataclass(frozen=True)
class SalesPointRemoved:
    id: int
    name: str


SalesPointEffect = (
    FindSalesPoints | LoadManagedPoints | FindProducts | AddSalesPoint | (RemoveSalesPoint)
)
