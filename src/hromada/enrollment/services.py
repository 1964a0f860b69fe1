"""Every write of Enrolment: one @service per change, each asking its policy with require(), validating,
writing in one transaction and recording an audit event (web, API, admin, tasks and demo data all call these)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.text import visible_length

from . import policies
from .models import Application

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


def _own(community, application_id: int) -> Application:
    try:
        return Application.objects.select_for_update().get(community=community, pk=application_id)
    except Application.DoesNotExist:
        raise NotFound() from None


@service
def application_create(*, actor, community, title: str, body: str = "", is_public: bool = True) -> Application:
    require(policies.can_write(actor, community), _("Only the community's staff may add entries."))
    title, body = _clean(title=title, body=body)
    with transaction.atomic():
        application = Application.objects.create(
            community=community, title=title, body=body, is_public=bool(is_public),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(actor=actor, community=community, action="enrollment.application.created", target=application)
    return application


@service
def application_update(*, actor, community, application_id: int, title: str | None = None, body: str | None = None,
                     is_public: bool | None = None) -> Application:
    require(policies.can_write(actor, community), _("Only the community's staff may change entries."))
    with transaction.atomic():
        application = _own(community, application_id)
        application.title, application.body = _clean(title=application.title if title is None else title,
                                                 body=application.body if body is None else body)
        if is_public is not None:
            application.is_public = bool(is_public)
        application.save()
        audit_record(actor=actor, community=community, action="enrollment.application.changed", target=application)
    return application


@service
def application_delete(*, actor, community, application_id: int) -> None:
    require(policies.can_write(actor, community), _("Only the community's staff may delete entries."))
    with transaction.atomic():
        application = _own(community, application_id)
        audit_record(actor=actor, community=community, action="enrollment.application.deleted", target=application,
                     data={"title": application.title})
        application.delete()
