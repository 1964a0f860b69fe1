"""A person's own appeals with their status and term, for the resident's office (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from . import policies
from .models import OPEN_STATUSES
from .selectors import my_appeals


def resident_items(user, community) -> list[ResidentItem]:
    items = []
    for appeal in my_appeals(community=community, user=user):
        is_open = appeal.status in OPEN_STATUSES
        to_rate = appeal.rated_at is None and policies.can_rate(user, appeal)
        step = (_("Rate the answer") if to_rate
                else _("The answer is due") if is_open else "")
        items.append(ResidentItem(
            capability="appeals", kind=_("Appeal"),
            title=f"№ {appeal.registration_index} · {appeal.category.name}",
            status=appeal.get_status_display(), url=reverse("appeals:detail", args=[appeal.pk]),
            updated_at=appeal.updated_at, deadline=appeal.due_at if is_open else None, next_step=step,
            needs_action=to_rate))
    return items
