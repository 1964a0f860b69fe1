"""Greedy within the fund, the rule most cities use: take projects from the most supported down, skip one that
no longer fits the money left and go on to the next.

With `utility="cost"` (the default) a project's score is its number of votes ("greedy by votes"); with
`utility="cardinality"` it is votes per hryvnia. Projects without a single vote are never funded. Ties follow
the published order of `model.tie_key`."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from fractions import Fraction

from .model import Election, Outcome, Project, Utility, tie_key

INFINITE = Fraction(10**100)


def score(project: Project, votes: int, utility: Utility) -> Fraction:
    """Satisfaction per unit of cost, as the greedy welfare rule orders projects (exact).

    A project of zero cost scores 0 under cost utilities (its total utility is zero) and infinity under
    cardinality utilities; either way it always fits, so it is funded whenever it has a vote."""
    total = votes * (project.cost if utility == "cost" else 1)
    if total <= 0:
        return Fraction(0)
    if project.cost == 0:
        return INFINITE
    return Fraction(total, project.cost)


def greedy_order(projects: Iterable[Project], votes: dict[int, int], utility: Utility) -> list[Project]:
    """The projects with votes, best first: highest score, then the published tie-breaking order."""
    supported = [p for p in projects if votes.get(p.number, 0) > 0]
    return sorted(supported, key=lambda p: (-score(p, votes[p.number], utility), tie_key(p, votes[p.number])))


def greedy_fill(projects: Iterable[Project], votes: dict[int, int], utility: Utility, money: int,
                already: Collection[int] = ()) -> list[int]:
    """Numbers of the projects the greedy rule adds with `money` left, skipping those `already` chosen."""
    chosen: list[int] = []
    for project in greedy_order((p for p in projects if p.number not in already), votes, utility):
        if project.cost <= money:
            chosen.append(project.number)
            money -= project.cost
    return chosen


def greedy(election: Election, utility: Utility = "cost") -> Outcome:
    """Tally one fund with the greedy rule."""
    votes = election.votes()
    selected = greedy_fill(election.projects, votes, utility, election.budget)
    costs = {p.number: p.cost for p in election.projects}
    return Outcome(
        rule="greedy" if utility == "cost" else "greedy-per-cost",
        budget=election.budget,
        selected=tuple(selected),
        stage=dict.fromkeys(selected, "greedy"),
        votes=votes,
        spent=sum(costs[n] for n in selected),
        details={"utility": utility},
    )
