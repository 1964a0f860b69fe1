"""The exports: Popolo JSON valid against the Popolo 1.0 schemas (draft 3) and imported back unchanged into
another community; the national CSV structures re-import as they were; open-data rows carry no birth dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from hromada.core.identity.actors import SYSTEM

from ..exports import (
    deputies_open_data_rows,
    national_csv,
    popolo_document,
    vote_events_open_data_rows,
    votes_open_data_rows,
)
from ..models import DraftDecision, Membership, Organization, Person, Vote, VoteEvent
from ..services import (
    council_import,
    decision_record,
    draft_decision_register,
    draft_decision_status_set,
    membership_end,
    membership_start,
)
from ..services.importing import ImportRejected
from .test_import import load_all

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "popolo_schemas"
COLLECTIONS = {"persons": "person", "organizations": "organization", "memberships": "membership",
               "events": "event", "motions": "motion", "vote_events": "vote_event"}


def validators() -> dict[str, Draft3Validator]:
    schemas = {path.stem: json.loads(path.read_text()) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)) for schema in schemas.values())
    return {name: Draft3Validator(schemas[name], registry=registry) for name in COLLECTIONS.values()}


def schema_errors(document: dict) -> list[str]:
    checks = validators()
    return [f"{key}[{i}]: {error.message}" for key, name in COLLECTIONS.items()
            for i, item in enumerate(document[key]) for error in checks[name].iter_errors(item)]


def test_the_validator_catches_a_bad_document():
    """The check below can fail: a birth date in the wrong shape and a count without its value are refused."""
    assert schema_errors({"persons": [{"id": "x", "birth_date": "01.02.1980"}], "organizations": [],
                          "memberships": [], "events": [], "motions": [],
                          "vote_events": [{"id": "v", "counts": [{"option": "yes"}]}]})


def test_popolo_export_validates_and_round_trips(community, other_community):
    load_all(community)
    person = Person.objects.get(source_id="d2", community=community)
    old = Membership.objects.get(person=person)
    membership_end(actor=SYSTEM, community=community, membership_id=old.pk, end_date="2021-01-14")
    faction_b = Membership.objects.get(person__source_id="d3", community=community).organization
    membership_start(actor=SYSTEM, community=community, person_id=person.pk, organization_id=faction_b.pk,
                     start_date="2021-01-15")
    document = popolo_document(community)
    assert schema_errors(document) == []
    assert all("birth_date" not in p for p in document["persons"])
    vote = next(v for ve in document["vote_events"] for v in ve["votes"] if v["voter_id"] == "d2")
    assert vote["group_id"] == faction_b.source_id or vote["group_id"].startswith("organization-")

    report = council_import(actor=SYSTEM, community=other_community, kind="popolo", content=json.dumps(document))
    assert report.created["votes"] == 6
    again = popolo_document(other_community)
    assert schema_errors(again) == []

    def comparable(doc):
        return {"persons": sorted((p["id"], p["name"], p.get("party")) for p in doc["persons"]),
                "vote_events": sorted((ve["id"], ve["result"], tuple((c["option"], c["value"]) for c in ve["counts"]),
                                       tuple(sorted((v["voter_id"], v["option"]) for v in ve["votes"])))
                                      for ve in doc["vote_events"]),
                "events": sorted((e["classification"], e.get("start_date")) for e in doc["events"])}

    assert comparable(again) == comparable(document)
    # A second import of the same document changes nothing.
    second = council_import(actor=SYSTEM, community=other_community, kind="popolo", content=json.dumps(document))
    assert second.created == {} and second.updated == {}


def test_draft_decisions_are_popolo_motions_that_validate(community, other_community):
    load_all(community)
    people = {p.source_id: p for p in Person.objects.filter(community=community)}
    commission = Organization.objects.create(community=community, kind="commission", name="З питань бюджету")
    draft = draft_decision_register(actor=SYSTEM, community=community, number="15", title="Про бюджет громади",
                                    registered_on="2021-01-10", author_ids=[people["d3"].pk, people["d1"].pk],
                                    commission_id=commission.pk, text_url="https://rada.example.ua/15.pdf")
    for status in ("in_commission", "on_agenda", "adopted"):
        draft_decision_status_set(actor=SYSTEM, community=community, draft_id=draft.pk, status=status,
                                  date="2021-01-15")
    decision_record(actor=SYSTEM, community=community, number="15-1", date="2021-01-15", title="Про бюджет",
                    draft_id=draft.pk)
    VoteEvent.objects.filter(community=community, identifier="m2").update(draft=draft)
    other = draft_decision_register(actor=SYSTEM, community=community, number="16", title="Про парк",
                                    registered_on="2021-01-12")
    document = popolo_document(community)
    assert schema_errors(document) == []
    motions = {m["id"]: m for m in document["motions"]}
    found = motions[f"draft-{draft.pk}"]
    first, second = sorted([people["d3"], people["d1"]], key=lambda p: p.pk)
    assert (found["classification"], found["identifier"], found["text"], found["result"], found["status"]) == (
        "draft decision", "15", "Про бюджет громади", "pass", "adopted")
    assert found["date"].startswith("2021-01-10T00:00:00")
    assert found["creator_id"] == first.source_id and found["creator_ids"] == [first.source_id, second.source_id]
    assert found["responsible_organization_id"] == f"organization-{commission.pk}"
    assert found["sources"] == [{"url": "https://rada.example.ua/15.pdf", "note": "text"}]
    assert found["decision"] == {"identifier": "15-1", "date": "2021-01-15", "title": "Про бюджет"}
    assert "result" not in motions[f"draft-{other.pk}"] and motions[f"draft-{other.pk}"]["status"] == "registered"
    assert motions["motion-m2"]["draft_motion_id"] == f"draft-{draft.pk}"

    # Read back: the drafts, their authors, commission, status, text link and decision, and the vote on one.
    report = council_import(actor=SYSTEM, community=other_community, kind="popolo", content=json.dumps(document))
    assert report.created["votes"] == 6 and report.created["draft decisions"] == 2
    assert report.created["decisions"] == 1
    back = DraftDecision.objects.get(community=other_community, source_id=f"draft-{draft.pk}")
    assert (back.number, back.title, back.status, str(back.registered_on), back.text_url) == (
        "15", "Про бюджет громади", "adopted", "2021-01-10", "https://rada.example.ua/15.pdf")
    assert sorted(a.source_id for a in back.authors.all()) == ["d1", "d3"]
    assert back.commission.name == "З питань бюджету" and back.commission.community == other_community
    assert (back.decision.number, str(back.decision.date), back.decision.title) == ("15-1", "2021-01-15", "Про бюджет")
    assert [(h.status, str(h.date)) for h in back.history.all()] == [("registered", "2021-01-10"),
                                                                      ("adopted", "2021-01-15")]
    assert VoteEvent.objects.get(community=other_community, identifier="m2").draft == back
    assert DraftDecision.objects.get(community=other_community, number="16").status == "registered"
    again = popolo_document(other_community)
    assert schema_errors(again) == []
    def drafts_of(doc):  # the authors as a set: their order is by primary key, which differs between communities
        return sorted(({**m, "creator_id": None, "creator_ids": sorted(m.get("creator_ids", []))}
                       for m in doc["motions"] if m.get("classification") == "draft decision"), key=lambda m: m["id"])

    assert drafts_of(again) == drafts_of(document)
    # Imported again: nothing changes, and no second history entry.
    second = council_import(actor=SYSTEM, community=other_community, kind="popolo", content=json.dumps(document))
    assert second.created == {} and second.updated == {}
    assert back.history.count() == 2


def test_a_draft_motion_with_an_unknown_author_is_rejected_with_its_row(community, other_community):
    load_all(community)
    document = popolo_document(community)
    document["motions"].append({"id": "draft-x", "classification": "draft decision", "identifier": "99",
                                "text": "Про сквер", "date": "2021-02-01", "creator_ids": ["nobody"],
                                "status": "sideways"})
    with pytest.raises(ImportRejected) as rejected:
        council_import(actor=SYSTEM, community=other_community, kind="popolo", content=json.dumps(document))
    label = f"motions[{len(document['motions'])}]"
    reported = {(p["row"], p["field"]) for p in rejected.value.problems.items}
    assert {(label, "creator_ids"), (label, "status")} <= reported
    assert {row for row, _field in reported} - {label} == {  # the votes of vote events left unwritten, no more
        f"vote_events[{e}].votes[{v}]" for e in (1, 2) for v in (1, 2, 3)}
    assert not DraftDecision.objects.filter(community=other_community).exists()
    assert not Person.objects.filter(community=other_community).exists()


def test_paired_votes_import_from_popolo_and_export_back(community, other_community):
    load_all(community)
    document = popolo_document(community)
    event = next(ve for ve in document["vote_events"] if ve["id"] == "m1")
    event["votes"][0]["option"] = "paired"
    voter = event["votes"][0]["voter_id"]
    council_import(actor=SYSTEM, community=other_community, kind="popolo", content=json.dumps(document))
    vote = Vote.objects.get(community=other_community, vote_event__identifier="m1", person__source_id=voter)
    assert vote.option == "paired"
    again = popolo_document(other_community)
    assert schema_errors(again) == []
    assert {"voter_id": voter, "option": "paired"}.items() <= next(
        v for ve in again["vote_events"] if ve["id"] == "m1" for v in ve["votes"] if v["voter_id"] == voter).items()
    # The national structures have no word for a pair: the votings export says absent.
    row = next(line for line in national_csv(other_community, "votings").splitlines()
               if line.startswith(f"m1,{voter},"))
    assert row.endswith(",Відсутній")


def test_national_csv_exports_import_back_unchanged(community, other_community):
    load_all(community)
    for kind in ("convocations", "deputies", "sessions", "motions", "votings"):
        council_import(actor=SYSTEM, community=other_community, kind=kind, content=national_csv(community, kind))
    assert Vote.objects.filter(community=other_community).count() == 6
    mine = sorted(VoteEvent.objects.filter(community=community).values_list("identifier", "yes_count", "result"))
    theirs = sorted(VoteEvent.objects.filter(community=other_community).values_list("identifier", "yes_count",
                                                                                    "result"))
    assert mine == theirs
    assert "birthDate" in national_csv(community, "deputies").splitlines()[0]
    assert "1980" not in national_csv(community, "deputies")


def test_open_data_rows_are_public_data_only(community):
    load_all(community)
    deputies = list(deputies_open_data_rows(community))
    assert len(deputies) == 3 and all("birth" not in key for row in deputies for key in row)
    assert {row["faction"] for row in deputies} == {"Фракція А", "Фракція Б"}
    assert len(list(vote_events_open_data_rows(community))) == 2
    votes = list(votes_open_data_rows(community))
    assert len(votes) == 6 and {row["option"] for row in votes} == {"yes", "no", "abstain", "absent"}
