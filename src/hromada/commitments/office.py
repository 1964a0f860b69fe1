"""The commitments a person follows, with their status and the next milestone due, for the resident's office.

One query: the next open milestone's date is a subquery of it."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import ResidentItem

from .models import Follow, Milestone, MilestoneStatus


def resident_items(user, community) -> list[ResidentItem]:
    due = (Milestone.objects.filter(commitment_id=OuterRef("commitment_id")).filter(status=MilestoneStatus.PLANNED)
           .order_by("due_on", "pk").values("due_on")[:1])
    follows = (Follow.objects.filter(community=community, user=user, commitment__plan__is_public=True).select_related("commitment__plan")
               .annotate(next_due=Subquery(due)).order_by("-pk"))
    items = []
    for follow in follows:
        commitment = follow.commitment
        items.append(ResidentItem(
            capability="commitments", kind=_("Commitment followed"), title=f"{commitment.title} · {commitment.plan.title}",
            status=_("%(status)s, %(progress)s%%") % {"status": commitment.get_status_display(),
                                                      "progress": commitment.progress},
            url=reverse("commitments:commitment", args=[commitment.pk]),
            updated_at=max(commitment.updated_at, follow.created_at), deadline=follow.next_due,
            next_step=_("Next milestone due") if follow.next_due else ""))
    return items
