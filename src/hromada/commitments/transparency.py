"""What the commitments give the transparency self-check: the share of the commitments of public plans running in a
period whose responsible body reported progress in it (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import BodyReport, Commitment


def progress_reported_counts(*, community, start, end) -> tuple[int, int]:
    """(with a body's report filed in the period, commitments of public plans running in the period)."""
    since, until = TransparencyIndicator.moments(start, end)
    reported = Exists(BodyReport.objects.filter(commitment=OuterRef("pk"), filed_at__gte=since, filed_at__lt=until))
    flags = list(Commitment.objects.for_community(community)
                 .filter(plan__is_public=True, plan__period_start__lte=end, plan__period_end__gte=start)
                 .annotate(reported=reported).values_list("reported", flat=True))
    return sum(1 for found in flags if found), len(flags)


def progress_reported(community, start, end) -> dict:
    reported, running = progress_reported_counts(community=community, start=start, end=end)
    value = (_("Progress was reported in the period on %(reported)d of %(running)d commitments of public plans")
             % {"reported": reported, "running": running} if running
             else _("No public plan with commitments ran in the period"))
    return TransparencyIndicator.share(
        reported, running, value=value,
        evidence=[(_("Plans and commitments"), community_path(community, "commitments:list"))],
        advice=_("Have each responsible body report on every commitment of the council's plans each monitoring "
                 "round, and publish the reports."))
