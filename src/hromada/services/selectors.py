"""Every read of Services that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Service


def service_list(*, actor, community) -> QuerySet[Service]:
    entries = Service.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def service_get(*, actor, community, service_id: int) -> Service:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    service = Service.objects.for_community(community).filter(pk=service_id).first()
    if service is None or not policies.can_see(actor, community, service):
        raise NotFound()
    return service


def service_open_data_rows(community) -> Iterator[dict]:
    for service in Service.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": service.pk, "title": service.title, "created_at": service.created_at.isoformat(),
               "updated_at": service.updated_at.isoformat()}
