"""What the participatory budget gives the transparency self-check: the share of winning projects still being built
in a period whose progress was reported in it (status, percentage, money spent; from this capability's own data)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import ImplementationStatus, ImplementationUpdate, Project, Status


def projects_tracked_counts(*, community, start, end) -> tuple[int, int]:
    """(reported in the period, being built in the period): winners announced before the period ended and not
    completed before it began."""
    since, until = TransparencyIndicator.moments(start, end)
    updates = ImplementationUpdate.objects.filter(project=OuterRef("pk"))
    winners = (Project.objects.for_community(community)
               .filter(status=Status.SELECTED, cycle__results_published_at__lt=until)
               .exclude(Exists(updates.filter(status=ImplementationStatus.COMPLETED, created_at__lt=since)))
               .annotate(reported=Exists(updates.filter(created_at__gte=since, created_at__lt=until))))
    reported = list(winners.values_list("reported", flat=True))
    return sum(1 for found in reported if found), len(reported)


def projects_tracked(community, start, end) -> dict:
    reported, building = projects_tracked_counts(community=community, start=start, end=end)
    value = (_("Progress was reported in the period for %(reported)d of %(building)d winning projects being built")
             % {"reported": reported, "building": building} if building
             else _("No winning project was being built in the period"))
    return TransparencyIndicator.share(
        reported, building, value=value,
        evidence=[(_("Implementation of the winners"), community_path(community, "budgets:implementation"))],
        advice=_("Report each winning project's progress at least once a quarter: its stage, the share done and "
                 "the money spent, with photos."))
