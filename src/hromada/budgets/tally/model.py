"""The plain data a tally reads and writes: projects, ballots, funds and outcomes (no Django, no database).

Money is an integer number of kopiyky (or of the minor unit of any currency a Pabulib file uses), so sums are
exact; the rules themselves compute with fractions where a share of a kopiyka can occur."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Utility = Literal["cost", "cardinality"]
RuleName = Literal["greedy", "mes"]

TIE_BREAKING = "more votes, then lower cost, then lower project number"


class TallyError(ValueError):
    """Input the tally cannot use; `field` names what is wrong (the app maps it to a 4xx with that field)."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Project:
    """A project on the ballot: `number` is its public number in the cycle (unique within an election), `cost`
    in kopiyky. `code` is the identifier written to Pabulib (the number unless an imported file said else)."""

    number: int
    cost: int
    name: str = ""
    category: str = ""
    code: str = ""

    def __post_init__(self) -> None:
        if self.cost < 0:
            raise TallyError("cost", f"project {self.number} has a negative cost")
        if not self.code:
            object.__setattr__(self, "code", str(self.number))


@dataclass(frozen=True)
class Ballot:
    """One voter's approval ballot in one election (a fund): the numbers of the projects approved.
    An empty ballot still counts as a voter (it receives a share of the fund under equal shares)."""

    approvals: frozenset[int]
    voter: str = ""

    @classmethod
    def of(cls, approvals: Iterable[int], voter: str = "") -> Ballot:
        return cls(frozenset(approvals), voter)


@dataclass(frozen=True)
class Election:
    """One fund's vote: its budget in kopiyky, the projects competing for it and the ballots cast for it."""

    budget: int
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]

    def __post_init__(self) -> None:
        if self.budget < 0:
            raise TallyError("budget", "the fund is negative")
        numbers = [p.number for p in self.projects]
        if len(set(numbers)) != len(numbers):
            raise TallyError("projects", "two projects share a number")
        known = set(numbers)
        for index, ballot in enumerate(self.ballots):
            unknown = ballot.approvals - known
            if unknown:
                raise TallyError("ballots", f"ballot {index + 1} approves unknown project {min(unknown)}")

    @classmethod
    def build(cls, budget: int, projects: Sequence[Project], ballots: Iterable[Iterable[int] | Ballot]) -> Election:
        return cls(budget, tuple(projects),
                   tuple(b if isinstance(b, Ballot) else Ballot.of(b) for b in ballots))

    def votes(self) -> dict[int, int]:
        """Approvals per project number (every project listed, zero included)."""
        counted = Counter(number for ballot in self.ballots for number in ballot.approvals)
        return {p.number: counted.get(p.number, 0) for p in self.projects}


def tie_key(project: Project, votes: int) -> tuple[int, int, int]:
    """The published tie-breaking order: the smaller key wins (more votes, then lower cost, then lower number)."""
    return (-votes, project.cost, project.number)


@dataclass(frozen=True)
class Outcome:
    """The result of one rule on one election. `selected` lists the winners in the order the rule chose them;
    `stage` says for each winner which step chose it ("greedy", "mes" or "completion")."""

    rule: str
    budget: int
    selected: tuple[int, ...]
    stage: dict[int, str]
    votes: dict[int, int]
    spent: int
    tie_breaking: str = TIE_BREAKING
    details: dict[str, str] = field(default_factory=dict)

    @property
    def winners(self) -> frozenset[int]:
        return frozenset(self.selected)
