"""The tally rules on hand-made elections: the published tie-breaking, funds tallied apart, exact money, and
bad input refused with the field named."""

from __future__ import annotations

import pytest

from hromada.budgets.tally import TIE_BREAKING, Ballot, Election, Project, TallyError, tally, tally_funds


def election(budget, costs, ballots):
    return Election.build(budget, [Project(n, c) for n, c in costs.items()], ballots)


def test_greedy_skips_what_does_not_fit_and_goes_on():
    e = election(1000, {1: 600, 2: 500, 3: 400}, [[1], [1], [1], [2], [2], [3]])
    outcome = tally(e, "greedy")
    assert outcome.selected == (1, 3)
    assert outcome.spent == 1000 and outcome.stage == {1: "greedy", 3: "greedy"}


@pytest.mark.parametrize("rule", ["greedy", "mes"])
def test_ties_go_to_lower_cost_then_lower_number(rule):
    # 5 and 7 have equal votes; only one fits: the cheaper wins; at equal cost, the lower number.
    by_cost = election(600, {7: 500, 5: 600}, [[5, 7]] * 4)
    by_number = election(600, {7: 500, 5: 500}, [[5, 7]] * 4)
    assert tally(by_cost, rule).selected == (7,)
    assert tally(by_number, rule).selected == (5,)
    assert TIE_BREAKING == "more votes, then lower cost, then lower project number"


def test_mes_tie_prefers_more_votes_at_equal_price():
    # Under cost utilities the price per unit of utility ties between 1 and 2 (each fully paid by its voters'
    # shares); 2 has more votes, so it comes first and 1 no longer fits.
    e = election(1200, {1: 400, 2: 800}, [[1]] * 1 + [[2]] * 2)
    outcome = tally(e, "mes", completion="none")
    assert outcome.selected[0] == 2


def test_mes_serves_a_minority_greedy_ignores():
    # 60 voters want three projects of the majority, 40 want one of their own: greedy gives the majority
    # everything; equal shares gives the minority its project with its 40% of the fund (the majority's 60%
    # buys one project and leaves 80, short of a second; the completion then spends the rest).
    e = election(300, {1: 100, 2: 100, 3: 100, 4: 100}, [[1, 2, 3]] * 60 + [[4]] * 40)
    assert tally(e, "greedy").winners == {1, 2, 3}
    assert tally(e, "mes", completion="none").winners == {1, 4}
    assert tally(e, "mes").winners == {1, 2, 4}


def test_mes_prices_are_exact_where_floats_would_drift():
    # Three voters share a fund of 1 kopiyka... times ten: shares of 10/3 kopiyky never round.
    e = election(10, {1: 10, 2: 1}, [[1], [1], [1, 2]])
    assert tally(e, "mes", completion="none").selected == (1,)
    assert tally(e, "mes").selected == (1,)


def test_completion_spends_what_equal_shares_leaves():
    e = election(1000, {1: 500, 2: 300, 3: 200}, [[1]] * 5 + [[2]] * 3 + [[3]] * 1)
    plain = tally(e, "mes", completion="none")
    full = tally(e, "mes")
    assert plain.spent < full.spent <= 1000
    assert set(full.stage.values()) <= {"mes", "completion"}


def test_funds_are_tallied_apart():
    funds = {
        "large": election(1000, {1: 900, 2: 800}, [[1], [2], [2]]),
        "district:north": election(100, {3: 100, 4: 50}, [[3], [4], [4]]),
    }
    outcomes = tally_funds(funds, "greedy")
    assert outcomes["large"].selected == (2,)
    assert outcomes["district:north"].selected == (4,)


def test_empty_ballots_count_as_voters_for_equal_shares():
    # Nine abstaining voters leave their shares unused: one voter's tenth cannot pay for project 1 alone.
    e = Election.build(100, [Project(1, 50)], [Ballot.of([1])] + [Ballot.of([])] * 9)
    assert tally(e, "mes", completion="none").selected == ()
    assert tally(e, "greedy").selected == (1,)


def test_no_ballots_no_winners():
    e = Election.build(100, [Project(1, 50)], [])
    assert tally(e, "mes").selected == () and tally(e, "greedy").selected == ()


@pytest.mark.parametrize(("build", "field"), [
    (lambda: Election.build(-1, [], []), "budget"),
    (lambda: Project(1, -5), "cost"),
    (lambda: Election.build(10, [Project(1, 5), Project(1, 6)], []), "projects"),
    (lambda: Election.build(10, [Project(1, 5)], [[2]]), "ballots"),
    (lambda: tally(Election.build(10, [], []), "borda"), "rule"),  # type: ignore[arg-type]
    (lambda: tally(Election.build(10, [], []), "mes", step=0), "step"),
])
def test_bad_input_names_the_field(build, field):
    with pytest.raises(TallyError) as caught:
        build()
    assert caught.value.field == field
