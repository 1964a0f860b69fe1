"""What the open-data portal gives the transparency self-check: the share of scheduled public datasets that were up
to date (updated within their declared frequency) at the end of a period (read from this capability's own data)."""

from __future__ import annotations

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Dataset, UpdateFrequency
from .vocabulary import next_update_due

SCHEDULED = [choice for choice in UpdateFrequency.values if choice != UpdateFrequency.ON_CHANGE]


def up_to_date_counts(*, community, start, end) -> tuple[int, int]:
    """(up to date, scheduled) at the period's end (or now, if that is earlier): a dataset is up to date when its
    last publication before that moment was within its declared frequency."""
    _since, until = TransparencyIndicator.moments(start, end)
    moment = min(until, timezone.now())
    datasets = (Dataset.objects.for_community(community)
                .filter(private=False, first_published_at__lt=moment, update_frequency__in=SCHEDULED)
                .annotate(last_before=Max("resources__versions__created_at",
                                          filter=Q(resources__versions__created_at__lt=moment)))
                .only("pk", "update_frequency", "last_published_at", "first_published_at"))
    up_to_date = total = 0
    for dataset in datasets:
        total += 1
        last = dataset.last_published_at if dataset.last_published_at and dataset.last_published_at < moment \
            else (dataset.last_before or dataset.first_published_at)
        due = next_update_due(community, dataset.update_frequency, last)
        up_to_date += due is not None and due >= moment
    return up_to_date, total


def datasets_up_to_date(community, start, end) -> dict:
    up_to_date, total = up_to_date_counts(community=community, start=start, end=end)
    value = (_("%(up_to_date)d of %(total)d scheduled datasets were up to date at the end of the period")
             % {"up_to_date": up_to_date, "total": total} if total
             else _("No public dataset with an update schedule was published"))
    return TransparencyIndicator.share(
        up_to_date, total, value=value,
        evidence=[(_("Open data catalogue"), community_path(community, "opendata:catalogue")),
                  (_("Timeliness of the datasets"), community_path(community, "opendata:timeliness"))],
        advice=_("Update every dataset as often as its passport promises, and publish the sets the law requires "
                 "(budget, property, land, procurement, appeals) with a schedule."))
