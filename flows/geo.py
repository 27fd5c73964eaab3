"""Points on the Earth: the distance between two (haversine), and coordinates as people type
or paste them ("18.3436, 105.9057", "18.3436 105.9057" from a map application)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # the mean radius: distances to a few metres in a province

# "18.3436, 105.9057", "18.3436;105.9057", "18,3436 105,9057" (a decimal comma).
_PAIR = re.compile(
    r"^\(?\s*(-?\d{1,3}(?:[.,]\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:[.,]\d+)?)\s*\)?$", re.ASCII
)
# No pair is longer. The pattern's runs of spaces may split many ways: on a long text of
# spaces the match took seconds (20,000 spaces: 24 s), so a longer text is no pair at all.
_MAX_PAIR = 80


@dataclass(frozen=True)
class Bounds:
    """A box of latitudes and longitudes (degrees): where a point may plausibly be."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, point: tuple[float, float]) -> bool:
        lat, lon = point
        return self.south <= lat <= self.north and self.west <= lon <= self.east


# Hà Tĩnh with a margin (the province spans about 17.9-18.8 N, 105.1-106.5 E): a point outside
# is a slip, most often latitude and longitude swapped.
PROVINCE_BOUNDS = Bounds(south=17.7, west=104.9, north=19.0, east=106.7)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """(latitude, longitude) from a typed or pasted pair, or None when the text is not one.

    The pair must hold a decimal point (or comma) in each number: "18 105" is no place.
    """
    text = text.strip()
    if len(text) > _MAX_PAIR:
        return None
    found = _PAIR.match(text)
    if found is None:
        return None
    parts = [p.replace(",", ".") for p in found.groups()]
    if not all("." in p for p in parts):
        return None
    lat, lon = (float(p) for p in parts)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def format_distance(km: float) -> str:
    """ "350 m" under a kilometre, "2,4 km" under ten, "37 km" beyond (Vietnamese decimals)."""
    if km < 1:
        return f"{max(10, round(km * 1000, -1)):.0f} m"
    if km < 10:
        return f"{km:.1f} km".replace(".", ",")
    return f"{km:.0f} km"
