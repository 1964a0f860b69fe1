"""A vote carries its vote event's date and number (Vote.event_date, Vote.event_number, ADR 0026): every write path
fills them, a vote event that moves takes its votes along, a deputy's votes come newest first from one index range,
and their count is the stored monthly figures'."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from hromada.core.identity.actors import SYSTEM

from ..models import Person, Sitting, Vote, VoteEvent
from ..selectors import Period, deputy_votes
from ..services import sitting_open, vote_event_record, vote_set
from .test_import import MOTIONS, load_all, run

pytestmark = pytest.mark.django_db


def places(community) -> set[tuple]:
    """(vote event, its date and number, the vote's copy of them) for every vote: the copy must equal the event."""
    return {(v.vote_event_id, v.vote_event.date, v.vote_event.number, v.event_date, v.event_number)
            for v in Vote.objects.filter(community=community).select_related("vote_event")}


def assert_copies_match(community) -> None:
    rows = places(community)
    assert rows and all(event_date == day and event_number == number for _e, day, number, event_date, event_number
                        in rows)


def test_the_import_writes_the_vote_events_date_and_number_on_each_vote(community):
    load_all(community)
    assert_copies_match(community)


def test_a_vote_event_moved_by_a_later_import_takes_its_votes_along(community):
    load_all(community)
    moved = MOTIONS.replace("m2,15.01.2021 10:20,8,2,", "m2,16.01.2021 09:00,8,7,")
    report = run(community, "motions", moved)
    assert report.updated == {"vote events": 1}
    event = VoteEvent.objects.get(community=community, identifier="m2")
    assert (event.date, event.number) == (date(2021, 1, 16), 7)
    assert set(Vote.objects.filter(vote_event=event).values_list("event_date", "event_number")) == {
        (date(2021, 1, 16), 7)}
    assert_copies_match(community)


def record(community, day: str, number: int, votes: dict) -> VoteEvent:
    """A vote event recorded through the services on the first session's sitting of that day."""
    sitting = sitting_open(actor=SYSTEM, community=community, session_id=Sitting.objects.filter(
        community=community).first().session_id, date=day)
    return vote_event_record(actor=SYSTEM, community=community, sitting_id=sitting.pk, number=number,
                             question=f"Питання {number}", result="pass", votes=votes)


def test_the_services_write_the_copy_too(community):
    load_all(community)
    people = {p.source_id: p for p in Person.objects.filter(community=community)}
    event = record(community, "2021-01-16", 3, {people["d1"].pk: "yes", people["d2"].pk: "no"})
    vote_set(actor=SYSTEM, community=community, vote_event_id=event.pk, person_id=people["d3"].pk, option="absent")
    assert set(Vote.objects.filter(vote_event=event).values_list("event_date", "event_number")) == {
        (date(2021, 1, 16), 3)}
    assert_copies_match(community)


def test_a_deputys_votes_are_newest_first_and_counted_from_the_stored_months(community):
    load_all(community)
    people = {p.source_id: p for p in Person.objects.filter(community=community)}
    d3 = people["d3"]
    for number, option in ((2, "paired"), (1, "yes")):  # recorded out of order: the number decides
        record(community, "2021-02-03", number, {d3.pk: option})
    votes = deputy_votes(community=community, person_id=d3.pk)
    listed = [(v.vote_event.date, v.vote_event.number, v.option) for v in votes[0:10]]
    assert listed == [(date(2021, 2, 3), 2, "paired"), (date(2021, 2, 3), 1, "yes"), (date(2021, 1, 15), 2, "absent"),
                      (date(2021, 1, 15), 1, "no")]
    assert votes.count() == 4
    assert [v.vote_event.number for v in votes[1:3]] == [1, 2]  # a page in the middle
    february = Period.parse("2021-02", "2021-02")
    assert deputy_votes(community=community, person_id=d3.pk, period=february).count() == 2
    assert deputy_votes(community=community, person_id=d3.pk, option="yes").count() == 1
    # "absent" and "paired" share a stored column: each is counted from the votes themselves.
    assert deputy_votes(community=community, person_id=d3.pk, option="absent").count() == 1
    assert deputy_votes(community=community, person_id=d3.pk, option="paired").count() == 1
    assert deputy_votes(community=community, person_id=d3.pk, option="no", period=february).count() == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan does not depend on statistics here")
def test_a_page_of_a_deputys_votes_is_an_index_range_without_a_sort(community):
    load_all(community)
    d1 = Person.objects.get(community=community, source_id="d1")
    keys = deputy_votes(community=community, person_id=d1.pk).keys.values_list("vote_event_id", flat=True)[:25]
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX council_vote_person_date" in plan, plan
    assert "TEMP B-TREE" not in plan and "council_voteevent" not in plan, plan
