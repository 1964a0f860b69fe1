"""Every read of Procurement that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Tender


def tender_list(*, actor, community) -> QuerySet[Tender]:
    entries = Tender.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def tender_get(*, actor, community, tender_id: int) -> Tender:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    tender = Tender.objects.for_community(community).filter(pk=tender_id).first()
    if tender is None or not policies.can_see(actor, community, tender):
        raise NotFound()
    return tender


def tender_open_data_rows(community) -> Iterator[dict]:
    for tender in Tender.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": tender.pk, "title": tender.title, "created_at": tender.created_at.isoformat(),
               "updated_at": tender.updated_at.isoformat()}
