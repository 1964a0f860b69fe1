"""Cycles of the participatory budget: creating and changing one (phases, eligibility, tally rule) and its funds
(categories; districts or schools with an optional core.geo area), each with its ballot rule. Admins only."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.geo.geojson import geometry_to_geojson, validate_geometry
from hromada.core.identity.guard import require, service
from hromada.core.phases import schedule_clean
from hromada.core.text import visible_length

from .. import policies
from ..lookups import amount, own_cycle
from ..manifest import MANIFEST
from ..models import BallotRule, Category, Cycle, CycleKind, District, Eligibility, TallyRule

_CYCLE_FIELDS = ("title", "year", "kind", "description", "eligibility", "min_age", "tally_rule",
                 "supporters_required", "schedule")


def _clean_cycle(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    title = str(values.get("title") or "").strip()
    if not visible_length(title) or len(title) > 200:
        errors["title"] = [_("Give a title of at most 200 characters.")]
    clean: dict[str, Any] = {"title": title, "description": str(values.get("description") or "").strip()[:10_000]}
    for name, low, high in (("year", 2000, 2100), ("min_age", 0, 120), ("supporters_required", 0, 1_000_000)):
        try:
            clean[name] = int(values.get(name) or 0)
            if not low <= clean[name] <= high:
                raise ValueError
        except (TypeError, ValueError):
            errors[name] = [_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]
    for name, choices in (("kind", CycleKind), ("eligibility", Eligibility), ("tally_rule", TallyRule)):
        if values.get(name) not in choices.values:
            errors[name] = [_("Choose one of the offered values.")]
        clean[name] = values.get(name)
    if clean.get("kind") == CycleKind.SCHOOL and clean.get("eligibility") != Eligibility.SCHOOL_CODE:
        errors.setdefault("eligibility", []).append(_("Students vote in a school budget with their school's code."))
    try:
        clean["schedule"] = schedule_clean(MANIFEST, values.get("schedule") or []).to_json()
    except ValidationFailed as exc:
        errors.update({f"schedule.{k}": v for k, v in exc.fields.items()})
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


@service
def cycle_create(*, actor, community, title: str, year: int, kind: str = CycleKind.PUBLIC, description: str = "",
                 eligibility: str = Eligibility.RESIDENT, min_age: int = 0, tally_rule: str = TallyRule.GREEDY,
                 supporters_required: int = 0, schedule: list | None = None) -> Cycle:
    require(policies.can_manage_cycles(actor, community), _("Only the community's admins manage budget cycles."))
    clean = _clean_cycle({"title": title, "year": year, "kind": kind, "description": description,
                          "eligibility": eligibility, "min_age": min_age, "tally_rule": tally_rule,
                          "supporters_required": supporters_required, "schedule": schedule})
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(community=community, created_by=_user(actor), **clean)
            audit_record(actor=actor, community=community, action="budgets.cycle.created", target=cycle)
    except IntegrityError:
        raise Conflict(_("A cycle with this title, year and kind exists already."), code="duplicate") from None
    return cycle


@service
def cycle_update(*, actor, community, cycle_id: int, **changes) -> Cycle:
    """Change any of the cycle's fields; the phases are validated again as a whole."""
    require(policies.can_manage_cycles(actor, community), _("Only the community's admins manage budget cycles."))
    unknown = set(changes) - set(_CYCLE_FIELDS)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    with transaction.atomic():
        cycle = own_cycle(community, cycle_id, lock=True)
        current = {name: getattr(cycle, name) for name in _CYCLE_FIELDS}
        current.update(changes)
        for name, value in _clean_cycle(current).items():
            setattr(cycle, name, value)
        cycle.save()
        audit_record(actor=actor, community=community, action="budgets.cycle.changed", target=cycle,
                     data={"fields": sorted(changes)})
    return cycle


def _clean_fund(values: dict, *, district: bool) -> dict:
    errors: dict[str, list[str]] = {}
    name = str(values.get("name") or "").strip()
    if not visible_length(name) or len(name) > 200:
        errors["name"] = [_("Give a name of at most 200 characters.")]
    clean: dict = {"name": name, "fund": amount(values.get("fund", 0), "fund", errors)}
    if values.get("ballot_rule", BallotRule.APPROVAL) not in BallotRule.values:
        errors["ballot_rule"] = [_("Choose one of the offered values.")]
    clean["ballot_rule"] = values.get("ballot_rule", BallotRule.APPROVAL)
    for field, low, high, default in (("min_projects", 0, 1000, 1), ("max_projects", 0, 1000, 0),
                                      ("threshold_percent", 0, 100, 0), ("order", 0, 1000, 0)):
        try:
            clean[field] = int(values.get(field, default))
            if not low <= clean[field] <= high:
                raise ValueError
        except (TypeError, ValueError):
            errors[field] = [_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]
    if not errors and clean["max_projects"] and clean["min_projects"] > clean["max_projects"]:
        errors["min_projects"] = [_("The minimum is above the maximum.")]
    if not errors and clean["ballot_rule"] == BallotRule.THRESHOLD and not clean["threshold_percent"]:
        errors["threshold_percent"] = [_("Give the percentage of the fund a ballot must reach.")]
    if district and values.get("geometry"):
        try:
            clean["geometry"] = geometry_to_geojson(validate_geometry(values["geometry"],
                                                                      allowed=("Polygon", "MultiPolygon")))
        except ValidationFailed as exc:
            errors.update(exc.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


@service
def fund_save(*, actor, community, cycle_id: int, kind: str, fund_id: int | None = None, **values) -> Category | District:
    """Add or change a category (kind "category") or a district or school (kind "district") of a cycle."""
    require(policies.can_manage_cycles(actor, community), _("Only the community's admins manage budget cycles."))
    if kind not in ("category", "district"):
        raise ValidationFailed(fields={"kind": [_("Choose a category or a district.")]})
    model: type[Category] | type[District] = District if kind == "district" else Category
    clean = _clean_fund(values, district=kind == "district")
    try:
        with transaction.atomic():
            cycle = own_cycle(community, cycle_id, lock=True)
            if fund_id is None:
                fund = model.objects.create(community=community, cycle=cycle, **clean)
            else:
                found = model.objects.filter(cycle=cycle, pk=fund_id).first()
                if found is None:
                    raise ValidationFailed(fields={"fund_id": [_("No such fund in this cycle.")]})
                for name, value in clean.items():
                    setattr(found, name, value)
                found.save()
                fund = found
            audit_record(actor=actor, community=community, action=f"budgets.{kind}.saved", target=fund,
                         data={"fund": fund.fund, "ballot_rule": fund.ballot_rule})
    except IntegrityError:
        raise ValidationFailed(fields={"name": [_("This cycle has a fund with this name already.")]}) from None
    return fund


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
