"""Every write of Site and news: one @service per change, each asking its policy with require(), validating,
writing in one transaction and recording an audit event (web, API, admin, tasks and demo data all call these)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.text import visible_length

from . import policies
from .models import Page

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


def _own(community, page_id: int) -> Page:
    try:
        return Page.objects.select_for_update().get(community=community, pk=page_id)
    except Page.DoesNotExist:
        raise NotFound() from None


@service
def page_create(*, actor, community, title: str, body: str = "", is_public: bool = True) -> Page:
    require(policies.can_write(actor, community), _("Only the community's staff may add entries."))
    title, body = _clean(title=title, body=body)
    with transaction.atomic():
        page = Page.objects.create(
            community=community, title=title, body=body, is_public=bool(is_public),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(actor=actor, community=community, action="site.page.created", target=page)
    return page


@service
def page_update(*, actor, community, page_id: int, title: str | None = None, body: str | None = None,
                     is_public: bool | None = None) -> Page:
    require(policies.can_write(actor, community), _("Only the community's staff may change entries."))
    with transaction.atomic():
        page = _own(community, page_id)
        page.title, page.body = _clean(title=page.title if title is None else title,
                                                 body=page.body if body is None else body)
        if is_public is not None:
            page.is_public = bool(is_public)
        page.save()
        audit_record(actor=actor, community=community, action="site.page.changed", target=page)
    return page


@service
def page_delete(*, actor, community, page_id: int) -> None:
    require(policies.can_write(actor, community), _("Only the community's staff may delete entries."))
    with transaction.atomic():
        page = _own(community, page_id)
        audit_record(actor=actor, community=community, action="site.page.deleted", target=page,
                     data={"title": page.title})
        page.delete()
