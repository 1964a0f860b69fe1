"""Writes on plans, their commitments, milestones and evidence, and the import of winning participatory-budget
projects: each a @service asking its policy, validating, writing in one transaction and recording an audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department
from hromada.core.text import visible_length
from hromada.core.uploads import clean_document

from .. import policies, selectors
from ..manifest import commitments_settings
from ..models import (
    Commitment,
    CommitmentStatus,
    Evidence,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanKind,
    ResponsibleBody,
)

TITLE_MAX = 200
COMMITMENT_TITLE_MAX = 300
BODY_MAX = 20_000
OFFICIALS_MAX = 500
URL_MAX = 500
EVIDENCE_ACCEPT = frozenset({"pdf", "image", "office"})


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value, field: str, errors: dict, *, max_length: int, required: bool = False) -> str:
    value = str(value or "").strip()
    if required and not visible_length(value):
        errors[field] = [_("This field is required.")]
    elif len(value) > max_length:
        errors[field] = [_("At most %(max)s characters.") % {"max": max_length}]
    return value


def _percent(value, field: str, errors: dict) -> int:
    try:
        number = int(value)
        if isinstance(value, bool) or not 0 <= number <= 100 or str(number) != str(value).strip():
            raise ValueError
    except (TypeError, ValueError):
        errors[field] = [_("Give a whole percentage from 0 to 100.")]
        return 0
    return number


def _choice(value, field: str, errors: dict, choices) -> str:
    if value not in choices.values:
        errors[field] = [_("Choose one of the offered values.")]
    return value


def _date(value, field: str, errors: dict, *, required: bool = True) -> date | None:
    if value is None and not required:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors[field] = [_("Give a date.")]
        return None


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationFailed(fields=errors)


def _own_plan(community, plan_id, *, lock: bool = False) -> Plan:
    plans = Plan.objects.select_for_update() if lock else Plan.objects.all()
    plan = plans.filter(community=community, pk=selectors.as_id(plan_id)).first()
    if plan is None:
        raise NotFound()
    return plan


def _own_commitment(community, commitment_id, *, lock: bool = False) -> Commitment:
    rows = Commitment.objects.select_for_update() if lock else Commitment.objects.all()
    commitment = rows.filter(community=community, pk=selectors.as_id(commitment_id)).select_related("plan").first()
    if commitment is None:
        raise NotFound()
    return commitment


def _plan_fields(errors, *, title, kind, body, period_start, period_end, monitoring_months) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": _text(title, "title", errors, max_length=TITLE_MAX, required=True),
              "kind": _choice(kind, "kind", errors, PlanKind),
              "body": _text(body, "body", errors, max_length=BODY_MAX),
              "period_start": _date(period_start, "period_start", errors),
              "period_end": _date(period_end, "period_end", errors)}
    try:
        months = int(monitoring_months)
        if isinstance(monitoring_months, bool) or not 1 <= months <= 24:
            raise ValueError
    except (TypeError, ValueError):
        errors["monitoring_months"] = [_("Give a whole number of months from 1 to 24.")]
        months = 6
    fields["monitoring_months"] = months
    start, end = fields["period_start"], fields["period_end"]
    if start and end and end < start:
        errors["period_end"] = [_("The period ends before it starts.")]
    return fields


@service
def plan_create(*, actor, community, title: str, period_start, period_end, kind: str = PlanKind.ACTION_PLAN,
                body: str = "", monitoring_months: int | None = None, is_public: bool = True) -> Plan:
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    errors: dict[str, list[str]] = {}
    if monitoring_months is None:
        monitoring_months = commitments_settings(community).monitoring_months
    fields = _plan_fields(errors, title=title, kind=kind, body=body, period_start=period_start,
                          period_end=period_end, monitoring_months=monitoring_months)
    _raise(errors)
    with transaction.atomic():
        plan = Plan.objects.create(community=community, is_public=bool(is_public), created_by=_user(actor), **fields)
        audit_record(actor=actor, community=community, action="commitments.plan.created", target=plan)
    return plan


@service
def plan_update(*, actor, community, plan_id: int, **changes) -> Plan:
    """Change any of title, kind, body, period_start, period_end, monitoring_months, is_public."""
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    known = {"title", "kind", "body", "period_start", "period_end", "monitoring_months", "is_public"}
    unknown = set(changes) - known
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    with transaction.atomic():
        plan = _own_plan(community, plan_id, lock=True)
        errors: dict[str, list[str]] = {}
        current = {name: changes.get(name, getattr(plan, name)) for name in known - {"is_public"}}
        fields = _plan_fields(errors, **current)
        if "monitoring_months" in changes and fields["monitoring_months"] != plan.monitoring_months \
                and plan.rounds.exists():
            errors["monitoring_months"] = [_("Monitoring has begun: the interval is fixed.")]
        _raise(errors)
        for name, value in fields.items():
            setattr(plan, name, value)
        if changes.get("is_public") is not None:
            plan.is_public = bool(changes["is_public"])
        plan.save()
        audit_record(actor=actor, community=community, action="commitments.plan.changed", target=plan)
    return plan


@service
def plan_delete(*, actor, community, plan_id: int) -> None:
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    with transaction.atomic():
        plan = _own_plan(community, plan_id, lock=True)
        if plan.rounds.exists():
            raise Conflict(_("A plan under monitoring stays on the record; hide it instead."), code="monitored")
        audit_record(actor=actor, community=community, action="commitments.plan.deleted", target=plan,
                     data={"title": plan.title})
        plan.delete()


def _departments(community, department_ids, errors) -> list[int]:
    try:
        wanted = sorted({int(pk) for pk in (department_ids or [])})
    except (TypeError, ValueError):
        errors["department_ids"] = [_("Choose departments of this community.")]
        return []
    found = set(Department.objects.filter(community=community, pk__in=wanted).values_list("pk", flat=True))
    if not wanted or found != set(wanted):
        errors["department_ids"] = [_("Choose departments of this community.")]
    return wanted


@service
def commitment_create(*, actor, community, plan_id: int, title: str, department_ids: list[int], body: str = "",
                      officials: str = "", order: int = 0, source: str = "") -> Commitment:
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    _own_plan(community, plan_id)  # another community's plan is not found, whatever the input
    errors: dict[str, list[str]] = {}
    title = _text(title, "title", errors, max_length=COMMITMENT_TITLE_MAX, required=True)
    body = _text(body, "body", errors, max_length=BODY_MAX)
    officials = _text(officials, "officials", errors, max_length=OFFICIALS_MAX)
    departments = _departments(community, department_ids, errors)
    _raise(errors)
    with transaction.atomic():
        plan = _own_plan(community, plan_id, lock=True)
        commitment = Commitment.objects.create(community=community, plan=plan, title=title, body=body,
                                               officials=officials, order=max(0, int(order or 0)), source=source)
        ResponsibleBody.objects.bulk_create([ResponsibleBody(community=community, commitment=commitment,
                                                             department_id=pk) for pk in departments])
        audit_record(actor=actor, community=community, action="commitments.commitment.created", target=commitment)
    return commitment


@service
def commitment_update(*, actor, community, commitment_id: int, title: str | None = None, body: str | None = None,
                      officials: str | None = None, department_ids: list[int] | None = None,
                      status: str | None = None, progress: int | None = None) -> Commitment:
    """Staff corrections between rounds; the rounds' reports move status and progress in the normal course."""
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    with transaction.atomic():
        commitment = _own_commitment(community, commitment_id, lock=True)
        errors: dict[str, list[str]] = {}
        if title is not None:
            commitment.title = _text(title, "title", errors, max_length=COMMITMENT_TITLE_MAX, required=True)
        if body is not None:
            commitment.body = _text(body, "body", errors, max_length=BODY_MAX)
        if officials is not None:
            commitment.officials = _text(officials, "officials", errors, max_length=OFFICIALS_MAX)
        if status is not None:
            commitment.status = _choice(status, "status", errors, CommitmentStatus)
        if progress is not None:
            commitment.progress = _percent(progress, "progress", errors)
        departments = _departments(community, department_ids, errors) if department_ids is not None else None
        _raise(errors)
        commitment.save()
        if departments is not None:
            commitment.bodies.exclude(department_id__in=departments).delete()
            have = set(commitment.bodies.values_list("department_id", flat=True))
            ResponsibleBody.objects.bulk_create([ResponsibleBody(community=community, commitment=commitment,
                                                                 department_id=pk)
                                                 for pk in departments if pk not in have])
        audit_record(actor=actor, community=community, action="commitments.commitment.changed", target=commitment)
    return commitment


@service
def commitment_delete(*, actor, community, commitment_id: int) -> None:
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    with transaction.atomic():
        commitment = _own_commitment(community, commitment_id, lock=True)
        if commitment.reports.exists() or commitment.assessments.exists():
            raise Conflict(_("A commitment with reports stays on the record."), code="monitored")
        audit_record(actor=actor, community=community, action="commitments.commitment.deleted", target=commitment,
                     data={"title": commitment.title})
        commitment.delete()


def _milestone_fields(errors, *, title, due_on, status, done_on) -> dict:
    fields = {"title": _text(title, "title", errors, max_length=COMMITMENT_TITLE_MAX, required=True),
              "due_on": _date(due_on, "due_on", errors),
              "status": _choice(status, "status", errors, MilestoneStatus),
              "done_on": _date(done_on, "done_on", errors, required=False)}
    if fields["status"] == MilestoneStatus.DONE and fields["done_on"] is None and "done_on" not in errors:
        errors["done_on"] = [_("Give the date it was done.")]
    if fields["status"] != MilestoneStatus.DONE:
        fields["done_on"] = None
    return fields


@service
def milestone_create(*, actor, community, commitment_id: int, title: str, due_on, status: str = "planned",
                     done_on=None) -> Milestone:
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    commitment = _own_commitment(community, commitment_id)
    errors: dict[str, list[str]] = {}
    fields = _milestone_fields(errors, title=title, due_on=due_on, status=status, done_on=done_on)
    _raise(errors)
    with transaction.atomic():
        milestone = Milestone.objects.create(community=community, commitment=commitment, **fields)
        audit_record(actor=actor, community=community, action="commitments.milestone.created", target=commitment,
                     data={"milestone": milestone.pk})
    return milestone


@service
def milestone_update(*, actor, community, milestone_id: int, **changes) -> Milestone:
    """Change any of title, due_on, status, done_on (a done milestone needs the date it was done)."""
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    known = {"title", "due_on", "status", "done_on"}
    if set(changes) - known:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(set(changes) - known)})
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().filter(community=community,
                                                                 pk=selectors.as_id(milestone_id)).first()
        if milestone is None:
            raise NotFound()
        errors: dict[str, list[str]] = {}
        fields = _milestone_fields(errors, **{name: changes.get(name, getattr(milestone, name)) for name in known})
        _raise(errors)
        for name, value in fields.items():
            setattr(milestone, name, value)
        milestone.save()
        audit_record(actor=actor, community=community, action="commitments.milestone.changed",
                     target=milestone.commitment, data={"milestone": milestone.pk, "status": milestone.status})
    return milestone


@service
def milestone_delete(*, actor, community, milestone_id: int) -> None:
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    with transaction.atomic():
        milestone = Milestone.objects.filter(community=community, pk=selectors.as_id(milestone_id)).first()
        if milestone is None:
            raise NotFound()
        audit_record(actor=actor, community=community, action="commitments.milestone.deleted",
                     target=milestone.commitment, data={"milestone": milestone.pk, "title": milestone.title})
        milestone.delete()


@service
def evidence_add(*, actor, community, commitment_id: int, title: str, url: str = "", upload=None) -> Evidence:
    """A document (PDF, image or office file, typed by content) or a public link proving what was done."""
    commitment = _own_commitment(community, commitment_id)
    bodies = selectors.body_department_ids(commitment)
    require(policies.can_report(actor, community, bodies),
            _("Only the commitment's responsible bodies add evidence."))
    errors: dict[str, list[str]] = {}
    title = _text(title, "title", errors, max_length=TITLE_MAX, required=True)
    url = str(url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
            if len(url) > URL_MAX:
                raise DjangoValidationError("long")
        except DjangoValidationError:
            errors["url"] = [_("Give a web address starting with http:// or https://.")]
    if bool(url) == (upload is not None):
        errors.setdefault("url", [_("Give either a link or a file.")])
    _raise(errors)
    document = clean_document(upload, field="file", accept=EVIDENCE_ACCEPT) if upload is not None else None
    with transaction.atomic():
        item = Evidence(community=community, commitment=commitment, title=title, url=url)
        if document is not None:
            item.name, item.content_type = document.display_name, document.content_type
            item.size = document.content.size
            item.file.save(f"evidence{document.extension}", document.content, save=False)
        item.save()
        audit_record(actor=actor, community=community, action="commitments.evidence.added", target=commitment,
                     data={"evidence": item.pk})
    return item


@service
def plan_import_budget_winners(*, actor, community, plan_id: int) -> int:
    """Add the community's winning participatory-budget projects as commitments of a plan (each once), with the
    project's responsible department as the body. Without the budgets capability there is nothing to add."""
    require(policies.can_manage(actor, community), _("Only the community's admins keep plans."))
    with transaction.atomic():
        plan = _own_plan(community, plan_id, lock=True)
        have = set(plan.commitments.exclude(source="").values_list("source", flat=True))
        fallback = Department.objects.filter(community=community, is_active=True).order_by("pk") \
            .values_list("pk", flat=True).first()
        added = 0
        for winner in selectors.budget_winners(community):
            department_id = winner.department_id or fallback
            if winner.source in have or department_id is None:
                continue
            try:
                with transaction.atomic():
                    commitment = Commitment.objects.create(
                        community=community, plan=plan, title=winner.title[:COMMITMENT_TITLE_MAX],
                        body=winner.body, source=winner.source, progress=winner.progress,
                        status=CommitmentStatus.COMPLETED if winner.progress >= 100 else CommitmentStatus.IN_PROGRESS
                        if winner.progress else CommitmentStatus.NOT_STARTED)
                    ResponsibleBody.objects.create(community=community, commitment=commitment,
                                                   department_id=department_id)
            except IntegrityError:
                continue
            added += 1
        audit_record(actor=actor, community=community, action="commitments.plan.imported", target=plan,
                     data={"added": added})
    return added
