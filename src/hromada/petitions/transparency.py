"""What the petitions give the transparency self-check: the share of petitions due for an answer in a period that
were answered within the statutory term (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Petition


def answered_on_time_counts(*, community, start, end) -> tuple[int, int]:
    """(answered by the deadline, due) for the petitions whose consideration term ended in the period."""
    since, until = TransparencyIndicator.moments(start, end)
    counts = Petition.objects.for_community(community).filter(
        consideration_deadline__gte=since, consideration_deadline__lt=until,
    ).aggregate(due=Count("pk"), on_time=Count("pk", filter=Q(answered_at__lte=F("consideration_deadline"))))
    return counts["on_time"], counts["due"]


def answered_on_time(community, start, end) -> dict:
    on_time, due = answered_on_time_counts(community=community, start=start, end=end)
    value = (_("%(on_time)d of %(due)d petitions due in the period were answered on time")
             % {"on_time": on_time, "due": due} if due else _("No petition was due for an answer in the period"))
    return TransparencyIndicator.share(
        on_time, due, value=value,
        evidence=[(_("Answered petitions"), community_path(community, "petitions:list") + "?status=answered")],
        advice=_("Answer every petition that gathered its signatures within the statutory term, and publish the "
                 "answer on the petition's page."))
