"""Every read of Participatory budget that is more than a one-liner: cycles with their phases, the project catalogue
with filters, one project with its review and works, the review queue, and the open-data rows (no personal data)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hromada.core.errors import NotFound
from hromada.core.identity.models import Role
from hromada.core.identity.policies import department_ids_of, has_role
from hromada.core.phases import PhaseWindow, Schedule

from . import policies
from .lookups import as_int
from .manifest import MANIFEST
from .models import Cycle, Project, Review
from .models.projects import PUBLIC_STATUSES, Status


@dataclass(frozen=True)
class PhaseRow:
    key: str
    label: str
    window: PhaseWindow
    state: str  # "past", "current" or "upcoming"


def cycle_list(*, actor, community) -> QuerySet[Cycle]:
    cycles = Cycle.objects.for_community(community)
    if not policies.can_manage_cycles(actor, community):
        cycles = cycles.exclude(schedule=[])
    return cycles.order_by("-year", "-pk")


def cycle_get(*, actor, community, cycle_id) -> Cycle:
    cycle = Cycle.objects.for_community(community).filter(pk=as_int(cycle_id)).prefetch_related(
        "categories", "districts").first()
    if cycle is None or not policies.can_see_cycle(actor, community, cycle):
        raise NotFound()
    return cycle


def cycle_phases(cycle: Cycle, now=None) -> list[PhaseRow]:
    now = now or timezone.now()
    rows = []
    for window in Schedule.from_json(cycle.schedule).windows:
        state = "current" if window.is_open(now) else ("past" if window.ends_at <= now else "upcoming")
        rows.append(PhaseRow(window.key, str(MANIFEST.phase(window.key).label), window, state))
    return rows


def current_phase_key(cycle: Cycle, now=None) -> str | None:
    window = Schedule.from_json(cycle.schedule).current(now)
    return window.key if window else None


def project_list(*, actor, community, cycle_id=None, status: str = "", category_id=None, district_id=None,
                 q: str = "") -> QuerySet[Project]:
    """The catalogue: public projects (and, for staff, drafts too), filtered; one query with the funds joined."""
    projects = Project.objects.for_community(community).select_related("cycle", "category", "district")
    if not policies.can_see_unpublished(actor, community):
        projects = projects.filter(status__in=PUBLIC_STATUSES).exclude(cycle__schedule=[])
    if cycle_id not in (None, ""):
        projects = projects.filter(cycle_id=as_int(cycle_id))
    if status in Status.values:
        projects = projects.filter(status=status)
    if category_id not in (None, ""):
        projects = projects.filter(category_id=as_int(category_id))
    if district_id not in (None, ""):
        projects = projects.filter(district_id=as_int(district_id))
    if q:
        projects = projects.filter(search_text__contains=q.strip().casefold()[:100])
    return projects.order_by("-cycle__year", "-pk")


def project_get(*, actor, community, project_id) -> Project:
    """One project with its budget table, review thread, works and files; another community's, a draft of someone
    else or none at all are the same NotFound."""
    project = (Project.objects.for_community(community).filter(pk=as_int(project_id))
               .select_related("cycle", "category", "district", "department", "author")
               .prefetch_related("cost_lines", "co_authors", "milestones", "files",
                                 Prefetch("photos", to_attr="all_photos"),
                                 Prefetch("reviews", queryset=Review.objects.prefetch_related("messages")),
                                 "updates")
               .first())
    if project is None or not policies.can_see(actor, community, project):
        raise NotFound()
    return project


def is_following(user, project: Project) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and project.followers.filter(user=user).exists()


def review_queue(*, actor, community) -> QuerySet[Project]:
    """Submitted projects awaiting a conclusion that this person may review: their departments' and unassigned."""
    projects = (Project.objects.for_community(community).filter(status=Status.SUBMITTED)
                .select_related("cycle", "category", "district", "department"))
    if not has_role(actor, community, Role.ADMIN):
        projects = projects.filter(Q(department__isnull=True) | Q(department_id__in=department_ids_of(actor,
                                                                                                       community)))
    return projects.order_by("submitted_at", "pk")


def implementation_list(*, community) -> QuerySet[Project]:
    return (Project.objects.for_community(community).filter(status=Status.SELECTED)
            .select_related("cycle", "department").order_by("-cycle__year", "-progress", "pk"))


def _uah(kopiyky: int | None) -> float | None:
    return None if kopiyky is None else kopiyky / 100


def project_open_data_rows(community) -> Iterator[dict]:
    rows = (Project.objects.for_community(community).filter(status__in=PUBLIC_STATUSES)
            .exclude(cycle__schedule=[]).select_related("cycle", "category", "district").order_by("pk"))
    for project in rows.iterator(chunk_size=500):
        fund = project.district or project.category
        yield {"id": project.pk, "cycle": project.cycle.title, "year": project.cycle.year, "fund": fund.name,
               "title": project.title, "status": project.status, "cost_uah": _uah(project.ballot_cost),
               "lat": project.lat, "lon": project.lon, "implementation_status": project.implementation_status,
               "progress": project.progress, "spent_uah": _uah(project.spent)}


def results_open_data_rows(community) -> Iterator[dict]:
    """Votes per project and ballots per fund of every cycle whose results are published: counts only."""
    cycles = Cycle.objects.for_community(community).filter(results_published_at__isnull=False).order_by("pk")
    for cycle in cycles:
        projects = (Project.objects.filter(cycle=cycle, status__in=(Status.SELECTED, Status.NOT_SELECTED))
                    .order_by("pk"))
        for project in projects:
            summary = cycle.results.get(project.scope_key, {})
            yield {"cycle": cycle.title, "year": cycle.year, "fund": summary.get("name", ""),
                   "ballots": summary.get("ballots", 0), "project_id": project.pk, "title": project.title,
                   "votes": project.votes or 0, "selected": project.status == Status.SELECTED}
