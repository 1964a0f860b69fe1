"""Loading a version's rows into its datastore table in the background, and dropping the tables of the
versions it supersedes; a failed load is recorded on its job row, never raised."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hromada.core.audit.services import audit_record
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.guard import require, service

from .. import datastore, policies
from ..models import DatastoreTable, LoadStatus


@service
def datastore_run_load(*, actor=SYSTEM, version_id: int) -> DatastoreTable | None:
    """Load a version's rows into its datastore table (background, as SYSTEM); a failure is recorded, never
    raised."""
    require(policies.can_run_background_jobs(actor))

    table = DatastoreTable.objects.select_related("version", "version__resource").filter(version_id=version_id).first()
    if table is None or table.status == "active":
        return table
    version = table.version
    try:
        with version.file.open("rb") as handle:
            content = handle.read()
        datastore.load(table, content, version.resource.format)
    except Exception as exc:  # noqa: BLE001 — the job row shows the failure to staff; the old version stays
        datastore.drop_table(table.table_name)
        DatastoreTable.objects.filter(pk=table.pk).update(status="failed", error=str(exc)[:2000],
                                                          finished_at=timezone.now())
        return table
    with transaction.atomic():
        audit_record(actor=actor, community=version.community, action="opendata.datastore.loaded", target=table,
                     data={"rows": table.rows_loaded, "resource": str(version.resource_id)})
    _drop_superseded_tables(table)
    return table


def _drop_superseded_tables(table: DatastoreTable) -> None:
    """Once a version's table is ready, the tables of the resource's earlier versions are never queried
    again (the API and the preview read the current version): drop them, keep their job rows as history."""

    older = DatastoreTable.objects.filter(version__resource_id=table.version.resource_id,
                                          version__number__lt=table.version.number).exclude(
        status__in=(LoadStatus.SUPERSEDED, LoadStatus.FAILED))
    for old in older:
        datastore.drop_table(old.table_name)
        DatastoreTable.objects.filter(pk=old.pk).update(status=LoadStatus.SUPERSEDED)
