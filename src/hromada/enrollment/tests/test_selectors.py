"""Enrolment reads: the open-data rows (counts per group, no personal data), group counts, the staff's review list
narrowed to their institutions, the parent's list at a pinned number of queries, and the periodic expiry task."""

from __future__ import annotations

import json
from datetime import timedelta

import time_machine
from conftest import make_member
from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.enrollment import selectors, services, tasks
from hromada.enrollment.models import Offer, OfferState

from .factories import AREA, INSIDE, OUTSIDE, file, institution, parent


def test_open_data_counts_without_personal_data(community):
    _school, (group,) = institution(community, kind="school", name="Ліцей № 2", area=AREA, capacity=1)
    category = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=1)
    inside = file(community, parent(community), [group], kind="school", point=INSIDE, name="Ярина Мельник")
    claimed = file(community, parent(community), [group], kind="school", point=OUTSIDE, claims={category.pk: []})
    file(community, parent(community), [group], kind="school", point=OUTSIDE)
    services.claim_verify(actor=SYSTEM, community=community, claim_id=claimed.claims.get().pk)
    services.round_open(actor=SYSTEM, community=community, group_id=group.pk)
    rows = list(selectors.queue_open_data_rows(community))
    assert rows == [{"institution": "Ліцей № 2", "kind": "school", "group": "Група 1", "start_year": group.start_year,
                     "capacity": 1, "taken": 0, "waiting": 3, "waiting_with_priority": 2, "offers_pending": 1}]
    text = json.dumps(rows, ensure_ascii=False)
    assert "Ярина" not in text and inside.code not in text


def test_the_review_list_is_narrowed_to_the_officials_institutions(community, department):
    _ours, (our_group,) = institution(community, department=department)
    elsewhere = Department.objects.create(community=community, name="Спорт")
    _theirs, (their_group,) = institution(community, name="ДЮСШ", department=elsewhere)
    category = services.category_save(actor=SYSTEM, community=community, name="Брати і сестри", rank=1)
    ours = file(community, parent(community), [our_group], claims={category.pk: []})
    file(community, parent(community), [their_group], claims={category.pk: []})
    official = make_member(community, Role.OFFICIAL, department=department)
    assert [c.application_id for c in selectors.claim_review_list(actor=official, community=community)] == [ours.pk]
    assert len(selectors.claim_review_list(actor=make_member(community, Role.ADMIN), community=community)) == 2


def test_the_parents_list_costs_the_same_queries_for_many_applications(community, api_client_for,
                                                                       django_assert_max_num_queries):
    _made, groups = institution(community, capacity=5, groups=3)
    mother = parent(community)
    api = api_client_for(community, mother)
    api.get("enrollment/mine")  # warm the per-process caches
    for _n in range(6):  # six children (distinct certificates) in three groups each
        file(community, mother, groups)
    with django_assert_max_num_queries(16):
        items = api.get("enrollment/mine").json()["items"]
    assert len(items) == 6 and all(c["position"] for a in items for c in a["choices"])


def test_the_periodic_task_expires_due_offers(community):
    _made, (group,) = institution(community, capacity=1)
    first, second = (file(community, parent(community), [group]) for _n in range(2))
    services.round_open(actor=SYSTEM, community=community, group_id=group.pk, accept_days=1)
    deadline = Offer.objects.get(application=first).deadline
    assert tasks.offers_expire.call() == {"expired": 0}
    with time_machine.travel(deadline + timedelta(minutes=1), tick=False):
        assert tasks.offers_expire.call() == {"expired": 1}
        assert timezone.now() > deadline
    assert Offer.objects.get(application=first).state == OfferState.EXPIRED
    assert Offer.objects.get(application=second).state == OfferState.PENDING
