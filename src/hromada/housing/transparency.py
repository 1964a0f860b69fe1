"""What housing gives the transparency self-check: the share of works on blocks of flats finished in a period that
are published with their contractor and actual cost (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Work, WorkStatus


def works_published_counts(*, community, start, end) -> tuple[int, int]:
    """(published with contractor and actual cost, done) for the works finished in the period."""
    published = Q(is_public=True, building__is_public=True, cost_actual__isnull=False) & ~Q(contractor_name="")
    counts = (Work.objects.for_community(community)
              .filter(status=WorkStatus.DONE, actual_end__gte=start, actual_end__lte=end)
              .aggregate(done=Count("pk"), published=Count("pk", filter=published)))
    return counts["published"], counts["done"]


def works_published(community, start, end) -> dict:
    published, done = works_published_counts(community=community, start=start, end=end)
    value = (_("%(published)d of %(done)d works on blocks of flats finished in the period are published with the "
               "contractor and the cost") % {"published": published, "done": done} if done
             else _("No work on a block of flats was finished in the period"))
    return TransparencyIndicator.share(
        published, done, value=value,
        evidence=[(_("Blocks of flats"), community_path(community, "housing:list"))],
        advice=_("Publish every repair of a block of flats with its contractor, cost and acts, on the building's "
                 "page."))
