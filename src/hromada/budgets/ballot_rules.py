"""The ballot rule of one fund as a pure function: which projects a ballot may hold, how many, and how much of the
fund they may (or must) spend. The booth shows `BallotTotals` as the voter picks; `ballot_errors` names the rule a
ballot breaks, and the voting service refuses such a ballot before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import BallotRule


@dataclass(frozen=True)
class BallotTotals:
    """What a ballot with these projects spends of the fund, and what the rule still allows or asks."""

    fund: int  # kopiyky
    spent: int
    count: int
    rule: str
    min_projects: int
    max_projects: int  # 0: no limit
    min_spend: int  # the threshold rule's minimum, kopiyky (0 for the other rules)

    @property
    def remaining(self) -> int:
        return self.fund - self.spent

    @property
    def limited_by_fund(self) -> bool:
        return self.rule in (BallotRule.KNAPSACK, BallotRule.THRESHOLD)

    @property
    def over_fund(self) -> bool:
        return self.limited_by_fund and self.spent > self.fund


def min_spend(fund) -> int:
    """The smallest total a threshold ballot may spend: `threshold_percent` of the fund, rounded up to a kopiyka."""
    if fund.ballot_rule != BallotRule.THRESHOLD:
        return 0
    return -(-fund.fund * fund.threshold_percent // 100)


def ballot_totals(fund, costs: Sequence[int]) -> BallotTotals:
    return BallotTotals(fund=fund.fund, spent=sum(costs), count=len(costs), rule=fund.ballot_rule,
                        min_projects=fund.min_projects, max_projects=fund.max_projects, min_spend=min_spend(fund))


def _uah(kopiyky: int) -> str:
    return f"{kopiyky / 100:,.2f}".replace(",", " ")


def ballot_errors(fund, costs: Sequence[int]) -> list[str]:
    """Every rule of the fund this ballot breaks, each message naming the rule; empty when the ballot is valid."""
    totals = ballot_totals(fund, costs)
    errors: list[str] = []
    if totals.count < max(1, totals.min_projects):
        errors.append(_("Minimum number of projects: choose at least %(n)d.") % {"n": max(1, totals.min_projects)})
    if totals.max_projects and totals.count > totals.max_projects:
        if fund.ballot_rule == BallotRule.APPROVAL:
            errors.append(_("Approval of at most %(n)d projects: you chose %(count)d.")
                          % {"n": totals.max_projects, "count": totals.count})
        else:
            errors.append(_("Maximum number of projects: choose at most %(n)d.") % {"n": totals.max_projects})
    if totals.over_fund:
        errors.append(_("Within the fund: the projects cost %(spent)s UAH, the fund is %(fund)s UAH.")
                      % {"spent": _uah(totals.spent), "fund": _uah(totals.fund)})
    if totals.min_spend and totals.spent < totals.min_spend:
        errors.append(_("Threshold of %(percent)d%% of the fund: choose projects worth at least %(min)s UAH "
                        "(now %(spent)s UAH).")
                      % {"percent": fund.threshold_percent, "min": _uah(totals.min_spend), "spent": _uah(totals.spent)})
    return errors
