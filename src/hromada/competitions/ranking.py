"""The jury's arithmetic, as pure functions: one juror's weighted score, an application's mean, the ranking with
the call's published tie-break, and the awards greedy by rank within the fund."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from .models import TieBreak


def weighted_score(criteria: Iterable, values: Mapping[int, int]) -> float:
    """A juror's scores as one figure from 0 to 100: each criterion's share of its maximum, weighted."""
    criteria = list(criteria)
    total_weight = sum(c.weight for c in criteria)
    if not total_weight:
        return 0.0
    return round(100 * sum(c.weight * values[c.pk] / c.max_score for c in criteria) / total_weight, 4)


@dataclass(frozen=True)
class Candidate:
    application_id: int
    score: float  # the mean of its jurors' weighted scores
    requested: int  # the grant asked for, in kopiyky, before the cap
    cap: int
    submitted_at: datetime

    @property
    def grant(self) -> int:
        return min(self.requested, self.cap)


@dataclass(frozen=True)
class Outcome:
    application_id: int
    rank: int
    score: float
    grant: int | None  # None: not awarded (the fund could not cover it)


def mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4)


def ranked(candidates: Iterable[Candidate], tie_break: str) -> list[Candidate]:
    """Highest score first; equal scores by the call's tie-break, then by the earlier application (lower id)."""
    def key(c: Candidate):
        second = c.grant if tie_break == TieBreak.SMALLER_GRANT else c.submitted_at.timestamp()
        return (-c.score, second, c.application_id)
    return sorted(candidates, key=key)


def awards(candidates: Iterable[Candidate], *, fund: int, tie_break: str) -> list[Outcome]:
    """Down the ranking, each application gets its grant (asked for, capped) when what is left of the fund covers
    it; one that does not fit is passed over and the next, cheaper ones may still fit."""
    left = fund
    outcomes = []
    for rank, candidate in enumerate(ranked(candidates, tie_break), start=1):
        grant = candidate.grant
        if grant <= left:
            left -= grant
            outcomes.append(Outcome(candidate.application_id, rank, candidate.score, grant))
        else:
            outcomes.append(Outcome(candidate.application_id, rank, candidate.score, None))
    return outcomes
