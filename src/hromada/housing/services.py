"""Every write of Housing: one @service per change, each asking its policy with require(), validating,
writing in one transaction and recording an audit event (web, API, admin, tasks and demo data all call these)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.text import visible_length

from . import policies
from .models import Building

TITLE_MAX = 200
BODY_MAX = 10_000


def _clean(*, title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not visible_length(title):
        errors["title"] = [_("Give a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("At most %(max)s characters.") % {"max": TITLE_MAX}]
    if len(body) > BODY_MAX:
        errors["body"] = [_("At most %(max)s characters.") % {"max": BODY_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)
    return title, body


def _own(community, building_id: int) -> Building:
    try:
        return Building.objects.select_for_update().get(community=community, pk=building_id)
    except Building.DoesNotExist:
        raise NotFound() from None


@service
def building_create(*, actor, community, title: str, body: str = "", is_public: bool = True) -> Building:
    require(policies.can_write(actor, community), _("Only the community's staff may add entries."))
    title, body = _clean(title=title, body=body)
    with transaction.atomic():
        building = Building.objects.create(
            community=community, title=title, body=body, is_public=bool(is_public),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(actor=actor, community=community, action="housing.building.created", target=building)
    return building


@service
def building_update(*, actor, community, building_id: int, title: str | None = None, body: str | None = None,
                     is_public: bool | None = None) -> Building:
    require(policies.can_write(actor, community), _("Only the community's staff may change entries."))
    with transaction.atomic():
        building = _own(community, building_id)
        building.title, building.body = _clean(title=building.title if title is None else title,
                                                 body=building.body if body is None else body)
        if is_public is not None:
            building.is_public = bool(is_public)
        building.save()
        audit_record(actor=actor, community=community, action="housing.building.changed", target=building)
    return building


@service
def building_delete(*, actor, community, building_id: int) -> None:
    require(policies.can_write(actor, community), _("Only the community's staff may delete entries."))
    with transaction.atomic():
        building = _own(community, building_id)
        audit_record(actor=actor, community=community, action="housing.building.deleted", target=building,
                     data={"title": building.title})
        building.delete()
