"""The tally equals pabutools on the same ballots: many small generated elections full of ties, and real Pabulib
files (tests/pabulib). The reference runs pabutools itself (tally_reference.py), with the published tie-breaking."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pabutools.election import parse_pabulib

from hromada.budgets.tally import Ballot, Election, Project, tally
from hromada.budgets.tally.pabulib import read_pb

from .tally_reference import random_election, reference

DATA = Path(__file__).parent / "pabulib"
VARIANTS = [
    ("greedy", "cost", "-"), ("greedy", "cardinality", "-"),
    ("mes", "cost", "none"), ("mes", "cardinality", "none"),
    ("mes", "cost", "add1"), ("mes", "cost", "add1+greedy"), ("mes", "cardinality", "add1+greedy"),
]


def ours(election: Election, rule: str, utility: str, completion: str) -> frozenset[int]:
    options = {"utility": utility} | ({"completion": completion} if rule == "mes" else {})
    return tally(election, rule, **options).winners  # type: ignore[arg-type]


@pytest.mark.parametrize("block", range(3))
def test_generated_elections_equal_pabutools(block):
    compared = ties = 0
    for seed in range(block * 50, block * 50 + 50):
        election = random_election(random.Random(seed))
        votes = sorted(election.votes().values())
        ties += len(votes) != len(set(votes))
        for rule, utility, completion in VARIANTS:
            assert ours(election, rule, utility, completion) == reference(election, rule, utility, completion), (
                seed, rule, utility, completion)
            compared += 1
    assert compared == 50 * len(VARIANTS)
    assert ties > 10  # the generator does produce ties for the published rule to break


def test_larger_generated_elections_equal_pabutools():
    """Hundreds of voters give the classes of equal budget many members and many distinct budgets."""
    for seed in range(6):
        rng = random.Random(1000 + seed)
        projects = [Project(n, rng.choice([3, 5, 8, 13, 21]) * 10_000_00) for n in range(1, 16)]
        ballots = [rng.sample(range(1, 16), rng.randint(1, 5)) for _ in range(rng.randint(200, 400))]
        election = Election.build(sum(p.cost for p in projects) // 3, projects, ballots)
        for rule, utility, completion in [("greedy", "cost", "-"), ("mes", "cost", "none"),
                                          ("mes", "cardinality", "none"), ("mes", "cost", "add1+greedy")]:
            step = 10_000_00  # a large add1 step keeps pabutools' reruns few; the rule is the same
            options = {"utility": utility} | ({"completion": completion, "step": step} if rule == "mes" else {})
            got = tally(election, rule, **options).winners  # type: ignore[arg-type]
            assert got == reference(election, rule, utility, completion, step=step), (seed, rule, completion)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.stem)
def test_pabulib_files_equal_pabutools(path):
    election = read_pb(path.read_text(encoding="utf-8")).election
    for rule, utility, completion in VARIANTS:
        assert ours(election, rule, utility, completion) == reference(election, rule, utility, completion), (
            rule, utility, completion)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.stem)
def test_greedy_reproduces_the_recorded_winners(path):
    """The files record the city's own greedy result (`selected`) where known; ours agrees with it."""
    pb = read_pb(path.read_text(encoding="utf-8"))
    recorded = {pb.election.projects[i].number for i, p in enumerate(pb.election.projects)
                if pb.project_columns[p.code].get("selected") == "1"}
    marks = {columns.get("selected") for columns in pb.project_columns.values()}
    if not marks <= {"0", "1"}:
        pytest.skip("the file records no winners, or marks a case the city decided otherwise (selected=2)")
    assert tally(pb.election, "greedy").winners == recorded


@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.stem)
def test_our_import_reads_what_pabutools_reads(path):
    text = path.read_text(encoding="utf-8")
    election = read_pb(text).election
    instance, profile = parse_pabulib(str(path))
    assert election.budget == instance.budget_limit * 100
    assert {p.code: p.cost for p in election.projects} == {p.name: p.cost * 100 for p in instance}
    code = {p.number: p.code for p in election.projects}
    assert sorted(sorted(code[n] for n in b.approvals) for b in election.ballots) == sorted(
        sorted(p.name for p in ballot) for ballot in profile)


def test_unsupported_projects_are_never_funded_even_with_money_left():
    election = Election.build(1000_00, [Project(1, 100_00), Project(2, 100_00)], [Ballot.of([1])] * 3)
    assert tally(election, "greedy").selected == (1,)
    assert tally(election, "mes").selected == (1,)


def test_add1_completion_over_many_reruns_equals_pabutools():
    """Hundreds of voters and a small add1 step: MES is rerun many times with thousands of distinct budgets, and
    each rerun prices lazily (from the bounds of earlier rounds) and sums the full payers at once; the winners
    of every stage still equal pabutools', and add1 does change the outcome in some of these elections."""
    changed = 0
    for seed in range(5):
        rng = random.Random(2000 + seed)
        projects = [Project(n, rng.randint(2, 40) * 5_000_00 + rng.choice([0, 1, 33])) for n in range(1, 19)]
        weights = [rng.random() ** 2 + 0.05 for _ in projects]
        ballots = []
        for _ in range(rng.randint(300, 500)):
            chosen: set[int] = set()
            while len(chosen) < rng.randint(1, 6):
                chosen.add(rng.choices(range(1, 19), weights)[0])
            ballots.append(sorted(chosen))
        election = Election.build(sum(p.cost for p in projects) * rng.randint(20, 45) // 100, projects, ballots)
        step = election.budget // len(ballots) // 12 or 1  # about a dozen reruns or more before the fund is spent
        plain = tally(election, "mes", completion="none").winners
        for completion in ("add1", "add1+greedy"):
            got = tally(election, "mes", completion=completion, step=step).winners
            assert got == reference(election, "mes", "cost", completion, step=step), (seed, completion)
        changed += tally(election, "mes", completion="add1", step=step).winners != plain
    assert changed >= 2
