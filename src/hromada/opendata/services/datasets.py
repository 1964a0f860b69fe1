"""Datasets and their passports (Resolution 835): creating, changing, keywords and themes, and the
timeliness flags of datasets overdue for an update."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Role
from hromada.core.identity.selectors import member_ids_with_role
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path
from hromada.core.text import is_blank

from .. import policies
from ..models import DESCRIPTION_MAX, Dataset, DatasetTemplate, Publisher, Tag, Theme, UpdateFrequency
from ..vocabulary import DEFAULT_LICENSE, LICENSE_BY_ID, next_update_due
from .catalogue import _catalogue_changed, _full_clean, _name_from, _packages_changed

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


@service
def dataset_create(*, actor, community, publisher: Publisher, title: str, maintainer: str, maintainer_email: str,
                   name: str = "", description: str = "", legal_basis: str = "", purpose: str = "",
                   update_frequency: str = UpdateFrequency.MONTHLY, license_id: str = DEFAULT_LICENSE,
                   language: str = "ua", private: bool = False, tags=None, themes=None,
                   template: DatasetTemplate | None = None, actuality_date=None,
                   live_export: str = "") -> Dataset:
    """Create a dataset with its passport (Resolution 835); it has no resources yet."""
    if publisher is None or publisher.community_id != community.pk:
        raise ValidationFailed(fields={"publisher": [_("Unknown publisher.")]})
    require(policies.can_publish(actor, community, publisher))
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


@service
def dataset_update(*, actor, community, dataset: Dataset, tags=None, themes=None, publisher=None, **passport) -> Dataset:
    """Change a dataset's passport (any of its fields), keywords, themes or publisher."""
    if dataset.community_id != community.pk:
        raise NotFound()
    require(policies.can_publish(actor, community, dataset.publisher))
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


@service
def datasets_flag_overdue(*, actor, community, now: datetime | None = None) -> int:
    """Notify each overdue dataset's publisher once per missed due date; return how many were flagged.
    A periodic job of the platform (actor=SYSTEM)."""
    require(policies.can_run_background_jobs(actor))
    now = now or timezone.now()
    overdue = list(Dataset.objects.filter(community=community, next_update_due__lt=now)
                   .exclude(overdue_notified_for=F("next_update_due")).select_related("publisher"))
    admins = member_ids_with_role(community=community, roles=Role.ADMIN)
    for dataset in overdue:
        dept = dataset.publisher.department_id
        officials = member_ids_with_role(community=community, roles=Role.OFFICIAL, department=dept) if dept else set()
        recipients = get_user_model().objects.filter(pk__in=officials or admins)
        with transaction.atomic():
            Dataset.objects.filter(pk=dataset.pk).update(overdue_notified_for=dataset.next_update_due)
            audit_record(actor=actor, community=community, action="opendata.dataset.overdue", target=dataset,
                         data={"due": dataset.next_update_due.isoformat()})
            notify(community=community, recipients=recipients, event="opendata.dataset.overdue",
                   title=gettext_lazy("Dataset “{title}” is overdue for an update"),
                   body=gettext_lazy("Its update frequency is “{frequency}”; the update was due by {due}."),
                   url=community_path(community, "opendata:dataset", dataset.name),
                   params={"title": dataset.title, "frequency": dataset.update_frequency,
                           "due": timezone.localtime(dataset.next_update_due).strftime("%d.%m.%Y")})
    return len(overdue)
