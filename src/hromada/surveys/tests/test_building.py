"""Building surveys: staff create, publish and close; residents are refused; bad input writes nothing; another
community's survey is not found; questions freeze (409) once responses exist, except for their wording."""

from __future__ import annotations

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.surveys import services
from hromada.surveys.models import Choice, Kind, Question, Status, Survey

from . import factories as f


def test_staff_build_publish_and_close_with_an_audit_trail(community, community_admin):
    survey = services.survey_create(actor=community_admin, community=community, title="  Парк ",
                                    description="Опис", audience="email", response_limit=100)
    assert (survey.title, survey.status, survey.created_by) == ("Парк", Status.DRAFT, community_admin)
    services.question_add(actor=community_admin, community=community, survey_id=survey.pk, kind="single",
                          text="Так чи ні?", choices="Так\nНі", required=True)
    services.survey_publish(actor=community_admin, community=community, survey_id=survey.pk)
    services.survey_close(actor=community_admin, community=community, survey_id=survey.pk)
    survey.refresh_from_db()
    assert survey.status == Status.CLOSED and survey.opens_at and survey.closes_at
    assert list(AuditEvent.objects.filter(action__startswith="surveys.").order_by("pk")
                .values_list("action", flat=True)) == ["surveys.survey.created", "surveys.question.added",
                                                       "surveys.survey.published", "surveys.survey.closed"]


@pytest.mark.parametrize("kind, extra", [
    ("single", {"choices": ["a", "b"]}), ("multiple", {"choices": ["a", "b"], "max_value": 2}),
    ("short_text", {}), ("long_text", {"max_value": 1000}), ("number", {"min_value": 0, "max_value": 10}),
    ("scale", {"max_value": 7}), ("matrix", {"choices": ["x", "y"], "rows": ["r1", "r2"]}),
    ("ranking", {"choices": ["a", "b", "c"]}), ("date", {}), ("file", {})])
def test_every_question_type_can_be_added(community, community_admin, kind, extra):
    survey = f.survey(community)
    question = services.question_add(actor=community_admin, community=community, survey_id=survey.pk, kind=kind,
                                     text="Q", **extra)
    assert question.kind == kind and question.order == 1
    assert question.choices.filter(role=Choice.Role.ROW).count() == len(extra.get("rows", []))


def test_residents_may_not_build(community, resident):
    with pytest.raises(PermissionDenied):
        services.survey_create(actor=resident, community=community, title="Моє")
    survey = f.survey(community)
    with pytest.raises(PermissionDenied):
        services.question_add(actor=resident, community=community, survey_id=survey.pk, kind="date", text="Q")
    with pytest.raises(PermissionDenied):
        services.survey_publish(actor=resident, community=community, survey_id=survey.pk)
    assert Survey.objects.count() == 1 and not Question.objects.exists()


@pytest.mark.parametrize("data, field", [
    ({"kind": "nope", "text": "Q"}, "kind"), ({"kind": "single", "text": ""}, "text"),
    ({"kind": "single", "text": "Q", "choices": ["one"]}, "choices"),
    ({"kind": "single", "text": "Q", "choices": ["a", "A"]}, "choices"),
    ({"kind": "matrix", "text": "Q", "choices": ["a", "b"]}, "rows"),
    ({"kind": "scale", "text": "Q", "max_value": 50}, "max_value"),
    ({"kind": "number", "text": "Q", "min_value": 5, "max_value": 1}, "max_value"),
    ({"kind": "number", "text": "Q", "min_value": "x"}, "min_value"),
    ({"kind": "date", "text": "Q", "condition_question_id": 999999}, "condition_question_id"),
    ({"kind": "date", "text": "Q", "section_id": 999999}, "section_id"),
])
def test_bad_questions_write_nothing(community, community_admin, data, field):
    survey = f.survey(community)
    with pytest.raises(ValidationFailed) as exc:
        services.question_add(actor=community_admin, community=community, survey_id=survey.pk, **data)
    assert field in exc.value.fields
    assert not Question.objects.exists() and not Choice.objects.exists()


@pytest.mark.parametrize("settings, field", [
    ({"title": ""}, "title"), ({"title": "x" * 201}, "title"), ({"title": "T", "audience": "aliens"}, "audience"),
    ({"title": "T", "response_limit": 0}, "response_limit"), ({"title": "T", "area": {"type": "Point"}}, "area"),
    ({"title": "T", "colour": "red"}, "colour"), ({"title": "T", "opens_at": "tomorrow"}, "opens_at"),
])
def test_bad_surveys_write_nothing(community, community_admin, settings, field):
    with pytest.raises(ValidationFailed) as exc:
        services.survey_create(actor=community_admin, community=community, **settings)
    assert field in exc.value.fields
    assert not Survey.objects.exists()


def test_a_condition_must_name_an_earlier_choice_question_and_its_option(community, community_admin):
    survey = f.survey(community)
    first = f.question(community, survey, Kind.SINGLE)
    other = f.question(community, survey, Kind.SINGLE)
    with pytest.raises(ValidationFailed) as exc:
        services.question_add(actor=community_admin, community=community, survey_id=survey.pk, kind="date",
                              text="Q", condition_question_id=first.pk, condition_choice_id=f.options(other)[0])
    assert "condition_choice_id" in exc.value.fields
    shown = services.question_add(actor=community_admin, community=community, survey_id=survey.pk, kind="date",
                                  text="Q", condition_question_id=first.pk, condition_choice_id=f.options(first)[1])
    assert shown.condition_question == first
    with pytest.raises(ValidationFailed):  # the condition would come after the question it reads
        services.question_reorder(actor=community_admin, community=community, survey_id=survey.pk,
                                  question_ids=[shown.pk, first.pk, other.pk])
    with pytest.raises(Conflict):
        services.question_remove(actor=community_admin, community=community, question_id=first.pk)


def test_reorder_lists_every_question_once(community, community_admin):
    survey = f.survey(community)
    a, b = f.question(community, survey, Kind.DATE), f.question(community, survey, Kind.NUMBER)
    services.question_reorder(actor=community_admin, community=community, survey_id=survey.pk,
                              question_ids=[b.pk, a.pk])
    assert list(survey.questions.order_by("order").values_list("pk", flat=True)) == [b.pk, a.pk]
    with pytest.raises(ValidationFailed):
        services.question_reorder(actor=community_admin, community=community, survey_id=survey.pk,
                                  question_ids=[b.pk])


def test_questions_freeze_once_responses_exist_except_the_wording(community, community_admin, resident):
    survey, (question,) = f.published(community)
    services.response_submit(actor=resident, community=community, survey_id=survey.pk,
                             answers={f"q{question.pk}": f.options(question)[0]})
    for call in (
        lambda: services.question_add(actor=community_admin, community=community, survey_id=survey.pk,
                                      kind="date", text="Нове"),
        lambda: services.question_reorder(actor=community_admin, community=community, survey_id=survey.pk,
                                          question_ids=[question.pk]),
        lambda: services.question_remove(actor=community_admin, community=community, question_id=question.pk),
        lambda: services.question_edit(actor=community_admin, community=community, question_id=question.pk,
                                       kind="multiple"),
        lambda: services.question_edit(actor=community_admin, community=community, question_id=question.pk,
                                       choices=["Один", "Два"]),
        lambda: services.survey_update(actor=community_admin, community=community, survey_id=survey.pk,
                                       anonymous=True),
    ):
        with pytest.raises(Conflict) as exc:
            call()
        assert exc.value.code == "has_responses"
    services.question_edit(actor=community_admin, community=community, question_id=question.pk,
                           text="Виправлене питання", choices=["Один", "Два", "Три (виправлено)"])
    question.refresh_from_db()
    assert question.text == "Виправлене питання"
    assert question.choices.order_by("order").last().label == "Три (виправлено)"
    assert question.choices.count() == 3


def test_publishing_needs_questions_and_a_quick_poll_has_one_choice_question(community, community_admin):
    empty = f.survey(community)
    with pytest.raises(ValidationFailed):
        services.survey_publish(actor=community_admin, community=community, survey_id=empty.pk)
    quick = f.survey(community, quick=True)
    f.question(community, quick, Kind.DATE)
    with pytest.raises(ValidationFailed):
        services.survey_publish(actor=community_admin, community=community, survey_id=quick.pk)
    with pytest.raises(Conflict):
        services.survey_close(actor=community_admin, community=community, survey_id=quick.pk)


def test_another_communitys_survey_is_not_found(community, other_community, community_admin):
    theirs = f.survey(other_community, title="Їхнє")
    question = f.question(other_community, theirs, Kind.DATE)
    for call in (lambda: services.survey_update(actor=community_admin, community=community, survey_id=theirs.pk,
                                                title="Наше"),
                 lambda: services.survey_publish(actor=community_admin, community=community, survey_id=theirs.pk),
                 lambda: services.question_add(actor=community_admin, community=community, survey_id=theirs.pk,
                                               kind="date", text="Q"),
                 lambda: services.question_edit(actor=community_admin, community=community,
                                                question_id=question.pk, text="Q2"),
                 lambda: services.response_submit(actor=community_admin, community=community, survey_id=theirs.pk,
                                                  answers={})):
        with pytest.raises(NotFound):
            call()
    assert Survey.objects.get(pk=theirs.pk).title == "Їхнє"


def test_the_platform_builds_as_system(community):
    survey = services.survey_create(actor=SYSTEM, community=community, title="Імпорт")
    assert survey.created_by is None
