"""Every read of Commitments: plans and commitments as a person may see them, a commitment's public timeline, the
rounds' periods, the late-reports queue, the winners offered by the budgets capability, and the open-data rows."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from hromada.core import capabilities
from hromada.core.calendar.working_days import add_working_days, to_kyiv_date
from hromada.core.errors import NotFound

from . import policies
from .models import (
    Assessment,
    BodyReport,
    Commitment,
    Evidence,
    Follow,
    Milestone,
    Monitor,
    MonitoringRound,
    Plan,
    ResponsibleBody,
    RoundState,
)


def as_id(value) -> int:
    """An id from input: anything that is not a positive integer finds nothing (NotFound), never a 500."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if number <= 0 or number > 2**62:
        raise NotFound()
    return number


def today(now=None) -> date:
    return to_kyiv_date(now or timezone.now())


# Plans and commitments.

def plan_list(*, actor, community) -> QuerySet[Plan]:
    plans = Plan.objects.for_community(community).annotate(commitment_count=Count("commitments"))
    if not policies.can_see_hidden(actor, community):
        plans = plans.filter(is_public=True)
    return plans.order_by("-period_start", "-pk")


def plan_get(*, actor, community, plan_id) -> Plan:
    """One plan; another community's, a hidden one or none at all are the same NotFound."""
    plan = (Plan.objects.for_community(community).filter(pk=as_id(plan_id))
            .annotate(commitment_count=Count("commitments")).prefetch_related("rounds").first())
    if plan is None or not policies.can_see(actor, community, plan):
        raise NotFound()
    return plan


def _bodies() -> Prefetch:
    return Prefetch("bodies", queryset=ResponsibleBody.objects.select_related("department").order_by("pk"))


def commitment_list(*, plan: Plan) -> QuerySet[Commitment]:
    return plan.commitments.prefetch_related(_bodies()).order_by("order", "pk")


def commitment_get(*, actor, community, commitment_id, full: bool = False) -> Commitment:
    """One commitment of a plan the person may see; `full` also reads its milestones, reports, assessments and
    evidence (the API's timeline) in one query each."""
    commitments = (Commitment.objects.for_community(community).filter(pk=as_id(commitment_id))
                   .select_related("plan").prefetch_related(_bodies()))
    if full:
        commitments = commitments.prefetch_related(
            "milestones", "evidence", Prefetch("reports", queryset=BodyReport.objects.select_related("round",
                                                                                                 "department")),
            Prefetch("assessments", queryset=Assessment.objects.select_related("round")))
    commitment = commitments.first()
    if commitment is None or not policies.can_see(actor, community, commitment.plan):
        raise NotFound()
    return commitment


def evidence_get(*, actor, community, evidence_id) -> Evidence:
    item = (Evidence.objects.for_community(community).filter(pk=as_id(evidence_id))
            .select_related("commitment__plan").first())
    if item is None or not policies.can_see(actor, community, item.commitment.plan):
        raise NotFound()
    return item


def milestone_get(*, actor, community, milestone_id) -> Milestone:
    found = (Milestone.objects.for_community(community).filter(pk=as_id(milestone_id))
             .select_related("commitment__plan").first())
    if found is None or not policies.can_see(actor, community, found.commitment.plan):
        raise NotFound()
    return found


def body_department_ids(commitment: Commitment) -> list[int]:
    return sorted(b.department_id for b in commitment.bodies.all())


def round_list(*, plan: Plan) -> QuerySet[MonitoringRound]:
    return plan.rounds.annotate(report_count=Count("reports", distinct=True),
                                assessment_count=Count("assessments", distinct=True)).order_by("number")


def round_get(*, community, round_id) -> MonitoringRound:
    found = MonitoringRound.objects.for_community(community).filter(pk=as_id(round_id)).select_related("plan").first()
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "milestone", "report", "assessment", "evidence"
    on: date
    item: object


def commitment_timeline(commitment: Commitment) -> list[TimelineEntry]:
    """Milestones (by due date), reports and assessments (by filing), evidence (by adding), newest first."""
    entries = [TimelineEntry("milestone", m.done_on or m.due_on, m) for m in commitment.milestones.all()]
    entries += [TimelineEntry("report", today(r.filed_at), r)
                for r in commitment.reports.select_related("round", "department")]
    entries += [TimelineEntry("assessment", today(a.filed_at), a) for a in commitment.assessments.select_related("round")]
    entries += [TimelineEntry("evidence", today(e.added_at), e) for e in commitment.evidence.all()]
    order = {"milestone": 0, "evidence": 1, "report": 2, "assessment": 3}
    return sorted(entries, key=lambda e: (e.on, order[e.kind], e.item.pk), reverse=True)


def is_following(user, commitment: Commitment) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and \
        Follow.objects.filter(commitment=commitment, user=user).exists()


def monitor_ids(community) -> set[int]:
    return set(Monitor.objects.for_community(community).values_list("user_id", flat=True))


def monitor_list(*, community) -> QuerySet[Monitor]:
    return Monitor.objects.for_community(community).select_related("user").order_by("organisation", "pk")


# Monitoring rounds: the n-th round covers the n-th interval of the plan's period and opens when it has ended.

def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def round_period(plan: Plan, number: int) -> tuple[date, date] | None:
    """(first day, last day) of round `number` (1-based), cut at the plan's end; None past the plan's period."""
    start = add_months(plan.period_start, (number - 1) * plan.monitoring_months)
    if start > plan.period_end:
        return None
    end = add_months(plan.period_start, number * plan.monitoring_months) - timedelta(days=1)
    return start, min(end, plan.period_end)


def round_due_on(community, period_end: date, working_days: int) -> date:
    """Reports are due `working_days` working days after the period ends (core.calendar, Ukraine's days off)."""
    return add_working_days(community, period_end, working_days)


def next_round_number(plan: Plan) -> int:
    last = plan.rounds.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def plans_with_a_round_due(now=None) -> Iterator[tuple[Plan, int]]:
    """(plan, number) for every plan whose next round's period has ended, across communities (the periodic task)."""
    day = today(now)
    plans = Plan.objects.filter(period_start__lt=day).select_related("community").order_by("pk")
    for plan in plans.iterator(chunk_size=200):
        number = next_round_number(plan)
        period = round_period(plan, number)
        if period is not None and period[1] < day:
            yield plan, number


# Late reports: commitments of an open round past its due date without their body's report.

@dataclass(frozen=True)
class LateRow:
    round: MonitoringRound
    commitment: Commitment
    days_late: int


def late_reports(*, actor, community, now=None) -> list[LateRow]:
    """The late-reports queue: for each open round past due, its commitments without a report; an official sees
    the commitments of their departments, an admin all. Two queries whatever the number of rows."""
    from hromada.core.identity.models import Role
    from hromada.core.identity.policies import department_ids_of, has_role

    day = today(now)
    rounds = list(MonitoringRound.objects.for_community(community).filter(state=RoundState.OPEN, due_on__lt=day)
                  .select_related("plan").order_by("due_on", "pk"))
    if not rounds:
        return []
    commitments = (Commitment.objects.for_community(community).filter(plan_id__in={r.plan_id for r in rounds})
                   .prefetch_related(_bodies()).order_by("plan_id", "order", "pk"))
    if not has_role(actor, community, Role.ADMIN):
        commitments = commitments.filter(bodies__department_id__in=department_ids_of(actor, community)).distinct()
    reported = set(BodyReport.objects.filter(round__in=rounds).values_list("round_id", "commitment_id"))
    by_plan: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        by_plan.setdefault(commitment.plan_id, []).append(commitment)
    return [LateRow(r, c, (day - r.due_on).days) for r in rounds for c in by_plan.get(r.plan_id, [])
            if (r.pk, c.pk) not in reported]


def late_commitments(monitoring_round: MonitoringRound) -> QuerySet[Commitment]:
    return (monitoring_round.plan.commitments.exclude(reports__round=monitoring_round)
            .prefetch_related(_bodies()).order_by("order", "pk"))


def reporting_choices(*, actor, community, commitment: Commitment) -> list[MonitoringRound]:
    """The open rounds of the commitment's plan it has no report in yet (the staff's "file a report" links)."""
    return list(commitment.plan.rounds.filter(state=RoundState.OPEN).exclude(reports__commitment=commitment)
                .order_by("number"))


def assessment_choices(*, commitment: Commitment) -> list[MonitoringRound]:
    return list(commitment.plan.rounds.exclude(assessments__commitment=commitment).order_by("number"))


# Winning participatory-budget projects, offered by the budgets capability when this community has it.

@dataclass(frozen=True)
class BudgetWinner:
    source: str
    title: str
    body: str
    department_id: int | None
    progress: int


def budget_winners(community) -> list[BudgetWinner]:
    """The one seam to budgets: its public selector, found through the registry, so nothing here imports budgets
    and an install or community without it simply has no winners to offer."""
    if "budgets" not in {m.slug for m in capabilities.manifests()} or not community.capability_enabled("budgets"):
        return []
    implementation_list = capabilities.resolve(f"{capabilities.app_of('budgets')}.selectors:implementation_list")
    return [BudgetWinner(f"budgets.project:{p.pk}", p.title, p.summary or "", p.department_id, p.progress)
            for p in implementation_list(community=community)]


# Open data: public plans only; officials appear by their public role as the plan names them, people never.

def _public_commitments(community) -> QuerySet[Commitment]:
    return Commitment.objects.for_community(community).filter(plan__is_public=True)


def plan_open_data_rows(community) -> Iterator[dict]:
    plans = Plan.objects.for_community(community).filter(is_public=True).order_by("pk")
    for plan in plans.iterator(chunk_size=500):
        yield {"id": plan.pk, "title": plan.title, "kind": plan.kind, "period_start": plan.period_start.isoformat(),
               "period_end": plan.period_end.isoformat(), "monitoring_months": plan.monitoring_months}


def commitment_open_data_rows(community) -> Iterator[dict]:
    rows = _public_commitments(community).prefetch_related(_bodies()).order_by("plan_id", "order", "pk")
    for commitment in rows.iterator(chunk_size=500):
        yield {"id": commitment.pk, "plan_id": commitment.plan_id, "title": commitment.title,
               "responsible_bodies": "; ".join(b.department.name for b in commitment.bodies.all()),
               "responsible_officials": commitment.officials, "status": commitment.status,
               "progress": commitment.progress}


def milestone_open_data_rows(community) -> Iterator[dict]:
    from .models import Milestone

    rows = Milestone.objects.for_community(community).filter(commitment__plan__is_public=True).order_by("pk")
    for milestone in rows.iterator(chunk_size=500):
        yield {"id": milestone.pk, "commitment_id": milestone.commitment_id, "title": milestone.title,
               "due_on": milestone.due_on.isoformat(), "status": milestone.status,
               "done_on": milestone.done_on.isoformat() if milestone.done_on else None}


def report_open_data_rows(community) -> Iterator[dict]:
    """Reports and assessments of public plans: who filed them is a body (a department) or the monitoring body,
    never a person."""
    reports = (BodyReport.objects.for_community(community).filter(commitment__plan__is_public=True)
               .select_related("round", "department").order_by("pk"))
    for report in reports.iterator(chunk_size=500):
        yield {"kind": "report", "id": report.pk, "commitment_id": report.commitment_id,
               "round": report.round.number, "author": report.department.name, "rating": "",
               "status": report.status, "progress": report.progress, "late": report.late,
               "filed_at": report.filed_at.isoformat(), "text": report.text}
    assessments = (Assessment.objects.for_community(community).filter(commitment__plan__is_public=True)
                   .select_related("round").order_by("pk"))
    for assessment in assessments.iterator(chunk_size=500):
        yield {"kind": "assessment", "id": assessment.pk, "commitment_id": assessment.commitment_id,
               "round": assessment.round.number, "author": "monitoring body", "rating": assessment.rating,
               "status": "", "progress": None, "late": None, "filed_at": assessment.filed_at.isoformat(),
               "text": assessment.text}
