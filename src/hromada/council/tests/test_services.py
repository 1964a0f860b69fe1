"""The council's services: each write's happy path, its policy (the secretariat and the platform only), bad
input (nothing written), another community's ids (NotFound), the faction switch and the demo council."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.guard import REGISTRY

from .. import demo, services
from ..models import (
    Convocation,
    DraftDecision,
    DraftStatus,
    Organization,
    OrganizationKind,
    Person,
    Sitting,
    Vote,
    VoteEvent,
    VoteOption,
)
from ..models_metrics import FactionLine

pytestmark = pytest.mark.django_db


def test_every_public_service_is_a_service():
    names = [n for n in services.__all__ if inspect.isfunction(getattr(services, n))]
    assert names and all(any(key.endswith(f".{n}") for key in REGISTRY) for n in names)


@pytest.fixture
def council(community):
    convocation = services.convocation_create(actor=SYSTEM, community=community, number=8,
                                              start_date=date(2021, 1, 1))
    faction_a, faction_b = (services.organization_create(actor=SYSTEM, community=community,
                                                         kind=OrganizationKind.FACTION, name=name,
                                                         convocation=convocation) for name in ("А", "Б"))
    people = [services.deputy_create(actor=SYSTEM, community=community, family_name=f"Депутат{i}",
                                     given_name="Ім'я") for i in range(3)]
    for person, faction in zip(people, (faction_a, faction_a, faction_b), strict=True):
        services.membership_start(actor=SYSTEM, community=community, person_id=person.pk,
                                  organization_id=faction.pk, start_date=date(2021, 1, 1))
    session = services.session_create(actor=SYSTEM, community=community, convocation_id=convocation.pk, number=1,
                                      start_date=date(2021, 2, 1))
    sitting = services.sitting_open(actor=SYSTEM, community=community, session_id=session.pk, date=date(2021, 2, 1))
    return {"convocation": convocation, "a": faction_a, "b": faction_b, "people": people, "sitting": sitting}


def record(community, council, number=1, votes=None, **extra):
    people = council["people"]
    votes = votes or {people[0].pk: "yes", people[1].pk: "no", people[2].pk: "absent"}
    return services.vote_event_record(actor=SYSTEM, community=community, sitting_id=council["sitting"].pk,
                                      number=number, question="Питання", result="pass", votes=votes, **extra)


def test_a_vote_event_writes_votes_with_the_faction_and_counts(community, council):
    event = record(community, council)
    assert (event.yes_count, event.no_count, event.absent_count) == (1, 1, 1)
    assert dict(Vote.objects.values_list("person_id", "faction_id")) == {
        council["people"][0].pk: council["a"].pk, council["people"][1].pk: council["a"].pk,
        council["people"][2].pk: council["b"].pk}
    assert FactionLine.objects.filter(vote_event=event).exists()  # metrics rebuilt in the same transaction


def test_a_vote_event_refuses_bad_options_and_unknown_deputies(community, council, other_community):
    stranger = services.deputy_create(actor=SYSTEM, community=other_community, family_name="Чужий", given_name="Я")
    with pytest.raises(ValidationFailed) as exc_info:
        record(community, council, votes={council["people"][0].pk: "maybe", stranger.pk: "yes"})
    assert len(exc_info.value.fields["votes"]) == 2
    assert VoteEvent.objects.count() == 0


def test_the_same_number_twice_in_a_sitting_is_a_conflict(community, council):
    record(community, council)
    with pytest.raises(Conflict):
        record(community, council)
    assert VoteEvent.objects.count() == 1


def test_a_faction_switch_rewrites_the_factions_of_later_votes(community, council):
    record(community, council)
    person = council["people"][1]
    membership = person.memberships.get()
    with pytest.raises(Conflict):  # one faction at a time
        services.membership_start(actor=SYSTEM, community=community, person_id=person.pk,
                                  organization_id=council["b"].pk, start_date=date(2021, 1, 20))
    services.membership_end(actor=SYSTEM, community=community, membership_id=membership.pk, end_date=date(2021, 1, 19))
    assert Vote.objects.get(person=person).faction_id is None  # no faction on the vote's day now
    services.membership_start(actor=SYSTEM, community=community, person_id=person.pk,
                              organization_id=council["b"].pk, start_date=date(2021, 1, 20))
    assert Vote.objects.get(person=person).faction_id == council["b"].pk


def test_free_vote_flag_and_corrections(community, council):
    event = record(community, council)
    services.vote_event_update(actor=SYSTEM, community=community, vote_event_id=event.pk, free_vote=True)
    assert FactionLine.objects.filter(vote_event=event).exists()
    event.refresh_from_db()
    assert event.free_vote
    services.vote_set(actor=SYSTEM, community=community, vote_event_id=event.pk, person_id=council["people"][2].pk,
                      option=VoteOption.YES)
    event.refresh_from_db()
    assert (event.yes_count, event.absent_count) == (2, 0)
    services.vote_event_delete(actor=SYSTEM, community=community, vote_event_id=event.pk)
    assert not Vote.objects.exists()


def test_writes_are_for_the_secretariat(community, council, resident, moderator, official, community_admin):
    for actor in (resident, moderator):
        with pytest.raises(PermissionDenied):
            services.deputy_create(actor=actor, community=community, family_name="А", given_name="Б")
        with pytest.raises(PermissionDenied):
            services.vote_event_update(actor=actor, community=community, vote_event_id=1, free_vote=True)
    for actor in (official, community_admin):
        assert services.deputy_create(actor=actor, community=community, family_name="А", given_name="Б").pk


def test_another_communitys_rows_are_not_found(community, council, other_community):
    event = record(community, council)
    with pytest.raises(NotFound):
        services.vote_event_update(actor=SYSTEM, community=other_community, vote_event_id=event.pk, free_vote=True)
    with pytest.raises(NotFound):
        services.deputy_update(actor=SYSTEM, community=other_community, person_id=council["people"][0].pk,
                               party="X")
    with pytest.raises(NotFound):
        services.sitting_open(actor=SYSTEM, community=other_community, session_id=council["sitting"].session_id,
                              date=date(2021, 2, 1))


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"family_name": "", "given_name": "Б"}, "family_name"),
    ({"family_name": "А", "given_name": "Б", "email": "nope"}, "email"),
    ({"family_name": "А", "given_name": "Б", "start_date": "2022-01-01", "end_date": "2021-01-01"}, "end_date"),
    ({"family_name": "А", "given_name": "Б", "birth_date": "31.02"}, "birth_date"),
    ({"family_name": "А", "given_name": "Б", "shoe_size": 42}, "shoe_size"),
])
def test_deputy_input_is_checked(community, kwargs, field):
    with pytest.raises(ValidationFailed) as exc_info:
        services.deputy_create(actor=SYSTEM, community=community, **kwargs)
    assert field in exc_info.value.fields
    assert not Person.objects.exists()


def test_a_deputy_with_votes_is_not_deleted(community, council):
    record(community, council)
    with pytest.raises(Conflict):
        services.deputy_delete(actor=SYSTEM, community=community, person_id=council["people"][0].pk)
    spare = services.deputy_create(actor=SYSTEM, community=community, family_name="Зайвий", given_name="Я")
    services.deputy_delete(actor=SYSTEM, community=community, person_id=spare.pk)
    assert Person.objects.count() == 3


def test_a_draft_moves_forward_and_keeps_its_history(community, council):
    commission = services.organization_create(actor=SYSTEM, community=community, kind=OrganizationKind.COMMISSION,
                                              name="Бюджетна")
    draft = services.draft_decision_register(actor=SYSTEM, community=community, number="12", title="Про бюджет",
                                             registered_on=date(2021, 1, 5), commission_id=commission.pk,
                                             author_ids=[council["people"][0].pk])
    for status in (DraftStatus.IN_COMMISSION, DraftStatus.ON_AGENDA, DraftStatus.ADOPTED):
        services.draft_decision_status_set(actor=SYSTEM, community=community, draft_id=draft.pk, status=status,
                                           date=date(2021, 2, 1))
    assert list(draft.history.values_list("status", flat=True)) == ["registered", "in_commission", "on_agenda",
                                                                    "adopted"]
    with pytest.raises(Conflict):
        services.draft_decision_status_set(actor=SYSTEM, community=community, draft_id=draft.pk,
                                           status=DraftStatus.WITHDRAWN, date=date(2021, 3, 1))
    with pytest.raises(ValidationFailed):
        services.draft_decision_register(actor=SYSTEM, community=community, number="13", title="Х",
                                         registered_on=date(2021, 1, 5), commission_id=council["a"].pk)
    assert DraftDecision.objects.get().authors.get() == council["people"][0]


def test_the_demo_council(community):
    demo.load(community, size="small")
    assert Person.objects.filter(community=community).count() == 34
    assert Organization.objects.filter(community=community, kind=OrganizationKind.FACTION).count() == 5
    assert Organization.objects.filter(community=community, kind=OrganizationKind.COMMISSION).count() == 4
    assert Convocation.objects.get(community=community).name.endswith("(демонстраційні дані)")
    assert Sitting.objects.filter(community=community).count() == 24
    assert VoteEvent.objects.filter(community=community).count() == 24 * demo.SIZES["small"]
    assert set(DraftDecision.objects.filter(community=community).values_list("status", flat=True)) == set(
        DraftStatus.values)
    switched = [p for p in Person.objects.filter(community=community)
                if p.memberships.filter(organization__kind=OrganizationKind.FACTION).count() == 2]
    assert len(switched) == 1
    factions = set(Vote.objects.filter(person=switched[0]).values_list("faction_id", flat=True))
    assert len(factions) == 2
    options = set(Vote.objects.filter(community=community).values_list("option", flat=True))
    assert options == set(VoteOption.values) - {VoteOption.PAIRED}  # Ukrainian councils do not pair
