"""Every read of Site and news that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Page


def page_list(*, actor, community) -> QuerySet[Page]:
    entries = Page.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def page_get(*, actor, community, page_id: int) -> Page:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    page = Page.objects.for_community(community).filter(pk=page_id).first()
    if page is None or not policies.can_see(actor, community, page):
        raise NotFound()
    return page


def page_open_data_rows(community) -> Iterator[dict]:
    for page in Page.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": page.pk, "title": page.title, "created_at": page.created_at.isoformat(),
               "updated_at": page.updated_at.isoformat()}
