"""The jury's arithmetic and the tax-number checks as pure functions: weighted scores, the published tie-break,
greedy awards within the fund, and EDRPOU/RNOKPP check digits (real public EDRPOU codes pass)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from hromada.competitions.eligibility import edrpou_valid, rnokpp_valid, terms_errors
from hromada.competitions.ranking import Candidate, awards, ranked, weighted_score

EARLY, LATE = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC)


def test_weighted_score_is_each_criterions_share_of_its_maximum():
    criteria = [SimpleNamespace(pk=1, weight=3, max_score=10), SimpleNamespace(pk=2, weight=1, max_score=5)]
    assert weighted_score(criteria, {1: 10, 2: 5}) == 100.0
    assert weighted_score(criteria, {1: 5, 2: 0}) == 37.5
    assert weighted_score(criteria, {1: 0, 2: 5}) == 25.0


def test_ties_follow_the_calls_rule_then_the_lower_id():
    a = Candidate(1, 80.0, 3_000_000, 5_000_000, LATE)
    b = Candidate(2, 80.0, 1_000_000, 5_000_000, EARLY)
    c = Candidate(3, 80.0, 1_000_000, 5_000_000, EARLY)
    assert [x.application_id for x in ranked([a, b, c], "earlier_submission")] == [2, 3, 1]
    assert [x.application_id for x in ranked([c, a, b], "smaller_grant")] == [2, 3, 1]


def test_awards_go_down_the_ranking_while_the_fund_covers_the_capped_grant():
    rows = [Candidate(1, 90.0, 7_000_000, 5_000_000, EARLY),  # capped to 5,000,000
            Candidate(2, 85.0, 4_000_000, 5_000_000, EARLY),  # 4,000,000 does not fit the 3,000,000 left
            Candidate(3, 70.0, 3_000_000, 5_000_000, EARLY)]
    outcomes = awards(rows, fund=8_000_000, tie_break="earlier_submission")
    assert [(o.rank, o.grant) for o in outcomes] == [(1, 5_000_000), (2, None), (3, 3_000_000)]
    assert sum(o.grant or 0 for o in outcomes) <= 8_000_000


def test_edrpou_and_rnokpp_check_digits():
    assert edrpou_valid("14360570") and edrpou_valid("20077720") and edrpou_valid("00032129")
    assert not edrpou_valid("14360571") and not edrpou_valid("1436057") and not edrpou_valid("1436057a")
    valid = [code for code in (f"310000000{d}" for d in range(10)) if rnokpp_valid(code)]
    assert len(valid) == 1 and not rnokpp_valid("31000000") and not rnokpp_valid("310000000x")


def test_co_financing_is_rounded_up_to_the_percentage():
    rule = SimpleNamespace(cofinancing_percent=50, cap=2_500_000)
    assert terms_errors(rule, total_cost=5_000_001, cofinancing=2_500_001) == {}
    assert "cofinancing" in terms_errors(rule, total_cost=5_000_001, cofinancing=2_500_000)
    assert "budget_lines" in terms_errors(rule, total_cost=6_000_000, cofinancing=3_000_000)
