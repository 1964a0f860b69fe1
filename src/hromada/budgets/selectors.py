"""Every read of Participatory budget that is more than a one-liner: cycles with their phases, the project catalogue
with filters, one project with its review and works, the review queue, a published result per fund and its Pabulib
file, and the open-data rows (no personal data)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.models import Role
from hromada.core.identity.policies import department_ids_of, has_role
from hromada.core.phases import PhaseWindow, Schedule

from . import policies, tally
from .counting import cycle_elections
from .lookups import as_int
from .manifest import MANIFEST
from .models import Cycle, Project, Review
from .models.projects import ON_BALLOT_STATUSES, PUBLIC_STATUSES, Status
from .tally import pabulib


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


def voting_over(cycle: Cycle, now=None) -> bool:
    """The cycle has a voting phase and it has ended: the only time a tally may be published."""
    windows = [w for w in Schedule.from_json(cycle.schedule).windows if w.key == "voting"]
    return bool(windows) and windows[0].ends_at <= (now or timezone.now())


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


@dataclass(frozen=True)
class ResultRow:
    """One project in a fund's result; `percent` is the share of the fund's ballots approving it (the bar's length)."""

    project: Project
    votes: int
    selected: bool
    percent: float


@dataclass(frozen=True)
class FundResult:
    key: str
    name: str
    is_district: bool
    budget: int
    spent: int
    ballots: int
    rule: str
    tie_breaking: str
    rows: list[ResultRow]

    @property
    def left(self) -> int:
        return self.budget - self.spent

    @property
    def spent_percent(self) -> float:
        return round(100 * self.spent / self.budget, 1) if self.budget else 0.0

    @property
    def funded(self) -> int:
        return sum(1 for row in self.rows if row.selected)


def results_summary(cycle: Cycle) -> dict[str, dict]:
    """Every fund tallied by the cycle's rule over its ballots now, in the shape frozen on the cycle when published:
    name, budget, rule, tie-breaking, ballots, every project's votes (keys are text, as JSON keeps them), the
    winners in the order chosen and the money spent. Reads only; a tally refusal is a ValidationFailed."""
    elections, names = cycle_elections(cycle)
    try:
        outcomes = tally.tally_funds(elections, "mes" if cycle.tally_rule == "mes" else "greedy")
    except tally.TallyError as exc:
        raise ValidationFailed(fields={exc.field: [exc.reason]}) from exc
    return {key: {"name": names[key], "budget": outcome.budget, "rule": outcome.rule,
                  "ballots": len(elections[key].ballots), "selected": list(outcome.selected),
                  "votes": {str(pk): outcome.votes.get(pk, 0) for pk in sorted(outcome.votes)},
                  "spent": outcome.spent, "tie_breaking": outcome.tie_breaking}
            for key, outcome in outcomes.items()}


def cycle_results(cycle: Cycle, summary: dict[str, dict] | None = None) -> list[FundResult]:
    """Per fund (categories first, then districts or schools, in the cycle's order) the published result, or the
    `summary` given (a preview from results_summary): projects by votes, the published tie-breaking deciding equal
    votes (lower cost, then lower number). Counts only; one query for the projects whatever the number of funds."""
    if summary is None:
        if cycle.results_published_at is None:
            return []
        summary = cycle.results
    projects: dict[str, list[Project]] = {}
    for project in (Project.objects.filter(cycle=cycle, status__in=ON_BALLOT_STATUSES)
                    .only("pk", "title", "cycle_id", "category_id", "district_id", "cost", "corrected_cost",
                          "status", "votes")):
        projects.setdefault(project.scope_key, []).append(project)
    results = []
    for key, fund in summary.items():
        winners, ballots = set(fund.get("selected", ())), fund.get("ballots", 0)
        stored = fund.get("votes") or {}
        rows = []
        for project in projects.get(key, ()):
            votes = stored.get(str(project.pk), project.votes or 0)
            rows.append(ResultRow(project, votes, project.pk in winners,
                                  round(100 * votes / ballots, 1) if ballots else 0.0))
        rows.sort(key=lambda row: (-row.votes, row.project.ballot_cost, row.project.pk))
        results.append(FundResult(key, fund.get("name", ""), key.startswith("d"), fund.get("budget", 0),
                                  fund.get("spent", 0), ballots, fund.get("rule", ""), fund.get("tie_breaking", ""),
                                  rows))
    results.sort(key=lambda result: (result.is_district, _fund_order(cycle, result.key), result.name))
    return results


def _fund_order(cycle: Cycle, key: str) -> int:
    funds = cycle.districts.all() if key.startswith("d") else cycle.categories.all()
    return next((fund.order for fund in funds if f"{key[0]}{fund.pk}" == key), 0)


def cycle_pabulib(cycle: Cycle, scope: str) -> str:
    """One fund of a published cycle as a Pabulib `.pb` file: its projects, the anonymous ballots (voter numbers in
    the order the database lists them, nothing else of the voter) and the published winners."""
    if cycle.results_published_at is None or scope not in cycle.results:
        raise NotFound()
    elections, names = cycle_elections(cycle)
    election, summary = elections[scope], cycle.results[scope]
    outcome = tally.Outcome(rule=summary.get("rule", cycle.tally_rule), budget=election.budget,
                            selected=tuple(summary.get("selected", ())), stage={}, votes=election.votes(),
                            spent=summary.get("spent", 0))
    phases = Schedule.from_json(cycle.schedule)
    voting = next((w for w in phases.windows if w.key == "voting"), None)
    day = (lambda moment: timezone.localtime(moment).strftime("%d.%m.%Y")) if voting else (lambda _m: "")
    rule = {"greedy": "greedy", "mes": "equalshares/add1"}.get(cycle.tally_rule, cycle.tally_rule)
    meta = {"description": f"{cycle.title}: {names[scope]}", "country": "Ukraine", "unit": cycle.community.name,
            "instance": str(cycle.year), "subunit": names[scope], "rule": rule,
            "date_begin": day(voting.starts_at) if voting else str(cycle.year),
            "date_end": day(voting.ends_at) if voting else str(cycle.year),
            "currency": "UAH", "language": "uk", "tie_breaking": tally.TIE_BREAKING}
    return pabulib.write_pb(election, meta, outcome)
