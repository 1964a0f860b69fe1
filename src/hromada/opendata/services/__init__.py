"""Every write of the open-data portal, one module per concern: publishers and themes, datasets, resources
and versions, background uploads, datastore loads, follows, and the live datasets of other capabilities.

Each service consults its policy (opendata.policies) through require(), validates, writes in one transaction,
audits, and schedules background work after commit with enqueue_on_commit; this package re-exports them all."""

from .datasets import dataset_create, dataset_update, datasets_flag_overdue
from .datastore_loads import datastore_run_load
from .follows import follow_create, follow_delete, followers_notify
from .live import live_dataset_refresh, live_datasets_refresh_all
from .publishers import (
    PLATFORM_PUBLISHER,
    platform_publisher,
    publisher_create,
    publisher_update,
    template_create,
    theme_create,
    theme_update,
)
from .resources import resource_create, resource_update
from .uploads import upload_check, upload_submit

__all__ = [
    "PLATFORM_PUBLISHER",
    "publisher_create", "publisher_update", "theme_create", "theme_update", "template_create", "platform_publisher",
    "dataset_create", "dataset_update", "datasets_flag_overdue",
    "resource_create", "resource_update",
    "upload_submit", "upload_check",
    "datastore_run_load",
    "follow_create", "follow_delete", "followers_notify",
    "live_dataset_refresh", "live_datasets_refresh_all",
]
