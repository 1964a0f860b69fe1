"""Surveys for the tests, built through the services: one question of every type, a conditional question, a
published survey ready to answer, and a valid answer to each question."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM
from hromada.surveys import services
from hromada.surveys.models import Choice, Kind, Question, Survey


def survey(community, **settings) -> Survey:
    return services.survey_create(actor=SYSTEM, community=community, title=settings.pop("title", "Опитування"),
                                  **settings)


def question(community, survey_obj, kind, **data) -> Question:
    defaults = {"text": f"Питання {kind}"}
    if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING, Kind.MATRIX):
        defaults["choices"] = ["Один", "Два", "Три"]
    if kind == Kind.MATRIX:
        defaults["rows"] = ["Рядок А", "Рядок Б"]
    return services.question_add(actor=SYSTEM, community=community, survey_id=survey_obj.pk,
                                 **{"kind": kind, **defaults, **data})


def options(question_obj) -> list[int]:
    return list(question_obj.choices.filter(role=Choice.Role.OPTION).order_by("order").values_list("pk", flat=True))


def rows(question_obj) -> list[int]:
    return list(question_obj.choices.filter(role=Choice.Role.ROW).order_by("order").values_list("pk", flat=True))


def published(community, *, kinds=(Kind.SINGLE,), required=True, **settings) -> tuple[Survey, list[Question]]:
    made = survey(community, **settings)
    questions = [question(community, made, kind, required=required) for kind in kinds]
    services.survey_publish(actor=SYSTEM, community=community, survey_id=made.pk)
    made.refresh_from_db()
    return made, questions


def valid_answer(question_obj):
    """A valid raw answer of the question's type (files are the caller's)."""
    kind = question_obj.kind
    if kind == Kind.SINGLE:
        return options(question_obj)[0]
    if kind == Kind.MULTIPLE:
        return options(question_obj)[:2]
    if kind == Kind.RANKING:
        return list(reversed(options(question_obj)))
    if kind == Kind.MATRIX:
        return {str(row): options(question_obj)[n] for n, row in enumerate(rows(question_obj))}
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        return "Текст відповіді"
    if kind == Kind.NUMBER:
        return 7
    if kind == Kind.SCALE:
        return 4
    if kind == Kind.DATE:
        return "2026-05-01"
    raise AssertionError(kind)
