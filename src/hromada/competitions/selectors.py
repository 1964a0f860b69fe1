"""Every read of Grant competitions that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Call


def call_list(*, actor, community) -> QuerySet[Call]:
    entries = Call.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def call_get(*, actor, community, call_id: int) -> Call:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    call = Call.objects.for_community(community).filter(pk=call_id).first()
    if call is None or not policies.can_see(actor, community, call):
        raise NotFound()
    return call


def call_open_data_rows(community) -> Iterator[dict]:
    for call in Call.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": call.pk, "title": call.title, "created_at": call.created_at.isoformat(),
               "updated_at": call.updated_at.isoformat()}
