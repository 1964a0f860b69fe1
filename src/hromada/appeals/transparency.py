"""What the appeals give the transparency self-check: the share of appeals due in a period that were answered by
their term, with the public list and the Open311 feed as evidence (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Appeal


def answered_on_time_counts(*, community, start, end) -> tuple[int, int]:
    """(answered by the due moment, due) for the appeals whose term ended in the period."""
    since, until = TransparencyIndicator.moments(start, end)
    counts = Appeal.objects.for_community(community).filter(due_at__gte=since, due_at__lt=until).aggregate(
        due=Count("pk"), on_time=Count("pk", filter=Q(answered_at__lte=F("due_at"))))
    return counts["on_time"], counts["due"]


def answered_on_time(community, start, end) -> dict:
    on_time, due = answered_on_time_counts(community=community, start=start, end=end)
    value = (_("%(on_time)d of %(due)d appeals due in the period were answered on time")
             % {"on_time": on_time, "due": due} if due else _("No appeal was due for an answer in the period"))
    return TransparencyIndicator.share(
        on_time, due, value=value,
        evidence=[(_("Public appeals"), community_path(community, "appeals:list")),
                  (_("Open311 requests"), community_path(community, "open311:requests", fmt="json"))],
        advice=_("Answer appeals within their term (15 days for a simple one, at most 45 with an extension), and keep "
                 "the public list and the Open311 feed published."))
