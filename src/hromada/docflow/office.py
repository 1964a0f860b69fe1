"""A person's public-information requests with their status and statutory due date, for the resident's office.

One query. (Their appeals and petitions are registered here too, but the resident follows them on the appeals'
and petitions' own pages, which those capabilities list.)"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from .public_info.selectors import requester_requests


def resident_items(user, community) -> list[ResidentItem]:
    items = []
    for request in requester_requests(community=community, user=user):
        number = request.document.reg_index
        items.append(ResidentItem(
            capability="docflow", kind=_("Public information request"),
            title=f"№ {number} · {request.summary}" if number else request.summary,
            status=request.get_status_display(),
            url=reverse("docflow_public_info:own", args=[request.pk]),
            updated_at=max(m for m in (request.received_at, request.extended_at, request.answered_at) if m),
            deadline=request.deadline if request.is_open else None,
            next_step=_("The answer is due") if request.is_open else ""))
    return items
