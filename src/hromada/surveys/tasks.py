"""Background work of Surveys and polls: writing a requested XLSX export (services/exporting.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def survey_export_build(export_id: int) -> bool:
    from hromada.core.identity.actors import SYSTEM

    from .models import Export
    from .services.exporting import survey_export_build as build

    export = Export.objects.select_related("community").filter(pk=export_id).first()
    if export is None:
        return False
    return build(actor=SYSTEM, community=export.community, export_id=export_id) is not None
