"""The city map's live open datasets: features of public layers as rows and as one GeoJSON collection.

Staff-only layers are never exported; phone and email properties are left out of both."""

from __future__ import annotations

from collections.abc import Iterator

from .models import Feature, Layer

_PRIVATE_TYPES = {"phone", "email"}


def _public_keys(layer: Layer) -> set[str]:
    return {f["key"] for f in layer.schema if f["type"] not in _PRIVATE_TYPES}


def _features(community):
    return (Feature.objects.filter(community=community, layer__is_public=True).select_related("layer")
            .order_by("layer__position", "layer_id", "id"))


def feature_rows(community) -> Iterator[dict]:
    keys: dict[int, set[str]] = {}
    for f in _features(community).iterator(chunk_size=2000):
        allowed = keys.setdefault(f.layer_id, _public_keys(f.layer))
        yield {"layer": f.layer.slug, "layer_name": f.layer.name_uk, "id": f.pk, "name": f.name,
               "address": f.address, "geometry_type": f.geometry_type, "lat": f.lat, "lon": f.lon,
               "properties": {k: v for k, v in f.properties.items() if k in allowed},
               "updated_at": f.updated_at.isoformat()}


def feature_geojson(community) -> dict:
    keys: dict[int, set[str]] = {}
    features = []
    for f in _features(community).iterator(chunk_size=2000):
        allowed = keys.setdefault(f.layer_id, _public_keys(f.layer))
        properties = {"layer": f.layer.slug, "name": f.name, "address": f.address,
                      **{k: v for k, v in f.properties.items() if k in allowed}}
        features.append({"type": "Feature", "id": f.pk, "geometry": f.geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}
