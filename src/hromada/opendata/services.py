"""Every write of the open-data portal: publishers, themes, templates, datasets, resources and their
versions, subscriptions, overdue flags and the refresh of live datasets declared by other capabilities.

Each function checks its policy, validates, writes in one transaction, audits, and schedules the
datastore load and the followers' notifications after commit."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import capabilities
from hromada.core.audit.services import audit_record
from hromada.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    validation_error_from_django,
)
from hromada.core.identity.models import Membership, Role
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path
from hromada.core.text import is_blank

from . import policies
from .datastore import csv_bytes
from .models import (
    DESCRIPTION_MAX,
    TABULAR_FORMATS,
    CheckStatus,
    Dataset,
    DatasetTemplate,
    DatastoreTable,
    Follow,
    LoadStatus,
    PendingUpload,
    Publisher,
    PublisherKind,
    Resource,
    ResourceVersion,
    StoredPackage,
    Tag,
    Theme,
    UpdateFrequency,
)
from .validation import CheckedFile, check_file, ckan_fields, guess_format, read_upload
from .vocabulary import DEFAULT_LICENSE, LICENSE_BY_ID, next_update_due

PLATFORM_PUBLISHER = "platform"
_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


def _full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise validation_error_from_django(exc) from None


def _name_from(title: str, given: str) -> str:
    if given:
        name = given.strip().lower()
        if not _NAME.match(name):
            raise ValidationFailed(fields={"name": [_("Use 2–100 lowercase Latin letters, digits, - or _.")]})
        return name
    return (slugify(title)[:80].strip("-") or "dataset") + "-" + uuid.uuid4().hex[:6]


# ---------------------------------------------------------------- publishers, themes, templates


def publisher_create(*, actor, community, title: str, name: str = "", description: str = "",
                     kind: str = PublisherKind.DEPARTMENT, department=None, email: str = "", edrpou: str = "",
                     system: bool = False) -> Publisher:
    """Create a publisher (organization); community admins only, or the platform itself (system=True)."""
    if not system and not policies.can_manage_publishers(actor, community):
        raise PermissionDenied()
    if kind not in PublisherKind.values or (kind == PublisherKind.PLATFORM and not system):
        raise ValidationFailed(fields={"kind": [_("Choose a kind of publisher.")]})
    if department is not None and department.community_id != community.pk:
        raise ValidationFailed(fields={"department": [_("Unknown department.")]})
    publisher = Publisher(community=community, title=(title or "").strip(), name=_name_from(title, name),
                          description=description, kind=kind, department=department, email=email, edrpou=edrpou)
    return _save_named(publisher, actor=actor, action="opendata.publisher.created",
                       taken=_("A publisher with this name exists."))


def _catalogue_changed(community) -> None:
    from .search import catalogue_changed

    # Now (so this transaction's own reads are fresh) and after commit (so nobody caches the old state
    # between the two).
    community_id = community.pk
    catalogue_changed(community_id)
    transaction.on_commit(lambda: catalogue_changed(community_id))


def _packages_changed(datasets) -> None:
    """Empty the stored package dicts of these datasets (a queryset) and render them again after commit;
    the version guards the render against a reader of the old state storing it last."""
    ids = list(datasets.values_list("pk", flat=True))
    if not ids:
        return
    StoredPackage.objects.filter(dataset_id__in=ids).update(json=None, version=F("version") + 1)
    transaction.on_commit(lambda: _enqueue_render(ids))


def _enqueue_render(ids) -> None:
    from .tasks import render_packages

    render_packages.enqueue([str(pk) for pk in ids])


def _save_named(obj, *, actor, action: str, taken: str):
    """Validate and save a publisher or theme whose short name is unique in its community, with its audit."""
    _full_clean(obj, exclude=["community"])
    with transaction.atomic():
        if type(obj).objects.filter(community=obj.community, name=obj.name).exists():
            raise Conflict(fields={"name": [taken]})
        obj.save()
        audit_record(actor=actor, community=obj.community, action=action, target=obj)
        _catalogue_changed(obj.community)
    return obj


def theme_create(*, actor, community, title: str, name: str = "", description: str = "") -> Theme:
    if not policies.can_manage_publishers(actor, community):
        raise PermissionDenied()
    theme = Theme(community=community, title=(title or "").strip(), name=_name_from(title, name),
                  description=description)
    return _save_named(theme, actor=actor, action="opendata.theme.created", taken=_("A theme with this name exists."))


def publisher_update(*, actor, community, publisher: Publisher, title: str, description: str = "",
                     kind: str = PublisherKind.DEPARTMENT, department=None, email: str = "",
                     edrpou: str = "") -> Publisher:
    """Change a publisher's title, description, kind, department and contacts; its short name (in every
    link and harvester's record) stays. Its datasets' search text follows a new title."""
    if publisher.community_id != community.pk:
        raise NotFound()
    if not policies.can_manage_publishers(actor, community) or publisher.kind == PublisherKind.PLATFORM:
        raise PermissionDenied()
    if kind not in PublisherKind.values or kind == PublisherKind.PLATFORM:
        raise ValidationFailed(fields={"kind": [_("Choose a kind of publisher.")]})
    if department is not None and department.community_id != community.pk:
        raise ValidationFailed(fields={"department": [_("Unknown department.")]})
    publisher.title, publisher.description, publisher.kind = (title or "").strip(), description, kind
    publisher.department, publisher.email, publisher.edrpou = department, email, edrpou
    _full_clean(publisher, exclude=["community"])
    with transaction.atomic():
        publisher.save()
        for dataset in Dataset.objects.filter(publisher=publisher).select_related("publisher"):
            _refresh_search_text(dataset)
            Dataset.objects.filter(pk=dataset.pk).update(search_text=dataset.search_text)
        _packages_changed(Dataset.objects.filter(publisher=publisher))
        audit_record(actor=actor, community=community, action="opendata.publisher.updated", target=publisher)
        _catalogue_changed(community)
    return publisher


def theme_update(*, actor, community, theme: Theme, title: str, description: str = "") -> Theme:
    """Change a theme's title and description; its short name stays."""
    if theme.community_id != community.pk:
        raise NotFound()
    if not policies.can_manage_publishers(actor, community):
        raise PermissionDenied()
    theme.title, theme.description = (title or "").strip(), description
    _full_clean(theme, exclude=["community"])
    with transaction.atomic():
        theme.save()
        _packages_changed(Dataset.objects.filter(themes=theme))
        audit_record(actor=actor, community=community, action="opendata.theme.updated", target=theme)
        _catalogue_changed(community)
    return theme


def template_create(*, actor, community, slug: str, title: str, table_schema: dict, description: str = "") -> DatasetTemplate:
    """Define a Table Schema template once; every community can then use it for its datasets."""
    if not policies.can_manage_publishers(actor, community):
        raise PermissionDenied()
    import frictionless

    try:
        schema = frictionless.Schema.from_descriptor(table_schema)
        if not schema.fields:
            raise ValueError
    except Exception:  # noqa: BLE001 — any malformed descriptor is the caller's input error
        raise ValidationFailed(fields={"table_schema": [_("Give a Table Schema with at least one field.")]}) from None
    template = DatasetTemplate(slug=slug, title=title, description=description, table_schema=schema.to_descriptor())
    _full_clean(template)
    with transaction.atomic():
        if DatasetTemplate.objects.filter(slug=slug).exists():
            raise Conflict(fields={"slug": [_("A template with this code exists.")]})
        template.save()
        audit_record(actor=actor, community=community, action="opendata.template.created", target=template)
    return template


# ---------------------------------------------------------------- datasets

_PASSPORT = ("title", "description", "legal_basis", "purpose", "language", "update_frequency", "maintainer",
             "maintainer_email", "license_id", "private", "actuality_date")


def _apply_passport(dataset: Dataset, values: dict) -> None:
    for key in _PASSPORT:
        if key in values and values[key] is not None:
            value = values[key]
            setattr(dataset, key, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if is_blank(dataset.title):
        errors["title"] = [_("Give the dataset a title.")]
    if dataset.update_frequency not in UpdateFrequency.values:
        errors["update_frequency"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(UpdateFrequency.values)}]
    for key in ("description", "legal_basis"):
        if len(getattr(dataset, key) or "") > DESCRIPTION_MAX:
            errors[key] = [_("At most %(n)d characters.") % {"n": DESCRIPTION_MAX}]
    if dataset.license_id not in LICENSE_BY_ID:
        errors["license_id"] = [_("Unknown licence.")]
    if isinstance(dataset.actuality_date, str):
        try:
            dataset.actuality_date = date.fromisoformat(dataset.actuality_date) if dataset.actuality_date else None
        except ValueError:
            errors["actuality_date"] = [_("Use the date format YYYY-MM-DD.")]
    if errors:
        raise ValidationFailed(fields=errors)
    _full_clean(dataset, exclude=["community", "publisher", "template", "metadata_modified", "search_text"])


def _clean_tags(tags) -> list[str]:
    if tags is None:
        return []
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = []
    for tag in tags:
        tag = str(tag).strip()
        if not tag:
            continue
        if len(tag) > 100:
            raise ValidationFailed(fields={"tags": [_("A keyword is at most 100 characters.")]})
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > 30:
        raise ValidationFailed(fields={"tags": [_("At most 30 keywords.")]})
    return cleaned


def _set_tags_and_themes(dataset: Dataset, tags: list[str] | None, themes) -> None:
    if tags is not None:
        existing = {t.name: t for t in Tag.objects.filter(community_id=dataset.community_id, name__in=tags)}
        for name in tags:
            if name not in existing:
                existing[name] = Tag.objects.create(community_id=dataset.community_id, name=name)
        dataset.tags.set([existing[name] for name in tags])
    if themes is not None:
        dataset.themes.set(themes)


def _refresh_search_text(dataset: Dataset, tags: list[str] | None = None) -> None:
    if tags is None:
        tags = list(dataset.tags.values_list("name", flat=True))
    dataset.search_text = " ".join(
        [dataset.title, dataset.name, dataset.description, dataset.publisher.title, *tags]
    ).lower()


def _check_themes(community, themes) -> list[Theme]:
    themes = list(themes or [])
    if any(t.community_id != community.pk for t in themes):
        raise ValidationFailed(fields={"themes": [_("Unknown theme.")]})
    return themes


def dataset_create(*, actor, community, publisher: Publisher, title: str, maintainer: str, maintainer_email: str,
                   name: str = "", description: str = "", legal_basis: str = "", purpose: str = "",
                   update_frequency: str = UpdateFrequency.MONTHLY, license_id: str = DEFAULT_LICENSE,
                   language: str = "ua", private: bool = False, tags=None, themes=None,
                   template: DatasetTemplate | None = None, actuality_date=None, system: bool = False,
                   live_export: str = "") -> Dataset:
    """Create a dataset with its passport (Resolution 835); it has no resources yet."""
    if publisher is None or publisher.community_id != community.pk:
        raise ValidationFailed(fields={"publisher": [_("Unknown publisher.")]})
    if not system and not policies.can_publish(actor, community, publisher):
        raise PermissionDenied()
    dataset = Dataset(community=community, publisher=publisher, name=_name_from(title or "", name),
                      template=template, live_export=live_export, metadata_modified=timezone.now())
    _apply_passport(dataset, {"title": title, "description": description, "legal_basis": legal_basis,
                              "purpose": purpose, "language": language, "update_frequency": update_frequency,
                              "maintainer": maintainer, "maintainer_email": maintainer_email,
                              "license_id": license_id, "private": bool(private), "actuality_date": actuality_date})
    tags = _clean_tags(tags)
    themes = _check_themes(community, themes)
    with transaction.atomic():
        if Dataset.objects.filter(community=community, name=dataset.name).exists():
            raise Conflict(fields={"name": [_("That URL is already in use.")]})
        _refresh_search_text(dataset, tags)
        dataset.save()
        _set_tags_and_themes(dataset, tags, themes)
        _packages_changed(Dataset.objects.filter(pk=dataset.pk))  # to be rendered after commit
        audit_record(actor=actor, community=community, action="opendata.dataset.created", target=dataset,
                     data={"publisher": publisher.name, "private": dataset.private})
        _catalogue_changed(community)
    return dataset


def dataset_update(*, actor, community, dataset: Dataset, tags=None, themes=None, publisher=None, **passport) -> Dataset:
    """Change a dataset's passport (any of its fields), keywords, themes or publisher."""
    if dataset.community_id != community.pk:
        raise NotFound()
    if not policies.can_publish(actor, community, dataset.publisher):
        raise PermissionDenied()
    unknown = set(passport) - set(_PASSPORT)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    if publisher is not None and (publisher.community_id != community.pk
                                  or not policies.can_publish(actor, community, publisher)):
        raise ValidationFailed(fields={"publisher": [_("Unknown publisher.")]})
    tags = _clean_tags(tags) if tags is not None else None
    themes = _check_themes(community, themes) if themes is not None else None
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().select_related("publisher").get(pk=dataset.pk)
        before = {key: str(getattr(locked, key)) for key in passport}
        _apply_passport(locked, passport)
        if publisher is not None:
            locked.publisher = publisher
        locked.next_update_due = next_update_due(community, locked.update_frequency, locked.last_published_at)
        locked.metadata_modified = timezone.now()
        _set_tags_and_themes(locked, tags, themes)
        _refresh_search_text(locked, tags)
        locked.save()
        _packages_changed(Dataset.objects.filter(pk=locked.pk))
        _catalogue_changed(community)
        audit_record(actor=actor, community=community, action="opendata.dataset.updated", target=locked,
                     data={"before": before, "after": {key: str(getattr(locked, key)) for key in passport}})
    return locked


# ---------------------------------------------------------------- resources and versions


def _checked_upload(dataset: Dataset, *, upload, content: bytes | None, filename: str, fmt: str) -> CheckedFile:
    if upload is not None:
        filename = filename or getattr(upload, "name", "")
        content = read_upload(upload)
    fmt = guess_format(filename, fmt)
    schema = dataset.template.table_schema if dataset.template_id and fmt in TABULAR_FORMATS else None
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
    version_id = version.pk
    _catalogue_changed(community)
    transaction.on_commit(lambda: _after_publish(version_id))
    return version


def _fields_with_formats(table_schema: dict) -> list[dict]:
    fields = ckan_fields(table_schema)
    for field, source in zip(fields, table_schema.get("fields", []), strict=True):
        if source.get("format") and source["format"] != "default":
            field["format"] = source["format"]
    return fields


def _after_publish(version_id: int) -> None:
    from .tasks import datastore_load, notify_followers

    if DatastoreTable.objects.filter(version_id=version_id).exists():
        datastore_load.enqueue(version_id)
    notify_followers.enqueue(version_id)


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if not re.match(r"^https?://[^\s]{3,}$", url) or len(url) > 1000:
        raise ValidationFailed(fields={"url": [_("Give an http(s) link.")]})
    return url


def resource_create(*, actor, community, dataset: Dataset, name: str, upload=None, content: bytes | None = None,
                    filename: str = "", url: str = "", format: str = "", description: str = "",
                    system: bool = False, live_kind: str = "", then=None) -> Resource:
    """Add a resource (an uploaded, validated file or a link) to a dataset; an invalid file publishes nothing.

    `then(resource)` runs inside the publishing transaction (upload_check records its outcome there)."""
    if dataset.community_id != community.pk:
        raise NotFound()
    if not system and not policies.can_publish(actor, community, dataset.publisher):
        raise PermissionDenied()
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


def upload_submit(*, actor, community, dataset: Dataset, upload, resource: Resource | None = None, name: str = "",
                  description: str = "", format: str = "") -> PendingUpload:
    """Accept a large file to be checked in the background, for a new resource or (with `resource`) a new
    version; what can be judged at once (rights, size, format, name) is judged here. `upload_check` then
    publishes it through resource_create/resource_update, or records why not."""
    if dataset.community_id != community.pk or (resource is not None and resource.dataset_id != dataset.pk):
        raise NotFound()
    if not policies.can_publish(actor, community, dataset.publisher):
        raise PermissionDenied()
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
        transaction.on_commit(lambda: _enqueue_check(pending.pk))
    return pending


def _enqueue_check(upload_id) -> None:
    from .tasks import check_upload

    check_upload.enqueue(str(upload_id))


def upload_check(*, upload_id) -> PendingUpload | None:
    """Check a pending upload (background) and publish it as its submitter, whose rights are asked again;
    a rejection keeps the report and publishes nothing. The incoming file is removed either way.

    Safe to run again after a worker died at any point: the outcome, the publication and the submitter's
    notice commit in one transaction, conditional on the upload still being checked, so it is published
    once; a run that finds the outcome recorded only removes a file left behind."""
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


def resource_update(*, actor, community, resource: Resource, upload=None, content: bytes | None = None,
                    filename: str = "", url: str = "", system: bool = False, then=None) -> ResourceVersion:
    """Publish a new version of a resource; earlier versions stay available with their dates.

    `then(resource)` runs inside the publishing transaction (upload_check records its outcome there)."""
    if resource.community_id != community.pk:
        raise NotFound()
    dataset = resource.dataset
    if not system and not policies.can_publish(actor, community, dataset.publisher):
        raise PermissionDenied()
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


def datastore_run_load(*, version_id: int) -> DatastoreTable | None:
    """Load a version's rows into its datastore table (background); a failure is recorded, never raised."""
    from . import datastore

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
        audit_record(actor=None, community=version.community, action="opendata.datastore.loaded", target=table,
                     data={"rows": table.rows_loaded, "resource": str(version.resource_id)})
    _drop_superseded_tables(table)
    return table


def _drop_superseded_tables(table: DatastoreTable) -> None:
    """Once a version's table is ready, the tables of the resource's earlier versions are never queried
    again (the API and the preview read the current version): drop them, keep their job rows as history."""
    from . import datastore

    older = DatastoreTable.objects.filter(version__resource_id=table.version.resource_id,
                                          version__number__lt=table.version.number).exclude(
        status__in=(LoadStatus.SUPERSEDED, LoadStatus.FAILED))
    for old in older:
        datastore.drop_table(old.table_name)
        DatastoreTable.objects.filter(pk=old.pk).update(status=LoadStatus.SUPERSEDED)


# ---------------------------------------------------------------- subscriptions


def follow_create(*, actor, community, dataset: Dataset | None = None, publisher: Publisher | None = None) -> Follow:
    """Follow a dataset or a publisher; following twice is a conflict (CKAN answers a Validation Error)."""
    if not policies.can_follow(actor):
        raise PermissionDenied(_("Sign in to follow."))
    if (dataset is None) == (publisher is None):
        raise ValidationFailed(fields={"id": [_("Follow one dataset or one publisher.")]})
    target = dataset or publisher
    if target.community_id != community.pk or (dataset is not None
                                                and not policies.can_see_dataset(actor, community, dataset)):
        raise NotFound()
    try:
        with transaction.atomic():
            follow = Follow.objects.create(community=community, user=actor, dataset=dataset, publisher=publisher)
            audit_record(actor=actor, community=community, action="opendata.follow.created", target=follow,
                         data={"dataset": str(dataset.pk) if dataset else "",
                               "publisher": str(publisher.pk) if publisher else ""})
    except IntegrityError:
        raise Conflict(_("You are already following this."), fields={"id": [_("You are already following this.")]}) from None
    return follow


def follow_delete(*, actor, community, dataset: Dataset | None = None, publisher: Publisher | None = None) -> None:
    if not policies.can_follow(actor):
        raise PermissionDenied()
    follow = Follow.objects.filter(community=community, user=actor, dataset=dataset, publisher=publisher).first()
    if follow is None:
        raise NotFound(_("You are not following this."))
    with transaction.atomic():
        audit_record(actor=actor, community=community, action="opendata.follow.deleted", target=follow)
        follow.delete()


def followers_notify(*, version_id: int) -> int:
    """Tell the followers of the dataset and of its publisher that a resource was added or updated (once each)."""
    version = ResourceVersion.objects.select_related("resource__dataset__publisher", "community").filter(
        pk=version_id).first()
    if version is None:
        return 0
    resource, community = version.resource, version.community
    dataset = resource.dataset
    follows = Follow.objects.filter(community=community).filter(
        Q(dataset=dataset) | Q(publisher_id=dataset.publisher_id)).values_list("user_id", flat=True)
    users = get_user_model().objects.filter(pk__in=list(follows), is_active=True)
    if dataset.private:
        staff = Membership.objects.filter(community=community, role__in=[Role.MODERATOR, Role.OFFICIAL, Role.ADMIN])
        users = users.filter(pk__in=staff.values("user_id"))
    event = "opendata.resource.created" if version.number == 1 else "opendata.resource.updated"
    title = (gettext_lazy("New data in “{title}”: {resource}") if version.number == 1
             else gettext_lazy("Updated data in “{title}”: {resource}"))
    with transaction.atomic():
        return notify(community=community, recipients=users, event=event, title=title,
                      url=community_path(community, "opendata:dataset", dataset.name),
                      params={"title": dataset.title, "resource": resource.name}, exclude=version.created_by)


# ---------------------------------------------------------------- timeliness


def datasets_flag_overdue(*, community, now: datetime | None = None) -> int:
    """Notify each overdue dataset's publisher once per missed due date; return how many were flagged."""
    now = now or timezone.now()
    overdue = list(Dataset.objects.filter(community=community, next_update_due__lt=now)
                   .exclude(overdue_notified_for=F("next_update_due")).select_related("publisher"))
    admins = list(Membership.objects.filter(community=community, role=Role.ADMIN).values_list("user_id", flat=True))
    for dataset in overdue:
        dept = dataset.publisher.department_id
        officials = (list(Membership.objects.filter(community=community, role=Role.OFFICIAL, department_id=dept)
                          .values_list("user_id", flat=True)) if dept else [])
        recipients = get_user_model().objects.filter(pk__in=officials or admins)
        with transaction.atomic():
            Dataset.objects.filter(pk=dataset.pk).update(overdue_notified_for=dataset.next_update_due)
            audit_record(actor=None, community=community, action="opendata.dataset.overdue", target=dataset,
                         data={"due": dataset.next_update_due.isoformat()})
            notify(community=community, recipients=recipients, event="opendata.dataset.overdue",
                   title=gettext_lazy("Dataset “{title}” is overdue for an update"),
                   body=gettext_lazy("Its update frequency is “{frequency}”; the update was due by {due}."),
                   url=community_path(community, "opendata:dataset", dataset.name),
                   params={"title": dataset.title, "frequency": dataset.update_frequency,
                           "due": timezone.localtime(dataset.next_update_due).strftime("%d.%m.%Y")})
    return len(overdue)


# ---------------------------------------------------------------- live datasets of other capabilities


def platform_publisher(community) -> Publisher:
    existing = Publisher.objects.filter(community=community, name=PLATFORM_PUBLISHER).first()
    if existing is not None:
        return existing
    return publisher_create(actor=None, community=community, name=PLATFORM_PUBLISHER, system=True,
                            kind=PublisherKind.PLATFORM, title=_("Hromada platform (automatic data)"),
                            description=_("Datasets the platform publishes by itself from its services."))


def _rows_csv(fields, rows) -> bytes:
    names = [name for name, _type in fields]
    return csv_bytes(names, ([_csv_cell(row.get(name)) for name in names] for row in rows))


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def live_dataset_refresh(*, community, manifest, export) -> Dataset:
    """Materialise one OpenDataExport: a CSV resource (and GeoJSON when declared) of a platform dataset.

    A new version is published only when the content changed, so followers hear only of real updates."""
    key = f"{manifest.slug}.{export.slug}"
    publisher = platform_publisher(community)
    dataset = Dataset.objects.filter(community=community, live_export=key).select_related("publisher",
                                                                                           "template").first()
    if dataset is None:
        dataset = dataset_create(
            actor=None, community=community, publisher=publisher, system=True, live_export=key,
            name=slugify(f"{manifest.slug}-{export.slug}")[:100], title=str(export.title)[:254],
            description=str(export.description)[:4000], update_frequency=export.update_frequency,
            maintainer=str(_("Hromada platform")), maintainer_email=community.email or "opendata@hromada.local",
            purpose=str(_("Published automatically from the community's own services, without personal data.")),
            legal_basis=str(_("Resolution of the Cabinet of Ministers of Ukraine No. 835 of 21.10.2015")),
            tags=[str(manifest.name)[:100], "live"],
        )
    schema = {"fields": [{"name": name, "type": kind} for name, kind in export.fields]}
    rows = list(capabilities.resolve(export.rows)(community))
    _publish_live(community, dataset, "rows", str(export.title), _rows_csv(export.fields, rows), "CSV", schema)
    if export.geojson:
        collection = capabilities.resolve(export.geojson)(community)
        _publish_live(community, dataset, "geojson", f"{export.title} (GeoJSON)",
                      json.dumps(collection, ensure_ascii=False, default=str).encode("utf-8"), "GeoJSON", None)
    return dataset


def _publish_live(community, dataset, kind, name, content, fmt, schema) -> None:
    import hashlib

    resource = Resource.objects.filter(dataset=dataset, live_kind=kind).select_related("current_version").first()
    if resource is not None and resource.current_version and resource.current_version.sha256 == hashlib.sha256(
            content).hexdigest():
        return
    checked = check_file(content, fmt, table_schema=schema)
    filename = f"{dataset.name}.{fmt.lower()}"
    if resource is None:
        resource_create(actor=None, community=community, dataset=dataset, name=name[:254], content=checked.content,
                        filename=filename, format=fmt, system=True, live_kind=kind)
    else:
        resource_update(actor=None, community=community, resource=resource, content=checked.content,
                        filename=filename, system=True)


def live_datasets_refresh_all() -> int:
    """Refresh every live dataset of every community that has the portal and the exporting capability enabled."""
    from hromada.core.tenancy.models import Community

    count = 0
    for community in Community.objects.filter(is_active=True):
        if not community.capability_enabled("opendata"):
            continue
        for manifest in community.enabled_manifests:
            for export in manifest.opendata_exports:
                try:
                    live_dataset_refresh(community=community, manifest=manifest, export=export)
                    count += 1
                except Exception:  # noqa: BLE001 — one broken export must not stop the others
                    import logging

                    logging.getLogger(__name__).exception("live dataset %s.%s failed", manifest.slug, export.slug)
    return count


