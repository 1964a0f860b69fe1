"""The catalogue's writes: categories and services (with their online forms), by staff or the platform."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import IdentityLevel
from hromada.core.tenancy.selectors import owned_for_update
from hromada.core.text import visible_length

from .. import application_forms, policies
from ..models import Category, FeeKind, Service

TITLE_MAX = 200
TEXT_MAX = 10_000
TERM_MAX = 365
CATEGORY_MAX = 120
FEE_MAX = Decimal("999999999.99")
TEXT_FIELDS = ("summary", "who_may_apply", "documents", "legal_basis", "where")
# Every field of a service staff may set, with its default for a new one.
SERVICE_DEFAULTS: dict[str, Any] = {
    "category_id": None, "summary": "", "who_may_apply": "", "documents": "", "fee_kind": FeeKind.FREE,
    "fee_amount": None, "term_days": 10, "legal_basis": "", "where": "", "in_person": True, "online": False,
    "diia_url": "", "identity_level": IdentityLevel.STRONG, "form": [], "is_public": True,
}


def _fee(kind: str, amount, errors: dict) -> Decimal | None:
    if kind not in FeeKind.values:
        errors["fee_kind"] = [_("Choose free, fixed or per application.")]
        return None
    if kind != FeeKind.FIXED:
        return None
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        errors["fee_amount"] = [_("Give the fee in hryvnias.")]
        return None
    if not Decimal("0.01") <= value <= FEE_MAX:
        errors["fee_amount"] = [_("The fee is from 0.01 to %(max)s hryvnias.") % {"max": FEE_MAX}]
    return value


def _clean_service(community, values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    out = dict(values)
    out["title"] = " ".join(str(values.get("title") or "").split())
    if not visible_length(out["title"]):
        errors["title"] = [_("Give a title.")]
    elif len(out["title"]) > TITLE_MAX:
        errors["title"] = [_("At most %(max)s characters.") % {"max": TITLE_MAX}]
    for name in TEXT_FIELDS:
        out[name] = str(values.get(name) or "").strip()
        if len(out[name]) > TEXT_MAX:
            errors[name] = [_("At most %(max)s characters.") % {"max": TEXT_MAX}]
    category_id = values.get("category_id")
    if category_id not in (None, ""):
        category = Category.objects.filter(community=community, pk=_int_or_zero(category_id)).first()
        if category is None:
            errors["category_id"] = [_("No such category.")]
        out["category_id"] = category.pk if category else None
    else:
        out["category_id"] = None
    out["fee_amount"] = _fee(str(values.get("fee_kind") or ""), values.get("fee_amount"), errors)
    term = values.get("term_days")
    if not isinstance(term, int) or isinstance(term, bool) or not 1 <= term <= TERM_MAX:
        errors["term_days"] = [_("The term is 1 to %(max)s working days.") % {"max": TERM_MAX}]
    if values.get("identity_level") not in IdentityLevel.values:
        errors["identity_level"] = [_("Choose an identity level.")]
    out["diia_url"] = str(values.get("diia_url") or "").strip()
    if out["diia_url"]:
        try:
            URLValidator(schemes=["https"])(out["diia_url"])
        except ValidationError:
            errors["diia_url"] = [_("Give an https:// address.")]
    for flag in ("in_person", "online", "is_public"):
        out[flag] = bool(values.get(flag))
    try:
        out["form"] = application_forms.definition_clean(values.get("form") or [])
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if out["online"] and not out["form"] and "form" not in errors:
        errors["form"] = [_("An online service needs a form with at least one field.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return out


def _int_or_zero(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _search_text(service_obj: Service, category_title: str = "") -> str:
    parts = [service_obj.title, category_title, service_obj.summary, service_obj.who_may_apply,
             service_obj.documents, service_obj.legal_basis]
    return "\n".join(parts).casefold()


@service
def category_create(*, actor, community, title: str, position: int = 0) -> Category:
    require(policies.can_write(actor, community), _("Only the community's staff may change the catalogue."))
    title = _category_title(title)
    with transaction.atomic():
        if Category.objects.filter(community=community, title=title).exists():
            raise Conflict(_("A category with this title exists."), fields={"title": [_("Already exists.")]})
        category = Category.objects.create(community=community, title=title, position=max(0, int(position)))
        audit_record(actor=actor, community=community, action="services.category.created", target=category)
    return category


def _category_title(title: str) -> str:
    title = " ".join(str(title or "").split())
    if not title or len(title) > CATEGORY_MAX:
        raise ValidationFailed(fields={"title": [_("Give a title of at most %(max)s characters.") %
                                                 {"max": CATEGORY_MAX}]})
    return title


@service
def category_update(*, actor, community, category_id: int, title: str, position: int = 0) -> Category:
    require(policies.can_write(actor, community), _("Only the community's staff may change the catalogue."))
    title = _category_title(title)
    with transaction.atomic():
        category = owned_for_update(Category, community, category_id)
        if Category.objects.filter(community=community, title=title).exclude(pk=category.pk).exists():
            raise Conflict(_("A category with this title exists."), fields={"title": [_("Already exists.")]})
        category.title, category.position = title, max(0, int(position))
        category.save()
        for item in Service.objects.filter(category=category):
            item.search_text = _search_text(item, title)
            item.save(update_fields=["search_text"])
        audit_record(actor=actor, community=community, action="services.category.changed", target=category)
    return category


@service
def category_delete(*, actor, community, category_id: int) -> None:
    require(policies.can_write(actor, community), _("Only the community's staff may change the catalogue."))
    with transaction.atomic():
        category = owned_for_update(Category, community, category_id)
        audit_record(actor=actor, community=community, action="services.category.deleted", target=category,
                     data={"title": category.title})
        category.delete()


@service
def service_create(*, actor, community, title: str, **fields) -> Service:
    """A new service in the catalogue; fields not given take SERVICE_DEFAULTS."""
    require(policies.can_write(actor, community), _("Only the community's staff may change the catalogue."))
    unknown = set(fields) - set(SERVICE_DEFAULTS)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    values = _clean_service(community, {**SERVICE_DEFAULTS, **fields, "title": title})
    with transaction.atomic():
        created = Service(community=community, **values)
        created.search_text = _search_text(created, created.category.title if created.category else "")
        created.save()
        audit_record(actor=actor, community=community, action="services.service.created", target=created)
    return created


@service
def service_update(*, actor, community, service_id: int, **fields) -> Service:
    """Change some fields of a service; the others keep their values."""
    require(policies.can_write(actor, community), _("Only the community's staff may change the catalogue."))
    unknown = set(fields) - set(SERVICE_DEFAULTS) - {"title"}
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    with transaction.atomic():
        item = owned_for_update(Service, community, service_id)
        current = {name: getattr(item, name) for name in (*SERVICE_DEFAULTS, "title")}
        values = _clean_service(community, {**current, **fields})
        for name, value in values.items():
            setattr(item, name, value)
        item.search_text = _search_text(item, item.category.title if item.category else "")
        item.save()
        audit_record(actor=actor, community=community, action="services.service.changed", target=item,
                     data={"fields": sorted(fields)})
    return item


@service
def service_delete(*, actor, community, service_id: int) -> None:
    """Remove a service nobody applied for; one with applications is hidden instead (they keep their service)."""
    require(policies.can_write(actor, community), _("Only the community's staff may change the catalogue."))
    with transaction.atomic():
        item = owned_for_update(Service, community, service_id)
        if item.applications.exists():
            raise Conflict(_("People have applied for this service: make it not public instead."))
        audit_record(actor=actor, community=community, action="services.service.deleted", target=item,
                     data={"title": item.title})
        item.delete()
