"""Every read of Housing that is more than a one-liner: buildings, managers and works as the person may see them,
a building's page (systems, documents, works and money per year, events, linked appeals), map points, and the rows
of the live open-data sets (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from hromada.appeals import selectors as appeal_selectors
from hromada.core.errors import NotFound
from hromada.core.geo.geojson import feature, feature_collection

from . import policies
from .models import (
    AppealLink,
    BoardMember,
    BoardRole,
    Building,
    BuildingDocument,
    BuildingSystem,
    EmergencyEvent,
    Manager,
    Work,
    WorkAttachment,
    WorkStatus,
)


@dataclass(frozen=True)
class BuildingFilters:
    """What the building list narrows by: an address search, a manager, an energy class, works this year."""

    q: str = ""
    manager_id: int | None = None
    energy_class: str = ""
    works_this_year: bool = False


def building_list(*, actor, community, filters: BuildingFilters | None = None) -> QuerySet[Building]:
    filters = filters or BuildingFilters()
    buildings = Building.objects.for_community(community).select_related("manager")
    hidden = policies.can_see_hidden(actor, community)
    if not hidden:
        buildings = buildings.filter(is_public=True)
    if filters.q.strip():
        for word in filters.q.casefold().replace(",", " ").split():
            buildings = buildings.filter(search_text__contains=word)
    if filters.manager_id:
        buildings = buildings.filter(manager_id=filters.manager_id)
    if filters.energy_class:
        buildings = buildings.filter(energy_class=filters.energy_class)
    if filters.works_this_year:
        year = timezone.localdate().year
        works = Work.objects.filter(building=OuterRef("pk")).exclude(status=WorkStatus.CANCELLED).filter(
            Q(actual_end__year=year) | Q(actual_start__year=year) | Q(planned_start__year=year))
        if not hidden:
            works = works.filter(is_public=True)
        buildings = buildings.filter(Exists(works))
    return buildings.order_by("street", "number", "block", "pk")


def building_get(*, actor, community, building_id) -> Building:
    """One building; another community's, a hidden one or none at all are the same NotFound."""
    try:
        building = (Building.objects.for_community(community).select_related("manager")
                    .filter(pk=int(building_id)).first())
    except (TypeError, ValueError):
        building = None
    if building is None or not policies.can_see(actor, community, building):
        raise NotFound()
    return building


def _visible(queryset: QuerySet, *, hidden: bool) -> QuerySet:
    return queryset if hidden else queryset.filter(is_public=True)


@dataclass
class YearSpending:
    year: int | None
    works: int = 0
    planned: Decimal = Decimal("0")
    spent: Decimal = Decimal("0")


@dataclass
class BuildingPage:
    """Everything a building's page shows, read in a fixed number of queries."""

    building: Building
    systems: list[BuildingSystem]
    documents: list[BuildingDocument]
    works: list[Work]
    spending: list[YearSpending]
    emergencies: list[EmergencyEvent]
    board: list[BoardMember]
    appeals: list[LinkedAppeal] = field(default_factory=list)


def spending_by_year(works) -> list[YearSpending]:
    """Works and money per year (newest first); cancelled works count for nothing."""
    years: dict[int | None, YearSpending] = {}
    for work in works:
        if work.status == WorkStatus.CANCELLED:
            continue
        row = years.setdefault(work.year, YearSpending(work.year))
        row.works += 1
        row.planned += work.cost_planned or 0
        if work.status == WorkStatus.DONE:
            row.spent += work.cost_actual or 0
    return sorted(years.values(), key=lambda r: (r.year is None, -(r.year or 0)))


def board_of(*, actor, community, manager) -> list[BoardMember]:
    """A condominium's board in order (chair, members, auditors); people who did not agree are left out for
    everyone but the staff."""
    order = Case(When(role=BoardRole.CHAIR, then=Value(0)), When(role=BoardRole.MEMBER, then=Value(1)),
                 default=Value(2), output_field=IntegerField())
    members = BoardMember.objects.for_community(community).filter(manager=manager)
    if not policies.can_see_hidden(actor, community):
        members = members.filter(public=True)
    return list(members.order_by(order, "name", "pk"))


def building_page(*, actor, community, building_id) -> BuildingPage:
    building = building_get(actor=actor, community=community, building_id=building_id)
    hidden = policies.can_see_hidden(actor, community)
    attachments = _visible(WorkAttachment.objects.all(), hidden=hidden).order_by("pk")
    works = list(_visible(building.works.all(), hidden=hidden)
                 .prefetch_related(Prefetch("attachments", queryset=attachments))
                 .order_by("-planned_start", "-pk"))
    board: list[BoardMember] = []
    if building.manager is not None and (building.manager.is_public or hidden):
        board = board_of(actor=actor, community=community, manager=building.manager)
    return BuildingPage(
        building=building,
        systems=list(building.systems.order_by("kind")),
        documents=list(_visible(building.documents.all(), hidden=hidden).order_by("-uploaded_at", "-pk")),
        works=works,
        spending=spending_by_year(works),
        emergencies=list(_visible(building.emergencies.select_related("work"), hidden=hidden)
                         .order_by("-occurred_at", "-pk")),
        board=board,
        appeals=linked_appeals(actor=actor, community=community, building=building),
    )


def manager_list(*, actor, community, kind: str = "") -> QuerySet[Manager]:
    managers = _visible(Manager.objects.for_community(community), hidden=policies.can_see_hidden(actor, community))
    if kind:
        managers = managers.filter(kind=kind)
    return managers.order_by("name", "pk")


def manager_get(*, actor, community, manager_id) -> Manager:
    try:
        manager = Manager.objects.for_community(community).filter(pk=int(manager_id)).first()
    except (TypeError, ValueError):
        manager = None
    if manager is None or not policies.can_see(actor, community, manager):
        raise NotFound()
    return manager


def work_list(*, actor, community, building_id: int | None = None, status: str = "", kind: str = "",
              year: int | None = None) -> QuerySet[Work]:
    hidden = policies.can_see_hidden(actor, community)
    works = _visible(Work.objects.for_community(community).select_related("building"), hidden=hidden)
    if not hidden:
        works = works.filter(building__is_public=True)
    if building_id is not None:
        works = works.filter(building_id=building_id)
    if status:
        works = works.filter(status=status)
    if kind:
        works = works.filter(kind=kind)
    if year:
        works = works.filter(Q(actual_end__year=year) | Q(actual_end__isnull=True, planned_start__year=year))
    return works.order_by("-planned_start", "-pk")


def work_get(*, actor, community, work_id) -> Work:
    try:
        work = Work.objects.for_community(community).select_related("building").filter(pk=int(work_id)).first()
    except (TypeError, ValueError):
        work = None
    if work is None or not policies.can_see(actor, community, work) or not policies.can_see(
            actor, community, work.building):
        raise NotFound()
    return work


@dataclass(frozen=True)
class LinkedAppeal:
    """A linked appeal as the person may see it: its number and public status (through the appeals selectors)."""

    link_id: int
    appeal_id: int
    registration_index: str
    status: str
    category: str


def linked_appeals(*, actor, community, building) -> list[LinkedAppeal]:
    """The building's linked appeals the person may see; none when appeals are disabled for the community."""
    if not community.capability_enabled("appeals"):
        return []
    links = dict(building.appeal_links.order_by("-linked_at", "-pk").values_list("appeal_id", "pk"))
    if not links:
        return []
    appeals = appeal_selectors.appeal_list(community=community, user=actor).filter(pk__in=list(links))
    return [LinkedAppeal(links[a.pk], a.pk, a.registration_index, a.get_status_display(), a.category.name)
            for a in appeals]


def linked_building_ids(*, community, appeal_id: int) -> list[int]:
    """The buildings an appeal is linked to (for the appeals side, should it want to show them)."""
    return list(AppealLink.objects.for_community(community).filter(appeal_id=appeal_id)
                .values_list("building_id", flat=True))


# --- open data -----------------------------------------------------------------------------------------------------

def _number(value) -> float | None:
    return None if value is None else float(value)


def building_open_data_rows(community) -> Iterator[dict]:
    """Public buildings: the passport facts and the manager's name; no personal data."""
    buildings = (Building.objects.for_community(community).filter(is_public=True).select_related("manager")
                 .order_by("pk"))
    for b in buildings.iterator(chunk_size=500):
        manager = b.manager if b.manager is not None and b.manager.is_public else None
        yield {
            "id": b.pk, "street": b.street, "number": b.number, "block": b.block, "lat": b.lat, "lon": b.lon,
            "year_built": b.year_built, "floors": b.floors, "entrances": b.entrances, "flats": b.flats,
            "total_area": _number(b.total_area), "living_area": _number(b.living_area),
            "wall_material": b.wall_material, "roof_type": b.roof_type, "energy_class": b.energy_class,
            "manager": manager.name if manager else "", "manager_kind": manager.kind if manager else "",
            "manager_edrpou": manager.edrpou if manager else "",
            "updated_at": b.updated_at.isoformat(),
        }


def work_open_data_rows(community) -> Iterator[dict]:
    """Public works of public buildings: what was done where, by whom and for how much (UAH)."""
    works = (Work.objects.for_community(community).filter(is_public=True, building__is_public=True)
             .select_related("building").order_by("pk"))
    for w in works.iterator(chunk_size=500):
        yield {
            "id": w.pk, "building_id": w.building_id, "address": w.building.address, "system": w.system_kind,
            "kind": w.kind, "status": w.status, "title": w.title, "contractor": w.contractor_name,
            "contractor_edrpou": w.contractor_edrpou, "cost_planned": _number(w.cost_planned),
            "cost_actual": _number(w.cost_actual),
            "planned_start": w.planned_start.isoformat() if w.planned_start else None,
            "planned_end": w.planned_end.isoformat() if w.planned_end else None,
            "actual_start": w.actual_start.isoformat() if w.actual_start else None,
            "actual_end": w.actual_end.isoformat() if w.actual_end else None,
            "funded_by": w.funded_by, "lat": w.building.lat, "lon": w.building.lon,
        }


def _collection(rows: Iterator[dict]) -> dict:
    features = [feature({"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                        {k: v for k, v in row.items() if k not in ("lat", "lon")}, row["id"])
                for row in rows if row["lat"] is not None and row["lon"] is not None]
    return feature_collection(features)


def building_geojson(community) -> dict:
    """The public buildings with a location, as a map layer (open data and the housing map)."""
    return _collection(building_open_data_rows(community))


def work_geojson(community) -> dict:
    """The public works at their buildings' points."""
    return _collection(work_open_data_rows(community))


def document_get(*, actor, community, document_id) -> BuildingDocument:
    """A building's document the person may download: public ones of visible buildings, or any for staff."""
    document = (BuildingDocument.objects.for_community(community).select_related("building")
                .filter(pk=document_id).first())
    if document is None or not policies.can_see(actor, community, document) or not policies.can_see(
            actor, community, document.building):
        raise NotFound()
    return document


def work_attachments(*, actor, community, work) -> list[WorkAttachment]:
    """The acts and photos of a work the person may see (public ones, or all for the staff), oldest first."""
    attachments = WorkAttachment.objects.for_community(community).filter(work=work)
    return list(_visible(attachments, hidden=policies.can_see_hidden(actor, community)).order_by("pk"))


def attachment_get(*, actor, community, attachment_id) -> WorkAttachment:
    attachment = (WorkAttachment.objects.for_community(community).select_related("work__building")
                  .filter(pk=attachment_id).first())
    if attachment is None or not policies.can_see(actor, community, attachment):
        raise NotFound()
    work_get(actor=actor, community=community, work_id=attachment.work_id)
    return attachment


def manager_department_id(building) -> int | None:
    """The department that keeps the building's manager (the utility's officials), if any."""
    return building.manager.department_id if building.manager is not None else None

