"""Writes of the appeals catalogue: categories (the Open311 services, with their terms and extra questions),
routing rules ((category, area) -> department) and response templates, for community admins and the platform.

Routing reads a category's rules and fallback department on every lookup, so a saved rule or category routes
the very next appeal; only areas live in the cached routing index (see services.areas)."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department
from hromada.core.text import is_blank

from .. import policies
from ..models import Appeal, Area, Category, ResponseTemplate, RoutingRule, TermKind
from ..selectors import text_param, valid_id
from .lifecycle import MAX_TEXT

# The model's editable fields, each with its default for a new category.
CATEGORY_FIELDS = {
    "code": "", "name": "", "description": "", "group": "", "keywords": "", "term_kind": TermKind.DAYS_15,
    "public_by_default": True, "attributes": None, "fallback_department": None, "is_active": True, "order": 0,
}
# Open311 attribute datatypes (GeoReport v2 service definitions).
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
MAX_ATTRIBUTES = 50
_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")


def _own(model, community, value, field: str, errors: dict[str, list[str]]):
    """A row of this community given as an instance or an id; anything else is a field error."""
    if value is None or value == "":
        return None
    pk = value.pk if isinstance(value, model) else valid_id(value)
    row = model.objects.filter(community=community, pk=pk).first() if pk is not None else None
    if row is None:
        errors[field] = [_("Choose one of this community's entries.")]
    return row


def _limited(value, field: str, limit: int, errors, *, required: bool = False) -> str:
    value = text_param(value).strip()
    if required and is_blank(value):
        errors[field] = [_("This field is required.")]
    elif len(value) > limit:
        errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
    return value


def _attribute_problems(attributes) -> list[str]:
    """What is wrong with the extra questions (Open311 attributes): their shape, codes and datatypes."""
    if not isinstance(attributes, list):
        return [_("Expected a list of questions.")]
    if len(attributes) > MAX_ATTRIBUTES:
        return [_("At most %(n)s questions.") % {"n": MAX_ATTRIBUTES}]
    problems, seen = [], set()
    for n, attr in enumerate(attributes, start=1):
        if not isinstance(attr, dict):
            problems.append(_("Question %(n)s: expected an object.") % {"n": n})
            continue
        code = attr.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            problems.append(_("Question %(n)s: the code is 1 to 60 Latin letters, digits, - or _.") % {"n": n})
        elif code in seen:
            problems.append(_("Question %(n)s: the code repeats an earlier question.") % {"n": n})
        seen.add(code)
        datatype = attr.get("datatype", "string")
        if datatype not in DATATYPES:
            problems.append(_("Question %(n)s: the datatype is one of %(types)s.") % {
                "n": n, "types": ", ".join(DATATYPES)})
        if not isinstance(attr.get("description", ""), str) or len(attr.get("description", "")) > 500:
            problems.append(_("Question %(n)s: the description is text of at most 500 characters.") % {"n": n})
        values = attr.get("values", [])
        if datatype in ("singlevaluelist", "multivaluelist") and (
                not isinstance(values, list) or not values
                or not all(isinstance(v, dict) and str(v.get("key", "")).strip() for v in values)):
            problems.append(_("Question %(n)s: a list question needs values, each with a key.") % {"n": n})
    return problems


def _clean_category(community, category: Category | None, fields: dict) -> dict:
    """The given fields validated and normalised; every problem at once, by field name."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for name, value in fields.items():
        if name == "code":
            value = text_param(value).strip()
            if not _CODE.match(value):
                errors[name] = [_("1 to 60 Latin letters, digits, - or _.")]
            elif Category.objects.filter(community=community, code=value).exclude(
                    pk=getattr(category, "pk", None)).exists():
                errors[name] = [_("A category with this code exists.")]
        elif name == "name":
            value = _limited(value, name, 200, errors, required=True)
        elif name == "description":
            value = _limited(value, name, MAX_TEXT, errors)
        elif name == "group":
            value = _limited(value, name, 100, errors)
        elif name == "keywords":
            value = _limited(value, name, 300, errors)
        elif name == "term_kind":
            if value not in TermKind.values:
                errors[name] = [_("Choose one of the statutory terms.")]
        elif name in ("public_by_default", "is_active"):
            value = bool(value)
        elif name == "order":
            number = valid_id(value) if value not in (0, "0") else 0
            if number is None or number >= 2**31:
                errors[name] = [_("Enter a whole number from 0.")]
            value = number
        elif name == "attributes":
            value = [] if value is None else value
            problems = _attribute_problems(value)
            if problems:
                errors[name] = problems
        elif name == "fallback_department":
            value = _own(Department, community, value, name, errors)
        clean[name] = value
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


@service
def category_save(*, actor, community, category: Category | None = None, **fields) -> Category:
    """Create a category (category=None) or change the given fields of one; `fields` are the model's
    editable fields (code, name, description, group, keywords, term_kind, public_by_default, attributes,
    fallback_department, is_active, order)."""
    unknown = set(fields) - set(CATEGORY_FIELDS)
    if unknown:
        raise TypeError(f"category_save() got fields that are not a category's: {', '.join(sorted(unknown))}")
    require(policies.can_configure(actor, community))
    if category is not None and category.community_id != community.pk:
        raise NotFound()
    if category is None:
        fields = {**{k: v for k, v in CATEGORY_FIELDS.items() if k not in fields}, **fields}
    clean = _clean_category(community, category, fields)
    with transaction.atomic():
        if category is None:
            row = Category(community=community)
        else:
            found = Category.objects.select_for_update().filter(community=community, pk=category.pk).first()
            if found is None:
                raise NotFound()
            row = found
        changed = sorted(name for name, value in clean.items() if getattr(row, name) != value)
        for name, value in clean.items():
            setattr(row, name, value)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:  # the same code saved by a concurrent writer meanwhile
            raise ValidationFailed(fields={"code": [_("A category with this code exists.")]}) from exc
        audit_record(actor=actor, community=community, action="appeals.category.saved", target=row,
                     data={"code": row.code, "created": category is None, "fields": changed})
    if category is not None:
        for name, value in clean.items():
            setattr(category, name, value)
    return row


@service
def category_delete(*, actor, community, category: Category) -> None:
    """Delete a category nobody filed under (its routing rules and templates go with it); a category
    with appeals is refused: the appeals keep their category, so make it inactive instead."""
    require(policies.can_configure(actor, community))
    with transaction.atomic():
        found = Category.objects.select_for_update().filter(community=community, pk=category.pk).first()
        if found is None:
            raise NotFound()
        row = found
        if Appeal.objects.filter(community=community, category=row).exists():
            raise Conflict(_("Appeals are filed under “%(name)s”; make it inactive instead of deleting it.") % {
                "name": row.name}, code="category_in_use")
        audit_record(actor=actor, community=community, action="appeals.category.deleted", target=row,
                     data={"code": row.code, "rules": row.rules.count()})
        row.delete()


@service
def routing_rule_save(*, actor, community, rule: RoutingRule | None = None, category, area, department) -> RoutingRule:
    """Create or change a rule: appeals of `category` in `area` (None: anywhere else) go to `department`.
    Each of them is given as an instance or an id of this community."""
    require(policies.can_configure(actor, community))
    if rule is not None and rule.community_id != community.pk:
        raise NotFound()
    errors: dict[str, list[str]] = {}
    category = _own(Category, community, category, "category", errors)
    if category is None and "category" not in errors:
        errors["category"] = [_("This field is required.")]
    area = _own(Area, community, area, "area", errors)
    department = _own(Department, community, department, "department", errors)
    if department is None and "department" not in errors:
        errors["department"] = [_("This field is required.")]
    if not errors and RoutingRule.objects.filter(community=community, category=category, area=area).exclude(
            pk=getattr(rule, "pk", None)).exists():
        errors["area"] = [_("This category already has a rule for this area.") if area is not None
                          else _("This category already has a rule for everywhere else.")]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        if rule is None:
            row = RoutingRule(community=community)
        else:
            found = RoutingRule.objects.select_for_update().filter(community=community, pk=rule.pk).first()
            if found is None:
                raise NotFound()
            row = found
        row.category, row.area, row.department = category, area, department
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:  # the same rule saved by a concurrent writer meanwhile
            raise ValidationFailed(fields={"area": [_("This category already has a rule for this area.")]}) from exc
        audit_record(actor=actor, community=community, action="appeals.routing_rule.saved", target=row,
                     data={"category": category.code, "area": getattr(area, "pk", None), "department": department.pk,
                           "created": rule is None})
    return row


@service
def routing_rule_delete(*, actor, community, rule: RoutingRule) -> None:
    require(policies.can_configure(actor, community))
    with transaction.atomic():
        found = RoutingRule.objects.select_for_update().filter(community=community, pk=rule.pk).first()
        if found is None:
            raise NotFound()
        row = found
        audit_record(actor=actor, community=community, action="appeals.routing_rule.deleted", target=row,
                     data={"category": row.category_id, "area": row.area_id, "department": row.department_id})
        row.delete()


@service
def response_template_save(*, actor, community, template: ResponseTemplate | None = None, title: str, text: str,
                           category=None) -> ResponseTemplate:
    """Create or change reusable answer text, for every category (category=None) or one (instance or id)."""
    require(policies.can_configure(actor, community))
    if template is not None and template.community_id != community.pk:
        raise NotFound()
    errors: dict[str, list[str]] = {}
    title = _limited(title, "title", 200, errors, required=True)
    text = _limited(text, "text", MAX_TEXT, errors, required=True)
    category = _own(Category, community, category, "category", errors)
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        if template is None:
            row = ResponseTemplate(community=community)
        else:
            found = ResponseTemplate.objects.select_for_update().filter(community=community, pk=template.pk).first()
            if found is None:
                raise NotFound()
            row = found
        row.title, row.text, row.category = title, text, category
        row.save()
        audit_record(actor=actor, community=community, action="appeals.response_template.saved", target=row,
                     data={"category": getattr(category, "code", None), "created": template is None})
    return row


@service
def response_template_delete(*, actor, community, template: ResponseTemplate) -> None:
    require(policies.can_configure(actor, community))
    with transaction.atomic():
        found = ResponseTemplate.objects.select_for_update().filter(community=community, pk=template.pk).first()
        if found is None:
            raise NotFound()
        row = found
        audit_record(actor=actor, community=community, action="appeals.response_template.deleted", target=row)
        row.delete()
