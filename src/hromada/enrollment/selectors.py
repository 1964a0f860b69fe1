"""Every read of Enrolment that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Application


def application_list(*, actor, community) -> QuerySet[Application]:
    entries = Application.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def application_get(*, actor, community, application_id: int) -> Application:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    application = Application.objects.for_community(community).filter(pk=application_id).first()
    if application is None or not policies.can_see(actor, community, application):
        raise NotFound()
    return application


def application_open_data_rows(community) -> Iterator[dict]:
    for application in Application.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": application.pk, "title": application.title, "created_at": application.created_at.isoformat(),
               "updated_at": application.updated_at.isoformat()}
