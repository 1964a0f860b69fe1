"""What the public consultations give the transparency self-check: the share of consultations closed in a period
whose report (proposals taken or refused, with reasons) was published (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import PUBLIC_STATUSES, Consultation


def reports_published_counts(*, community, start, end) -> tuple[int, int]:
    """(with a report published, closed) for the public consultations that closed in the period."""
    since, until = TransparencyIndicator.moments(start, end)
    counts = (Consultation.objects.for_community(community)
              .filter(status__in=PUBLIC_STATUSES, closes_at__gte=since, closes_at__lt=until)
              .aggregate(closed=Count("pk"), reported=Count("pk", filter=Q(report_published_at__isnull=False))))
    return counts["reported"], counts["closed"]


def reports_published(community, start, end) -> dict:
    reported, closed = reports_published_counts(community=community, start=start, end=end)
    value = (_("Reports are published for %(reported)d of %(closed)d consultations closed in the period")
             % {"reported": reported, "closed": closed} if closed
             else _("No public consultation closed in the period"))
    return TransparencyIndicator.share(
        reported, closed, value=value,
        evidence=[(_("Public consultations"), community_path(community, "consultations:list"))],
        advice=_("Publish a report after every consultation: each proposal with whether it was taken, and why not."))
