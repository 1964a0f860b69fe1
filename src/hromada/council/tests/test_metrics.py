"""The metric definitions on hand-made councils: faction lines (strict plurality, ties, did-not-vote counted),
rebellions (absent never, free votes excluded), attendance, agreement, cohesion, faction changes and periods."""

from __future__ import annotations

from datetime import date

import pytest

from hromada.core.errors import PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role

from .. import selectors
from ..metrics import council_metrics_refresh, faction_line
from ..models import (
    Convocation,
    DraftDecision,
    DraftStatus,
    Membership,
    Organization,
    OrganizationKind,
    Person,
    Session,
    Sitting,
    Vote,
    VoteEvent,
)
from ..models_metrics import DeputyMonth, FactionLine
from ..selectors import ALL_TIME, Period

pytestmark = pytest.mark.django_db


class Council:
    """A small council built row by row (no import, no services): the metrics read only these tables."""

    def __init__(self, community):
        self.community = community
        self.convocation = Convocation.objects.create(community=community, number=8, start_date=date(2020, 12, 1))
        self.session = Session.objects.create(community=community, convocation=self.convocation, number=1,
                                              start_date=date(2021, 1, 1))
        self.sittings: dict[date, Sitting] = {}
        self.faction_of: dict[int, Organization | None] = {}
        self.numbers = 0

    def faction(self, name: str) -> Organization:
        return Organization.objects.create(community=self.community, kind=OrganizationKind.FACTION, name=name,
                                           convocation=self.convocation)

    def commission(self, name: str) -> Organization:
        return Organization.objects.create(community=self.community, kind=OrganizationKind.COMMISSION, name=name,
                                           convocation=self.convocation)

    def deputy(self, family: str, faction: Organization | None = None, *, since=date(2020, 12, 1)) -> Person:
        person = Person.objects.create(community=self.community, family_name=family, given_name="Іван")
        self.faction_of[person.pk] = faction
        if faction is not None:
            Membership.objects.create(community=self.community, person=person, organization=faction,
                                      start_date=since)
        return person

    def vote(self, day: date, options: dict[Person, str], *, free: bool = False, question: str = "Питання",
             refresh: bool = True) -> VoteEvent:
        sitting = self.sittings.get(day)
        if sitting is None:
            sitting = self.sittings[day] = Sitting.objects.create(community=self.community, session=self.session,
                                                                  number=len(self.sittings) + 1, date=day)
        self.numbers += 1
        event = VoteEvent.objects.create(community=self.community, sitting=sitting, number=self.numbers, date=day,
                                         question=question, result="pass", free_vote=free)
        Vote.objects.bulk_create(Vote(community=self.community, vote_event=event, person=person, option=option,
                                      faction=self.faction_of[person.pk], event_date=day, event_number=event.number)
                                 for person, option in options.items())
        if refresh:
            council_metrics_refresh(actor=SYSTEM, community=self.community, vote_events=[event])
        return event


@pytest.fixture
def council(community):
    return Council(community)


def _line(event, faction) -> str:
    return FactionLine.objects.get(vote_event=event, faction=faction).line


def _figures(council, person, period=ALL_TIME):
    return selectors.deputy_figures(community=council.community, person_id=person.pk, period=period)


JAN, FEB, MAR = date(2025, 1, 15), date(2025, 2, 12), date(2025, 3, 5)


def test_faction_line_is_a_strict_plurality_of_the_four_present_options():
    assert faction_line([3, 1, 0, 0, 9]) == 0  # absent members do not count
    assert faction_line([2, 0, 0, 3, 0]) == 3  # did not vote can be the line
    assert faction_line([2, 2, 1, 0, 0]) == -1  # a tie: no line
    assert faction_line([0, 0, 0, 0, 5]) == -1  # nobody present


def test_did_not_vote_counts_in_the_line_and_makes_the_others_rebels(council):
    a = council.faction("А")
    people = [council.deputy(f"Д{i}", a) for i in range(5)]
    event = council.vote(JAN, dict(zip(people, ["yes", "yes", "not_voting", "not_voting", "not_voting"],
                                       strict=True)))
    assert _line(event, a) == "not_voting"
    assert [_figures(council, p).rebellions for p in people] == [1, 1, 0, 0, 0]
    # Did not vote is present: attended, in attendance.
    assert _figures(council, people[2]).attended == 1


def test_a_tie_gives_no_line_and_nobody_rebels(council):
    a = council.faction("А")
    people = [council.deputy(f"Д{i}", a) for i in range(5)]
    event = council.vote(JAN, dict(zip(people, ["yes", "yes", "no", "no", "absent"], strict=True)))
    assert _line(event, a) == ""
    assert all(_figures(council, p).rebellions == 0 and _figures(council, p).countable == 0 for p in people)
    line = FactionLine.objects.get(vote_event=event, faction=a)
    assert (line.yes, line.no, line.absent) == (2, 2, 1)


def test_absent_members_never_rebel_but_count_against_attendance(council):
    a = council.faction("А")
    people = [council.deputy(f"Д{i}", a) for i in range(3)]
    council.vote(JAN, dict(zip(people, ["yes", "yes", "absent"], strict=True)))
    council.vote(FEB, dict(zip(people, ["yes", "yes", "yes"], strict=True)))
    figures = _figures(council, people[2])
    assert (figures.rebellions, figures.possible, figures.attended, figures.absent) == (0, 2, 1, 1)
    assert figures.attendance == 0.5
    assert figures.countable == 1 and figures.discipline == 1.0


def test_paired_members_count_as_absent_everywhere(council):
    """Popolo's "paired" (away by agreement): not attended, never a rebel, not in the line, not in agreements."""
    a = council.faction("А")
    people = [council.deputy(f"Д{i}", a) for i in range(4)]
    event = council.vote(JAN, dict(zip(people, ["no", "yes", "paired", "paired"], strict=True)))
    line = FactionLine.objects.get(vote_event=event, faction=a)
    assert (line.yes, line.no, line.absent, line.line) == (1, 1, 2, "")  # a tie of the present two: no line
    council.vote(FEB, dict(zip(people, ["yes", "yes", "paired", "no"], strict=True)))
    paired = _figures(council, people[2])
    assert (paired.possible, paired.attended, paired.absent, paired.countable, paired.rebellions) == (2, 0, 2, 0, 0)
    assert _figures(council, people[3]).rebellions == 1  # present against the line "yes" in February
    agreement = selectors.pair_agreement(community=council.community, person_id=people[2].pk,
                                         other_id=people[0].pk)
    assert agreement["both"] == 0


def test_free_votes_keep_their_line_but_count_no_rebellions(council):
    a = council.faction("А")
    people = [council.deputy(f"Д{i}", a) for i in range(3)]
    event = council.vote(JAN, dict(zip(people, ["yes", "yes", "no"], strict=True)), free=True)
    assert _line(event, a) == "yes"
    dissenter = _figures(council, people[2])
    assert (dissenter.rebellions, dissenter.countable, dissenter.attended) == (0, 0, 1)
    groups = selectors.roll_call(community=council.community, vote_event_id=event.pk)
    assert not any(v.rebel for g in groups for v in g["votes"])


def test_a_faction_change_mid_term_rebels_against_the_faction_of_the_day(council):
    a, b = council.faction("А"), council.faction("Б")
    stay_a = [council.deputy(f"А{i}", a) for i in range(3)]
    stay_b = [council.deputy(f"Б{i}", b) for i in range(3)]
    mover = council.deputy("Перебіжчик", a)
    # January, still in A: A votes for, B against; the mover votes with B, against A's line.
    council.vote(JAN, {**dict.fromkeys(stay_a, "yes"), **dict.fromkeys(stay_b, "no"), mover: "no"})
    council.faction_of[mover.pk] = b
    # February, now in B: the same vote is B's line, so no rebellion.
    feb = council.vote(FEB, {**dict.fromkeys(stay_a, "yes"), **dict.fromkeys(stay_b, "no"), mover: "no"})
    assert _line(feb, b) == "no" and FactionLine.objects.get(vote_event=feb, faction=b).no == 4
    assert _figures(council, mover).rebellions == 1
    assert _figures(council, mover, Period(date(2025, 2, 1), None)).rebellions == 0
    months = {m.month: m.rebellions for m in DeputyMonth.objects.filter(person=mover)}
    assert months == {date(2025, 1, 1): 1, date(2025, 2, 1): 0}
    with_factions = {r["faction"].name: (r["same"], r["both"]) for r in selectors.deputy_faction_agreements(
        community=council.community, person_id=mover.pk)}
    assert with_factions == {"А": (0, 2), "Б": (2, 2)}
    figures = {f.name: selectors.faction_figures(f) for f in selectors.organization_list(
        community=council.community, kind=OrganizationKind.FACTION)}
    assert figures["А"]["rebellions"] == 1 and figures["Б"]["rebellions"] == 0


def test_agreement_counts_only_votes_where_both_were_present(council):
    a = council.faction("А")
    x, y = council.deputy("Ікс", a), council.deputy("Ігрек", None)
    council.vote(JAN, {x: "yes", y: "yes"})
    council.vote(JAN, {x: "no", y: "yes"})
    council.vote(FEB, {x: "not_voting", y: "not_voting"})
    council.vote(FEB, {x: "yes", y: "absent"})
    rows = selectors.deputy_agreements(community=council.community, person_id=x.pk)
    assert [(r["deputy"], r["same"], r["both"], r["share"]) for r in rows] == [(y, 2, 3, 0.6667)]
    assert selectors.pair_agreement(community=council.community, person_id=y.pk, other_id=x.pk,
                                    period=Period(date(2025, 2, 1), date(2025, 2, 1)))["share"] == 1.0
    # A deputy without a faction has no line, so no rebellions and no faction agreement.
    assert _figures(council, y).countable == 0


def test_cohesion_is_the_mean_rice_index_and_factions_agree_when_their_lines_match(council):
    a, b = council.faction("А"), council.faction("Б")
    a_people = [council.deputy(f"А{i}", a) for i in range(4)]
    b_people = [council.deputy(f"Б{i}", b) for i in range(2)]
    council.vote(JAN, {**dict(zip(a_people, ["yes", "yes", "yes", "no"], strict=True)),
                       **dict.fromkeys(b_people, "yes")})  # A: |3-1|/4 = 0.5; same line
    council.vote(JAN, {**dict.fromkeys(a_people, "abstain"), **dict.fromkeys(b_people, "no")})  # A: no for/against
    factions = {f.name: f for f in selectors.organization_list(community=council.community,
                                                               kind=OrganizationKind.FACTION)}
    assert selectors.faction_figures(factions["А"])["cohesion"] == 0.5
    assert selectors.faction_figures(factions["Б"])["cohesion"] == 1.0
    assert factions["А"].members == 4
    pairs = {(r["faction_id"], r["other_id"]): (r["same"], r["both"])
             for r in selectors.faction_agreements(community=council.community)}
    assert pairs[(a.pk, b.pk)] == pairs[(b.pk, a.pk)] == (1, 2)


def test_refresh_is_idempotent_and_rebuilds_only_the_months_asked(council):
    a = council.faction("А")
    people = [council.deputy(f"Д{i}", a) for i in range(3)]
    jan = council.vote(JAN, dict(zip(people, ["yes", "yes", "no"], strict=True)))
    council.vote(MAR, dict(zip(people, ["no", "no", "no"], strict=True)))
    before = sorted(DeputyMonth.objects.values_list("person_id", "month", "possible", "rebellions"))
    assert council_metrics_refresh(actor=SYSTEM, community=council.community) == 2
    assert sorted(DeputyMonth.objects.values_list("person_id", "month", "possible", "rebellions")) == before
    # A correction: the dissenter's January vote becomes "yes"; only January is rebuilt.
    Vote.objects.filter(vote_event=jan, person=people[2]).update(option="yes")
    assert council_metrics_refresh(actor=SYSTEM, community=council.community, vote_events=[jan.pk]) == 1
    assert _figures(council, people[2]).rebellions == 0
    assert DeputyMonth.objects.filter(month=date(2025, 3, 1)).count() == 3


def test_metrics_of_another_community_are_not_touched_or_read(council, other_community):
    other = Council(other_community)
    a, oa = council.faction("А"), other.faction("А")
    mine, theirs = council.deputy("Мій", a), other.deputy("Чужий", oa)
    council.vote(JAN, {mine: "yes"})
    other.vote(JAN, {theirs: "no"})
    council_metrics_refresh(actor=SYSTEM, community=council.community)
    assert DeputyMonth.objects.filter(community=other_community).count() == 1
    assert _figures(council, theirs).possible == 0


def test_refresh_asks_the_write_policy(council, community):
    from conftest import make_member

    resident = make_member(community, Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        council_metrics_refresh(actor=resident, community=community)


def test_drafts_authored_and_adopted_over_a_period(council):
    author = council.deputy("Автор")
    for i, (day, status) in enumerate([(JAN, DraftStatus.ADOPTED), (FEB, DraftStatus.REJECTED),
                                       (MAR, DraftStatus.ADOPTED)]):
        draft = DraftDecision.objects.create(community=council.community, number=str(i), title="Проєкт",
                                             registered_on=day, status=status)
        draft.authors.add(author)
    scope = {"community": council.community, "person_id": author.pk}
    assert selectors.draft_counts(**scope) == {"authored": 3, "adopted": 2}
    assert selectors.draft_counts(**scope, period=Period(date(2025, 2, 1), date(2025, 3, 1))) == {
        "authored": 2, "adopted": 1}


@pytest.mark.parametrize(("start", "end", "field"), [("2025-13", "", "from"), ("25-01", "", "from"),
                                                     ("", "soon", "to"), ("2025-03", "2025-01", "to")])
def test_a_bad_period_names_the_field(start, end, field):
    with pytest.raises(ValidationFailed) as caught:
        Period.parse(start, end)
    assert field in caught.value.fields


def test_the_timeline_goes_by_year_beyond_two_years(council):
    a = council.faction("А")
    x = council.deputy("Ікс", a)
    for year in (2022, 2023, 2024):
        for month in range(1, 11):
            council.vote(date(year, month, 3), {x: "yes" if month % 2 else "absent"}, refresh=False)
    council_metrics_refresh(actor=SYSTEM, community=council.community)
    rows = selectors.deputy_timeline(community=council.community, person_id=x.pk)
    assert [(r["label"], r["possible"], r["attendance"]) for r in rows] == [
        ("2022", 10, 0.5), ("2023", 10, 0.5), ("2024", 10, 0.5)]
    short = selectors.deputy_timeline(community=council.community, person_id=x.pk,
                                      period=Period(date(2024, 1, 1), date(2024, 3, 1)))
    assert [r["label"] for r in short] == ["2024-01", "2024-02", "2024-03"]
