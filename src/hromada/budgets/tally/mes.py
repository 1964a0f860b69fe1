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
with the same remaining budget are interchangeable, so voters are kept in classes by their exact budget (thousands
of classes for 100,000 voters, against 551,035 approvals). A project's price only rises as budgets shrink, so each
project keeps a lower bound of its price and a round looks only at the projects whose bound is under the best
offer found so far (usually a handful of the hundred): for those it counts supporters per class with numpy and
estimates the price in float64 with an error bound; only the projects within that bound of the best are priced
exactly, and the exact values decide the winner and the ties. In the exact price the classes clearly below it
(they pay all they have) are summed at once from the prices of the projects they paid for, and the price is then
checked against them and the richer classes; when a check fails, every class is taken one by one.

The result is the one pabutools' `method_of_equal_shares` (with `voter_budget_increment=1` for add1) and
`greedy_utilitarian_welfare` compute on the same data (tests/test_tally_pabutools.py)."""

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

    def supporters(self, p: int) -> np.ndarray:
        return self.flat_voter[self.starts[p]:self.starts[p + 1]]


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
    """One run of MES with a given share per voter.

    Voters are kept in classes of equal budget: `klass` gives each voter's class, `budgets` each class's exact
    budget and `approx` the same as float64 (always converted from the exact value). A class keeps its number for
    the whole run (a bought project moves its supporters to new classes), so no voter is ever renumbered.

    A round does not price every project. A project's price (rho) never falls, because budgets only shrink, so a
    price once bounded from below stays bounded: `low` keeps that bound for every project. A round looks at the
    projects from the lowest bound up and stops at the first whose bound is above the best price found so far;
    the rest cannot win, nor tie. Looking at a project means counting its supporters per class (a bincount of
    its supporters only) and estimating its price in float64 with a bound on the error; only the projects
    whose estimate is within that bound of the best are priced exactly, and the exact prices decide."""

    def __init__(self, inst: _Instance, share: Rational):
        self.inst = inst
        self.budgets: list[Rational] = [share, mpq(0)]  # class 1 is the voters who have spent everything
        self.approx = np.array([float(share), 0.0])
        self.klass = np.zeros(inst.voters, dtype=np.int64)  # each voter's class
        self.alive = set(range(len(inst.numbers)))
        self.low = np.zeros(len(inst.numbers))  # a lower bound of each project's current price
        # Which bought projects each class paid for (in full, at the price in `prices`): a class that still has
        # money has the share minus those prices, so the money of many classes is summed from a few products.
        self.paths = np.zeros((64, len(inst.numbers)), dtype=np.int64)
        self.prices: dict[int, Rational] = {}
        self.share = share

    def held(self, p: int) -> np.ndarray:
        """Supporters of project p per class (indexed by class)."""
        return np.bincount(self.klass[self.inst.supporters(p)], minlength=len(self.budgets))

    def estimate(self, p: int, row: np.ndarray) -> tuple[float, float]:
        """Float64 rho of project p (inf when its supporters clearly cannot pay) and a bound on its error (inf
        when the money of its supporters is too close to its cost to tell)."""
        classes = np.flatnonzero(row)
        classes = classes[np.argsort(self.approx[classes], kind="stable")]
        held = row[classes].astype(np.float64)
        money = self.approx[classes]
        paid = held * money
        cost, util = float(self.inst.costs[p]), float(self.inst.utility[p])
        total = float(paid.sum())
        if abs(total - cost) <= SLACK * cost:
            return 0.0, np.inf
        rest = np.maximum(held.sum() - (np.cumsum(held) - held), 1.0) * util
        rho = (cost - (np.cumsum(paid) - paid)) / rest
        fits = rho * util <= money
        if not fits.any():
            return np.inf, 0.0
        first = int(np.argmax(fits))
        return float(rho[first]), SLACK * ((cost + total) / rest[first] + abs(rho[first]))

    def ascending(self, classes: np.ndarray) -> list[int]:
        """The classes by exact budget, poorest first. Rounding to float64 keeps the order (it is monotone), so the
        float order is the exact one except among classes whose floats are equal: those are sorted exactly."""
        order = classes[np.argsort(self.approx[classes], kind="stable")]
        values = self.approx[order]
        if len(order) > 1 and bool((values[1:] == values[:-1]).any()):
            return sorted(order.tolist(), key=lambda c: self.budgets[c])
        return order.tolist()

    def cheapest(self, classes: np.ndarray) -> Rational:
        """The lowest exact budget among `classes` (not empty)."""
        low = self.approx[classes].min()
        return min(self.budgets[c] for c in classes[self.approx[classes] <= low * (1 + SLACK)])

    def money(self, classes: np.ndarray, row: np.ndarray) -> Rational:
        """The exact money of p's supporters in `classes` (none of them the penniless class): the share of each
        minus what each class paid, summed per bought project rather than per class."""
        held = row[classes]
        paid = held @ self.paths[classes]
        return self.share * int(held.sum()) - sum((self.prices[j] * int(paid[j]) for j in np.flatnonzero(paid).tolist()),
                                                  mpq(0))

    def dearest(self, classes: np.ndarray) -> Rational:
        """The highest exact budget among `classes` (not empty)."""
        high = self.approx[classes].max()
        return max(self.budgets[c] for c in classes[self.approx[classes] >= high * (1 - SLACK)])

    def exact(self, p: int, row: np.ndarray, estimate: float, sure: bool) -> Rational | None:
        """The exact rho of project p, or None when its supporters together cannot pay its cost.

        Supporters are taken from the poorest up: rho = (cost - what the poorer paid) / (utility of the rest),
        until it fits the next class. With a sure estimate, the classes clearly below it (they pay all they have)
        are summed at once and those clearly above it are rich (they pay rho each) and only counted; the price
        found is then checked against both exactly, and when that check fails, or the estimate was unsure, every
        class is taken one by one."""
        cost, util = self.inst.costs[p], self.inst.utility[p]
        classes = np.flatnonzero(row)
        budgets = classes[classes != 1]
        if sure:
            price = estimate * util
            full = budgets[self.approx[budgets] < price * (1 - 1e-6) - 1e-6]
            poor = classes[(self.approx[classes] <= price * (1 + 1e-6) + 1e-6)]
            poor = np.setdiff1d(poor, full, assume_unique=True)
            rich = classes[self.approx[classes] > price * (1 + 1e-6) + 1e-6]
        else:
            full, poor, rich = budgets[:0], classes, classes[:0]
            if self.money(budgets, row) < cost:
                return None
        paid = self.money(full, row)
        rest = (int(row[classes].sum()) - int(row[full].sum())) * util
        rho = None
        for c in self.ascending(poor):
            budget, k = self.budgets[c], int(row[c])
            # rho = (cost - paid) / rest fits this class when rho * util <= budget (rest > 0: no division needed)
            if (cost - paid) * util <= budget * rest:
                rho = (cost - paid) / rest
                break
            paid += k * budget
            rest -= k * util
        if rho is None:
            if len(rich) == 0:
                raise AssertionError("supporters who can pay always yield a price")  # pragma: no cover
            rho = (cost - paid) / rest
        if (len(rich) and self.cheapest(rich) < rho * util) or (len(full) and self.dearest(full) > rho * util):
            return self.exact(p, row, estimate, sure=False)
        return rho

    def pay(self, p: int, row: np.ndarray, rho: Rational) -> None:
        """Supporters of p pay rho times their utility (or all they have): each of their classes moves to a new
        class (or to the class of the penniless); no other voter changes class."""
        price = rho * self.inst.utility[p]
        remap = np.arange(len(self.budgets))
        classes = np.flatnonzero(row)
        # Clearly richer than the price by their floats; the others are compared exactly.
        rich = self.approx[classes] > float(price) * (1 + SLACK)
        unsure = [int(c) for c in classes[~rich] if self.budgets[c] > price]
        kept = np.sort(np.concatenate((classes[rich], np.array(unsure, dtype=np.int64))))
        drained = np.setdiff1d(classes, kept, assume_unique=True)
        remap[drained] = 1
        remap[kept] = len(self.budgets) + np.arange(len(kept))
        budgets = self.budgets
        fresh = [budgets[c] - price for c in kept.tolist()]
        size = len(self.budgets) + len(fresh)
        if size > len(self.paths):
            self.paths = np.concatenate((self.paths, np.zeros((max(size, 2 * len(self.paths)) - len(self.paths),
                                                               self.paths.shape[1]), dtype=np.int64)))
        self.paths[len(self.budgets):size] = self.paths[kept]
        self.paths[len(self.budgets):size, p] = 1
        self.prices[p] = price
        self.budgets.extend(fresh)
        self.approx = np.concatenate((self.approx, np.fromiter(map(float, fresh), np.float64, len(fresh))))
        supporters = self.inst.supporters(p)
        self.klass[supporters] = remap[self.klass[supporters]]

    def round(self) -> int | None:
        """Buy the next project (its index), or None when no remaining project can be paid for."""
        best = np.inf  # an upper bound of the lowest price
        looked: list[tuple[int, np.ndarray, float, float]] = []
        for p in sorted(self.alive, key=lambda p: self.low[p]):
            if self.low[p] > best:
                break  # this project's price, and every later one's, is above a price already on offer
            row = self.held(p)
            estimate, error = self.estimate(p, row)
            if estimate == np.inf:  # its supporters hold clearly less than its cost: never affordable again
                self.alive.discard(p)
                continue
            self.low[p] = max(self.low[p], estimate - error)
            best = min(best, estimate + error)
            looked.append((p, row, estimate, error))
        offers: dict[int, tuple[Rational, np.ndarray]] = {}
        for p, row, estimate, error in looked:
            if estimate - error <= best:
                rho = self.exact(p, row, estimate, bool(np.isfinite(error)))
                if rho is None:  # then `best` may have come from it: look again without it
                    self.alive.discard(p)
                    return self.round() if self.alive else None
                offers[p] = (rho, row)
        if not offers:
            return None
        cheapest = min(rho for rho, _row in offers.values())
        winner = min((p for p, (rho, _row) in offers.items() if rho == cheapest), key=lambda p: self.inst.tie[p])
        self.pay(winner, offers[winner][1], cheapest)
        self.alive.discard(winner)
        return winner

    def rounds(self) -> list[int]:
        """Indices of the projects bought, in order."""
        bought: list[int] = []
        while self.alive:
            winner = self.round()
            if winner is None:
                break
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
