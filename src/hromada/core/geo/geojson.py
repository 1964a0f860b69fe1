"""Validation of GeoJSON geometries and feature collections into shapely shapes, with field errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from hromada.core.errors import ValidationFailed

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
MAX_POSITIONS = 100_000  # a city boundary has a few thousand; more is a mistake or an attack


def _count_positions(coordinates: Any, depth: int = 0) -> int:
    """Positions in a nested coordinates array, without recursing deeper than GeoJSON ever nests."""
    if not isinstance(coordinates, list) or depth > 4:
        return 0
    if coordinates and not isinstance(coordinates[0], list):
        return 1
    return sum(_count_positions(item, depth + 1) for item in coordinates)


def validate_geometry(value: Any, *, field: str = "geometry", allowed: tuple[str, ...] = GEOMETRY_TYPES,
                      max_positions: int = MAX_POSITIONS):
    """Return a valid shapely geometry or raise ValidationFailed naming `field` and the reason."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValidationFailed(fields={field: [_("Not JSON: %(error)s") % {"error": exc}]}) from exc
    if not isinstance(value, dict) or "type" not in value:
        raise ValidationFailed(fields={field: [_("Expected a GeoJSON geometry object.")]})
    if value.get("type") == "Feature":
        value = value.get("geometry") or {}
        if not isinstance(value, dict):
            raise ValidationFailed(fields={field: [_("Expected a GeoJSON geometry object.")]})
    if value.get("type") not in allowed:
        raise ValidationFailed(fields={field: [_("Geometry type must be one of: %(types)s.") % {"types": ", ".join(allowed)}]})
    if _count_positions(value.get("coordinates")) > max_positions:
        raise ValidationFailed(fields={field: [_("Too many points (at most %(max)d).") % {"max": max_positions}]})
    try:
        geom = shape(value)
    except Exception as exc:  # shapely raises many kinds for malformed coordinates
        raise ValidationFailed(fields={field: [_("Malformed coordinates: %(error)s") % {"error": exc}]}) from exc
    if geom.is_empty:
        raise ValidationFailed(fields={field: [_("The geometry is empty.")]})
    if not geom.is_valid:
        raise ValidationFailed(fields={field: [_("Invalid geometry: %(reason)s") % {"reason": explain_validity(geom)}]})
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationFailed(fields={field: [_("Coordinates must be longitude, latitude in WGS 84.")]})
    return geom


def validate_point(lat: Any, lon: Any, *, field_lat: str = "lat", field_lon: str = "lon") -> tuple[float, float]:
    errors: dict[str, list[str]] = {}
    values: dict[str, float] = {}
    for name, raw, low, high in ((field_lat, lat, -90, 90), (field_lon, lon, -180, 180)):
        try:
            if isinstance(raw, bool):  # float(True) is 1.0: a boolean is not a coordinate
                raise TypeError
            number = float(raw)
        except (TypeError, ValueError, OverflowError):
            errors[name] = [_("Enter a number.")]
            continue
        if not low <= number <= high or number != number:
            errors[name] = [_("Must be between %(low)s and %(high)s.") % {"low": low, "high": high}]
        else:
            values[name] = number
    if errors:
        raise ValidationFailed(fields=errors)
    return values[field_lat], values[field_lon]


def geometry_to_geojson(geom) -> dict:
    return mapping(geom)


def feature(geometry: dict, properties: dict, feature_id: Any = None) -> dict:
    item = {"type": "Feature", "geometry": geometry, "properties": properties}
    if feature_id is not None:
        item["id"] = feature_id
    return item


def feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class ParsedFeature:
    """One feature of an uploaded collection: its place in the file (from 1, for reports), what it carried, its
    valid shape — or the problems that keep it out (the caller decides whether one bad feature refuses all)."""

    number: int
    geometry: Any
    properties: dict
    feature_id: Any = None
    shape: Any = None
    problems: tuple[str, ...] = dataclass_field(default=())


def parse_feature_collection(content: bytes | str | dict, *, field: str = "file",
                             allowed: tuple[str, ...] = GEOMETRY_TYPES, max_features: int | None = None,
                             single_feature: bool = False, check_geometry: bool = True) -> list[ParsedFeature]:
    """The one reader of uploaded GeoJSON collections (map imports, routing areas, open-data files).

    The structure is refused as a whole (not JSON, nested too deep, not a FeatureCollection, too many features);
    each feature's geometry is then checked on its own and its problems listed on it (unless the caller checks
    geometries itself, with rules of its own: `check_geometry=False`)."""
    from hromada.core.api.params import json_loads

    data = content
    if isinstance(content, (bytes, str)):
        if isinstance(content, bytes) and content.startswith(b"\xef\xbb\xbf"):
            content = content[3:]  # a BOM some desktop GIS tools write
        data = json_loads(content, name=field)
    if single_feature and isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise ValidationFailed(fields={field: [_("Expected a GeoJSON FeatureCollection with a list of features.")]})
    items = data["features"]
    if max_features is not None and len(items) > max_features:
        raise ValidationFailed(fields={field: [_("At most %(n)d features per file.") % {"n": max_features}]})
    parsed = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("type") != "Feature":
            parsed.append(ParsedFeature(number, None, {}, problems=(_("This is not a GeoJSON Feature."),)))
            continue
        properties = item.get("properties") if isinstance(item.get("properties"), dict) else {}
        if not check_geometry:
            parsed.append(ParsedFeature(number, item.get("geometry"), properties, item.get("id")))
            continue
        try:
            geom = validate_geometry(item.get("geometry"), field="geometry", allowed=allowed)
        except ValidationFailed as exc:
            problems = tuple(m for messages in exc.fields.values() for m in messages) or (str(exc.message),)
            parsed.append(ParsedFeature(number, item.get("geometry"), properties, item.get("id"), problems=problems))
            continue
        parsed.append(ParsedFeature(number, item.get("geometry"), properties, item.get("id"), shape=geom))
    return parsed
