"""Under concurrency (PostgreSQL; SQLite in memory is one connection): two parents accepting the last place at once
get it once, one parent accepting twice at once is accepted once, and two staff opening a round at once open one."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from hromada.core.errors import Conflict
from hromada.core.identity.actors import SYSTEM
from hromada.enrollment import services
from hromada.enrollment.models import AllocationRound, Group, Offer, OfferState

from .factories import file, institution, parent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in memory is one connection; PostgreSQL runs this")


def _at_once(*calls):
    barrier, errors, results = threading.Barrier(len(calls)), [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def _two_offers_for_one_place(community):
    """Two pending offers while only one place is left: the group had two, one was given up after the offers."""
    _kindergarten, (group,) = institution(community, capacity=2)
    first, second = (file(community, parent(community), [group]) for _ in range(2))
    services.round_open(actor=SYSTEM, community=community, group_id=group.pk)
    services.group_save(actor=SYSTEM, community=community, institution_id=group.institution_id, group_id=group.pk,
                        name=group.name, start_year=group.start_year, capacity=1, age_from_months=24,
                        age_to_months=72)
    return group, first, second


def test_two_accepts_for_the_last_place_one_wins(community):
    group, first, second = _two_offers_for_one_place(community)
    offers = {a.pk: Offer.objects.get(application=a).pk for a in (first, second)}
    results, errors = _at_once(
        lambda: services.offer_accept(actor=first.parent, community=community, offer_id=offers[first.pk]),
        lambda: services.offer_accept(actor=second.parent, community=community, offer_id=offers[second.pk]))
    assert len(results) == 1 and len(errors) == 1, errors
    assert isinstance(errors[0], Conflict) and errors[0].code == "no_places"
    assert Group.objects.get(pk=group.pk).taken == 1
    assert Offer.objects.filter(state=OfferState.ACCEPTED).count() == 1


def test_one_parent_accepting_twice_at_once_is_accepted_once(community):
    _kindergarten, (group,) = institution(community, capacity=3)
    application = file(community, parent(community), [group])
    services.round_open(actor=SYSTEM, community=community, group_id=group.pk)
    offer = Offer.objects.get(application=application)
    accept = lambda: services.offer_accept(actor=application.parent, community=community,  # noqa: E731
                                           offer_id=offer.pk)
    results, errors = _at_once(accept, accept)
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict)
    assert Group.objects.get(pk=group.pk).taken == 1


def test_two_rounds_opened_at_once_open_one(community):
    _kindergarten, (group,) = institution(community, capacity=1)
    file(community, parent(community), [group])
    open_round = lambda: services.round_open(actor=SYSTEM, community=community, group_id=group.pk)  # noqa: E731
    results, errors = _at_once(open_round, open_round)
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict)
    assert AllocationRound.objects.filter(group=group).count() == 1
    assert Offer.objects.filter(group=group).count() == 1
