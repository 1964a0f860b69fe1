"""Reads of the execution part: an official's inbox (to do, to approve, to sign, to send, overdue) with its counts,
and the executive-discipline dashboard (aggregates per department and per official: a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.calendar.working_days import KYIV
from hromada.core.errors import ValidationFailed
from hromada.core.identity.models import Department, User

from . import policies, policies_execution
from .models import ApprovalRoute, ApprovalStep, Resolution, ResolutionState, RouteState, StepState

TABS = ("todo", "approve", "sign", "send", "overdue")


def _mine(user):
    return Q(main_executor=user) | Q(co_executors=user)


def _active(community):
    return Resolution.objects.filter(community=community, state=ResolutionState.ACTIVE)


def inbox_querysets(user, community) -> dict:
    """Each tab's rows (lazy); `send` only for the office, `overdue` the community's for the control office."""
    today = timezone.localdate()
    todo = _active(community).filter(_mine(user)).distinct()
    overdue = (_active(community) if policies_execution.is_control_office(user, community)
               else todo).filter(deadline__lt=today)
    routes = ApprovalRoute.objects.filter(community=community).select_related("document__journal", "author")
    tabs = {
        "todo": todo.select_related("document__journal", "author").order_by("deadline", "pk"),
        "approve": ApprovalStep.objects.filter(community=community, approver=user, state=StepState.PENDING,
                                               route__state=RouteState.IN_APPROVAL)
        .select_related("route__document__journal", "route__author").order_by("pk"),
        "sign": routes.filter(signer=user, state=RouteState.APPROVED).order_by("pk"),
        "send": routes.filter(state=RouteState.SIGNED).order_by("pk") if policies.is_clerk(user, community)
        else routes.none(),
        "overdue": overdue.select_related("document__journal", "main_executor").order_by("deadline", "pk"),
    }
    return tabs


def queue_counts(user, community) -> dict[str, int]:
    """How many rows each tab has (one COUNT per tab); empty for anyone who does not read the journals."""
    if not policies.can_read(user, community) or not getattr(user, "is_authenticated", False):
        return {}
    return {name: qs.count() for name, qs in inbox_querysets(user, community).items()}


@dataclass(frozen=True)
class Period:
    date_from: date | None = None
    date_to: date | None = None

    def as_params(self) -> dict[str, str]:
        return {k: v.isoformat() for k, v in (("date_from", self.date_from), ("date_to", self.date_to)) if v}


def parse_period(params) -> Period:
    """`date_from` / `date_to` (YYYY-MM-DD, by the resolution's date); bad values are refused by field."""
    values, problems = {}, {}
    for name in ("date_from", "date_to"):
        raw = str(params.get(name) or "").strip()
        if raw:
            try:
                values[name] = date.fromisoformat(raw)
            except ValueError:
                problems[name] = [_("Give a date as YYYY-MM-DD.")]
    if not problems and values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        problems["date_to"] = [_("The end is before the start.")]
    if problems:
        raise ValidationFailed(fields=problems)
    return Period(**values)


def _in_period(community, period: Period):
    rows = Resolution.objects.filter(community=community).exclude(state=ResolutionState.CANCELLED)
    if period.date_from:
        rows = rows.filter(created_at__gte=datetime.combine(period.date_from, time.min, tzinfo=KYIV))
    if period.date_to:
        rows = rows.filter(created_at__lte=datetime.combine(period.date_to, time.max, tzinfo=KYIV))
    return rows


def _measures(today: date) -> dict:
    # COUNT(state) (never null), not COUNT(id): the covering indexes hold every column counted here, so PostgreSQL
    # counts from them alone.
    done = Q(state=ResolutionState.DONE)
    return {
        "total": Count("state"),
        "done_on_time": Count("state", filter=done & Q(on_time=True)),
        "done_late": Count("state", filter=done & Q(on_time=False)),
        "in_work": Count("state", filter=Q(state=ResolutionState.ACTIVE, deadline__gte=today)),
        "overdue_now": Count("state", filter=Q(state=ResolutionState.ACTIVE, deadline__lt=today)),
        "average_days": Avg("days_taken", filter=done),
    }


def _grouped(rows, key: str, names: dict[str, Subquery], measures: dict, order: list[str]) -> list[dict]:
    """The measures per `key` with the names looked up per group, not per row: grouped by the id alone, the rows are
    read in the order of the (community, key, ...) covering index, with no join and no sort of 50,000 rows."""
    aliases = {f"_{n}": subquery for n, subquery in names.items()}
    grouped = (rows.values(key).annotate(**measures).annotate(**aliases)
               .order_by(*[f"_{n}" if n in names else n for n in order]))
    return [{key: row[key], **{n: row[f"_{n}"] for n in names}, **{m: row[m] for m in measures}} for row in grouped]


def dashboard(community, period: Period) -> dict:
    """Totals, per department and per official (the main executor): three aggregate queries whatever the size."""
    today = timezone.localdate()
    rows = _in_period(community, period)
    measures = _measures(today)
    department = Department.objects.filter(pk=OuterRef("department_id"))
    departments = _grouped(rows, "department_id", {"department__name": Subquery(department.values("name"))},
                           measures, ["department__name", "department_id"])
    person = User.objects.filter(pk=OuterRef("main_executor_id"))
    people = _grouped(rows, "main_executor_id", {"main_executor__full_name": Subquery(person.values("full_name")),
                                                 "main_executor__email": Subquery(person.values("email"))},
                      measures, ["main_executor__full_name", "main_executor_id"])
    return {"totals": rows.aggregate(**measures), "departments": departments, "people": people}
