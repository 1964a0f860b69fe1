"""Background work of Surveys and polls: writing a requested XLSX export (services/exporting.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def survey_export_build(export_id: int) -> bool:
    from .services.exporting import export_build

    return export_build(export_id) is not None
