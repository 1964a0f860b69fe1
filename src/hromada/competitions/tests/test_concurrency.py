"""Under concurrency (PostgreSQL; SQLite in memory is one connection): two jurors scoring the same application at
once both count, and two staff awarding at once share the fund out once, never beyond it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from hromada.competitions import services
from hromada.competitions.models import Application, Review, Status
from hromada.core.errors import Conflict

from .factories import make_call, score, submitted

pytestmark = pytest.mark.django_db(transaction=True)


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
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in memory is one connection; PostgreSQL runs this")


def _eligible(call, applicant, community_admin, n, **kwargs):
    application = submitted(call, applicant, n, **kwargs)
    services.application_review(actor=community_admin, community=call.community, application_id=application.pk,
                                eligible=True)
    return application


def test_two_jurors_scoring_at_once_both_count(community, community_admin, jurors, applicant, to_phase):
    call = make_call(community, community_admin, jurors=jurors[:2])
    application = _eligible(call, applicant, community_admin, 1)
    to_phase("scoring")
    results, errors = _at_once(lambda: score(application, jurors[0], [10, 5]),
                               lambda: score(application, jurors[1], [5, 5]))
    assert not errors and len(results) == 2
    assert sorted(Review.objects.filter(submitted_at__isnull=False).values_list("weighted", flat=True)) == [70.0, 100.0]


def test_one_juror_twice_at_once_scores_once(community, community_admin, jurors, applicant, to_phase):
    call = make_call(community, community_admin, jurors=jurors[:1])
    application = _eligible(call, applicant, community_admin, 1)
    to_phase("scoring")
    results, errors = _at_once(lambda: score(application, jurors[0], [10, 5]),
                               lambda: score(application, jurors[0], [1, 1]))
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict)
    assert Review.objects.count() == 1


def test_two_awards_at_once_never_over_award_the_fund(community, community_admin, moderator, jurors, applicant,
                                                      to_phase):
    call = make_call(community, community_admin, jurors=jurors[:1], fund=10_000_000)
    applications = [_eligible(call, applicant, community_admin, n, cost=5_000_000, own=1_000_000) for n in range(4)]
    to_phase("scoring")
    for n, application in enumerate(applications):
        score(application, jurors[0], [10 - n, 5])
    to_phase("results")
    results, errors = _at_once(
        lambda: services.call_award(actor=community_admin, community=community, call_id=call.pk),
        lambda: services.call_award(actor=moderator, community=community, call_id=call.pk))
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict)
    awarded = Application.objects.filter(status=Status.AWARDED)
    assert awarded.count() == 2 and awarded.aggregate(total=Sum("grant"))["total"] == 8_000_000
