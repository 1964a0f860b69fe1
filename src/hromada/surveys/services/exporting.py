"""The XLSX of a survey's responses as a background job (ADR 0036, amendment): minutes of work at 100,000
responses, far longer than a web request may wait. Staff ask for it; a worker writes it into private storage a
chunk at a time, counting its progress on the Export row that the staff's page shows."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound
from hromada.core.identity.guard import require, service
from hromada.core.jobs.enqueue import enqueue_on_commit

from .. import policies
from ..models import Export, Survey

BUILD_TASK = "hromada.surveys.tasks.survey_export_build"


@service
def survey_export_request(*, actor, community, survey_id: int) -> Export:
    """Queue an XLSX of the survey's responses; the worker starts once this commits."""
    require(policies.can_export(actor, community), _("Only the community's staff may export responses."))
    try:
        survey = Survey.objects.get(community=community, pk=int(survey_id))
    except (Survey.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    with transaction.atomic():
        export = Export.objects.create(community=community, survey=survey, total=survey.response_count,
                                       requested_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit_record(actor=actor, community=community, action="surveys.export.requested", target=survey,
                     data={"export": export.pk, "format": "xlsx"})
        enqueue_on_commit(BUILD_TASK, export.pk)
    return export


@service
def survey_export_build(*, actor, community, export_id: int) -> Export | None:
    """The worker's part (run as the system actor): write the workbook to a temporary file, saving the count of
    responses written after each chunk, then keep it in private storage. A failure marks the export failed (the
    staff may ask again); an export that is not queued any more (done, or another worker's) is left alone."""
    from ..exports import xlsx_file

    require(policies.can_export(actor, community), _("Only the community's staff may export responses."))
    export = (Export.objects.select_related("survey")
              .filter(community=community, pk=export_id, state=Export.State.QUEUED).first())
    if export is None:
        return None
    Export.objects.filter(pk=export.pk).update(state=Export.State.RUNNING)

    def progress(done: int) -> None:
        Export.objects.filter(pk=export.pk).update(done=done)

    try:
        with tempfile.TemporaryFile() as target:
            xlsx_file(export.survey, target, progress)
            target.seek(0)
            export.file.save(f"survey-{export.survey_id}.xlsx", File(target), save=False)
    except Exception:
        Export.objects.filter(pk=export.pk).update(state=Export.State.FAILED, finished_at=timezone.now())
        raise
    export.state, export.finished_at = Export.State.DONE, timezone.now()
    export.done = Export.objects.values_list("done", flat=True).get(pk=export.pk)
    export.save(update_fields=["file", "state", "finished_at", "done"])
    return export
