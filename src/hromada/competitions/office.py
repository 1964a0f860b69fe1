"""A person's grant applications with their status, for the resident's office (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from .models import Status
from .selectors import my_applications


def resident_items(user, community) -> list[ResidentItem]:
    return [ResidentItem(
        capability="competitions", kind=_("Grant application"), title=f"{application.title} · {application.call.title}",
        status=application.get_status_display(), url=reverse("competitions:application", args=[application.pk]),
        updated_at=application.updated_at,
        next_step=_("Submit the application before the call closes") if application.status == Status.DRAFT else "",
        needs_action=application.status == Status.DRAFT)
        for application in my_applications(actor=user, community=community)]
