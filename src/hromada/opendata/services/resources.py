"""Resources and their versions: publishing an uploaded, validated file or a link as a new resource or a
new version, moving the dataset's dates and scheduling the datastore load and the followers' notice."""

from __future__ import annotations

import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.jobs.enqueue import enqueue_on_commit

from .. import policies
from ..models import TABULAR_FORMATS, Dataset, DatastoreTable, Resource, ResourceVersion
from ..validation import CheckedFile, check_file, ckan_fields, guess_format, read_upload
from ..vocabulary import next_update_due
from .catalogue import _catalogue_changed, _packages_changed


def _checked_upload(dataset: Dataset, *, upload, content: bytes | None, filename: str, fmt: str) -> CheckedFile:
    if upload is not None:
        filename = filename or getattr(upload, "name", "")
        content = read_upload(upload)
    fmt = guess_format(filename, fmt)
    template = dataset.template
    schema = template.table_schema if template is not None and fmt in TABULAR_FORMATS else None
    return check_file(content or b"", fmt, table_schema=schema)


def _publish_version(*, actor, community, dataset: Dataset, resource: Resource, checked: CheckedFile | None,
                     url: str, filename: str, created: bool) -> ResourceVersion:
    """Write the version, move the dataset's dates, create the datastore job; inside the caller's transaction."""
    now = timezone.now()
    number = (resource.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ResourceVersion(community=community, resource=resource, number=number, source_url=url,
                              created_by=actor if getattr(actor, "is_authenticated", False) else None)
    if checked is not None:
        version.size, version.sha256, version.mimetype = checked.size, checked.sha256, checked.mimetype
        version.table_schema, version.row_count = checked.table_schema, checked.row_count
        safe = slugify(filename.rsplit(".", 1)[0])[:60] or "data"
        version.file.save(f"{safe}.{checked.format.lower()}", ContentFile(checked.content), save=False)
    version.save()
    resource.current_version = version
    resource.last_modified = now
    resource.save(update_fields=["current_version", "last_modified"])
    loads = checked is not None and bool(checked.table_schema)
    if checked is not None and checked.table_schema:
        DatastoreTable.objects.create(
            community=community, version=version, table_name=f"opendata_ds_{community.pk}_{version.pk}",
            fields=_fields_with_formats(checked.table_schema), rows_total=checked.row_count,
        )
    Dataset.objects.filter(pk=dataset.pk).update(
        last_published_at=now, first_published_at=dataset.first_published_at or now, metadata_modified=now,
        next_update_due=next_update_due(community, dataset.update_frequency, now), overdue_notified_for=None,
    )
    _packages_changed(Dataset.objects.filter(pk=dataset.pk))
    audit_record(actor=actor, community=community,
                 action="opendata.resource.created" if created else "opendata.resource.updated",
                 target=resource, data={"dataset": str(dataset.pk), "version": number,
                                        "sha256": version.sha256, "url": url})
    _catalogue_changed(community)
    if loads:
        enqueue_on_commit("hromada.opendata.tasks.datastore_load", version.pk)
    enqueue_on_commit("hromada.opendata.tasks.notify_followers", version.pk)
    return version


def _fields_with_formats(table_schema: dict) -> list[dict]:
    fields = ckan_fields(table_schema)
    for field, source in zip(fields, table_schema.get("fields", []), strict=True):
        if source.get("format") and source["format"] != "default":
            field["format"] = source["format"]
    return fields


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if not re.match(r"^https?://[^\s]{3,}$", url) or len(url) > 1000:
        raise ValidationFailed(fields={"url": [_("Give an http(s) link.")]})
    return url


@service
def resource_create(*, actor, community, dataset: Dataset, name: str, upload=None, content: bytes | None = None,
                    filename: str = "", url: str = "", format: str = "", description: str = "",
                    live_kind: str = "", then=None) -> Resource:
    """Add a resource (an uploaded, validated file or a link) to a dataset; an invalid file publishes nothing.

    `then(resource)` runs inside the publishing transaction (upload_check records its outcome there)."""
    if dataset.community_id != community.pk:
        raise NotFound()
    require(policies.can_publish(actor, community, dataset.publisher))
    name = _resource_name(name)
    has_file = upload is not None or content is not None
    if has_file == bool(url):
        raise ValidationFailed(fields={"file": [_("Upload a file or give a link (one of them).")]})
    checked = None
    if has_file:
        checked = _checked_upload(dataset, upload=upload, content=content, filename=filename, fmt=format)
        fmt = checked.format
        filename = filename or getattr(upload, "name", "") or name
    else:
        url = _check_url(url)
        fmt = guess_format(url.split("?")[0], format) if format or "." in url.rsplit("/", 1)[-1] else ""
        if not fmt:
            raise ValidationFailed(fields={"format": [_("Say which format the link points to.")]})
    with transaction.atomic():
        position = Resource.objects.filter(dataset=dataset).count()
        resource = Resource.objects.create(community=community, dataset=dataset, name=name, description=description,
                                           format=fmt, position=position, last_modified=timezone.now(),
                                           live_kind=live_kind)
        _publish_version(actor=actor, community=community, dataset=dataset, resource=resource, checked=checked,
                         url=url, filename=filename, created=True)
        if then is not None:
            then(resource)
    return resource


def _resource_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 254:
        raise ValidationFailed(fields={"name": [_("Give the resource a name of 1 to 254 characters.")]})
    return name


@service
def resource_update(*, actor, community, resource: Resource, upload=None, content: bytes | None = None,
                    filename: str = "", url: str = "", then=None) -> ResourceVersion:
    """Publish a new version of a resource; earlier versions stay available with their dates.

    `then(resource)` runs inside the publishing transaction (upload_check records its outcome there)."""
    if resource.community_id != community.pk:
        raise NotFound()
    dataset = resource.dataset
    require(policies.can_publish(actor, community, dataset.publisher))
    has_file = upload is not None or content is not None
    if has_file == bool(url):
        raise ValidationFailed(fields={"file": [_("Upload a file or give a link (one of them).")]})
    checked = None
    if has_file:
        filename = filename or getattr(upload, "name", "") or f"{resource.name}.{resource.format.lower()}"
        checked = _checked_upload(dataset, upload=upload, content=content, filename=filename, fmt=resource.format)
    else:
        url = _check_url(url)
    with transaction.atomic():
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        version = _publish_version(actor=actor, community=community, dataset=dataset, resource=locked,
                                   checked=checked, url=url, filename=filename, created=False)
        if then is not None:
            then(locked)
        return version
