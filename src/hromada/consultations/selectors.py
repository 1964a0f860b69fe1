"""Every read of E-consultations that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Consultation


def consultation_list(*, actor, community) -> QuerySet[Consultation]:
    entries = Consultation.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def consultation_get(*, actor, community, consultation_id: int) -> Consultation:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    consultation = Consultation.objects.for_community(community).filter(pk=consultation_id).first()
    if consultation is None or not policies.can_see(actor, community, consultation):
        raise NotFound()
    return consultation


def consultation_open_data_rows(community) -> Iterator[dict]:
    for consultation in Consultation.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": consultation.pk, "title": consultation.title, "created_at": consultation.created_at.isoformat(),
               "updated_at": consultation.updated_at.isoformat()}
