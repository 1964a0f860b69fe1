"""Tally rules of the participatory budget and the Pabulib file format, as plain Python (no Django models).

`tally(election, rule)` runs one fund's vote through "greedy" (by votes within the fund) or "mes" (the Method
of Equal Shares with add1 and greedy completion); `tally_funds` runs every fund of a cycle (categories,
districts, schools), each with its own budget, projects and ballots. Ties are broken by the published order
`TIE_BREAKING`. `pabulib.write_pb` and `pabulib.read_pb` export and import a fund's vote as a `.pb` file.
See docs/budgets.md ("For researchers") and ADR 0022."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .greedy import greedy
from .mes import equal_shares
from .model import TIE_BREAKING, Ballot, Election, Outcome, Project, RuleName, TallyError, tie_key

__all__ = ["TIE_BREAKING", "Ballot", "Election", "Outcome", "Project", "RuleName", "TallyError", "equal_shares", "greedy",
           "tally", "tally_funds", "tie_key"]


def tally(election: Election, rule: RuleName = "greedy", **options: Any) -> Outcome:
    """The outcome of one fund under `rule` ("greedy" or "mes"); options go to the rule
    (`utility`, and for MES `completion` and `step`)."""
    if rule == "greedy":
        return greedy(election, **options)
    if rule == "mes":
        return equal_shares(election, **options)
    raise TallyError("rule", f"unknown tally rule {rule!r}")


def tally_funds(funds: Mapping[str, Election], rule: RuleName = "greedy", **options: Any) -> dict[str, Outcome]:
    """Every fund of a cycle tallied on its own: a category's or a district's money goes only to its projects,
    chosen only by the ballots cast in it."""
    return {key: tally(election, rule, **options) for key, election in funds.items()}
