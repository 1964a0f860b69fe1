"""Support under real concurrency: threads with their own connections, on the SQLite file the test settings use and
on PostgreSQL. Fifty people supporting at once are all counted; one person clicking fifty times at once counts once.
The count on the proposal always equals its support rows."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import make_user
from django.db import connections

from hromada.consultations import services
from hromada.consultations.models import Proposal, Support
from hromada.core.errors import Conflict

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
ATTEMPTS = 50


def simultaneously(calls) -> list:
    """Run every call in its own thread, released together; each outcome is a result or the exception raised."""
    start = threading.Barrier(len(calls))

    def one(call):
        try:
            start.wait()
            return call()
        except Exception as exc:  # noqa: BLE001 - the outcomes are what the tests assert on
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def test_fifty_people_supporting_at_once_are_all_counted(community, resident):
    proposal = f.proposal(community, f.consultation(community), resident)
    people = [make_user() for _ in range(ATTEMPTS)]
    outcomes = simultaneously([lambda person=person: services.proposal_support(
        actor=person, community=community, proposal_id=proposal.pk) for person in people])
    assert [o for o in outcomes if not isinstance(o, Proposal)] == []
    proposal.refresh_from_db()
    assert proposal.support_count == ATTEMPTS == Support.objects.filter(proposal=proposal).count()


def test_one_person_clicking_fifty_times_at_once_counts_once(community, resident):
    proposal = f.proposal(community, f.consultation(community), resident)
    person = make_user()
    outcomes = simultaneously([lambda: services.proposal_support(actor=person, community=community,
                                                                 proposal_id=proposal.pk)] * ATTEMPTS)
    supported = [o for o in outcomes if isinstance(o, Proposal)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(supported) == 1 and len(conflicts) == ATTEMPTS - 1
    assert {c.code for c in conflicts} == {"already_supported"}
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.filter(proposal=proposal).count()


def test_supports_and_withdrawals_at_once_leave_the_count_equal_to_the_rows(community, resident):
    proposal = f.proposal(community, f.consultation(community), resident)
    people = [make_user() for _ in range(ATTEMPTS // 2)]
    for person in people[::2]:
        services.proposal_support(actor=person, community=community, proposal_id=proposal.pk)
    calls = []
    for index, person in enumerate(people):
        service = services.proposal_unsupport if index % 2 == 0 else services.proposal_support
        calls += [lambda person=person, service=service: service(actor=person, community=community,
                                                                 proposal_id=proposal.pk)] * 2
    outcomes = simultaneously(calls)
    assert all(isinstance(o, Proposal | Conflict) for o in outcomes), outcomes
    proposal.refresh_from_db()
    assert proposal.support_count == Support.objects.filter(proposal=proposal).count() == len(people[1::2])
