"""Writes of routing areas (districts, service zones): save, import from GeoJSON, delete.

Every write replaces the community's AreaSetVersion in the same transaction, so every process rebuilds
its routing index on its next lookup; these services are the only way areas change."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.geo.geojson import parse_feature_collection, validate_geometry
from hromada.core.identity.guard import require, service

from .. import policies
from ..models import Area, AreaSetVersion
from ..selectors import text_param, valid_id


def _bump_area_version(community) -> None:
    token = uuid.uuid4().hex
    if not AreaSetVersion.objects.filter(community=community).update(version=token):
        try:
            with transaction.atomic():
                AreaSetVersion.objects.create(community=community, version=token)
        except IntegrityError:  # created by a concurrent writer meanwhile
            AreaSetVersion.objects.filter(community=community).update(version=token)


@service
def area_save(*, actor, community, name: str, geometry, kind: str = "district", priority: int = 0,
              area_id: int | None = None) -> Area:
    """Create or update an area; every process rebuilds its routing index on the next lookup."""
    require(policies.can_configure(actor, community))
    name = text_param(name).strip()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 200:
        errors["name"] = [_("Give the area a name of 1 to 200 characters.")]
    try:
        geom = validate_geometry(geometry, allowed=("Polygon", "MultiPolygon"))
    except ValidationFailed as exc:
        errors.update(exc.fields)
        geom = None
    try:
        priority = int(priority)
        if not -(2**31) <= priority < 2**31:
            raise ValueError(priority)
    except (TypeError, ValueError):
        errors["priority"] = [_("Enter a whole number.")]
    if errors:
        raise ValidationFailed(fields=errors)
    from shapely.geometry import mapping

    with transaction.atomic():
        if area_id is None:
            if Area.objects.filter(community=community, name=name).exists():
                raise ValidationFailed(fields={"name": [_("An area with this name exists.")]})
            area = Area(community=community)
        else:
            found = Area.objects.select_for_update().filter(community=community, pk=valid_id(area_id) or 0).first()
            if found is None:
                raise NotFound()
            area = found
            if Area.objects.filter(community=community, name=name).exclude(pk=area.pk).exists():
                raise ValidationFailed(fields={"name": [_("An area with this name exists.")]})
        area.name, area.kind, area.priority = name, (text_param(kind) or "district")[:40], priority
        area.geometry = mapping(geom)
        area.save()
        _bump_area_version(community)
        audit_record(actor=actor, community=community, action="appeals.area.saved", target=area,
                     data={"name": name})
    return area


@service
def areas_import(*, actor, community, data, name_property: str = "name") -> list[Area]:
    """Create or update areas from a GeoJSON FeatureCollection of (Multi)Polygons, all or nothing:
    any bad feature refuses the whole file with every problem listed."""
    require(policies.can_configure(actor, community))
    features = parse_feature_collection(data, field="file", allowed=("Polygon", "MultiPolygon"))
    if not features:
        raise ValidationFailed(fields={"file": [_("Expected a GeoJSON FeatureCollection with features.")]})
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for item in features:
        name = str(item.properties.get(name_property) or "").strip()
        problems = list(item.problems)
        if not name or len(name) > 200:
            problems.insert(0, _("Give the area a name of 1 to 200 characters."))
        elif name in seen:
            problems.insert(0, _("The name repeats an earlier feature."))
        seen.add(name)
        if problems:
            errors[f"features[{item.number}]"] = problems
    if errors:
        raise ValidationFailed(fields=errors)
    existing = dict(Area.objects.filter(community=community).values_list("name", "pk"))
    with transaction.atomic():
        saved = []
        for item in features:
            name = str(item.properties.get(name_property)).strip()
            saved.append(area_save(actor=actor, community=community, name=name, geometry=item.geometry,
                                   kind=str(item.properties.get("kind") or "district"),
                                   priority=item.properties.get("priority") or 0, area_id=existing.get(name)))
    return saved


@service
def area_delete(*, actor, community, area_id: int) -> None:
    """Delete one area (its routing rules go with it); the back office's single and bulk deletes call this."""
    require(policies.can_configure(actor, community))
    with transaction.atomic():
        found = Area.objects.select_for_update().filter(community=community, pk=valid_id(area_id) or 0).first()
        if found is None:
            raise NotFound()
        area = found
        audit_record(actor=actor, community=community, action="appeals.area.deleted", target=area,
                     data={"name": area.name})
        area.delete()
        _bump_area_version(community)
