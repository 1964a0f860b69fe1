"""The imports: the national structures (CSV and JSON, with misspelt headers), Popolo JSON; every kind of bad row
rejected with its row, field and reason and nothing written; a second import of the same file changes nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hromada.core.errors import PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM

from ..imports.reading import KYIV
from ..models import (
    Convocation,
    Membership,
    Organization,
    Person,
    Session,
    Sitting,
    Vote,
    VoteEvent,
    VoteOption,
)
from ..models_metrics import DeputyMonth
from ..services import council_import
from ..services.importing import ImportRejected

pytestmark = pytest.mark.django_db

CONVOCATIONS = "id,number,name,startDate,endDate\nconv-8,8,VIII скликання,2020-12-01,\n"
# Headers as real files spell them: misspelt, snake_case or Ukrainian, semicolon-separated.
DEPUTIES = (
    "\ufeffid;votingIdentificator;famillyName;name;aditionalName;gender;birthDate;partyName;fraction;district\n"
    "d1;101;Коваленко;Олена;Петрівна;жінка;1980-05-01;Партія А;Фракція А;1\n"
    "d2;102;Шевченко;Іван;Іванович;чоловік;;Партія А;Фракція А;2\n"
    "d3;103;Бондар;Марія;;жінка;12.03.1975;Партія Б;Фракція Б;3\n"
)
SESSIONS = "id,convocation,sessionNum,name,startDate,endDate\ns1,8,1,Перша сесія,2021-01-15,2021-01-16\n"
MOTIONS = (
    "uid,date,convocation,num,title,projectNum,votingFor,votingAgainst,votingAbstain,notVoting,absent,votingResult\n"
    "m1,2021-01-15T10:05:00,8,1,Про порядок денний,,2,1,0,0,0,Прийнято\n"
    "m2,15.01.2021 10:20,8,2,Про бюджет,,1,0,1,0,1,Не прийнято\n"
)
VOTINGS = (
    "motionUid,voterId,voterName,result\n"
    "m1,d1,Коваленко О. П.,За\nm1,d2,Шевченко І. І.,За\nm1,d3,Бондар М.,Проти\n"
    "m2,101,Коваленко О. П.,За\nm2,d2,Шевченко І. І.,Утримався\nm2,d3,Бондар М.,Відсутня\n"
)
ALL = (("convocations", CONVOCATIONS), ("deputies", DEPUTIES), ("sessions", SESSIONS), ("motions", MOTIONS),
       ("votings", VOTINGS))


def run(community, kind, content, actor=SYSTEM):
    return council_import(actor=actor, community=community, kind=kind, content=content)


def load_all(community):
    return [run(community, kind, content) for kind, content in ALL]


def counts():
    return [m.objects.count() for m in (Convocation, Person, Organization, Membership, Session, Sitting, VoteEvent,
                                        Vote)]


def test_national_files_import_with_misspelt_headers(community):
    reports = load_all(community)
    assert reports[1].created == {"deputies": 3, "factions": 2, "memberships": 3}
    olena = Person.objects.get(source_id="d1")
    assert (olena.family_name, olena.additional_name, olena.voting_identifier, olena.party, olena.electoral_district
            ) == ("Коваленко", "Петрівна", "101", "Партія А", "1")
    assert Person.objects.get(source_id="d3").birth_date == date(1975, 3, 12)
    m2 = VoteEvent.objects.get(identifier="m2")
    assert (m2.number, m2.result, m2.yes_count, m2.abstain_count, m2.absent_count) == (2, "fail", 1, 1, 1)
    assert m2.start_time.astimezone(KYIV).hour == 10 and m2.date == date(2021, 1, 15)
    assert Sitting.objects.count() == 1
    votes = {(v.vote_event.identifier, v.person.source_id): (v.option, v.faction.name) for v in
             Vote.objects.select_related("vote_event", "person", "faction")}
    assert votes[("m2", "d1")] == (VoteOption.YES, "Фракція А")  # matched on the voting identifier 101
    assert votes[("m2", "d3")] == (VoteOption.ABSENT, "Фракція Б")
    assert reports[4].created == {"votes": 6}
    assert DeputyMonth.objects.filter(community=community).exists()  # the metrics follow the import


def test_a_second_import_changes_nothing(community):
    load_all(community)
    before = counts()
    again = load_all(community)
    assert counts() == before
    assert all(report.created == {} and report.updated == {} for report in again)
    assert again[4].unchanged == {"votes": 6}


def test_json_files_import_like_csv(community):
    run(community, "convocations", json.dumps([{"number": 8, "startDate": "2020-12-01"}]))
    report = run(community, "deputies", json.dumps({"data": [{"id": "x", "familyName": "Гнатюк", "name": "Ольга"}]}))
    assert report.created == {"deputies": 1}
    assert Person.objects.get(source_id="x").voting_identifier == "x"


def test_a_correction_updates_the_rows_it_changes(community):
    load_all(community)
    report = run(community, "votings", "motionUid,voterId,result\nm1,d3,Утримався\n")
    assert report.updated == {"votes": 1}
    assert Vote.objects.get(vote_event__identifier="m1", person__source_id="d3").option == VoteOption.ABSTAIN


def problems(exc_info):
    return [(p["row"], p["field"]) for p in exc_info.value.problems.items]


@pytest.mark.parametrize(("kind", "content", "expected"), [
    ("deputies", "id;famillyName;name;shoeSize\nd1;A;B;42\n", [("row 1", "shoeSize")]),
    ("deputies", "id;name\nd1;B\n", [("row 1", "familyName")]),
    ("deputies", "id;familyName;name;birthDate\nd1;A;B;31.02.1980\nd2;A;B;вчора\n",
     [("row 2", "birthDate"), ("row 3", "birthDate")]),
    ("deputies", "id;familyName;name\nd1;A;B\nd1;C;D\n", [("row 3", "id")]),
    ("deputies", "id;familyName;name\nd1;;B\n", [("row 2", "familyName")]),
    ("convocations", "number,startDate\nвісім,2020-01-01\n", [("row 2", "number")]),
    ("sessions", "convocation,number,startDate\n9,1,2021-01-01\n", [("row 2", "convocation")]),
    ("deputies", '[{"id": "d1", "familyName": "A", "name": "B"}, 5]', [("item 2", "")]),
    ("deputies", "{not json", [("file", "file")]),
    ("deputies", "", [("file", "file")]),
])
def test_bad_files_are_rejected_with_row_field_and_nothing_is_written(community, kind, content, expected):
    run(community, "convocations", CONVOCATIONS)
    before = counts()
    with pytest.raises(ImportRejected) as exc_info:
        run(community, kind, content)
    assert problems(exc_info) == expected
    assert all(p["reason"] for p in exc_info.value.problems.items)
    assert counts() == before


def test_votings_reject_unknown_deputy_duplicate_vote_and_wrong_word(community):
    for kind, content in ALL[:4]:
        run(community, kind, content)
    bad = ("motionUid,voterId,result\n"
           "m1,d1,За\n"      # fine, but the file is rejected as a whole
           "m1,d9,За\n"      # unknown deputy
           "m1,d1,Проти\n"   # the same deputy twice in one motion
           "m1,d2,Можливо\n"  # not a vote word
           "m9,d3,За\n")     # unknown motion
    with pytest.raises(ImportRejected) as exc_info:
        run(community, "votings", bad)
    assert problems(exc_info) == [("row 3", "voterId"), ("row 4", "voterId"), ("row 5", "result"),
                                  ("row 6", "motionUid")]
    assert exc_info.value.as_dict()["fields"]["row 5"] == [exc_info.value.problems.items[2]["field"] + ": "
                                                          + exc_info.value.problems.items[2]["reason"]]
    assert Vote.objects.count() == 0


def test_motions_reject_bad_result_bad_date_and_a_day_without_session(community):
    for kind, content in ALL[:3]:
        run(community, kind, content)
    bad = ("uid,date,num,title,votingResult\n"
           "a,2021-01-15,1,Питання,Може\n"
           "b,2021-13-01,2,Питання,Прийнято\n"
           "c,2021-03-01,3,Питання,Прийнято\n")
    with pytest.raises(ImportRejected) as exc_info:
        run(community, "motions", bad)
    assert problems(exc_info) == [("row 2", "votingResult"), ("row 3", "date"), ("row 4", "session")]
    assert VoteEvent.objects.count() == Sitting.objects.count() == 0


def test_import_is_for_the_secretariat(community, resident, moderator, official):
    for person in (resident, moderator):
        with pytest.raises(PermissionDenied):
            run(community, "convocations", CONVOCATIONS, actor=person)
    assert run(community, "convocations", CONVOCATIONS, actor=official).created == {"convocations": 1}


def test_unknown_kind_is_refused(community):
    with pytest.raises(ValidationFailed) as exc_info:
        run(community, "budgets", "x")
    assert "kind" in exc_info.value.fields


def test_an_import_touches_only_its_community(community, other_community):
    load_all(community)
    load_all(other_community)
    assert Person.objects.filter(community=other_community).count() == 3
    assert Vote.objects.filter(community=other_community).count() == 6
    assert not Vote.objects.filter(community=other_community, person__community=community).exists()
