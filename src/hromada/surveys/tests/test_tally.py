"""The running tally: kept by response_submit in the response's transaction, equal to a recount from the answers,
read by the unfiltered results in a fixed number of queries; the staff's rebuild (service, command, policy, tenant)
and what a failed response leaves in it (nothing)."""

from __future__ import annotations

from io import StringIO

import pytest
from conftest import make_member
from django.core.management import call_command

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.models import Role
from hromada.surveys import results, services
from hromada.surveys.models import Answer, Kind, Tally
from hromada.surveys.tally import answers_aggregates, tally_aggregates, tally_rows

from . import factories as f


def snapshot(survey) -> list[tuple]:
    """The tally as stored, floats rounded (a sum kept one response at a time may differ from a SUM in the last
    bit)."""
    return [(question, slot, count, round(total, 6), low, high, first, last)
            for question, slot, count, total, low, high, first, last in Tally.objects.filter(survey=survey)
            .order_by("question_id", "slot").values_list("question_id", "slot", "count", "total", "low", "high",
                                                         "first_day", "last_day")]


def recount(survey) -> list[tuple]:
    from hromada.surveys.selectors import survey_questions

    agg = answers_aggregates(survey_questions(survey), Answer.objects.filter(survey=survey))
    return [(question, slot, count, round(total, 6), low, high, first, last)
            for question, slot, count, total, low, high, first, last in tally_rows(agg)]


def test_the_tally_kept_by_each_response_equals_a_recount_from_the_answers(community):
    survey, q = f.answered(community, people=5)
    kept = snapshot(survey)
    assert kept and kept == recount(survey)
    by_slot = {(question, slot): count for question, slot, count, *_rest in kept}
    assert by_slot[(q[Kind.SINGLE].pk, "")] == 5
    assert by_slot[(q[Kind.SINGLE].pk, f"c{f.options(q[Kind.SINGLE])[0]}")] == 3
    assert by_slot[(q[Kind.NUMBER].pk, "b0")] == 1  # 0 in [0, 10): the question's own bounds make the buckets


def test_results_from_the_tally_equal_results_computed_from_the_answers(community):
    survey, _q = f.answered(community, people=5)
    from_tally = results.survey_results(survey=survey)
    agg = tally_aggregates(survey)
    assert agg.answered and agg.cells
    computed = results.survey_results(survey=survey, filters=results.Filters(since=survey.created_at.date()))
    assert [(r.answered, [(b.label, b.count, b.mean_position) for b in r.rows], r.stats) for r in from_tally] == \
        [(r.answered, [(b.label, b.count, b.mean_position) for b in r.rows], r.stats) for r in computed]


def test_a_refused_response_adds_nothing_to_the_tally(community):
    survey, (question,) = f.published(community, kinds=(Kind.NUMBER,))
    person = make_member(community, Role.RESIDENT)
    with pytest.raises(ValidationFailed):
        services.response_submit(actor=person, community=community, survey_id=survey.pk,
                                 answers={f"q{question.pk}": "many"})
    assert not Tally.objects.filter(survey=survey).exists()


def test_staff_rebuild_repairs_a_damaged_tally_with_an_audit_event(community, community_admin):
    survey, q = f.answered(community, people=3)
    kept = snapshot(survey)
    Tally.objects.filter(survey=survey).update(count=999)
    Tally.objects.filter(survey=survey, slot="").first().delete()
    written = services.survey_tally_rebuild(actor=community_admin, community=community, survey_id=survey.pk)
    assert written == len(kept) and snapshot(survey) == kept
    assert AuditEvent.objects.filter(action="surveys.tally.rebuilt").count() == 1


def test_the_rebuild_is_for_staff_and_for_this_community_only(community, other_community, resident):
    survey, _q = f.published(community)
    with pytest.raises(PermissionDenied):
        services.survey_tally_rebuild(actor=resident, community=community, survey_id=survey.pk)
    admin = make_member(other_community, Role.ADMIN)
    with pytest.raises(NotFound):
        services.survey_tally_rebuild(actor=admin, community=other_community, survey_id=survey.pk)
    with pytest.raises(NotFound):
        services.survey_tally_rebuild(actor=admin, community=other_community, survey_id="x")


def test_the_command_rebuilds_every_survey_of_a_community(community):
    survey, _q = f.answered(community, people=2)
    kept = snapshot(survey)
    Tally.objects.filter(survey=survey).delete()
    out = StringIO()
    call_command("surveys_tally_rebuild", community.slug, stdout=out)
    assert snapshot(survey) == kept and f"survey {survey.pk}:" in out.getvalue()
