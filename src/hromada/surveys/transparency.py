"""What the surveys give the transparency self-check: the share of surveys closed in a period whose results are
public (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Status, Survey


def results_public_counts(*, community, start, end) -> tuple[int, int]:
    """(with public results, closed) for the surveys that closed in the period."""
    since, until = TransparencyIndicator.moments(start, end)
    counts = (Survey.objects.for_community(community).exclude(status=Status.DRAFT)
              .filter(closes_at__gte=since, closes_at__lt=until)
              .aggregate(closed=Count("pk"), public=Count("pk", filter=Q(results_public=True))))
    return counts["public"], counts["closed"]


def results_public(community, start, end) -> dict:
    public, closed = results_public_counts(community=community, start=start, end=end)
    value = (_("The results of %(public)d of %(closed)d surveys closed in the period are public")
             % {"public": public, "closed": closed} if closed else _("No survey closed in the period"))
    return TransparencyIndicator.share(
        public, closed, value=value,
        evidence=[(_("Surveys"), community_path(community, "surveys:list"))],
        advice=_("Publish the results of every survey residents answered, unless a law forbids it."))
