"""Every read of Surveys and polls that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Survey


def survey_list(*, actor, community) -> QuerySet[Survey]:
    entries = Survey.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def survey_get(*, actor, community, survey_id: int) -> Survey:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    survey = Survey.objects.for_community(community).filter(pk=survey_id).first()
    if survey is None or not policies.can_see(actor, community, survey):
        raise NotFound()
    return survey


def survey_open_data_rows(community) -> Iterator[dict]:
    for survey in Survey.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": survey.pk, "title": survey.title, "created_at": survey.created_at.isoformat(),
               "updated_at": survey.updated_at.isoformat()}
