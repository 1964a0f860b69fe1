"""Reads of the portal's pages: one dataset with everything, publishers, the timeliness dashboard,
subscriptions of a user and the publishers a user may publish for. Always scoped by community."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from hromada.core.errors import NotFound

from . import policies
from .models import Dataset, Follow, Publisher, ResourceVersion
from .search import visible_datasets, with_everything


def dataset_for_page(*, community, user, name: str) -> Dataset:
    dataset = with_everything(visible_datasets(community, user)).filter(name=name).first()
    if dataset is None:
        raise NotFound()
    return dataset


def resource_versions(*, dataset: Dataset) -> dict:
    """All versions of the dataset's resources, newest first, keyed by resource id."""
    versions: dict = {}
    for version in ResourceVersion.objects.filter(resource__dataset=dataset).select_related("datastore").order_by(
            "-number"):
        versions.setdefault(version.resource_id, []).append(version)
    return versions


def publisher_list(*, community) -> list[Publisher]:
    return list(Publisher.objects.filter(community=community).annotate(
        n=Count("datasets", filter=Q(datasets__private=False))).order_by("title"))


def publisher_by_name(*, community, name: str) -> Publisher:
    publisher = Publisher.objects.filter(community=community, name=name).first()
    if publisher is None:
        raise NotFound()
    return publisher


def publishable_publishers(*, community, user) -> list[Publisher]:
    return [p for p in Publisher.objects.filter(community=community).order_by("title")
            if policies.can_publish(user, community, p)]


def timeliness(*, community) -> dict:
    """Public datasets with a schedule, the overdue ones first; counts for the dashboard."""
    now = timezone.now()
    qs = (Dataset.objects.filter(community=community, private=False, next_update_due__isnull=False)
          .select_related("publisher").order_by("next_update_due"))
    rows = list(qs[:500])
    overdue = [d for d in rows if d.next_update_due < now]
    return {"overdue": overdue, "on_time": [d for d in rows if d.next_update_due >= now],
            "total": Dataset.objects.filter(community=community, private=False).count()}


def follows_of(*, user, community) -> dict:
    if not getattr(user, "is_authenticated", False):
        return {"datasets": set(), "publishers": set()}
    rows = Follow.objects.filter(user=user, community=community).values_list("dataset_id", "publisher_id")
    return {"datasets": {d for d, _p in rows if d}, "publishers": {p for _d, p in rows if p}}


def recent_uploads(*, dataset) -> list:
    """Large uploads of the dataset checked in the background during the last day, newest first: the
    ones still being checked, and the results (published, or rejected with the report)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import PendingUpload

    return list(PendingUpload.objects.filter(dataset=dataset, created_at__gte=timezone.now() - timedelta(days=1))
                .select_related("created_by")[:10])
