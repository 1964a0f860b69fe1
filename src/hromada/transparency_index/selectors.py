"""Every read of Transparency self-check that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import SelfCheck


def self_check_list(*, actor, community) -> QuerySet[SelfCheck]:
    entries = SelfCheck.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def self_check_get(*, actor, community, self_check_id: int) -> SelfCheck:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    self_check = SelfCheck.objects.for_community(community).filter(pk=self_check_id).first()
    if self_check is None or not policies.can_see(actor, community, self_check):
        raise NotFound()
    return self_check


def self_check_open_data_rows(community) -> Iterator[dict]:
    for self_check in SelfCheck.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": self_check.pk, "title": self_check.title, "created_at": self_check.created_at.isoformat(),
               "updated_at": self_check.updated_at.isoformat()}
