"""One response per person under real concurrency: 50 threads with their own connections submit at once for the
same person (exactly one response, 49 refusals), for an anonymous survey too; and 50 different people against a
limit of 20 (exactly 20). On the SQLite file of the test settings and on PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import make_member
from tests.concurrency import at_once

from hromada.core.errors import Conflict
from hromada.core.identity.models import Role
from hromada.surveys import services
from hromada.surveys.models import Answer, Participation, Response, Survey

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
ATTEMPTS = 50


@pytest.mark.parametrize("anonymous", [False, True])
def test_fifty_simultaneous_attempts_by_one_person_give_exactly_one_response(community, anonymous):
    survey, questions = f.published(community, kinds=("single", "multiple", "short_text"), anonymous=anonymous)
    person = make_member(community, Role.RESIDENT)
    answers = {f"q{q.pk}": f.valid_answer(q) for q in questions}

    def attempt(_n):
        return services.response_submit(actor=person, community=community, survey_id=survey.pk, answers=answers)

    results = at_once(ATTEMPTS, attempt)
    stored = [r for r in results if isinstance(r, Response)]
    refused = [r for r in results if isinstance(r, Conflict) and r.code == "already_responded"]
    assert len(stored) == 1 and len(refused) == ATTEMPTS - 1, results
    assert Response.objects.filter(survey=survey).count() == 1
    assert Survey.objects.get(pk=survey.pk).response_count == 1
    assert Answer.objects.filter(survey=survey).count() == 4  # single 1 + multiple 2 + text 1: no half response
    assert Participation.objects.filter(survey=survey).count() == (1 if anonymous else 0)


def test_fifty_people_at_once_against_a_limit_of_twenty(community):
    survey, (question,) = f.published(community, response_limit=20)
    people = [make_member(community, Role.RESIDENT) for _ in range(ATTEMPTS)]

    def attempt(n):
        return services.response_submit(actor=people[n], community=community, survey_id=survey.pk,
                                        answers={f"q{question.pk}": f.options(question)[n % 3]})

    results = at_once(ATTEMPTS, attempt)
    assert len([r for r in results if isinstance(r, Response)]) == 20
    assert len([r for r in results if isinstance(r, Conflict) and r.code == "limit_reached"]) == ATTEMPTS - 20
    assert Response.objects.filter(survey=survey).count() == 20 == Survey.objects.get(pk=survey.pk).response_count


def test_the_tally_equals_a_recount_after_fifty_simultaneous_responses(community):
    """Fifty people answer a survey of every aggregated kind at once: no increment is lost (each response's upsert
    adds in the database), and the tally is exactly what a rebuild from the answers gives."""
    from .test_tally import recount, snapshot

    survey, questions = f.published(community, kinds=f.KINDS, required=False)
    people = [make_member(community, Role.RESIDENT) for _ in range(ATTEMPTS)]

    def attempt(n):
        answers = {f"q{q.pk}": f.valid_answer(q) for q in questions}
        single = questions[0]
        answers[f"q{single.pk}"] = f.options(single)[n % 3]
        return services.response_submit(actor=people[n], community=community, survey_id=survey.pk, answers=answers)

    results = at_once(ATTEMPTS, attempt)
    assert len([r for r in results if isinstance(r, Response)]) == ATTEMPTS, results
    kept = snapshot(survey)
    assert kept == recount(survey)
    assert {slot: count for question, slot, count, *_r in kept if question == questions[0].pk}[""] == ATTEMPTS
