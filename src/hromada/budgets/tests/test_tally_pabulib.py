"""Pabulib `.pb` export and import: round trips, pabutools reading our export, and refusals with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from pabutools.election.pabulib import parse_pabulib_from_string

from hromada.budgets.tally import Ballot, Election, Project, tally
from hromada.budgets.tally.model import TallyError
from hromada.budgets.tally.pabulib import REQUIRED_META, read_pb, write_pb

DATA = Path(__file__).parent / "pabulib"
META = {"description": "Громадський бюджет; великі проєкти", "country": "Ukraine", "unit": "Тернопіль",
        "instance": "2026", "rule": "equalshares/add1", "date_begin": "01.03.2026", "date_end": "15.03.2026",
        "subunit": "великі проєкти", "currency": "UAH", "language": "ukrainian"}


def cycle() -> Election:
    projects = [Project(1, 250_000_00, "Сквер \"Дружба\"", "довкілля"), Project(2, 99_999_99, "Велодоріжка"),
                Project(3, 180_000_50, "Бібліотека; оновлення", "культура,освіта")]
    ballots = [Ballot.of([1, 3], "a1"), Ballot.of([2], "a2"), Ballot.of([], "a3"), Ballot.of([1, 2, 3], "a4")]
    return Election.build(400_000_00, projects, ballots)


def test_round_trip_keeps_projects_ballots_money_and_meta():
    original = cycle()
    outcome = tally(original, "greedy")
    text = write_pb(original, META, outcome)
    back = read_pb(text)
    assert back.election == original
    assert {k: back.meta[k] for k in META} == META
    assert back.meta["num_votes"] == "4" and back.meta["budget"] == "400000" and back.meta["vote_type"] == "approval"
    assert {c: x["selected"] for c, x in back.project_columns.items()} == {
        p.code: str(int(p.number in outcome.winners)) for p in original.projects}
    assert write_pb(back.election, back.meta, outcome) == text


def test_every_required_meta_key_is_written_first():
    lines = write_pb(cycle(), META).splitlines()
    assert lines[:2] == ["META", "key;value"]
    assert [line.split(";")[0] for line in lines[2:2 + len(REQUIRED_META)]] == list(REQUIRED_META)


def test_pabutools_reads_our_export():
    election = cycle()
    instance, profile = parse_pabulib_from_string(write_pb(election, META))
    assert instance.budget_limit == 400_000
    assert instance.get_project("1").cost * 100 == 250_000_00
    assert instance.get_project("2").cost * 100 == 99_999_99
    assert instance.get_project("3").cost * 100 == 180_000_50
    assert sorted(sorted(p.name for p in b) for b in profile) == [[], ["1", "2", "3"], ["1", "3"], ["2"]]
    assert instance.meta["unit"] == "Тернопіль" and instance.meta["description"] == META["description"]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.stem)
def test_real_files_survive_import_and_export(path):
    pb = read_pb(path.read_text(encoding="utf-8"))
    again = read_pb(write_pb(pb.election, pb.meta))
    assert again.election == pb.election
    assert again.meta["unit"] == pb.meta["unit"]


def test_export_refuses_missing_meta():
    with pytest.raises(TallyError) as caught:
        write_pb(cycle(), {k: v for k, v in META.items() if k != "date_end"})
    assert caught.value.field == "meta" and "date_end" in caught.value.reason


@pytest.mark.parametrize(("text", "field"), [
    ("PROJECTS\nproject_id;cost\n", "meta"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n", "votes"),
    ("META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n",
     "vote_type"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5.555\nVOTES\nvoter_id;vote\n",
     "cost of 1"),
    ("META\nkey;value\nbudget;ten\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n",
     "budget"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n"
     "7;1,9\n", "votes"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n1;6\nVOTES\nvoter_id;vote\n",
     "projects"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n", "meta"),
])
def test_import_refuses_bad_files_with_the_reason(text, field):
    with pytest.raises(TallyError) as caught:
        read_pb(text)
    assert caught.value.field == field


def test_non_numeric_ids_get_numbers_in_file_order_and_keep_their_code():
    text = ("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;votes\nP7;60;2\nP2;50;1\n"
            "VOTES\nvoter_id;vote\n1;P7\n2;P7,P2\n")
    election = read_pb(text).election
    assert [(p.number, p.code) for p in election.projects] == [(1, "P7"), (2, "P2")]
    assert tally(election, "greedy").selected == (1,)
