"""Reads of voting: the funds of a cycle and the projects on each ballot, the totals the booth shows as the voter
picks, the funds a voter has already voted in, the public anonymised ballot list and the paper ballots awaiting a
check. Nothing here names a voter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from .ballot_rules import BallotTotals, ballot_errors, ballot_totals
from .ballots import normalise_code, scope_key, voting_open
from .models import Ballot, Category, Cycle, District, PaperBallot, PaperStatus, Project
from .models.projects import ON_BALLOT_STATUSES

BALLOTS_PAGE = 50


def cycle_get(community, cycle_id) -> Cycle:
    cycle = Cycle.objects.for_community(community).filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound()
    return cycle


def funds(cycle: Cycle) -> list[Category | District]:
    """Every fund a ballot is cast in: the categories, then the districts (or schools)."""
    return [*Category.objects.filter(cycle=cycle).order_by("order", "name"),
            *District.objects.filter(cycle=cycle).order_by("order", "name")]


def fund_get(cycle: Cycle, scope: str) -> Category | District:
    for fund in funds(cycle):
        if scope_key(fund) == scope:
            return fund
    raise NotFound()


def ballot_options(cycle: Cycle, fund: Category | District) -> list[Project]:
    """The projects on a fund's ballot (feasible ones), cheapest first, in one query."""
    projects = Project.objects.filter(cycle=cycle, status__in=ON_BALLOT_STATUSES)
    if isinstance(fund, District):
        projects = projects.filter(district=fund)
    else:
        projects = projects.filter(category=fund, district__isnull=True)
    return list(projects.order_by("cost", "pk").only("pk", "title", "summary", "cost", "corrected_cost", "address",
                                                     "category_id", "district_id", "status", "cycle_id"))


def options_by_scope(cycle: Cycle) -> dict[str, list[Project]]:
    """Every fund's ballot options at once (one query), by scope key: a project with a district is on its district's
    ballot, else on its category's."""
    grouped: dict[str, list[Project]] = {}
    for project in Project.objects.filter(cycle=cycle, status__in=ON_BALLOT_STATUSES).order_by("cost", "pk") \
            .only("pk", "title", "cost", "corrected_cost", "category_id", "district_id", "cycle_id"):
        grouped.setdefault(project.scope_key, []).append(project)
    return grouped


@dataclass(frozen=True)
class Booth:
    """What the booth shows for one fund: the options, which are chosen, the totals and any rule broken so far."""

    cycle: Cycle
    fund: Category | District
    options: list[Project]
    chosen: list[int]
    totals: BallotTotals
    errors: list[str]

    @property
    def chosen_projects(self) -> list[Project]:
        return [p for p in self.options if p.pk in self.chosen]


def booth(cycle: Cycle, fund, chosen: Iterable) -> Booth:
    """The server's computation of the remaining budget (the page works without JavaScript); unknown ids drop out."""
    options = ballot_options(cycle, fund)
    wanted = {str(pk) for pk in chosen}
    picked = [p.pk for p in options if str(p.pk) in wanted]
    costs = [p.ballot_cost for p in options if p.pk in picked]
    return Booth(cycle, fund, options, picked, ballot_totals(fund, costs), ballot_errors(fund, costs))


def row_scope(row) -> str:
    """The scope key of a ballot or a paper ballot row, read from its ids (no query)."""
    return f"d{row.district_id}" if row.district_id else f"c{row.category_id}"


def refusal_messages(refusal) -> list[str]:
    """A refusal's message and its fields' reasons, for a page that lists them."""
    return [str(refusal.message), *(str(m) for msgs in refusal.fields.values() for m in msgs)]


def format_receipt(text: str) -> str:
    raw = normalise_code(text)
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else raw


def public_ballots(cycle: Cycle, *, receipt: str = "") -> QuerySet[Ballot]:
    """The anonymised ballot list: receipt, fund, day and (once voting has closed) the projects chosen; ordered by
    receipt, so the order tells nothing about who voted when. No key, no channel, no time of day."""
    fields = ["pk", "receipt", "category_id", "district_id", "cast_at", "cycle_id"]
    if not voting_open(cycle):
        fields.append("project_ids")  # the choices are public once voting has closed
    ballots = Ballot.objects.filter(cycle=cycle).only(*fields)
    if receipt:
        ballots = ballots.filter(receipt=format_receipt(receipt))
    return ballots.order_by("receipt")


def choices_public(cycle: Cycle) -> bool:
    return not voting_open(cycle)


def pending_paper_ballots(cycle: Cycle) -> QuerySet[PaperBallot]:
    return PaperBallot.objects.filter(cycle=cycle, status=PaperStatus.ENTERED) \
        .select_related("category", "district", "entered_by").order_by("entered_at", "pk")


def paper_ballot_get(community, paper_id) -> PaperBallot:
    paper = PaperBallot.objects.for_community(community).filter(pk=paper_id).select_related("cycle").first()
    if paper is None:
        raise NotFound()
    return paper


def voted_scopes(cycle: Cycle, voter_key: str) -> set[str]:
    rows = Ballot.objects.filter(cycle=cycle, voter_key=voter_key).values_list("category_id", "district_id")
    return {f"d{district}" if district else f"c{category}" for category, district in rows}
