"""Publishers (CKAN organizations), themes (CKAN groups) and shared Table Schema templates: created and
changed by community admins, the platform's own publisher by the platform (SYSTEM)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies
from ..models import Dataset, DatasetTemplate, Publisher, PublisherKind, Theme
from .catalogue import _catalogue_changed, _full_clean, _name_from, _packages_changed
from .datasets import _refresh_search_text

PLATFORM_PUBLISHER = "platform"


@service
def publisher_create(*, actor, community, title: str, name: str = "", description: str = "",
                     kind: str = PublisherKind.DEPARTMENT, department=None, email: str = "",
                     edrpou: str = "") -> Publisher:
    """Create a publisher (organization); community admins only; the platform's own one only by SYSTEM."""
    if kind not in PublisherKind.values:
        raise ValidationFailed(fields={"kind": [_("Choose a kind of publisher.")]})
    require(policies.can_create_publisher(actor, community, kind))
    if department is not None and department.community_id != community.pk:
        raise ValidationFailed(fields={"department": [_("Unknown department.")]})
    publisher = Publisher(community=community, title=(title or "").strip(), name=_name_from(title, name),
                          description=description, kind=kind, department=department, email=email, edrpou=edrpou)
    return _save_named(publisher, actor=actor, action="opendata.publisher.created",
                       taken=_("A publisher with this name exists."))


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


@service
def theme_create(*, actor, community, title: str, name: str = "", description: str = "") -> Theme:
    require(policies.can_manage_publishers(actor, community))
    theme = Theme(community=community, title=(title or "").strip(), name=_name_from(title, name),
                  description=description)
    return _save_named(theme, actor=actor, action="opendata.theme.created", taken=_("A theme with this name exists."))


@service
def publisher_update(*, actor, community, publisher: Publisher, title: str, description: str = "",
                     kind: str = PublisherKind.DEPARTMENT, department=None, email: str = "",
                     edrpou: str = "") -> Publisher:
    """Change a publisher's title, description, kind, department and contacts; its short name (in every
    link and harvester's record) stays. Its datasets' search text follows a new title."""
    if publisher.community_id != community.pk:
        raise NotFound()
    require(policies.can_change_publisher(actor, community, publisher))
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


@service
def theme_update(*, actor, community, theme: Theme, title: str, description: str = "") -> Theme:
    """Change a theme's title and description; its short name stays."""
    if theme.community_id != community.pk:
        raise NotFound()
    require(policies.can_manage_publishers(actor, community))
    theme.title, theme.description = (title or "").strip(), description
    _full_clean(theme, exclude=["community"])
    with transaction.atomic():
        theme.save()
        _packages_changed(Dataset.objects.filter(themes=theme))
        audit_record(actor=actor, community=community, action="opendata.theme.updated", target=theme)
        _catalogue_changed(community)
    return theme


@service
def template_create(*, actor, community, slug: str, title: str, table_schema: dict, description: str = "") -> DatasetTemplate:
    """Define a Table Schema template once; every community can then use it for its datasets."""
    require(policies.can_manage_publishers(actor, community))
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


@service
def platform_publisher(*, actor, community) -> Publisher:
    """The community's platform publisher, created by the platform the first time it is needed."""
    require(policies.can_create_publisher(actor, community, PublisherKind.PLATFORM))
    existing = Publisher.objects.filter(community=community, name=PLATFORM_PUBLISHER).first()
    if existing is not None:
        return existing
    return publisher_create(actor=actor, community=community, name=PLATFORM_PUBLISHER,
                            kind=PublisherKind.PLATFORM, title=_("Hromada platform (automatic data)"),
                            description=_("Datasets the platform publishes by itself from its services."))
