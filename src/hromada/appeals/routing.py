"""Routing of an appeal: which area holds the point, and which department answers (category, area).

The AreaIndex of a community is cached in this process and rebuilt when its AreaSetVersion changes, or when
it names an area that is gone (deleted past services.area_delete): a stale index never breaks a filing."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from hromada.core.geo.geojson import validate_geometry
from hromada.core.geo.index import AreaIndex

from .models import Area, AreaSetVersion, Category, RoutingRule

_lock = threading.Lock()
# community_id -> (version, index); an index is immutable, so readers need no lock.
_indexes: dict[int, tuple[str, AreaIndex]] = {}


def area_set_version(community) -> str:
    return AreaSetVersion.objects.filter(community=community).values_list("version", flat=True).first() or ""


def build_index(areas) -> AreaIndex:
    """Areas in priority order, so `first_containing` picks the highest-priority area."""
    ordered = sorted(areas, key=lambda a: (-a.priority, a.pk))
    return AreaIndex((area.pk, validate_geometry(area.geometry, allowed=("Polygon", "MultiPolygon")))
                     for area in ordered)


def area_index(community, *, rebuild: bool = False) -> AreaIndex:
    version = area_set_version(community)
    cached = _indexes.get(community.pk)
    if not rebuild and cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        cached = _indexes.get(community.pk)
        if not rebuild and cached is not None and cached[0] == version:
            return cached[1]
        index = build_index(Area.objects.filter(community=community).only("pk", "geometry", "priority"))
        _indexes[community.pk] = (version, index)
        return index


def forget_indexes() -> None:
    _indexes.clear()


@dataclass(frozen=True)
class Route:
    area_id: int | None
    department_id: int | None


def route(community, category: Category, lat: float, lon: float) -> Route:
    """The area containing the point (border counts as inside) and the responsible department:
    the (category, area) rule, else the category's area-less rule, else the category's fallback
    department, else the community's fallback (the `fallback_department` setting)."""
    area_id = area_index(community).first_containing(lat, lon)
    if area_id is not None and not _exists(community, area_id):
        # The version did not change but the area is gone (a bulk delete or a shell bypassed area_delete):
        # rebuild from the rows, and route as if outside every area should the rows change again meanwhile.
        area_id = area_index(community, rebuild=True).first_containing(lat, lon)
        if area_id is not None and not _exists(community, area_id):
            area_id = None
    rules = dict(RoutingRule.objects.filter(community=community, category=category)
                 .values_list("area_id", "department_id"))
    department_id = None
    if area_id is not None:
        department_id = rules.get(area_id)
    if department_id is None:
        department_id = rules.get(None) or category.fallback_department_id
    if department_id is None:
        department_id = community_fallback_department_id(community)
    return Route(area_id, department_id)


def _exists(community, area_id: int) -> bool:
    return Area.objects.filter(community=community, pk=area_id).exists()


def community_fallback_department_id(community) -> int | None:
    from hromada.core.identity.models import Department

    name = community.setting("appeals", "fallback_department")
    if name:
        found = Department.objects.filter(community=community, is_active=True).filter(
            short_name=name).values_list("pk", flat=True).first()
        if found is None:
            found = Department.objects.filter(community=community, name=name).values_list("pk", flat=True).first()
        return found
    return None
