"""The work report: housing works grouped by building, manager, period or kind, with counts of planned, done and
cancelled works and the money planned and spent, under filters read from the querystring. Read-only selectors.

A work belongs to the day it ended, else started, else was planned to (Work.year's rule). Cancelled works are
counted apart and their money is left out of both sums. The public sees only public works of public buildings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.housing import policies
from hromada.housing.models import Building, Manager, Work, WorkKind, WorkStatus

GROUPS = {"building": gettext_lazy("building"), "manager": gettext_lazy("manager"),
          "period": gettext_lazy("period"), "kind": gettext_lazy("kind of work")}
PERIODS = {"month": gettext_lazy("month"), "quarter": gettext_lazy("quarter"), "year": gettext_lazy("year")}
_TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
_ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=16, decimal_places=2))
_LIVE = ~Q(status=WorkStatus.CANCELLED)


@dataclass(frozen=True)
class ReportFilter:
    group: str = "building"
    period: str = "year"  # the length of a period when grouping by period
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str = ""
    status: str = ""
    building_id: int | None = None
    manager_id: int | None = None
    public_only: bool = False  # staff looking at what the public sees

    @classmethod
    def from_query(cls, query) -> ReportFilter:
        """The filter of a querystring; a value that does not parse is left out rather than refused."""

        def day(name):
            try:
                return dt.date.fromisoformat(query.get(name, "").strip())
            except ValueError:
                return None

        def number(name):
            text = query.get(name, "").strip()
            return int(text) if text.isdigit() and len(text) < 12 else None

        group = query.get("group", "")
        period = query.get("period", "")
        kind, status = query.get("kind", ""), query.get("status", "")
        return cls(group=group if group in GROUPS else "building", period=period if period in PERIODS else "year",
                   since=day("since"), until=day("until"), kind=kind if kind in WorkKind.values else "",
                   status=status if status in WorkStatus.values else "", building_id=number("building"),
                   manager_id=number("manager"), public_only=query.get("public", "") == "1")


@dataclass(frozen=True)
class ReportRow:
    key: object
    label: str
    works: int
    planned: int  # planned or in progress
    done: int
    cancelled: int
    cost_planned: Decimal
    cost_actual: Decimal

    @property
    def difference(self) -> Decimal:
        """Spent minus planned: above zero the works cost more than planned."""
        return self.cost_actual - self.cost_planned


def sees_all(user, community, report_filter: ReportFilter) -> bool:
    return policies.can_see_hidden(user, community) and not report_filter.public_only


def works_for_report(*, user, community, report_filter: ReportFilter) -> QuerySet[Work]:
    works = Work.objects.for_community(community).annotate(
        day=Coalesce("actual_end", "actual_start", "planned_start", "planned_end"))
    if not sees_all(user, community, report_filter):
        works = works.filter(is_public=True, building__is_public=True)
    f = report_filter
    if f.since:
        works = works.filter(day__gte=f.since)
    if f.until:
        works = works.filter(day__lte=f.until)
    if f.kind:
        works = works.filter(kind=f.kind)
    if f.status:
        works = works.filter(status=f.status)
    if f.building_id is not None:
        works = works.filter(building_id=f.building_id)
    if f.manager_id is not None:
        works = works.filter(building__manager_id=f.manager_id)
    return works


def _sums() -> dict:
    return {
        "works": Count("pk"),
        "planned": Count("pk", filter=Q(status__in=(WorkStatus.PLANNED, WorkStatus.IN_PROGRESS))),
        "done": Count("pk", filter=Q(status=WorkStatus.DONE)),
        "cancelled": Count("pk", filter=Q(status=WorkStatus.CANCELLED)),
        "cost_planned": Coalesce(Sum("cost_planned", filter=_LIVE), _ZERO),
        "cost_actual": Coalesce(Sum("cost_actual", filter=_LIVE), _ZERO),
    }


def report_groups(*, user, community, report_filter: ReportFilter) -> QuerySet:
    """One dict per group (with "key" and the sums), in the group's natural order: a queryset, so a page of it
    costs one query and the CSV streams it."""
    works = works_for_report(user=user, community=community, report_filter=report_filter)
    group = report_filter.group
    if group == "building":
        grouped = works.values(key=F("building_id"), street=F("building__street"), number=F("building__number"),
                               block=F("building__block"))
        order = ("street", "number", "block", "key")
    elif group == "manager":
        if sees_all(user, community, report_filter):
            grouped = works.values(key=F("building__manager_id"), name=F("building__manager__name"))
        else:  # a manager the community has not published is not named to the public
            published = Q(building__manager__is_public=True)
            grouped = works.values(key=Case(When(published, then=F("building__manager_id")), default=None),
                                   name=Case(When(published, then=F("building__manager__name")), default=Value("")))
        order = (F("name").asc(nulls_first=True), "key")  # "no manager" first on every database
    elif group == "kind":
        grouped = works.values(key=F("kind"))
        order = (F("key").asc(),)
    else:
        grouped = works.annotate(key=_TRUNC[report_filter.period]("day")).values("key")
        order = (F("key").asc(nulls_last=True),)  # works without any date last on every database
    return grouped.annotate(**_sums()).order_by(*order)


def report_totals(*, user, community, report_filter: ReportFilter) -> ReportRow:
    works = works_for_report(user=user, community=community, report_filter=report_filter)
    return ReportRow(key=None, label=_("All works"), **_exact(works.aggregate(**_sums())))


def report_row(group: str, period: str, values: dict) -> ReportRow:
    """A grouped dict as a row with its label in the reader's language."""
    key = values["key"]
    if group == "building":
        label = ", ".join(part for part in (values["street"], values["number"]) if part)
        if values["block"]:
            label = f"{label}, {_('block')} {values['block']}"
    elif group == "manager":
        label = values["name"] or _("No manager (or not published)")
    elif group == "kind":
        label = str(WorkKind(key).label) if key in WorkKind.values else str(key)
    else:
        label = period_label(key, period)
    sums = {name: values[name] for name in ("works", "planned", "done", "cancelled", "cost_planned", "cost_actual")}
    return ReportRow(key=key, label=label, **_exact(sums))


def _exact(sums: dict) -> dict:
    """Money to the kopiyka whatever the database returns (SQLite drops trailing zeros)."""
    cents = Decimal("0.01")
    return {**sums, "cost_planned": Decimal(sums["cost_planned"]).quantize(cents),
            "cost_actual": Decimal(sums["cost_actual"]).quantize(cents)}


def period_label(day, period: str) -> str:
    if day is None:
        return _("No dates")
    if isinstance(day, dt.datetime):
        day = day.date()
    if period == "year":
        return str(day.year)
    if period == "quarter":
        return _("Q%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}
    return f"{day:%m.%Y}"


def filter_choices(*, user, community, report_filter: ReportFilter) -> dict:
    """What the filter form offers: the community's managers (one query) and the chosen building's address."""
    managers = Manager.objects.for_community(community)
    if not sees_all(user, community, report_filter):
        managers = managers.filter(is_public=True)
    building = None
    if report_filter.building_id is not None:
        buildings = Building.objects.for_community(community)
        if not sees_all(user, community, report_filter):
            buildings = buildings.filter(is_public=True)
        building = buildings.filter(pk=report_filter.building_id).first()
    return {"managers": list(managers.order_by("name", "pk").values_list("pk", "name")), "building": building}
