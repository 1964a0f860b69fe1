"""Parsing of GeoJSON and CSV files into candidate features, each labelled with its row for the report.

Parsing only reads; `services.layer_import` validates every candidate and writes all or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hromada.core import tabular
from hromada.core.errors import ValidationFailed
from hromada.core.geo.geojson import parse_feature_collection

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
LAT_COLUMNS = ("lat", "latitude", "широта")
LON_COLUMNS = ("lon", "lng", "longitude", "довгота")
NAME_COLUMNS = ("name", "назва")
ADDRESS_COLUMNS = ("address", "адреса")


@dataclass
class Candidate:
    """One feature as read from the file; `errors` holds problems found while reading it."""

    row: str  # a stable key for API clients: "feature 3", "row 4"
    label: str  # the same, translated, for people
    name: str = ""
    address: str = ""
    geometry: Any = None
    properties: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _text(content: bytes | str) -> str:
    tabular.check_size(content, max_bytes=MAX_IMPORT_BYTES)
    return tabular.decode(content, windows_1251=False)


def parse_geojson(content: bytes | str | dict) -> list[Candidate]:
    """A FeatureCollection (or one Feature), read by the kernel's one collection reader; `name` and `address`
    come from the feature's properties, and the layer's own rules check geometries when features are built."""
    parsed = parse_feature_collection(content if isinstance(content, dict) else _text(content),
                                      max_features=MAX_IMPORT_ROWS, single_feature=True, check_geometry=False)
    candidates = []
    for item in parsed:
        candidate = Candidate(row=f"feature {item.number}", label=_("feature %(n)d") % {"n": item.number},
                              errors=list(item.problems))
        props = dict(item.properties)
        candidate.name = str(props.pop("name", "") or "").strip()
        candidate.address = str(props.pop("address", "") or "").strip()
        candidate.geometry = item.geometry
        candidate.properties = props
        candidates.append(candidate)
    return candidates


def _pick(row: dict, names: tuple[str, ...]) -> tuple[str | None, str]:
    for name in names:
        if name in row:
            return name, (row.get(name) or "").strip()
    return None, ""


def parse_csv(content: bytes | str) -> list[Candidate]:
    """Columns name, address, lat + lon (or geometry with a GeoJSON geometry); the rest are properties."""
    table = tabular.read_csv(_text(content), max_rows=MAX_IMPORT_ROWS)
    header = [h.lower() for h in table.header]
    has_point = any(h in LAT_COLUMNS for h in header) and any(h in LON_COLUMNS for h in header)
    if not has_point and "geometry" not in header:
        raise ValidationFailed(fields={"file": [_("The CSV needs lat and lon columns or a geometry column.")]})
    if not any(h in NAME_COLUMNS for h in header):
        raise ValidationFailed(fields={"file": [_("The CSV needs a name column.")]})
    special = set(LAT_COLUMNS + LON_COLUMNS + NAME_COLUMNS + ADDRESS_COLUMNS + ("geometry", "id"))
    candidates = []
    for line in table.rows:
        candidate = Candidate(row=f"row {line.number}", label=_("row %(n)d") % {"n": line.number})
        if len(line.cells) > table.width:
            candidate.errors.append(_("More cells than columns in the header."))
        row = dict(zip(header, line.cells, strict=False))
        _col, candidate.name = _pick(row, NAME_COLUMNS)
        _col, candidate.address = _pick(row, ADDRESS_COLUMNS)
        geometry_text = row.get("geometry") or ""
        if geometry_text:
            try:
                candidate.geometry = json.loads(geometry_text)
            except ValueError:
                candidate.errors.append(_("geometry: not GeoJSON."))
        else:
            _col, lat = _pick(row, LAT_COLUMNS)
            _col, lon = _pick(row, LON_COLUMNS)
            candidate.geometry = {"lat": lat, "lon": lon}
        candidate.properties = {k: v for k, v in row.items() if k and k not in special and v}
        candidates.append(candidate)
    return candidates
