"""Answering: every type checked, required and conditional questions, limits, who may answer, one response per
person, and anonymity (no path from an anonymous answer to a person). A refused response writes nothing."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.surveys import services
from hromada.surveys.models import Answer, Kind, Participation, Response, Survey
from hromada.surveys.respondents import respondent_key

from . import factories as f

ALL = (Kind.SINGLE, Kind.MULTIPLE, Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.NUMBER, Kind.SCALE, Kind.MATRIX,
       Kind.RANKING, Kind.DATE)


def _submit(community, actor, survey, answers, **kwargs):
    return services.response_submit(actor=actor, community=community, survey_id=survey.pk, answers=answers,
                                    **kwargs)


def test_a_response_of_every_type_is_stored_typed(community, resident):
    survey, questions = f.published(community, kinds=ALL)
    response = _submit(community, resident, survey, {f"q{q.pk}": f.valid_answer(q) for q in questions})
    survey.refresh_from_db()
    assert survey.response_count == 1 and response.user == resident
    by_kind = {q.kind: list(Answer.objects.filter(response=response, question=q)) for q in questions}
    assert by_kind[Kind.NUMBER][0].number == 7 and by_kind[Kind.SCALE][0].number == 4
    assert str(by_kind[Kind.DATE][0].date) == "2026-05-01"
    assert len(by_kind[Kind.MULTIPLE]) == 2 and len(by_kind[Kind.MATRIX]) == 2
    ranking = {a.choice_id: a.number for a in by_kind[Kind.RANKING]}
    ranked_question = next(q for q in questions if q.kind == Kind.RANKING)
    assert ranking[f.options(ranked_question)[-1]] == 1.0


@pytest.mark.parametrize("kind, bad", [
    (Kind.SINGLE, 999999), (Kind.SINGLE, "abc"), (Kind.SINGLE, [1, 2]), (Kind.MULTIPLE, [999999]),
    (Kind.SHORT_TEXT, "x" * 301), (Kind.SHORT_TEXT, {"a": 1}), (Kind.NUMBER, "twelve"), (Kind.NUMBER, 11),
    (Kind.NUMBER, "nan"), (Kind.SCALE, 6), (Kind.SCALE, 2.5), (Kind.SCALE, 0), (Kind.DATE, "31.12.2026"),
    (Kind.MATRIX, [1]), (Kind.MATRIX, {"999999": 1}), (Kind.RANKING, "first"), (Kind.FILE, "not a file"),
])
def test_bad_answers_are_refused_naming_the_question_and_write_nothing(community, resident, kind, bad):
    survey = f.survey(community)
    extra = {"min_value": 0, "max_value": 10} if kind == Kind.NUMBER else {}
    question = f.question(community, survey, kind, **extra)
    services.survey_publish(actor=SYSTEM, community=community, survey_id=survey.pk)
    with pytest.raises(ValidationFailed) as exc:
        _submit(community, resident, survey, {f"q{question.pk}": bad})
    assert f"q{question.pk}" in exc.value.fields
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert Survey.objects.get(pk=survey.pk).response_count == 0


def test_ranking_must_order_every_option_once_and_multiple_respects_its_maximum(community, resident):
    survey = f.survey(community)
    ranking = f.question(community, survey, Kind.RANKING)
    multiple = f.question(community, survey, Kind.MULTIPLE, max_value=1)
    services.survey_publish(actor=SYSTEM, community=community, survey_id=survey.pk)
    with pytest.raises(ValidationFailed) as exc:
        _submit(community, resident, survey, {f"q{ranking.pk}": f.options(ranking)[:2],
                                              f"q{multiple.pk}": f.options(multiple)[:2]})
    assert {f"q{ranking.pk}", f"q{multiple.pk}"} <= set(exc.value.fields)


def test_required_questions_and_unknown_keys(community, resident):
    survey, (required, optional) = f.published(community, kinds=(Kind.SINGLE, Kind.DATE), required=False)
    required.required = True
    required.save()
    with pytest.raises(ValidationFailed) as exc:
        _submit(community, resident, survey, {f"q{optional.pk}": "2026-01-01", "q999999": "x"})
    assert set(exc.value.fields) == {f"q{required.pk}", "q999999"}
    with pytest.raises(ValidationFailed):
        _submit(community, resident, survey, {})
    assert not Response.objects.exists()


def test_a_conditional_question_counts_only_when_shown(community, resident):
    survey = f.survey(community)
    visits = f.question(community, survey, Kind.SINGLE, required=True)
    yes, no = f.options(visits)[:2]
    why = f.question(community, survey, Kind.SHORT_TEXT, required=True, condition_question_id=visits.pk,
                     condition_choice_id=no)
    services.survey_publish(actor=SYSTEM, community=community, survey_id=survey.pk)
    with pytest.raises(ValidationFailed) as exc:  # shown and required
        _submit(community, resident, survey, {f"q{visits.pk}": no})
    assert list(exc.value.fields) == [f"q{why.pk}"]
    # Hidden: its answer is dropped, and it is not required.
    response = _submit(community, resident, survey, {f"q{visits.pk}": yes, f"q{why.pk}": "ignored"})
    assert list(Answer.objects.filter(response=response).values_list("question_id", flat=True)) == [visits.pk]


def test_one_response_per_person_and_the_limit(community, resident):
    survey, (question,) = f.published(community, response_limit=2)
    answer = {f"q{question.pk}": f.options(question)[0]}
    _submit(community, resident, survey, answer)
    with pytest.raises(Conflict) as exc:
        _submit(community, resident, survey, answer)
    assert exc.value.code == "already_responded"
    _submit(community, make_member(community, Role.RESIDENT), survey, answer)
    with pytest.raises(Conflict) as exc:
        _submit(community, make_member(community, Role.RESIDENT), survey, answer)
    assert exc.value.code == "limit_reached"
    assert Response.objects.count() == 2 and Survey.objects.get(pk=survey.pk).response_count == 2


def test_without_one_per_person_anyone_may_answer_signed_out_and_again(community, resident):
    from django.contrib.auth.models import AnonymousUser

    survey, (question,) = f.published(community, one_per_person=False)
    for actor in (AnonymousUser(), AnonymousUser(), resident, resident):
        _submit(community, actor, survey, {f"q{question.pk}": f.options(question)[1]})
    assert Response.objects.count() == 4 and not Response.objects.exclude(respondent_key=None).exists()


def test_who_may_answer(community):
    from django.contrib.auth.models import AnonymousUser

    unverified = make_member(community, Role.RESIDENT, verified=False)
    email_only = make_member(community, Role.RESIDENT)
    strong = make_member(community, Role.RESIDENT, strong=True)
    cases = {"anyone": [(AnonymousUser(), False), (unverified, True)],
             "email": [(unverified, False), (email_only, True)],
             "strong": [(email_only, False), (strong, True)]}
    for audience, people in cases.items():
        survey, (question,) = f.published(community, audience=audience)
        for person, admitted in people:
            if admitted:
                _submit(community, person, survey, {f"q{question.pk}": f.options(question)[0]})
            else:
                with pytest.raises(PermissionDenied):
                    _submit(community, person, survey, {f"q{question.pk}": f.options(question)[0]})
    assert Response.objects.count() == 3


def test_residents_of_an_area_give_a_point_inside_it(community):
    area = {"type": "Polygon", "coordinates": [[[34.0, 49.0], [35.0, 49.0], [35.0, 50.0], [34.0, 50.0], [34.0, 49.0]]]}
    survey, (question,) = f.published(community, audience="residents", area=area)
    person = make_member(community, Role.RESIDENT, strong=True)
    answer = {f"q{question.pk}": f.options(question)[0]}
    with pytest.raises(ValidationFailed) as exc:
        _submit(community, person, survey, answer)
    assert "location" in exc.value.fields
    with pytest.raises(Conflict) as refused:
        _submit(community, person, survey, answer, location=(48.0, 34.5))
    assert refused.value.code == "outside_area"
    _submit(community, person, survey, answer, location=(49.5, 34.5))
    assert Response.objects.count() == 1


def test_closed_draft_and_not_yet_open_surveys_take_no_responses(community, resident):
    from datetime import timedelta

    from django.utils import timezone

    draft = f.survey(community)
    f.question(community, draft, Kind.DATE)
    later, (q_later,) = f.published(community, opens_at=timezone.now() + timedelta(days=1))
    closed, (q_closed,) = f.published(community)
    services.survey_close(actor=SYSTEM, community=community, survey_id=closed.pk)
    with pytest.raises(Conflict):
        _submit(community, resident, later, {f"q{q_later.pk}": f.options(q_later)[0]})
    with pytest.raises(Conflict):
        _submit(community, resident, closed, {f"q{q_closed.pk}": f.options(q_closed)[0]})
    assert not Response.objects.exists()


def test_an_anonymous_response_leads_to_nobody(community, resident):
    survey, (question,) = f.published(community, anonymous=True)
    response = _submit(community, resident, survey, {f"q{question.pk}": f.options(question)[0]})
    response.refresh_from_db()
    assert response.user_id is None and response.respondent_key is None
    assert (response.submitted_at.hour, response.submitted_at.minute, response.submitted_at.second) == (0, 0, 0)
    # The one-per-person key lives apart, with no field that names a response, a time or a user.
    participation = Participation.objects.get(survey=survey)
    assert {field.name for field in Participation._meta.get_fields()} == {"id", "community", "survey",
                                                                         "respondent_key"}
    assert participation.respondent_key == respondent_key(survey, resident)
    assert len(participation.respondent_key) == 64 and resident.email not in participation.respondent_key
    # The audit trail of the response names no actor and no response.
    event = AuditEvent.objects.get(action="surveys.response.submitted")
    assert event.actor_id is None and str(response.pk) not in str(event.data or {})
    with pytest.raises(Conflict):
        _submit(community, resident, survey, {f"q{question.pk}": f.options(question)[1]})
    assert Response.objects.count() == 1


def test_a_file_answer_is_checked_by_content_and_stored_privately(community, resident, settings, tmp_path):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    survey, (question,) = f.published(community, kinds=(Kind.FILE,))
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as exc:
        _submit(community, resident, survey, {f"q{question.pk}": fake})
    assert f"q{question.pk}" in exc.value.fields
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    response = _submit(community, resident, survey, {f"q{question.pk}": pdf})
    answer = Answer.objects.get(response=response)
    assert answer.file.name.startswith(f"surveys/{community.pk}/") and "plan" not in answer.file.name
    assert answer.file_type == "application/pdf"
    assert (tmp_path / answer.file.name).read_bytes().startswith(b"%PDF")


def test_the_platform_does_not_answer(community):
    survey, (question,) = f.published(community)
    with pytest.raises(ValidationFailed):
        _submit(community, SYSTEM, survey, {f"q{question.pk}": f.options(question)[0]})
