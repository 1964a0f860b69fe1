"""Every read of Commitments that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Plan


def plan_list(*, actor, community) -> QuerySet[Plan]:
    entries = Plan.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def plan_get(*, actor, community, plan_id: int) -> Plan:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    plan = Plan.objects.for_community(community).filter(pk=plan_id).first()
    if plan is None or not policies.can_see(actor, community, plan):
        raise NotFound()
    return plan


def plan_open_data_rows(community) -> Iterator[dict]:
    for plan in Plan.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": plan.pk, "title": plan.title, "created_at": plan.created_at.isoformat(),
               "updated_at": plan.updated_at.isoformat()}
