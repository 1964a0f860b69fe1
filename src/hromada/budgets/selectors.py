"""Every read of Participatory budget that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Project
from .models.projects import PUBLIC_STATUSES


def project_list(*, actor, community) -> QuerySet[Project]:
    entries = Project.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(status__in=PUBLIC_STATUSES)
    return entries.order_by("-created_at", "-pk")


def project_get(*, actor, community, project_id: int) -> Project:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    project = Project.objects.for_community(community).filter(pk=project_id).first()
    if project is None or not policies.can_see(actor, community, project):
        raise NotFound()
    return project


def project_open_data_rows(community) -> Iterator[dict]:
    for project in Project.objects.for_community(community).filter(status__in=PUBLIC_STATUSES).order_by("pk").iterator():
        yield {"id": project.pk, "title": project.title, "created_at": project.created_at.isoformat(),
               "updated_at": project.updated_at.isoformat()}
