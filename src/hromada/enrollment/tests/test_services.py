"""Enrolment services: filing (strong identity, validation, one active application per child), claims checked by
the institution's staff, rounds whose offers follow the queue, answers, expiry, withdrawal and enrolment; every
change audited, logged and told to the parent; another community's objects are not found."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import make_member
from django.utils import timezone

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.core.notifications.models import Notification
from hromada.core.transparency.models import PendingEntry
from hromada.enrollment import selectors, services
from hromada.enrollment.models import (
    Application,
    Choice,
    Claim,
    Event,
    Group,
    Offer,
    OfferState,
    ProofDocument,
    Status,
)

from .factories import AREA, INSIDE, OUTSIDE, certificate, file, institution, parent, pdf, start_year


@pytest.fixture
def setup(community):
    return institution(community, capacity=1, groups=2)


def test_a_parent_files_and_everything_is_recorded(community, setup):
    _kindergarten, (first, second) = setup
    mother = parent(community)
    application = file(community, mother, [second, first])
    assert application.status == Status.WAITING and application.parent == mother
    assert [(c.group_id, c.preference) for c in application.choices.order_by("preference")] == [(second.pk, 1),
                                                                                                 (first.pk, 2)]
    assert len(application.code) == 9 and application.child_key and "123" not in application.child_key
    assert AuditEvent.objects.filter(action="enrollment.application.filed", community=community).count() == 1
    assert PendingEntry.objects.filter(community=community).count() == 1
    assert list(Event.objects.filter(application=application).values_list("kind", flat=True)) == ["filed"]
    assert Notification.objects.filter(user=mother, event="enrollment.application.filed").count() == 1


def test_filing_needs_a_strong_identity(community, setup):
    _kindergarten, (group, _other) = setup
    weak = make_member(community, Role.RESIDENT, strong=False)
    with pytest.raises(PermissionDenied):
        file(community, weak, [group])
    assert not Application.objects.exists()


@pytest.mark.parametrize("change, field", [
    ({"child_name": "  "}, "child_name"),
    ({"birth_certificate": "12"}, "birth_certificate"),
    ({"birth_certificate": 123456}, "birth_certificate"),
    ({"child_birth_date": "not a date"}, "child_birth_date"),
    ({"child_birth_date": date(2999, 1, 1)}, "child_birth_date"),
    ({"address": ""}, "address"),
    ({"lat": 91, "lon": 30}, "lat"),
    ({"group_ids": []}, "group_ids"),
    ({"group_ids": "1"}, "group_ids"),
    ({"wanted_start": date(2000, 1, 1)}, "wanted_start"),
    ({"claims": {999_999: []}}, "claims"),
])
def test_bad_input_writes_nothing(community, setup, change, field):
    _kindergarten, groups = setup
    values = {"child_name": "Оля", "child_birth_date": date(start_year() - 3, 1, 10), "birth_certificate": certificate(),
              "address": "вул. Миру, 2", "group_ids": [g.pk for g in groups], "wanted_start": date(start_year(), 9, 1)}
    values.update(change)
    with pytest.raises(ValidationFailed) as exc:
        services.application_file(actor=parent(community), community=community, **values)
    assert field in exc.value.fields
    assert not Application.objects.exists() and not PendingEntry.objects.exists()


def test_groups_must_fit_the_child_and_share_kind_and_year(community, setup):
    _kindergarten, (group, _other) = setup
    _school, (grade_one,) = institution(community, kind="school", name="Школа № 3")
    mother = parent(community)
    with pytest.raises(ValidationFailed):
        file(community, mother, [group, grade_one])
    with pytest.raises(ValidationFailed) as exc:
        file(community, mother, [grade_one])  # a three-year-old in the first grade
    assert "group_ids" in exc.value.fields
    with pytest.raises(ValidationFailed):
        file(community, mother, [group, group])
    assert not Application.objects.exists()


def test_one_active_application_per_child_kind_and_year(community, setup):
    _kindergarten, (group, other) = setup
    number = certificate()
    first = file(community, parent(community), [group], cert=number)
    with pytest.raises(Conflict) as exc:
        file(community, parent(community), [other], cert=number.replace(" ", "-").lower())
    assert exc.value.code == "already_applied"
    services.application_withdraw(actor=first.parent, community=community, application_id=first.pk)
    assert file(community, parent(community), [other], cert=number).status == Status.WAITING


def test_the_service_area_is_fixed_at_filing_for_schools(community):
    _school, (grade_one,) = institution(community, kind="school", name="Ліцей", area=AREA)
    inside = file(community, parent(community), [grade_one], kind="school", point=INSIDE)
    outside = file(community, parent(community), [grade_one], kind="school", point=OUTSIDE)
    assert Choice.objects.get(application=inside).in_service_area
    assert not Choice.objects.get(application=outside).in_service_area


def test_claims_are_checked_by_the_institutions_staff(community, department):
    _kindergarten, (group,) = institution(community, department=department)
    category = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=1,
                                      proof="Довідка про взяття на облік ВПО")
    application = file(community, parent(community), [group], claims={category.pk: [pdf()]})
    claim = Claim.objects.get(application=application)
    assert ProofDocument.objects.filter(claim=claim).count() == 1
    stranger = make_member(community, Role.OFFICIAL, department=Department.objects.create(community=community,
                                                                                         name="Благоустрій"))
    with pytest.raises(PermissionDenied):
        services.claim_verify(actor=stranger, community=community, claim_id=claim.pk)
    with pytest.raises(PermissionDenied):
        services.claim_verify(actor=application.parent, community=community, claim_id=claim.pk)
    official = make_member(community, Role.OFFICIAL, department=department)
    services.claim_verify(actor=official, community=community, claim_id=claim.pk)
    assert Claim.objects.get(pk=claim.pk).state == "verified"
    with pytest.raises(Conflict):
        services.claim_refuse(actor=official, community=community, claim_id=claim.pk, reason="Пізно")
    assert list(Event.objects.filter(application=application).values_list("kind", flat=True)) == [
        "filed", "claimed", "verified"]


def test_a_refusal_needs_a_reason_and_a_grant_overrides_it(community, community_admin, setup):
    _kindergarten, (group, _other) = setup
    category = services.category_save(actor=SYSTEM, community=community, name="Брати і сестри", rank=2)
    application = file(community, parent(community), [group], claims={category.pk: [pdf()]})
    claim = application.claims.get()
    with pytest.raises(ValidationFailed):
        services.claim_refuse(actor=community_admin, community=community, claim_id=claim.pk, reason=" ")
    services.claim_refuse(actor=community_admin, community=community, claim_id=claim.pk, reason="Документ нечіткий")
    services.category_grant(actor=community_admin, community=community, application_id=application.pk,
                            category_id=category.pk, reason="Старший брат уже в цьому садку")
    assert Claim.objects.get(pk=claim.pk).state == "verified"
    with pytest.raises(Conflict):
        services.category_grant(actor=community_admin, community=community, application_id=application.pk,
                                category_id=category.pk, reason="Ще раз")


def test_offers_go_down_the_queue_and_move_on_after_a_decline(community, community_admin):
    _kindergarten, (group,) = institution(community, capacity=2)
    category = services.category_save(actor=SYSTEM, community=community, name="Діти військовослужбовців", rank=1)
    plain = [file(community, parent(community), [group]) for _ in range(3)]
    priority = file(community, parent(community), [group], claims={category.pk: []})
    services.claim_verify(actor=community_admin, community=community, claim_id=priority.claims.get().pk)
    allocation = services.round_open(actor=community_admin, community=community, group_id=group.pk)
    offered = set(Offer.objects.filter(round=allocation).values_list("application_id", flat=True))
    assert offered == {priority.pk, plain[0].pk}  # the priority first, then the earliest filed
    offer = Offer.objects.get(application=plain[0])
    services.offer_decline(actor=plain[0].parent, community=community, offer_id=offer.pk)
    assert Offer.objects.get(application=plain[1]).state == OfferState.PENDING  # the place moved on
    assert Application.objects.get(pk=plain[0].pk).status == Status.CLOSED  # it had no other group
    services.offer_accept(actor=priority.parent, community=community, offer_id=Offer.objects.get(application=priority).pk)
    assert Group.objects.get(pk=group.pk).taken == 1
    assert Application.objects.get(pk=priority.pk).status == Status.ACCEPTED
    accepted = Offer.objects.get(application=priority)
    services.enrolment_confirm(actor=community_admin, community=community, offer_id=accepted.pk)
    assert Application.objects.get(pk=priority.pk).status == Status.ENROLLED
    kinds = list(Event.objects.filter(application=priority).values_list("kind", flat=True))
    assert kinds == ["filed", "claimed", "verified", "offered", "accepted", "enrolled"]


def test_the_last_place_goes_to_one_only(community, community_admin):
    _kindergarten, (group,) = institution(community, capacity=2)
    first, second = (file(community, parent(community), [group]) for _ in range(2))
    services.round_open(actor=community_admin, community=community, group_id=group.pk)
    services.group_save(actor=community_admin, community=community, institution_id=group.institution_id,
                        group_id=group.pk, name=group.name, start_year=group.start_year, capacity=1,
                        age_from_months=24, age_to_months=72)
    services.offer_accept(actor=first.parent, community=community, offer_id=Offer.objects.get(application=first).pk)
    with pytest.raises(Conflict) as exc:
        services.offer_accept(actor=second.parent, community=community,
                              offer_id=Offer.objects.get(application=second).pk)
    assert exc.value.code == "no_places"
    assert Group.objects.get(pk=group.pk).taken == 1
    with pytest.raises(ValidationFailed):  # places never below those taken
        services.group_save(actor=community_admin, community=community, institution_id=group.institution_id,
                            group_id=group.pk, name=group.name, start_year=group.start_year, capacity=0)


def test_unanswered_offers_expire_and_the_place_moves_on(community, community_admin):
    _kindergarten, (group,) = institution(community, capacity=1)
    first, second = (file(community, parent(community), [group]) for _ in range(2))
    services.round_open(actor=community_admin, community=community, group_id=group.pk, accept_days=1)
    offer = Offer.objects.get(application=first)
    with pytest.raises(PermissionDenied):
        services.offer_expire(actor=community_admin, community=community)
    assert services.offer_expire(actor=SYSTEM, community=community) == 0  # not due yet
    later = offer.deadline + timedelta(seconds=1)
    assert services.offer_expire(actor=SYSTEM, community=community, now=later) == 1
    assert Offer.objects.get(pk=offer.pk).state == OfferState.EXPIRED
    assert Offer.objects.get(application=second).state == OfferState.PENDING
    with pytest.raises(Conflict):
        services.offer_accept(actor=first.parent, community=community, offer_id=offer.pk)


def test_a_withdrawal_frees_an_accepted_place_for_the_next(community, community_admin):
    _kindergarten, (group,) = institution(community, capacity=1)
    first, second = (file(community, parent(community), [group]) for _ in range(2))
    services.round_open(actor=community_admin, community=community, group_id=group.pk)
    services.offer_accept(actor=first.parent, community=community, offer_id=Offer.objects.get(application=first).pk)
    assert not Offer.objects.filter(application=second).exists()
    services.application_withdraw(actor=first.parent, community=community, application_id=first.pk)
    assert Group.objects.get(pk=group.pk).taken == 0
    assert Offer.objects.get(application=second).state == OfferState.PENDING
    with pytest.raises(Conflict):
        services.application_withdraw(actor=first.parent, community=community, application_id=first.pk)


def test_only_the_parent_answers_and_only_staff_run_rounds(community, resident, setup):
    _kindergarten, (group, _other) = setup
    application = file(community, parent(community), [group])
    with pytest.raises(PermissionDenied):
        services.round_open(actor=resident, community=community, group_id=group.pk)
    services.round_open(actor=SYSTEM, community=community, group_id=group.pk)
    offer = Offer.objects.get(application=application)
    with pytest.raises(NotFound):  # someone else's offer looks like none
        services.offer_accept(actor=resident, community=community, offer_id=offer.pk)
    with pytest.raises(NotFound):
        services.application_withdraw(actor=resident, community=community, application_id=application.pk)
    with pytest.raises(Conflict):
        services.round_open(actor=SYSTEM, community=community, group_id=group.pk)
    assert Offer.objects.get(pk=offer.pk).state == OfferState.PENDING


def test_another_communitys_objects_are_not_found(community, other_community, community_admin):
    _theirs, (group,) = institution(other_community)
    application = file(other_community, parent(other_community), [group])
    category = services.category_save(actor=SYSTEM, community=other_community, name="Інша", rank=1)
    calls = [
        lambda: services.round_open(actor=community_admin, community=community, group_id=group.pk),
        lambda: services.application_withdraw(actor=application.parent, community=community,
                                              application_id=application.pk),
        lambda: services.category_grant(actor=community_admin, community=community, application_id=application.pk,
                                        category_id=category.pk, reason="x"),
        lambda: services.group_delete(actor=community_admin, community=community, group_id=group.pk),
        lambda: services.category_delete(actor=community_admin, community=community, category_id=category.pk),
    ]
    for call in calls:
        with pytest.raises((NotFound, ValidationFailed)):
            call()
    assert Application.objects.get(pk=application.pk).status == Status.WAITING
    with pytest.raises(ValidationFailed):  # a group of another community is not offered for filing
        file(community, parent(community), [group])


def test_configuration_is_for_admins_and_validated(community, official, resident):
    for actor in (official, resident):
        with pytest.raises(PermissionDenied):
            services.category_save(actor=actor, community=community, name="X", rank=1)
    with pytest.raises(ValidationFailed) as exc:
        services.institution_save(actor=SYSTEM, community=community, kind="zoo", name="X")
    assert "kind" in exc.value.fields
    made, (group,) = institution(community)
    with pytest.raises(ValidationFailed):
        services.service_area_set(actor=SYSTEM, community=community, institution_id=made.pk,
                                  geometry={"type": "Point", "coordinates": [30, 50]})
    with pytest.raises(ValidationFailed):
        services.group_save(actor=SYSTEM, community=community, institution_id=made.pk, name="Y", start_year=2026,
                            capacity=5, age_from_months=60, age_to_months=20)
    file(community, parent(community), [group])
    with pytest.raises(Conflict):
        services.group_delete(actor=SYSTEM, community=community, group_id=group.pk)


def test_an_institution_takes_its_name_and_point_from_the_city_map(community, community_admin):
    from hromada.maps import services as map_services

    layer = map_services.layer_create(actor=community_admin, community=community, name_uk="Садочки",
                                      slug="kindergartens")
    feature = map_services.feature_create(actor=community_admin, community=community, layer_id=layer.pk,
                                          name="ЗДО № 7", address="вул. Садова, 7",
                                          geometry={"type": "Point", "coordinates": [34.56, 49.6]})
    made = services.institution_save(actor=community_admin, community=community, kind="kindergarten",
                                     map_feature_id=feature.pk)
    assert (made.name, made.address, round(made.lat, 2), round(made.lon, 2)) == ("ЗДО № 7", "вул. Садова, 7",
                                                                                 49.6, 34.56)
    with pytest.raises(ValidationFailed):
        services.institution_save(actor=community_admin, community=community, kind="kindergarten",
                                  map_feature_id=feature.pk)  # one institution per feature
    with pytest.raises(ValidationFailed):
        services.institution_save(actor=community_admin, community=community, kind="school", map_feature_id=10**9)


def test_the_parents_positions_come_from_the_rules(community):
    _kindergarten, (first, second) = institution(community, capacity=5, groups=2)
    early = file(community, parent(community), [first])
    late = file(community, parent(community), [second, first])
    positions = selectors.application_positions(community=community, applications=[late])
    assert positions == {(late.pk, second.pk): 1, (late.pk, first.pk): 2}
    assert selectors.application_positions(community=community, applications=[early]) == {(early.pk, first.pk): 1}
    assert timezone.now() > early.filed_at
