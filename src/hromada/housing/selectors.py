"""Every read of Housing that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Building


def building_list(*, actor, community) -> QuerySet[Building]:
    entries = Building.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def building_get(*, actor, community, building_id: int) -> Building:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    building = Building.objects.for_community(community).filter(pk=building_id).first()
    if building is None or not policies.can_see(actor, community, building):
        raise NotFound()
    return building


def building_open_data_rows(community) -> Iterator[dict]:
    for building in Building.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": building.pk, "title": building.title, "created_at": building.created_at.isoformat(),
               "updated_at": building.updated_at.isoformat()}
