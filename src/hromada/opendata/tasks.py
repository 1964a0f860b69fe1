"""Background work of the portal: loading the datastore, notifying followers, and the periodic
refresh of live datasets and overdue flags (declared in the manifest's periodic_tasks)."""

from __future__ import annotations

from django_tasks import task

from hromada.core.identity.actors import SYSTEM

from . import services


@task(queue_name="opendata")
def datastore_load(version_id: int) -> str:
    table = services.datastore_run_load(actor=SYSTEM, version_id=version_id)
    return table.status if table is not None else "missing"


@task(queue_name="opendata")
def check_upload(upload_id: str) -> str:
    pending = services.upload_check(actor=SYSTEM, upload_id=upload_id)
    return pending.status if pending is not None else "missing"


@task(queue_name="opendata")
def render_packages(dataset_ids: list[str]) -> int:
    from .ckan.dicts import render_stored_packages

    return render_stored_packages(dataset_ids)


@task(queue_name="opendata")
def render_missing_packages() -> int:
    """The periodic sweep: datasets written without the services (bulk imports, upgrades) get rendered."""
    from django.db.models import Q

    from .ckan.dicts import render_stored_packages
    from .models import Dataset

    ids = list(Dataset.objects.filter(Q(stored_package=None) | Q(stored_package__json=None))
               .values_list("pk", flat=True)[:5000])
    return render_stored_packages(ids)


@task(queue_name="opendata")
def notify_followers(version_id: int) -> int:
    return services.followers_notify(actor=SYSTEM, version_id=version_id)


@task(queue_name="opendata")
def refresh_live_datasets() -> int:
    return services.live_datasets_refresh_all(actor=SYSTEM)


@task(queue_name="opendata")
def flag_overdue_datasets() -> int:
    from hromada.core.tenancy.models import Community

    return sum(services.datasets_flag_overdue(actor=SYSTEM, community=c)
               for c in Community.objects.filter(is_active=True) if c.capability_enabled("opendata"))
