"""The reference the tally tests compare with: pabutools (the research library of Pabulib's authors) on the same
projects and ballots, with the same published tie-breaking rule and the same treatment of unsupported projects."""

from __future__ import annotations

import random
from fractions import Fraction

from pabutools.election import ApprovalBallot, ApprovalProfile, Cardinality_Sat, Cost_Sat, Instance
from pabutools.election import Project as PbProject
from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

from hromada.budgets.tally import Election, Project


def as_pabutools(election: Election) -> tuple[Instance, ApprovalProfile, TieBreakingRule]:
    """Costs stay in kopiyky (the add1 step is passed in the same unit). Projects without votes are left out,
    as Hromada's rules never fund them (ADR 0022)."""
    votes = election.votes()
    projects = {p.number: PbProject(str(p.number), p.cost) for p in election.projects if votes[p.number] > 0}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile(
        [ApprovalBallot(projects[n] for n in ballot.approvals) for ballot in election.ballots],
        instance=instance,
    )
    by_name = {str(p.number): p for p in election.projects}
    tie = TieBreakingRule(lambda _inst, _prof, p: (-votes[int(p.name)], by_name[p.name].cost, int(p.name)))
    return instance, profile, tie


def reference(election: Election, rule: str, utility: str = "cost", completion: str = "add1+greedy",
              step: int = 100) -> frozenset[int]:
    """The winners pabutools computes."""
    instance, profile, tie = as_pabutools(election)
    sat = Cost_Sat if utility == "cost" else Cardinality_Sat
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat, tie_breaking=tie)
    elif completion == "add1+greedy":
        outcome = completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat, "tie_breaking": tie, "voter_budget_increment": step},
             {"sat_class": sat, "tie_breaking": tie}])
    else:
        outcome = method_of_equal_shares(instance, profile, sat_class=sat, tie_breaking=tie,
                                         voter_budget_increment=step if completion == "add1" else None)
    return frozenset(int(p.name) for p in outcome)


def random_election(rng: random.Random, *, max_projects: int = 8, max_voters: int = 25) -> Election:
    """A small election with many ties: few distinct costs, few voters, often equal approval counts;
    sometimes a project without votes, one of cost zero, or an empty ballot."""
    count = rng.randint(1, max_projects)
    palette = [rng.choice([0, 1, 2, 3, 5, 8]) * 100_00 + rng.choice([0, 0, 50_00]) for _ in range(3)]
    projects = [Project(number=n, cost=rng.choice(palette) if rng.random() > 0.05 else 0)
                for n in rng.sample(range(1, 40), count)]
    numbers = [p.number for p in projects]
    ballots = [rng.sample(numbers, rng.randint(0, min(4, count))) for _ in range(rng.randint(1, max_voters))]
    total = sum(p.cost for p in projects)
    budget = int(total * Fraction(rng.randint(15, 80), 100))
    return Election.build(budget, projects, ballots)
