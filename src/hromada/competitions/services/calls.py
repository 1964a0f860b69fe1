"""Calls: staff create and change a competition with its rules per applicant type, the application form's parts,
the eligibility checks, scoring criteria, jury and phases. Once people have applied only what cannot hurt an
applicant still changes (texts, visibility, dates, the jury); a call that has applications is not deleted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.phases import schedule_clean
from hromada.core.text import visible_length

from .. import policies
from ..models import ApplicantType, Call, Criterion, Juror, Rule, TieBreak
from ..selectors import call_terms, terms_locked

TITLE_MAX = 200
BODY_MAX = 20_000
FUND_MAX = 10**13  # kopiyky: UAH 100 bln, far above any community's fund
CHECKS_MAX = 20
CHECK_MAX = 300
WEIGHTS_TOTAL = 100  # weights are shares of the score in per cent, so the published formula reads plainly
# What an applicant relies on when applying: frozen once an application is submitted.
TERMS = ("fund", "rules", "criteria", "tie_break", "description_required", "attachments_required", "checks")


def _locked_call(community, call_id: int) -> Call:
    try:
        return Call.objects.select_for_update().get(community=community, pk=call_id)
    except (Call.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _clean_text(title: str, body: str, errors: dict) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not visible_length(title):
        errors["title"] = [_("Give a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("At most %(max)s characters.") % {"max": TITLE_MAX}]
    if len(body) > BODY_MAX:
        errors["body"] = [_("At most %(max)s characters.") % {"max": BODY_MAX}]
    return title, body


def _int(value: Any, *, low: int, high: int) -> int | None:
    """A whole number within bounds, from an int or a string of digits (never a bool or a float)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if low <= value <= high else None


def _clean_rules(rules: Iterable[Mapping], errors: dict) -> list[dict]:
    clean: list[dict] = []
    seen: set[str] = set()
    for index, rule in enumerate(rules or ()):
        kind = str(rule.get("applicant_type", ""))
        percent = _int(rule.get("cofinancing_percent", 0), low=0, high=99)
        cap = _int(rule.get("cap"), low=1, high=FUND_MAX)
        if kind not in ApplicantType.values:
            errors.setdefault(f"rules.{index}.applicant_type", []).append(_("Unknown applicant type."))
        elif kind in seen:
            errors.setdefault(f"rules.{index}.applicant_type", []).append(_("This applicant type is given twice."))
        if percent is None:
            errors.setdefault(f"rules.{index}.cofinancing_percent", []).append(_("A whole number from 0 to 99."))
        if cap is None:
            errors.setdefault(f"rules.{index}.cap", []).append(_("A positive amount in kopiyky."))
        seen.add(kind)
        clean.append({"applicant_type": kind, "cofinancing_percent": percent, "cap": cap})
    if not clean:
        errors.setdefault("rules", []).append(_("Say who may apply: at least one applicant type."))
    return clean


def _clean_criteria(criteria: Iterable[Mapping], errors: dict) -> list[dict]:
    clean: list[dict] = []
    for index, item in enumerate(criteria or ()):
        name = str(item.get("name", "")).strip()
        weight = _int(item.get("weight"), low=1, high=100)
        max_score = _int(item.get("max_score", 10), low=1, high=100)
        if not visible_length(name) or len(name) > TITLE_MAX:
            errors.setdefault(f"criteria.{index}.name", []).append(_("Name the criterion (at most 200 characters)."))
        if weight is None:
            errors.setdefault(f"criteria.{index}.weight", []).append(_("A whole number from 1 to 100."))
        if max_score is None:
            errors.setdefault(f"criteria.{index}.max_score", []).append(_("A whole number from 1 to 100."))
        clean.append({"name": name, "weight": weight, "max_score": max_score})
    if not clean:
        errors.setdefault("criteria", []).append(_("Give the jury at least one scoring criterion."))
    elif all(c["weight"] for c in clean) and sum(c["weight"] for c in clean) != WEIGHTS_TOTAL:
        errors.setdefault("criteria", []).append(
            _("The weights are shares of the score: they add up to %(total)s (now %(sum)s).")
            % {"total": WEIGHTS_TOTAL, "sum": sum(c["weight"] for c in clean)})
    return clean


def _clean_checks(checks: Iterable, errors: dict) -> list[str]:
    """The call's own eligibility checks: short statements staff verify on each application."""
    if isinstance(checks, str) or not isinstance(checks, Iterable):
        errors["checks"] = [_("A list of statements.")]
        return []
    clean = [" ".join(str(c).split()) for c in checks]
    clean = [c for c in clean if c]
    for index, text in enumerate(clean):
        if len(text) > CHECK_MAX:
            errors.setdefault(f"checks.{index}", []).append(_("At most %(max)s characters.") % {"max": CHECK_MAX})
    if len(clean) > CHECKS_MAX:
        errors.setdefault("checks", []).append(_("At most %(max)s checks.") % {"max": CHECKS_MAX})
    return clean


def _clean_jury(community, juror_ids: Iterable, errors: dict) -> list:
    try:
        ids = {int(i) for i in juror_ids or ()}
    except (TypeError, ValueError):
        errors["juror_ids"] = [_("Jurors are given by their user ids.")]
        return []
    if any(not 0 < i < 2**63 for i in ids):  # beyond any database's integer: nobody, never an overflow
        errors["juror_ids"] = [_("Some of these people do not exist.")]
        return []
    users = list(get_user_model().objects.filter(pk__in=ids, is_active=True))
    if len(users) != len(ids):
        errors["juror_ids"] = [_("Some of these people do not exist.")]
    return users


def _clean(community, *, title, body, fund, schedule, tie_break, rules, criteria, juror_ids,
           description_required, attachments_required, checks) -> dict:
    errors: dict[str, list[str]] = {}
    title, body = _clean_text(title, body, errors)
    fund = _int(fund, low=1, high=FUND_MAX)
    if fund is None:
        errors["fund"] = [_("A positive amount in kopiyky.")]
    files = _int(attachments_required, low=0, high=50)
    if files is None:
        errors["attachments_required"] = [_("A whole number from 0 to 50.")]
    if not isinstance(description_required, bool):
        errors["description_required"] = [_("Yes or no.")]
    if tie_break not in TieBreak.values:
        errors["tie_break"] = [_("Unknown tie-break rule.")]
    from ..manifest import MANIFEST

    clean = {"title": title, "body": body, "fund": fund, "tie_break": tie_break,
             "rules": _clean_rules(rules, errors), "criteria": _clean_criteria(criteria, errors),
             "jurors": _clean_jury(community, juror_ids, errors),
             "description_required": description_required,
             "attachments_required": files, "checks": _clean_checks(checks, errors)}
    try:
        clean["schedule"] = schedule_clean(MANIFEST, schedule or ())
    except ValidationFailed as exc:
        errors.update({f"schedule.{k}": v for k, v in exc.fields.items()})
    else:
        keys = [w.key for w in clean["schedule"].windows]  # in the order of their dates
        if {"applications", "scoring"} - set(keys):
            errors["schedule"] = [_("Schedule the applications and the jury scoring.")]
        elif keys != [p.key for p in MANIFEST.phases if p.key in keys]:
            errors["schedule"] = [_("The phases come in their order: applications, eligibility review, jury "
                                    "scoring, results.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return clean


def _apply(call: Call, clean: dict) -> None:
    call.title, call.body, call.fund, call.tie_break = clean["title"], clean["body"], clean["fund"], \
        clean["tie_break"]
    call.schedule = clean["schedule"].to_json()
    call.description_required = clean["description_required"]
    call.attachments_required = clean["attachments_required"]
    call.checks = clean["checks"]


def _write_parts(call: Call, clean: dict, parts: set[str]) -> None:
    """Replace the call's rules and criteria when `parts` names them (never once scored: scores cascade), and
    bring the jury to the given people."""
    if "rules" in parts:
        call.rules.all().delete()
        Rule.objects.bulk_create(Rule(community=call.community, call=call, **r) for r in clean["rules"])
    if "criteria" in parts:
        call.criteria.all().delete()
        Criterion.objects.bulk_create(Criterion(community=call.community, call=call, **c) for c in clean["criteria"])
    call.jurors.exclude(user__in=clean["jurors"]).delete()
    have = set(call.jurors.values_list("user_id", flat=True))
    Juror.objects.bulk_create(Juror(community=call.community, call=call, user=u)
                              for u in clean["jurors"] if u.pk not in have)


@service
def call_create(*, actor, community, title: str, fund: int, schedule: Iterable[Mapping], rules: Iterable[Mapping],
                criteria: Iterable[Mapping], juror_ids: Iterable[int] = (), body: str = "",
                tie_break: str = TieBreak.EARLIER_SUBMISSION, is_public: bool = True,
                description_required: bool = False, attachments_required: int = 0,
                checks: Iterable[str] = ()) -> Call:
    """A call with its fund (kopiyky), phases, rules per applicant type, the application form's parts (the
    budget table always; the full description and a number of files when the call asks), its eligibility
    checks, criteria (weights adding up to 100) and jury."""
    require(policies.can_manage(actor, community), _("Only the community's staff may announce competitions."))
    clean = _clean(community, title=title, body=body, fund=fund, schedule=schedule, tie_break=tie_break,
                   rules=rules, criteria=criteria, juror_ids=juror_ids,
                   description_required=description_required, attachments_required=attachments_required, checks=checks)
    with transaction.atomic():
        call = Call(community=community, is_public=bool(is_public),
                    created_by=actor if getattr(actor, "is_authenticated", False) else None)
        _apply(call, clean)
        call.save()
        _write_parts(call, clean, {"rules", "criteria"})
        audit_record(actor=actor, community=community, action="competitions.call.created", target=call)
    return call


@service
def call_update(*, actor, community, call_id: int, **changes) -> Call:
    """Change a call. Once an application is submitted, the terms applicants relied on (fund, rules, criteria,
    tie-break, the form's parts and checks) are frozen: a change to them is a Conflict naming them; the texts,
    visibility, dates and the jury still change."""
    require(policies.can_manage(actor, community), _("Only the community's staff may change competitions."))
    with transaction.atomic():
        call = _locked_call(community, call_id)
        current = call_terms(call)
        unknown = set(changes) - set(current) - {"is_public"}
        if unknown:
            raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
        changed = {k for k, v in changes.items() if k in current and _normal(k, v) != _normal(k, current[k])}
        frozen = set(TERMS) & changed
        if frozen and terms_locked(call):
            raise Conflict(_("People have applied: the fund, who may apply and on what terms, the form, the checks "
                             "and the scoring no longer change."), code="call_terms_frozen",
                           fields={name: [_("Frozen once applications arrive.")] for name in sorted(frozen)})
        clean = _clean(community, **{**current, **{k: v for k, v in changes.items() if k != "is_public"}})
        _apply(call, clean)
        if changes.get("is_public") is not None:
            call.is_public = bool(changes["is_public"])
        call.save()
        _write_parts(call, clean, frozen)
        audit_record(actor=actor, community=community, action="competitions.call.changed", target=call,
                     data={"changed": sorted(changed | ({"is_public"} & set(changes)))})
    return call


def _normal(name: str, value: Any) -> Any:
    """A comparable form of a field, so that resending the current value (lists of dicts, ids in another order,
    criteria without their default maximum) is not taken as a change."""
    if name == "rules":
        return sorted((str(r.get("applicant_type")), r.get("cofinancing_percent", 0), r.get("cap"))
                      for r in value or ())
    if name == "criteria":
        return [(str(c.get("name", "")).strip(), c.get("weight"), c.get("max_score", 10)) for c in value or ()]
    if name == "juror_ids":
        return sorted(str(i) for i in value or ())
    if name == "checks":
        return [" ".join(str(c).split()) for c in value or () if str(c).strip()]
    return value


@service
def call_delete(*, actor, community, call_id: int) -> None:
    require(policies.can_manage(actor, community), _("Only the community's staff may delete competitions."))
    with transaction.atomic():
        call = _locked_call(community, call_id)
        if call.applications.exclude(status="draft").exists():
            raise Conflict(_("People have applied to this call: it can no longer be deleted."))
        audit_record(actor=actor, community=community, action="competitions.call.deleted", target=call,
                     data={"title": call.title})
        call.delete()
