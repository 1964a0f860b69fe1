"""Great-circle distances and bounding boxes on the WGS 84 sphere, for "nearby" searches."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def bbox_around(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) enclosing a circle: a cheap index filter before haversine."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def parse_bbox(raw: str, *, field: str = "bbox") -> tuple[float, float, float, float]:
    """Parse "min_lon,min_lat,max_lon,max_lat" (the GeoJSON / OGC order)."""
    try:
        min_lon, min_lat, max_lon, max_lat = (float(x) for x in raw.split(","))
    except (ValueError, AttributeError) as exc:
        raise ValidationFailed(fields={field: [_("Expected min_lon,min_lat,max_lon,max_lat.")]}) from exc
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValidationFailed(fields={field: [_("Coordinates out of range or min greater than max.")]})
    return min_lon, min_lat, max_lon, max_lat
