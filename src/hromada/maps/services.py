"""Every write of the city map: layers, features, and all-or-nothing imports from GeoJSON and CSV.

Each service checks its policy, validates, writes in one transaction and records an audit event."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.geo.geojson import validate_geometry, validate_point
from hromada.core.identity.guard import require, service

from . import importing
from .models import Feature, Layer
from .policies import can_edit_features, can_manage_layers
from .schema import clean_properties, search_normal, validate_schema

COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MAX_GEOMETRY_CHARS = 200_000
COORD_DIGITS = 6  # about 10 cm: enough for a city map, and a third smaller payload than full floats
_JSON: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


class ImportRejected(ValidationFailed):
    """Some rows of an import are bad: nothing was written; `report` lists every rejected row.

    Field keys are stable ("row 4", "feature 2") for API clients; `label` is the translated form."""

    code = "import_rejected"

    def __init__(self, report: list[dict], total: int):
        self.report = report
        self.total = total
        message = _("%(bad)d of %(total)d rows were rejected; nothing was imported.") % {
            "bad": len(report), "total": total}
        super().__init__(message, fields={item["row"]: item["errors"] for item in report})


@dataclass
class ImportResult:
    created: int
    deleted: int


# ---------------------------------------------------------------------------------------------- layers

def _layer_fields(*, slug, name_uk, name_en, description, icon, colour) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not SLUG_RE.match(slug or ""):
        errors["slug"] = [_("Use lower-case latin letters, digits and hyphens.")]
    if not (name_uk or "").strip():
        errors["name_uk"] = [_("This field is required.")]
    elif len(name_uk) > 200:
        errors["name_uk"] = [_("At most 200 characters.")]
    if len(name_en or "") > 200:
        errors["name_en"] = [_("At most 200 characters.")]
    if len(description or "") > 4000:
        errors["description"] = [_("At most 4000 characters.")]
    if len(icon or "") > 8:
        errors["icon"] = [_("At most 8 characters.")]
    if not COLOUR_RE.match(colour or ""):
        errors["colour"] = [_("Use a colour such as #2563eb.")]
    return errors


@service
def layer_create(
    *, actor, community, slug: str, name_uk: str, name_en: str = "", description: str = "", icon: str = "",
    colour: str = "#2563eb", is_public: bool = True, schema: list | None = None, position: int = 100,
) -> Layer:
    require(can_manage_layers(actor, community))
    slug = (slug or "").strip().lower()
    errors = _layer_fields(slug=slug, name_uk=name_uk, name_en=name_en, description=description, icon=icon,
                           colour=colour)
    if errors:
        raise ValidationFailed(fields=errors)
    schema = validate_schema(schema)
    if Layer.objects.filter(community=community, slug=slug).exists():
        raise Conflict(fields={"slug": [_("A layer with this slug exists already.")]})
    try:
        with transaction.atomic():
            layer = Layer.objects.create(
                community=community, slug=slug, name_uk=name_uk.strip(), name_en=(name_en or "").strip(),
                description=description or "", icon=icon or "", colour=colour.lower(), is_public=bool(is_public),
                schema=schema, position=max(0, int(position)),
            )
            audit_record(actor=actor, community=community, action="maps.layer.created", target=layer,
                         data={"slug": slug, "is_public": layer.is_public})
    except IntegrityError:  # a concurrent create with the same slug
        raise Conflict(fields={"slug": [_("A layer with this slug exists already.")]}) from None
    return layer


def _layer_for_write(community, layer_id: int) -> Layer:
    layer = Layer.objects.select_for_update().filter(community=community, pk=layer_id).first()
    if layer is None:
        raise NotFound()
    return layer


_LAYER_FIELDS = ("slug", "name_uk", "name_en", "description", "icon", "colour", "is_public", "schema", "position")


@service
def layer_update(*, actor, community, layer_id: int, **changes: Any) -> Layer:
    """Change any of _LAYER_FIELDS. A new schema must fit every existing feature; removed keys are dropped."""
    require(can_manage_layers(actor, community))
    unknown = set(changes) - set(_LAYER_FIELDS)
    if unknown:
        raise ValidationFailed(fields={k: [_("Unknown field.")] for k in sorted(unknown)})
    with transaction.atomic():
        layer = _layer_for_write(community, layer_id)
        values = {f: changes.get(f, getattr(layer, f)) for f in _LAYER_FIELDS}
        values["slug"] = (values["slug"] or "").strip().lower()
        errors = _layer_fields(**{k: values[k] for k in ("slug", "name_uk", "name_en", "description", "icon",
                                                          "colour")})
        if errors:
            raise ValidationFailed(fields=errors)
        values["schema"] = validate_schema(values["schema"])
        if values["slug"] != layer.slug and Layer.objects.filter(community=community, slug=values["slug"]).exists():
            raise Conflict(fields={"slug": [_("A layer with this slug exists already.")]})
        schema_changed = values["schema"] != layer.schema
        if schema_changed:
            _refit_features(layer, values["schema"])
        before = {f: getattr(layer, f) for f in _LAYER_FIELDS}
        for name, value in values.items():
            setattr(layer, name, value)
        layer.name_uk = layer.name_uk.strip()
        layer.colour = layer.colour.lower()
        layer.is_public = bool(layer.is_public)
        changed = sorted(f for f in _LAYER_FIELDS if before[f] != getattr(layer, f))
        if not changed and not schema_changed:
            return layer  # nothing to change: no write, no audit event
        layer.save()
        audit_record(actor=actor, community=community, action="maps.layer.updated", target=layer,
                     data={"changed": changed})
    return layer


def _refit_features(layer: Layer, schema: list[dict]) -> None:
    """Re-validate every feature against a new schema; refuse the change if any would become invalid."""
    keys = {f["key"] for f in schema}
    rejected: list[str] = []
    changed = []
    for feature in Feature.objects.filter(layer=layer).only("id", "name", "address", "geometry", "properties"):
        kept = {k: v for k, v in feature.properties.items() if k in keys}
        props, errors = clean_properties(schema, kept)
        if errors:
            if len(rejected) < 20:
                rejected.append(f"{feature.name} (#{feature.pk}): " + "; ".join(
                    f"{k}: {' '.join(v)}" for k, v in errors.items()))
            continue
        if props != feature.properties:
            feature.properties = props
            _render(feature)
            changed.append(feature)
    if rejected:
        raise ValidationFailed(
            _("Existing features do not fit the new schema."),
            fields={"schema": rejected},
        )
    Feature.objects.bulk_update(changed, ["properties", "search_text", "geojson"], batch_size=500)
    if changed:
        layer.features_version += 1  # saved with the layer by layer_update


@service
def layer_delete(*, actor, community, layer_id: int) -> None:
    require(can_manage_layers(actor, community))
    with transaction.atomic():
        layer = _layer_for_write(community, layer_id)
        count = Feature.objects.filter(layer=layer).count()
        audit_record(actor=actor, community=community, action="maps.layer.deleted", target=layer,
                     data={"slug": layer.slug, "features": count})
        Feature.objects.filter(layer=layer).delete()
        layer.delete()


# -------------------------------------------------------------------------------------------- features

def _round(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), COORD_DIGITS) for c in coords]
        return [_round(c) for c in coords]
    return coords


def _geometry(raw: Any, *, field: str = "geometry") -> dict[str, Any]:
    """Columns of a feature from a GeoJSON geometry or {"lat", "lon"}; raises ValidationFailed."""
    if isinstance(raw, dict) and "type" not in raw and {"lat", "lon"} <= set(raw):
        lat, lon = validate_point(raw.get("lat"), raw.get("lon"))
        raw = {"type": "Point", "coordinates": [lon, lat]}
    if isinstance(raw, str) and len(raw) > MAX_GEOMETRY_CHARS:
        raise ValidationFailed(fields={field: [_("The geometry is too large.")]})
    if isinstance(raw, dict) and len(json.dumps(raw.get("coordinates", ""))) > MAX_GEOMETRY_CHARS:
        raise ValidationFailed(fields={field: [_("The geometry is too large.")]})
    geom = validate_geometry(raw, field=field)
    geojson = mapping(geom)
    geojson = {"type": geojson["type"], "coordinates": _round(geojson["coordinates"])}
    geom = shape(geojson)  # the bbox and the point must match what is stored and served
    point = geom if geom.geom_type == "Point" else geom.representative_point()
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    return {"geometry": geojson, "geometry_type": geojson["type"], "lat": round(point.y, COORD_DIGITS),
            "lon": round(point.x, COORD_DIGITS), "min_lat": min_lat, "min_lon": min_lon, "max_lat": max_lat,
            "max_lon": max_lon}


def _render(feature: Feature) -> None:
    """Fill the derived columns: search text and the GeoJSON body (everything after `"id":<pk>,`)."""
    values = " ".join(str(v) for v in feature.properties.values())
    feature.search_text = search_normal(f"{feature.name} {feature.address} {values}")
    properties = {"name": feature.name, "address": feature.address, **feature.properties}
    feature.geojson = (
        '"geometry":' + json.dumps(feature.geometry, **_JSON) + ',"properties":' + json.dumps(properties, **_JSON)
        + "}"
    )


def _text_fields(name: Any, address: Any) -> tuple[str, str, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    name = str(name or "").strip()
    address = str(address or "").strip()
    if not name:
        errors["name"] = [_("This field is required.")]
    elif len(name) > 300:
        errors["name"] = [_("At most 300 characters.")]
    if len(address) > 300:
        errors["address"] = [_("At most 300 characters.")]
    return name, address, errors


def _build_feature(layer: Layer, *, name, address, geometry, properties, actor) -> Feature:
    """A validated, rendered, unsaved Feature, or ValidationFailed with every problem at once."""
    name, address, errors = _text_fields(name, address)
    columns: dict[str, Any] = {}
    try:
        columns = _geometry(geometry)
    except ValidationFailed as exc:
        errors.update(exc.fields)
    props, prop_errors = clean_properties(layer.schema, properties)
    errors.update(prop_errors)
    if errors:
        raise ValidationFailed(fields=errors)
    feature = Feature(community_id=layer.community_id, layer=layer, name=name, address=address, properties=props,
                      created_by=actor if getattr(actor, "is_authenticated", False) else None, **columns)
    _render(feature)
    return feature


def _touch(*layer_ids: int) -> None:
    """A new features version for the layers, inside the writing transaction (see Layer.features_version)."""
    Layer.objects.filter(pk__in=layer_ids).update(features_version=F("features_version") + 1)


def _layer_of(community, layer_id: int) -> Layer:
    layer = Layer.objects.filter(community=community, pk=layer_id).first()
    if layer is None:
        raise NotFound()
    return layer


@service
def feature_create(
    *, actor, community, layer_id: int, name: str, geometry: Any, address: str = "", properties: dict | None = None,
) -> Feature:
    require(can_edit_features(actor, community))
    layer = _layer_of(community, layer_id)
    feature = _build_feature(layer, name=name, address=address, geometry=geometry, properties=properties or {},
                             actor=actor)
    with transaction.atomic():
        feature.save()
        _touch(layer.pk)
        audit_record(actor=actor, community=community, action="maps.feature.created", target=feature,
                     data={"layer": layer.slug})
    return feature


_UNSET: Any = object()


@service
def feature_update(
    *, actor, community, feature_id: int, name: Any = _UNSET, address: Any = _UNSET, geometry: Any = _UNSET,
    properties: Any = _UNSET, layer_id: Any = _UNSET,
) -> Feature:
    """Change the given fields; `properties` replaces the whole set (partial edits merge client-side)."""
    require(can_edit_features(actor, community))
    with transaction.atomic():
        current = (Feature.objects.select_for_update().select_related("layer")
                   .filter(community=community, pk=feature_id).first())
        if current is None:
            raise NotFound()
        layer = current.layer if layer_id is _UNSET else _layer_of(community, layer_id)
        rebuilt = _build_feature(
            layer,
            name=current.name if name is _UNSET else name,
            address=current.address if address is _UNSET else address,
            geometry=current.geometry if geometry is _UNSET else geometry,
            properties=current.properties if properties is _UNSET else properties,
            actor=actor,
        )
        changed = [f for f in ("name", "address", "geometry", "properties") if getattr(current, f) != getattr(rebuilt, f)]
        if layer.pk != current.layer_id:
            changed.append("layer")
        if not changed:
            return current  # nothing to change: no write, no audit event
        _touch(current.layer_id, layer.pk)
        for name_ in ("layer", "name", "address", "properties", "search_text", "geojson", "geometry",
                      "geometry_type", "lat", "lon", "min_lat", "min_lon", "max_lat", "max_lon"):
            setattr(current, name_, getattr(rebuilt, name_))
        current.save()
        audit_record(actor=actor, community=community, action="maps.feature.updated", target=current,
                     data={"changed": changed, "layer": layer.slug})
    return current


@service
def feature_delete(*, actor, community, feature_id: int) -> None:
    require(can_edit_features(actor, community))
    with transaction.atomic():
        feature = Feature.objects.select_for_update().filter(community=community, pk=feature_id).first()
        if feature is None:
            raise NotFound()
        audit_record(actor=actor, community=community, action="maps.feature.deleted", target=feature,
                     data={"layer_id": feature.layer_id, "name": feature.name})
        _touch(feature.layer_id)
        feature.delete()


# --------------------------------------------------------------------------------------------- imports

@service
def layer_import(
    *, actor, community, layer_id: int, content: bytes | str | dict, file_format: str, replace: bool = False,
) -> ImportResult:
    """Import every feature of a GeoJSON or CSV file, or none: any bad row rejects the whole file.

    With `replace` the layer's existing features are deleted in the same transaction."""
    require(can_edit_features(actor, community))
    layer = _layer_of(community, layer_id)
    if file_format == "geojson":
        candidates = importing.parse_geojson(content)
    elif file_format == "csv":
        if isinstance(content, dict):
            raise ValidationFailed(fields={"file": [_("A CSV file is text.")]})
        candidates = importing.parse_csv(content)
    else:
        raise ValidationFailed(fields={"format": [_("Use geojson or csv.")]})
    if not candidates:
        raise ValidationFailed(fields={"file": [_("The file has no features.")]})
    features: list[Feature] = []
    report: list[dict] = []
    for candidate in candidates:
        errors = list(candidate.errors)
        try:
            features.append(_build_feature(layer, name=candidate.name, address=candidate.address,
                                           geometry=candidate.geometry, properties=candidate.properties, actor=actor))
        except ValidationFailed as exc:
            errors += [f"{key}: {' '.join(msgs)}" for key, msgs in exc.fields.items()]
        if errors:
            report.append({"row": candidate.row, "label": candidate.label, "errors": errors})
    if report:
        raise ImportRejected(report, total=len(candidates))
    with transaction.atomic():
        # Two imports into one layer queue here, so "replace" never interleaves with another import.
        _layer_for_write(community, layer.pk)
        deleted = 0
        if replace:
            deleted, _by_model = Feature.objects.filter(layer=layer).delete()
        Feature.objects.bulk_create(features, batch_size=500)
        _touch(layer.pk)
        audit_record(actor=actor, community=community, action="maps.layer.imported", target=layer,
                     data={"format": file_format, "created": len(features), "deleted": deleted})
    return ImportResult(created=len(features), deleted=deleted)
