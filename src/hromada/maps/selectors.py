"""Reads of the city map: visible layers, feature search, bbox filters and GeoJSON text of a layer.

Staff-only layers are visible to staff alone; to everyone else they look exactly like "not found"."""

from __future__ import annotations

import json
import math

from django.db.models import Count, F, QuerySet

from hromada.core.errors import NotFound

from .models import Feature, Layer
from .policies import can_see_staff_layers
from .schema import field_label, search_normal

MAX_LIMIT = 5000
# Orders of the public list: by name, by layer (category) then name, or nearest first to a point.
ORDERS = ("name", "layer", "distance")


def layer_list(*, community, user) -> QuerySet[Layer]:
    """Layers the user may see, each with `feature_count`, in display order."""
    qs = Layer.objects.filter(community=community).annotate(feature_count=Count("features"))
    if not can_see_staff_layers(user, community):
        qs = qs.filter(is_public=True)
    return qs.order_by("position", "name_uk", "id")


def layer_get(*, community, user, slug: str | None = None, layer_id: int | None = None) -> Layer:
    lookup = {"slug": slug} if slug is not None else {"pk": layer_id}
    layer = Layer.objects.filter(community=community, **lookup).first()
    if layer is None or not (layer.is_public or can_see_staff_layers(user, community)):
        raise NotFound()
    return layer


def feature_filter(qs: QuerySet[Feature], *, bbox: tuple[float, float, float, float] | None = None,
                   q: str = "") -> QuerySet[Feature]:
    """Features whose bounding box intersects `bbox` (min_lon, min_lat, max_lon, max_lat) and matching `q`."""
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        qs = qs.filter(min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat, max_lat__gte=min_lat)
    for word in search_normal(q).split()[:5]:
        qs = qs.filter(search_text__contains=word)
    return qs


def layer_geojson(*, layer: Layer, bbox=None, q: str = "", limit: int | None = None, offset: int = 0,
                  count: bool = False) -> str:
    """The layer (or a page of it) as GeoJSON FeatureCollection text, joined from pre-rendered features.

    One query for the rows (plus one for the total when `count`), whatever the size of the layer."""
    qs = feature_filter(Feature.objects.filter(layer=layer), bbox=bbox, q=q).order_by("id")
    page = qs.values_list("id", "geojson")
    if limit is not None:
        page = page[offset: offset + limit]
    elif offset:
        page = page[offset:]
    rows = list(page)
    body = ",".join([f'{{"type":"Feature","id":{pk},{text}' for pk, text in rows])
    head = {"type": "FeatureCollection", "name": layer.slug, "numberReturned": len(rows)}
    if count:
        head["numberMatched"] = qs.count()
    return json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"features":[' + body + "]}"


def feature_get(*, community, user, feature_id: int) -> Feature:
    feature = Feature.objects.select_related("layer").filter(community=community, pk=feature_id).first()
    if feature is None or not (feature.layer.is_public or can_see_staff_layers(user, community)):
        raise NotFound()
    return feature


def feature_search(*, community, user, q: str = "", layer_ids: list[int] | None = None, order: str = "name",
                   near: tuple[float, float] | None = None) -> QuerySet[Feature]:
    """Visible features matching `q` (name, address, property values), for the list and the search.

    `order` is one of ORDERS; "distance" sorts by the distance from `near` (lat, lon), by default the
    community's centre, on a local flat projection: exact enough to rank facilities within a community."""
    qs = Feature.objects.filter(community=community).select_related("layer")
    if not can_see_staff_layers(user, community):
        qs = qs.filter(layer__is_public=True)
    if layer_ids is not None:
        qs = qs.filter(layer_id__in=layer_ids)
    # The list shows cards, not shapes: leave the heavy columns in the database.
    qs = feature_filter(qs, q=q).defer("geometry", "geojson", "search_text")
    if order == "layer":
        return qs.order_by("layer__position", "layer__name_uk", "name", "id")
    if order == "distance":
        lat, lon = near or (community.center_lat or 49.0, community.center_lon or 31.4)
        squeeze = math.cos(math.radians(lat))  # a degree of longitude is shorter than one of latitude
        north, east = F("lat") - lat, (F("lon") - lon) * squeeze
        return qs.annotate(dist2=north * north + east * east).order_by("dist2", "name", "id")
    return qs.order_by("name", "id")


KM_PER_DEGREE = 111.32


def distance_km(feature: Feature) -> float | None:
    """The distance the "distance" order measured (from its `dist2`), in kilometres; None in other orders."""
    dist2 = getattr(feature, "dist2", None)
    return None if dist2 is None else math.sqrt(dist2) * KM_PER_DEGREE


def feature_as_geojson(feature: Feature) -> dict:
    """One feature as a GeoJSON dict (from its pre-rendered text, so it matches the layer output)."""
    return json.loads(f'{{"type":"Feature","id":{feature.pk},{feature.geojson}')


def property_rows(feature: Feature) -> list[tuple[str, str, object]]:
    """(label, type, value) of the feature's properties in schema order, for cards."""
    return [(field_label(f), f["type"], feature.properties[f["key"]]) for f in feature.layer.schema
            if f["key"] in feature.properties]
