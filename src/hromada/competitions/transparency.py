"""What the grant competitions give the transparency self-check: the share of calls awarded in a period whose
results (winners, scores, amounts) were published (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Call


def results_published_counts(*, community, start, end) -> tuple[int, int]:
    """(with results published, awarded) for the calls awarded in the period."""
    since, until = TransparencyIndicator.moments(start, end)
    counts = Call.objects.for_community(community).filter(awarded_at__gte=since, awarded_at__lt=until).aggregate(
        awarded=Count("pk"), published=Count("pk", filter=Q(results_published_at__isnull=False, is_public=True)))
    return counts["published"], counts["awarded"]


def results_published(community, start, end) -> dict:
    published, awarded = results_published_counts(community=community, start=start, end=end)
    value = (_("The results of %(published)d of %(awarded)d calls awarded in the period are published")
             % {"published": published, "awarded": awarded} if awarded
             else _("No competition was awarded in the period"))
    return TransparencyIndicator.share(
        published, awarded, value=value,
        evidence=[(_("Competitions"), community_path(community, "competitions:list"))],
        advice=_("Publish every competition's results: the jury's scores, the winners and the amounts granted, and "
                 "the winners' reports afterwards."))
