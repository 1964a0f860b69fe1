"""Counting a cycle: the ballots of each fund (a category, a district or a school) read as budgets.tally's elections
and tallied by the cycle's rule (greedy or the Method of Equal Shares, with the published tie-breaking). Reads only."""

from __future__ import annotations

from collections import defaultdict
from typing import cast

from hromada.core.errors import ValidationFailed

from . import tally
from .models import Ballot, Cycle, Project
from .models.projects import ON_BALLOT_STATUSES


def fund_key(category_id: int | None, district_id: int | None) -> str:
    """The same key as Project.scope_key: "d<id>" for a district or school, "c<id>" for a category."""
    return f"d{district_id}" if district_id else f"c{category_id}"


def cycle_elections(cycle: Cycle) -> tuple[dict[str, tally.Election], dict[str, str]]:
    """Every fund's vote as the tally reads it (project numbers are project ids, costs the ballot costs in
    kopiyky), and each fund's name; three queries whatever the number of ballots."""
    funds = {fund_key(c.pk, None): c for c in cycle.categories.all()}
    funds.update({fund_key(None, d.pk): d for d in cycle.districts.all()})
    projects: dict[str, list[tally.Project]] = defaultdict(list)
    for project in Project.objects.filter(cycle=cycle, status__in=ON_BALLOT_STATUSES).order_by("pk"):
        projects[project.scope_key].append(tally.Project(number=project.pk, cost=project.ballot_cost,
                                                         name=project.title))
    # Each ballot row holds its choices (ADR 0025): one read of the cycle's ballots, in the order they were cast.
    ballots: dict[str, list[tally.Ballot]] = defaultdict(list)
    for category_id, district_id, chosen in Ballot.objects.filter(cycle=cycle).order_by("pk") \
            .values_list("category_id", "district_id", "project_ids"):
        ballots[fund_key(category_id, district_id)].append(tally.Ballot.of(chosen))
    elections = {}
    for key, fund in funds.items():
        known = {p.number for p in projects[key]}
        elections[key] = tally.Election.build(fund.fund, projects[key],
                                              [tally.Ballot.of(b.approvals & known) for b in ballots[key]])
    return elections, {key: fund.name for key, fund in funds.items()}


def cycle_tally(cycle: Cycle) -> dict[str, tally.Outcome]:
    """The outcome of every fund of the cycle under its tally rule (nothing is written)."""
    elections, _names = cycle_elections(cycle)
    try:
        # The model's choices are the rule names ("greedy", "mes"); an unknown one is a TallyError below.
        return tally.tally_funds(elections, cast("tally.RuleName", cycle.tally_rule))
    except tally.TallyError as exc:
        raise ValidationFailed(fields={exc.field: [exc.reason]}) from exc


