"""Cycles of the participatory budget: creating and changing one (phases in the manifest's order, eligibility, tally
rule) and its funds (categories; districts or schools with an optional core.geo area), each with its money and
ballot rule, which stay fixed once voting begins. Admins only."""

from __future__ import annotations

import itertools
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.geo.geojson import geometry_to_geojson, validate_geometry
from hromada.core.identity.guard import require, service
from hromada.core.phases import schedule_clean
from hromada.core.text import visible_length

from .. import policies
from ..ballots import forget_funds, voting_open
from ..lookups import amount, as_int, own_cycle
from ..manifest import MANIFEST
from ..models import (
    Ballot,
    BallotRule,
    Category,
    Cycle,
    CycleKind,
    District,
    Eligibility,
    PaperBallot,
    TallyRule,
)

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
        schedule = schedule_clean(MANIFEST, values.get("schedule") or [])
    except ValidationFailed as exc:
        errors.update({f"schedule.{k}": v for k, v in exc.fields.items()})
    else:
        clean["schedule"] = schedule.to_json()
        # schedule_clean sorts by date; a cycle's phases also follow the manifest's order (voting after review...).
        order = [phase.key for phase in MANIFEST.phases]
        keys = [window.key for window in schedule.windows]
        if keys != sorted(keys, key=order.index):
            late = next(b for a, b in itertools.pairwise(keys) if order.index(b) < order.index(a))
            errors[f"schedule.{late}.starts_at"] = [_("The phases go in this order: proposals, review, voting, "
                                                     "results, implementation.")]
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
        # The published result names the rule it was counted by; another rule now would make a republication
        # quietly recount the same ballots differently.
        if cycle.results_published_at and "tally_rule" in changes and changes["tally_rule"] != cycle.tally_rule:
            raise Conflict(_("The results are published: the tally rule can no longer change."),
                           code="results_published")
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
    clean: dict = {"name": name, "fund": amount(values.get("fund", 0), "fund", errors, allow_zero=False)}
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
    if not errors and clean["ballot_rule"] != BallotRule.THRESHOLD and clean["threshold_percent"]:
        errors["threshold_percent"] = [_("Only the threshold rule uses a percentage of the fund; leave it at 0.")]
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
    """Add or change a category (kind "category") or a district or school (kind "district") of a cycle. A change
    names only the fields it changes; the fund is validated again as a whole."""
    require(policies.can_manage_cycles(actor, community), _("Only the community's admins manage budget cycles."))
    if kind not in ("category", "district"):
        raise ValidationFailed(fields={"kind": [_("Choose a category or a district.")]})
    model: type[Category] | type[District] = District if kind == "district" else Category
    unknown = set(values) - {*_FUND_FIELDS, *(("geometry",) if kind == "district" else ())}
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    try:
        with transaction.atomic():
            cycle = own_cycle(community, cycle_id, lock=True)
            found = None
            if fund_id is not None:
                found = model.objects.filter(cycle=cycle, pk=fund_id).first()
                if found is None:
                    raise NotFound()
                values = {**{name: getattr(found, name) for name in _FUND_FIELDS}, **values}
            clean = _clean_fund(values, district=kind == "district")
            # Voters choose under a fund's money and rule: once voting opens (when ballots may be coming in) or any
            # ballot exists, those stay as they were. Ballots are only cast while voting is open, so no ballot
            # can slip in between this check and the save.
            if found is not None and any(getattr(found, name) != clean[name] for name in _VOTE_FIELDS) \
                    and (voting_open(cycle) or Ballot.objects.filter(cycle=cycle).exists()):
                raise Conflict(_("Voting has begun: the fund's money and ballot rule can no longer change."),
                               code="voting_begun")
            if found is None:
                fund = model.objects.create(community=community, cycle=cycle, **clean)
            else:
                for name, value in clean.items():
                    setattr(found, name, value)
                found.save()
                fund = found
            forget_funds()
            audit_record(actor=actor, community=community, action=f"budgets.{kind}.saved", target=fund,
                         data={"fund": fund.fund, "ballot_rule": fund.ballot_rule, "created": found is None})
    except IntegrityError:
        raise ValidationFailed(fields={"name": [_("This cycle has a fund with this name already.")]}) from None
    return fund


@service
def fund_delete(*, actor, community, cycle_id: int, kind: str, fund_id: int) -> None:
    """Remove a category (kind "category") or a district or school (kind "district") set up by mistake: only while
    nothing hangs on it. A fund with ballots (online or paper) is part of the vote's record and stays (409
    has_ballots); one with projects would orphan them (409 has_projects: move or withdraw them first)."""
    require(policies.can_delete_fund(actor, community), _("Only the community's admins manage budget cycles."))
    if kind not in ("category", "district"):
        raise ValidationFailed(fields={"kind": [_("Choose a category or a district.")]})
    model: type[Category] | type[District] = District if kind == "district" else Category
    with transaction.atomic():
        # Locked, the cycle's row holds back ballots being written in it (their foreign key reads it), so the checks
        # below see every ballot that will ever reference this fund.
        cycle = own_cycle(community, cycle_id, lock=True)
        fund = model.objects.filter(cycle=cycle, pk=as_int(fund_id)).first()
        if fund is None:
            raise NotFound()
        if voting_open(cycle):
            raise Conflict(_("Voting is open: a fund cannot be deleted while ballots may be coming in."),
                           code="voting_open")
        scope = {kind: fund}
        if Ballot.objects.filter(**scope).exists() or PaperBallot.objects.filter(**scope).exists():
            raise Conflict(_("Ballots were cast in this fund: it is part of the vote's record and cannot be "
                             "deleted."), code="has_ballots")
        if fund.projects.exists():
            raise Conflict(_("Projects are filed under this fund: move or withdraw them first."),
                           code="has_projects")
        audit_record(actor=actor, community=community, action=f"budgets.{kind}.deleted", target=fund,
                     data={"name": fund.name, "fund": fund.fund})
        fund.delete()
        forget_funds()


_VOTE_FIELDS = ("fund", "ballot_rule", "min_projects", "max_projects", "threshold_percent")
_FUND_FIELDS = ("name", "order", *_VOTE_FIELDS)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
