"""The city map's JSON API at /api/v1/maps/: layers, GeoJSON features with bbox and paging, staff writes, import.

Handlers parse, call a service or selector and render; GeoJSON is returned as pre-joined text."""

from __future__ import annotations

from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.schemas import BBOX_PATTERN, ERROR_RESPONSES, StrictSchema
from hromada.core.geo.distance import parse_bbox

from . import selectors, services
from .policies import can_edit_features, can_manage_layers
from .responses import layer_geojson_response
from .schema import KEY_RE
from .services import COLOUR_RE

router = Router()


class PropertyFieldSchema(Schema):
    key: str = Field(..., max_length=40, pattern=KEY_RE.pattern)
    label: str = Field("", max_length=100, description="Ukrainian label")
    label_en: str = Field("", max_length=100, description="English label (optional)")
    type: Literal["string", "number", "boolean", "url", "phone", "email", "date"] = "string"
    required: bool = False


class PropertyFieldIn(PropertyFieldSchema, StrictSchema):
    """A field of a layer's schema as sent by a client; stored layers are rendered with the lenient base."""


class LayerOut(Schema):
    id: int
    slug: str
    name: str
    name_uk: str
    name_en: str
    description: str
    icon: str
    colour: str
    is_public: bool
    position: int
    schema_: list[PropertyFieldSchema] = Field(..., alias="schema")
    feature_count: int
    geojson_url: str


# The service lower-cases the slug before checking it, so upper-case letters are accepted here.
SLUG_PATTERN = r"^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$"


class LayerIn(StrictSchema):
    slug: str = Field(..., max_length=63, pattern=SLUG_PATTERN)
    name_uk: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    description: str = Field("", max_length=4000)
    icon: str = Field("", max_length=8)
    colour: str = Field("#2563eb", max_length=7, pattern=COLOUR_RE.pattern)
    is_public: bool = True
    position: int = Field(100, ge=0, le=100_000)
    schema_: list[PropertyFieldIn] = Field([], alias="schema")


# PATCH bodies: a key left out is unchanged; no field takes null (an explicit null is a 400 naming the
# field, never a silent "leave it"), and a body that changes nothing writes nothing.
class LayerPatch(StrictSchema):
    slug: str = Field(None, max_length=63, pattern=SLUG_PATTERN)
    name_uk: str = Field(None, min_length=1, max_length=200)
    name_en: str = Field(None, max_length=200)
    description: str = Field(None, max_length=4000)
    icon: str = Field(None, max_length=8)
    colour: str = Field(None, max_length=7, pattern=COLOUR_RE.pattern)
    is_public: bool = None
    position: int = Field(None, ge=0, le=100_000)
    schema_: list[PropertyFieldIn] = Field(None, alias="schema")


class FeatureIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=300)
    address: str = Field("", max_length=300)
    geometry: dict[str, Any] = Field(..., description='A GeoJSON geometry, or {"lat": .., "lon": ..} for a point.')
    properties: dict[str, Any] = {}


class FeaturePatch(StrictSchema):
    name: str = Field(None, min_length=1, max_length=300)
    address: str = Field(None, max_length=300)
    geometry: dict[str, Any] = None
    properties: dict[str, Any] = Field(None, description="Replaces all properties of the feature.")
    layer: str = Field(None, max_length=63, pattern=SLUG_PATTERN,
                       description="Slug of another layer to move the feature to.")


class ImportIn(StrictSchema):
    format: Literal["geojson", "csv"]
    content: str | dict[str, Any] = Field(..., description="The file's text (or a GeoJSON object).")
    replace: bool = Field(False, description="Delete the layer's features first (in the same transaction).")


class ImportOut(Schema):
    created: int
    deleted: int


def _layer_out(request, layer, feature_count: int | None = None) -> dict:
    return {
        **{f: getattr(layer, f) for f in ("id", "slug", "name", "name_uk", "name_en", "description", "icon", "colour",
                                           "is_public", "position", "schema")},
        "feature_count": feature_count if feature_count is not None else layer.features.count(),
        "geojson_url": request.build_absolute_uri(reverse("maps:layer_geojson", args=[layer.slug])),
    }


def _schema_payload(payload) -> dict:
    data = payload.dict(exclude_unset=True, by_alias=True)
    if data.get("schema") is not None:
        data["schema"] = [dict(item) for item in data["schema"]]
    return data


# Refused before the body is read (see core.api.access); the services check the same policies again.
_manages_layers = SignedIn(can_manage_layers)
_edits_features = SignedIn(can_edit_features)


@router.get("/layers", response={200: list[LayerOut], **ERROR_RESPONSES}, summary="Layers you may see", by_alias=True)
def layer_list(request):
    community = require_community(request)
    return [_layer_out(request, layer, layer.feature_count)
            for layer in selectors.layer_list(community=community, user=request.user)]


@router.get("/layers/{slug}", response={200: LayerOut, **ERROR_RESPONSES}, summary="One layer", by_alias=True)
def layer_detail(request, slug: str):
    community = require_community(request)
    return _layer_out(request, selectors.layer_get(community=community, user=request.user, slug=slug))


@router.post("/layers", response={201: LayerOut, **ERROR_RESPONSES}, summary="Create a layer (moderators, admins)", by_alias=True,
             auth=_manages_layers)
def layer_create(request, payload: LayerIn):
    require_user(request)
    community = require_community(request)
    layer = services.layer_create(actor=request.user, community=community, **_schema_payload(payload))
    return Status(201, _layer_out(request, layer, 0))


@router.patch("/layers/{slug}", response={200: LayerOut, **ERROR_RESPONSES}, summary="Change a layer", by_alias=True,
              auth=_manages_layers)
def layer_update(request, slug: str, payload: LayerPatch):
    require_user(request)
    community = require_community(request)
    layer = selectors.layer_get(community=community, user=request.user, slug=slug)
    changes = _schema_payload(payload)
    layer = services.layer_update(actor=request.user, community=community, layer_id=layer.pk, **changes)
    return _layer_out(request, layer)


@router.delete("/layers/{slug}", response={204: None, **ERROR_RESPONSES}, summary="Delete a layer and its features",
               auth=_manages_layers)
def layer_delete(request, slug: str):
    require_user(request)
    community = require_community(request)
    layer = selectors.layer_get(community=community, user=request.user, slug=slug)
    services.layer_delete(actor=request.user, community=community, layer_id=layer.pk)
    return Status(204, None)


@router.get("/layers/{slug}/features", response={200: dict, **ERROR_RESPONSES},
            summary="Features of a layer as a GeoJSON FeatureCollection")
def layer_features(request, slug: str, bbox: str = Query(None, pattern=BBOX_PATTERN,
                                                             description="min_lon,min_lat,max_lon,max_lat"),
                   q: str = Query("", max_length=100), limit: int = Query(1000, ge=1, le=selectors.MAX_LIMIT),
                   offset: int = Query(0, ge=0, le=10_000_000)):
    """`numberMatched` is the total after filters; page with `offset` and `limit` (at most 5,000)."""
    community = require_community(request)
    box = parse_bbox(bbox) if bbox else None
    layer = selectors.layer_get(community=community, user=request.user, slug=slug)
    return layer_geojson_response(request, layer, bbox=box, q=q, limit=limit, offset=offset, count=True)


@router.post("/layers/{slug}/features", response={201: dict, **ERROR_RESPONSES}, summary="Add a feature (staff)",
             auth=_edits_features)
def feature_create(request, slug: str, payload: FeatureIn):
    require_user(request)
    community = require_community(request)
    layer = selectors.layer_get(community=community, user=request.user, slug=slug)
    feature = services.feature_create(actor=request.user, community=community, layer_id=layer.pk,
                                      **payload.dict())
    return Status(201, selectors.feature_as_geojson(feature))


@router.post("/layers/{slug}/import", response={201: ImportOut, **ERROR_RESPONSES},
             summary="Import GeoJSON or CSV into a layer: all rows or none", auth=_edits_features)
def layer_import(request, slug: str, payload: ImportIn):
    """A rejected import answers 400 `import_rejected` with one entry per bad row in `fields`."""
    require_user(request)
    community = require_community(request)
    layer = selectors.layer_get(community=community, user=request.user, slug=slug)
    result = services.layer_import(actor=request.user, community=community, layer_id=layer.pk,
                                   content=payload.content, file_format=payload.format, replace=payload.replace)
    return Status(201, {"created": result.created, "deleted": result.deleted})


@router.get("/features/{feature_id}", response={200: dict, **ERROR_RESPONSES}, summary="One feature as GeoJSON")
def feature_detail(request, feature_id: int):
    community = require_community(request)
    feature = selectors.feature_get(community=community, user=request.user, feature_id=feature_id)
    return selectors.feature_as_geojson(feature)


@router.patch("/features/{feature_id}", response={200: dict, **ERROR_RESPONSES}, summary="Change a feature (staff)",
              auth=_edits_features)
def feature_update(request, feature_id: int, payload: FeaturePatch):
    require_user(request)
    community = require_community(request)
    feature = selectors.feature_get(community=community, user=request.user, feature_id=feature_id)
    changes = payload.dict(exclude_unset=True)
    if "layer" in changes:
        changes["layer_id"] = selectors.layer_get(community=community, user=request.user,
                                                  slug=changes.pop("layer")).pk
    feature = services.feature_update(actor=request.user, community=community, feature_id=feature.pk, **changes)
    return selectors.feature_as_geojson(feature)


@router.delete("/features/{feature_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a feature (staff)",
               auth=_edits_features)
def feature_delete(request, feature_id: int):
    require_user(request)
    community = require_community(request)
    feature = selectors.feature_get(community=community, user=request.user, feature_id=feature_id)
    services.feature_delete(actor=request.user, community=community, feature_id=feature.pk)
    return Status(204, None)
