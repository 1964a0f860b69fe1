"""The Method of Equal Shares (MES) for approval ballots, exact and fast enough for a city-wide vote.

The rule: every voter gets an equal share of the fund. In each round the project that its supporters can pay
for at the lowest price per unit of utility (its "affordability" rho; a supporter pays rho times her utility,
or all she has left if that is less) is bought and its supporters pay; the rounds end when no remaining project
can be paid for by its supporters. Utilities are "cost" (an approved project is worth its cost to the voter,
the default, as Pabulib and equalshares.net use) or "cardinality" (worth 1).

Completion, because plain MES usually leaves money unspent (ADR 0022): "add1" reruns MES with every voter's
share raised by one hryvnia (`step` kopiyky) at a time while the result still fits the fund, stopping at the
first result that is exhaustive (no more supported project fits) or before the first that overspends; then
"greedy" spends what is left by the greedy rule with the same utilities. `completion="add1+greedy"` is the
default, "add1" and "none" are available.

Exactness and speed. Money and shares are exact rationals (gmpy2's `mpq`); nothing is decided in floating point. Voters
with the same remaining budget are interchangeable, so voters are kept in classes by their exact budget (a few
hundred classes even for 100,000 voters) and a project's supporters are counted per class with numpy. Each round
estimates every project's rho in float64 from those counts (vectorised), then computes rho exactly only for the
projects whose estimate is within a safe error bound of the smallest estimate; the exact values decide the
winner and the ties. The result is the one pabutools' `method_of_equal_shares` (with `voter_budget_increment=1`
for add1) and `greedy_utilitarian_welfare` compute on the same data (tests/test_tally_pabutools.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from gmpy2 import mpq

from .greedy import greedy_fill
from .model import Election, Outcome, TallyError, Utility, tie_key

Completion = Literal["none", "add1", "add1+greedy"]
Rational = Any  # gmpy2.mpq: an exact rational, ten times faster than fractions.Fraction
HRYVNIA = 100  # kopiyky: the add1 step is one unit of the currency
# Float64 estimates are trusted only up to this relative error (their true error is below 1e-12 here).
SLACK = 1e-9


@dataclass
class _Instance:
    """The election in arrays: eligible projects (votes and a positive cost) by index 0..m-1."""

    numbers: list[int]
    costs: list[int]
    utility: list[int]  # a supporter's utility for the project (the same for every supporter)
    tie: list[tuple[int, int, int]]
    voters: int
    flat_project: np.ndarray  # one entry per approval of an eligible project, grouped by project
    flat_voter: np.ndarray
    starts: np.ndarray  # flat_voter[starts[p]:starts[p + 1]] are the supporters of project p


def _instance(election: Election, votes: dict[int, int], utility: Utility) -> tuple[_Instance, list[int]]:
    eligible = [p for p in election.projects if votes[p.number] > 0 and p.cost > 0]
    # A free project is worth its cost, nothing, under cost utilities: MES leaves it to the completion.
    free = [p.number for p in election.projects if votes[p.number] > 0 and p.cost == 0 and utility != "cost"]
    index = {p.number: i for i, p in enumerate(eligible)}
    pairs = [(index[n], v) for v, ballot in enumerate(election.ballots) for n in ballot.approvals if n in index]
    flat = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    flat = flat[np.argsort(flat[:, 0], kind="stable")]
    counts = np.bincount(flat[:, 0], minlength=len(eligible))
    return _Instance(
        numbers=[p.number for p in eligible],
        costs=[p.cost for p in eligible],
        utility=[p.cost if utility == "cost" else 1 for p in eligible],
        tie=[tie_key(p, votes[p.number]) for p in eligible],
        voters=len(election.ballots),
        flat_project=flat[:, 0].copy(),
        flat_voter=flat[:, 1].copy(),
        starts=np.concatenate(([0], np.cumsum(counts))),
    ), free


class _Run:
    """One run of MES with a given share per voter. Voters are kept in classes of equal budget: `budgets` holds
    each class's exact budget and `approx` the same as float64 (always converted from the exact value)."""

    def __init__(self, inst: _Instance, share: Rational):
        self.inst = inst
        self.budgets: list[Rational] = [share, mpq(0)]  # class 1 is the voters who have spent everything
        self.approx = np.array([float(share), 0.0])
        self.klass = np.zeros(inst.voters, dtype=np.int64)  # each voter's class
        self.alive = list(range(len(inst.numbers)))

    def counts(self) -> np.ndarray:
        """Supporters of every project per class: an (m, classes) integer matrix. Classes nobody is in any
        more are dropped first, so the matrix stays as narrow as the number of distinct budgets."""
        used = np.bincount(self.klass, minlength=len(self.budgets)) > 0
        used[1] = True
        if not used.all():
            self.klass = (np.cumsum(used) - 1)[self.klass]
            self.budgets = [b for b, u in zip(self.budgets, used, strict=True) if u]
            self.approx = self.approx[used]
        width = len(self.budgets)
        keys = self.inst.flat_project * width + self.klass[self.inst.flat_voter]
        return np.bincount(keys, minlength=len(self.inst.numbers) * width).reshape(-1, width)

    def estimates(self, counts: np.ndarray, rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Float64 rho of each project in `rows` (inf when its supporters clearly cannot pay) and a bound on its
        error (inf when the money of its supporters is too close to its cost to tell)."""
        order = np.argsort(self.approx, kind="stable")
        held = counts[rows][:, order].astype(np.float64)
        money = self.approx[order]
        paid = held * money
        before_count = np.cumsum(held, axis=1) - held
        before_paid = np.cumsum(paid, axis=1) - paid
        cost = np.array([float(self.inst.costs[p]) for p in rows])[:, None]
        util = np.array([float(self.inst.utility[p]) for p in rows])[:, None]
        rest = np.maximum(held.sum(axis=1, keepdims=True) - before_count, 1.0) * util
        rho = (cost - before_paid) / rest
        fits = (held > 0) & (rho * util <= money[None, :])
        first = np.argmax(fits, axis=1)
        line = np.arange(len(rows))
        found = fits[line, first]
        total = paid.sum(axis=1)
        estimate = np.where(found, rho[line, first], np.inf)
        error = SLACK * ((cost[:, 0] + total) / rest[line, first] + np.abs(rho[line, first]))
        close = np.abs(total - cost[:, 0]) <= SLACK * cost[:, 0]
        return np.where(close, 0.0, estimate), np.where(close, np.inf, error)

    def exact(self, counts: np.ndarray, p: int, estimate: float, sure: bool) -> Rational | None:
        """The exact rho of project p, or None when its supporters together cannot pay its cost.

        Supporters are taken from the poorest up; those whose budget is clearly above the estimated price are
        rich and only counted. The price is then checked against the poorest of them exactly; when the estimate
        was unsure (`sure` is false) or that check fails, every class is taken exactly."""
        cost, util = self.inst.costs[p], self.inst.utility[p]
        row = counts[p]
        classes = np.flatnonzero(row)
        if sure:
            limit = estimate * util * (1 + 1e-6) + 1e-6
            poor = classes[self.approx[classes] <= limit]
            rich = classes[self.approx[classes] > limit]
        else:
            poor, rich = classes, classes[:0]
            if sum(self.budgets[c] * int(row[c]) for c in classes) < cost:
                return None
        groups = sorted((self.budgets[c], int(row[c])) for c in poor)
        paid, rest = mpq(0), int(row[classes].sum()) * util
        for budget, k in groups:
            rho = (cost - paid) / rest
            if rho * util <= budget:
                if len(rich) and min(self.budgets[c] for c in rich) < rho * util:
                    return self.exact(counts, p, estimate, sure=False)
                return rho
            paid += k * budget
            rest -= k * util
        if len(rich) == 0:
            raise AssertionError("supporters who can pay always yield a price")  # pragma: no cover
        rho = (cost - paid) / rest
        if min(self.budgets[c] for c in rich) < rho * util:
            return self.exact(counts, p, estimate, sure=False)
        return rho

    def pay(self, counts: np.ndarray, p: int, rho: Rational) -> None:
        """Supporters of p pay rho times their utility (or all they have): each of their classes moves to a new
        class (or to the class of the penniless); no other voter changes class."""
        price = rho * self.inst.utility[p]
        classes = np.flatnonzero(counts[p])
        remap = np.arange(len(self.budgets))
        fresh: list[Rational] = []
        for c in classes:
            if self.budgets[c] <= price:
                remap[c] = 1
            else:
                remap[c] = len(self.budgets) + len(fresh)
                fresh.append(self.budgets[c] - price)
        self.budgets.extend(fresh)
        self.approx = np.concatenate((self.approx, np.array([float(b) for b in fresh])))
        supporters = self.inst.flat_voter[self.inst.starts[p]:self.inst.starts[p + 1]]
        self.klass[supporters] = remap[self.klass[supporters]]

    def rounds(self) -> list[int]:
        """Indices of the projects bought, in order."""
        bought: list[int] = []
        while self.alive:
            counts = self.counts()
            estimate, error = self.estimates(counts, self.alive)
            # A project whose supporters hold clearly less than its cost never becomes affordable again.
            keep = np.isfinite(estimate)
            self.alive = [p for p, k in zip(self.alive, keep, strict=True) if k]
            estimate, error = estimate[keep], error[keep]
            if not self.alive:
                break
            ceiling = np.min(estimate + error)
            near = [(p, e, np.isfinite(err)) for p, e, err in zip(self.alive, estimate, error, strict=True)
                    if e - err <= ceiling]
            priced = {p: self.exact(counts, p, e, sure) for p, e, sure in near}
            self.alive = [p for p in self.alive if p not in priced or priced[p] is not None]
            offers = {p: rho for p, rho in priced.items() if rho is not None}
            if not offers:
                continue
            best = min(offers.values())
            winner = min((p for p, rho in offers.items() if rho == best), key=lambda p: self.inst.tie[p])
            self.pay(counts, winner, best)
            self.alive.remove(winner)
            bought.append(winner)
        return bought


def equal_shares(election: Election, utility: Utility = "cost", completion: Completion = "add1+greedy",
                 step: int = HRYVNIA) -> Outcome:
    """Tally one fund with the Method of Equal Shares and the chosen completion."""
    if step <= 0:
        raise TallyError("step", "the add1 step must be positive")
    votes = election.votes()
    costs = {p.number: p.cost for p in election.projects}
    inst, free = _instance(election, votes, utility)
    selected: list[int] = []
    if inst.voters:
        selected = _mes(inst, election.budget, completion != "none", step)
        selected = free + selected
    stage = dict.fromkeys(selected, "mes")
    if completion == "add1+greedy":
        money = election.budget - sum(costs[n] for n in selected)
        extra = greedy_fill(election.projects, votes, utility, money, already=set(selected))
        stage.update(dict.fromkeys(extra, "completion"))
        selected += extra
    return Outcome(
        rule="mes",
        budget=election.budget,
        selected=tuple(selected),
        stage=stage,
        votes=votes,
        spent=sum(costs[n] for n in selected),
        details={"utility": utility, "completion": completion, "step": str(step)},
    )


def _mes(inst: _Instance, budget: int, add1: bool, step: int) -> list[int]:
    share = mpq(budget, inst.voters)
    previous: list[int] | None = None
    while True:
        bought = _Run(inst, share).rounds()
        spent = sum(inst.costs[p] for p in bought)
        if not add1:
            return [inst.numbers[p] for p in bought]
        if spent > budget:
            return previous if previous is not None else []
        chosen = set(bought)
        if all(p in chosen or spent + inst.costs[p] > budget for p in range(len(inst.numbers))):
            return [inst.numbers[p] for p in bought]
        previous = [inst.numbers[p] for p in bought]
        share += step
