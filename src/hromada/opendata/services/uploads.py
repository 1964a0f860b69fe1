"""Large uploads checked in the background: accepted at once (rights, size, format, name), checked by a
task, then published as their submitter through the resource services or rejected with a report."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import DomainError, NotFound
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.guard import require, service
from hromada.core.jobs.enqueue import enqueue_on_commit
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path

from .. import policies
from ..models import CheckStatus, Dataset, PendingUpload, Resource
from ..validation import guess_format, read_upload
from .resources import _resource_name, resource_create, resource_update


@service
def upload_submit(*, actor, community, dataset: Dataset, upload, resource: Resource | None = None, name: str = "",
                  description: str = "", format: str = "") -> PendingUpload:
    """Accept a large file to be checked in the background, for a new resource or (with `resource`) a new
    version; what can be judged at once (rights, size, format, name) is judged here. `upload_check` then
    publishes it through resource_create/resource_update, or records why not."""
    if dataset.community_id != community.pk or (resource is not None and resource.dataset_id != dataset.pk):
        raise NotFound()
    require(policies.can_publish(actor, community, dataset.publisher))
    filename = getattr(upload, "name", "") or "data"
    fmt = resource.format if resource is not None else guess_format(filename, format)
    name = "" if resource is not None else _resource_name(name or filename[:254])
    content = read_upload(upload)
    with transaction.atomic():
        pending = PendingUpload(community=community, dataset=dataset, resource=resource, name=name,
                                description=description, format=fmt, filename=filename[:255], size=len(content),
                                created_by=actor)
        pending.file.save(f"{uuid.uuid4().hex}.bin", ContentFile(content), save=False)
        pending.save()
        audit_record(actor=actor, community=community, action="opendata.upload.submitted", target=pending,
                     data={"dataset": str(dataset.pk), "size": len(content)})
        enqueue_on_commit("hromada.opendata.tasks.check_upload", str(pending.pk))
    return pending


@service
def upload_check(*, actor=SYSTEM, upload_id) -> PendingUpload | None:
    """Check a pending upload (background) and publish it as its submitter, whose rights are asked again;
    a rejection keeps the report and publishes nothing. The incoming file is removed either way.

    Safe to run again after a worker died at any point: the outcome, the publication and the submitter's
    notice commit in one transaction, conditional on the upload still being checked, so it is published
    once; a run that finds the outcome recorded only removes a file left behind. A job of the platform
    (SYSTEM), which publishes in the submitter's name."""
    require(policies.can_run_background_jobs(actor))
    pending = PendingUpload.objects.select_related("dataset", "resource", "created_by", "community").filter(
        pk=upload_id).first()
    if pending is None:
        return None
    if pending.status != CheckStatus.CHECKING:
        _discard_incoming(pending)
        return pending
    with pending.file.open("rb") as handle:
        content = handle.read()
    language = getattr(pending.created_by, "language", "") or settings.LANGUAGE_CODE

    def record(published: Resource | None, problems: list[str]) -> None:
        done = PendingUpload.objects.filter(pk=pending.pk, status=CheckStatus.CHECKING).update(
            status=CheckStatus.PUBLISHED if published else CheckStatus.REJECTED, problems=problems,
            published=published, finished_at=timezone.now())
        if not done:
            raise _AlreadyChecked  # another run recorded it first: roll this publication back
        if pending.created_by is not None:
            title = (gettext_lazy("“{file}” was checked and published in “{title}”.") if published else
                     gettext_lazy("“{file}” was not published in “{title}”: it has problems."))
            notify(community=pending.community, recipients=[pending.created_by], event="opendata.upload_checked",
                   title=title, url=community_path(pending.community, "opendata:dataset", pending.dataset.name),
                   params={"file": pending.filename, "title": pending.dataset.title})

    try:
        try:
            with translation.override(language):  # the report is read by the submitter
                _publish_pending(pending, content, then=lambda resource: record(resource, []))
        except DomainError as exc:
            with translation.override(language):
                problems = [str(m) for messages in exc.fields.values() for m in messages] or [str(exc.message)]
            with transaction.atomic():
                record(None, problems)
    except _AlreadyChecked:
        pass
    pending.refresh_from_db()
    _discard_incoming(pending)
    return pending


class _AlreadyChecked(Exception):
    pass


def _discard_incoming(pending: PendingUpload) -> None:
    # The row keeps the file's name until the file is gone, so a run after a crash can still find it.
    if pending.file:
        pending.file.delete(save=False)
        PendingUpload.objects.filter(pk=pending.pk).update(file="")


def _publish_pending(pending: PendingUpload, content: bytes, then) -> Resource:
    if pending.resource is not None:
        resource_update(actor=pending.created_by, community=pending.community, resource=pending.resource,
                        content=content, filename=pending.filename, then=then)
        return pending.resource
    return resource_create(actor=pending.created_by, community=pending.community, dataset=pending.dataset,
                           name=pending.name, content=content, filename=pending.filename, format=pending.format,
                           description=pending.description, then=then)
