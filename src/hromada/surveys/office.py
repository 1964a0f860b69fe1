"""The surveys a person answered under their name, for the resident's office (one query).

An anonymous survey's responses carry no person (ADR 0027), so they are never listed: nothing could find them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from .models import Response


def resident_items(user, community) -> list[ResidentItem]:
    responses = (Response.objects.filter(community=community, user=user, survey__anonymous=False)
                 .select_related("survey").order_by("-submitted_at", "-pk"))
    return [ResidentItem(
        capability="surveys", kind=_("Survey answered"), title=response.survey.title,
        status=_("answered; the survey is %(status)s") % {"status": response.survey.get_status_display()},
        url=reverse("surveys:detail", args=[response.survey_id]), updated_at=response.submitted_at)
        for response in responses]
