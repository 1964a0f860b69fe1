"""What enrolment gives the transparency self-check: the share of the period's queue events (applications filed,
places offered and taken) recorded in the community's public transparency log (read from this capability's data)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Event


def events_logged_counts(*, community, start, end) -> tuple[int, int]:
    """(events with their transparency-log leaf, events) of the period."""
    since, until = TransparencyIndicator.moments(start, end)
    counts = Event.objects.for_community(community).filter(at__gte=since, at__lt=until).aggregate(
        events=Count("pk"), logged=Count("pk", filter=~Q(leaf_hash="")))
    return counts["logged"], counts["events"]


def queue_in_transparency_log(community, start, end) -> dict:
    logged, events = events_logged_counts(community=community, start=start, end=end)
    value = (_("%(logged)d of %(events)d queue events of the period are in the public transparency log")
             % {"logged": logged, "events": events} if events else _("No enrolment queue event in the period"))
    return TransparencyIndicator.share(
        logged, events, value=value,
        evidence=[(_("Kindergartens and schools with their queues"), community_path(community, "enrollment:list"))],
        advice=_("Keep every kindergarten and school queue on the platform, so each change is public and provable "
                 "in the transparency log."))
