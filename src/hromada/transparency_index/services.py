"""Every write of the transparency self-check: computing a period's snapshot, deleting one, and the scores staff
enter by hand; one @service each, asking its policy, validating, writing in one transaction, audited."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import require, service

from . import evaluation, policies
from .areas import METHODOLOGY, SCORE_CHOICES
from .models import ManualAssessment, SelfCheck
from .periods import LONGEST_DAYS, today

NOTE_MAX = 2000
EARLIEST = date(2000, 1, 1)
_web_url = URLValidator(schemes=["http", "https"])
M = TypeVar("M", bound=models.Model)


def _period(start, end, *, start_field: str = "start", end_field: str = "end") -> tuple[date, date]:
    errors: dict[str, list[str]] = {}
    if not isinstance(start, date) or start < EARLIEST:
        errors[start_field] = [_("Give the first day of the period.")]
    if not isinstance(end, date) or end < EARLIEST:
        errors[end_field] = [_("Give the last day of the period.")]
    if not errors:
        if start > end:
            errors[end_field] = [_("The period ends before it starts.")]
        elif end > today():
            errors[end_field] = [_("The period cannot end in the future.")]
        elif (end - start).days >= LONGEST_DAYS:
            errors[end_field] = [_("A period is at most a year long.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return start, end


def _assessments_for(community, start: date, end: date) -> dict[str, ManualAssessment]:
    """For each indicator, the entry whose period overlaps this one, the latest-ending first."""
    found: dict[str, ManualAssessment] = {}
    entries = (ManualAssessment.objects.for_community(community)
               .filter(period_start__lte=end, period_end__gte=start).order_by("code", "-period_end", "-pk"))
    for entry in entries:
        found.setdefault(entry.code, entry)
    return found


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@service
def selfcheck_compute(*, actor, community, start: date, end: date) -> SelfCheck:
    """Evaluate every indicator for the period and store the snapshot (computing a period again replaces it)."""
    require(policies.can_compute(actor, community), _("Only the community's staff may compute the self-check."))
    start, end = _period(start, end)
    assessments = _assessments_for(community, start, end)
    results = [evaluation.result_for(entry, community, start, end, assessments.get(entry.code))
               for entry in evaluation.catalogue(community)]
    points, maximum, areas = evaluation.totals(results)
    return _store_recorded(
        SelfCheck, actor=actor, community=community, keys={"period_start": start, "period_end": end},
        values={"computed_at": timezone.now(), "computed_by": _user_or_none(actor), "methodology": METHODOLOGY,
                "points": points, "max_points": maximum, "areas": areas, "results": results},
        actions=("transparency_index.selfcheck.computed", "transparency_index.selfcheck.recomputed"),
        data={"points": points, "max_points": maximum})


def _store_recorded(model: type[M], *, actor, community, keys: dict, values: dict, actions: tuple[str, str],
                    data: dict) -> M:
    """Create the community's row at `keys`, or change it, with its audit event (actions: (created, changed))."""
    with transaction.atomic():
        row, created = model._default_manager.update_or_create(community=community, **keys, defaults=values)
        audit_record(actor=actor, community=community, action=actions[0] if created else actions[1], target=row,
                     data=data)
    return row


@service
def selfcheck_delete(*, actor, community, selfcheck_id: int) -> None:
    require(policies.can_compute(actor, community), _("Only the community's staff may delete a self-check."))
    _delete_recorded(SelfCheck, actor=actor, community=community, pk=selfcheck_id,
                     action="transparency_index.selfcheck.deleted",
                     data=lambda snapshot: {"period": [snapshot.period_start.isoformat(),
                                                       snapshot.period_end.isoformat()]})


def _delete_recorded(model, *, actor, community, pk: int, action: str, data) -> None:
    """Delete the community's row (locked first; NotFound when it is not there or not theirs) with its audit event,
    whose data is `data(row)`."""
    with transaction.atomic():
        row = model.objects.select_for_update().filter(community=community, pk=pk).first()
        if row is None:
            raise NotFound()
        audit_record(actor=actor, community=community, action=action, target=row, data=data(row))
        row.delete()


def _clean_assessment(community, *, code: str, score_percent, evidence_url: str, note: str) -> tuple[int, str, str]:
    errors: dict[str, list[str]] = {}
    entry = evaluation.catalogue_entry(community, code)
    if entry is None or not entry.takes_manual_entry:
        errors["code"] = [_("This indicator is computed from the platform's data; it is not entered by hand.")]
    if score_percent not in dict(SCORE_CHOICES):
        errors["score_percent"] = [_("Choose met, partly met or not met.")]
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        try:
            _web_url(evidence_url)
        except ValidationError:
            errors["evidence_url"] = [_("Give a web address starting with https:// or http://.")]
        if len(evidence_url) > 500:
            errors["evidence_url"] = [_("At most %(max)s characters.") % {"max": 500}]
    elif isinstance(score_percent, int) and score_percent > 0:
        errors["evidence_url"] = [_("Link the page or document that proves it.")]
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("At most %(max)s characters.") % {"max": NOTE_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)
    return score_percent, evidence_url, note


@service
def manual_assessment_set(*, actor, community, code: str, period_start: date, period_end: date, score_percent: int,
                          evidence_url: str = "", note: str = "") -> ManualAssessment:
    """Enter (or change) the score of a hand-assessed indicator for a period; the next computation uses it."""
    require(policies.can_assess(actor, community), _("Only the community's staff may assess indicators."))
    period_start, period_end = _period(period_start, period_end, start_field="period_start", end_field="period_end")
    score_percent, evidence_url, note = _clean_assessment(community, code=code, score_percent=score_percent,
                                                          evidence_url=evidence_url, note=note)
    return _store_recorded(
        ManualAssessment, actor=actor, community=community,
        keys={"code": code, "period_start": period_start, "period_end": period_end},
        values={"score_percent": score_percent, "evidence_url": evidence_url, "note": note,
                "entered_by": _user_or_none(actor)},
        actions=("transparency_index.assessment.entered", "transparency_index.assessment.changed"),
        data={"code": code, "score_percent": score_percent})


@service
def manual_assessment_delete(*, actor, community, assessment_id: int) -> None:
    require(policies.can_assess(actor, community), _("Only the community's staff may assess indicators."))
    _delete_recorded(ManualAssessment, actor=actor, community=community, pk=assessment_id,
                     action="transparency_index.assessment.deleted", data=lambda assessment: {"code": assessment.code})
