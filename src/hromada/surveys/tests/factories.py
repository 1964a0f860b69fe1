"""Surveys for the tests, built through the services: one question of every type, a conditional question, a
published survey ready to answer, a valid answer to each question, and a survey of every aggregated type answered
by a few residents."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import make_member

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
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


KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE, Kind.MATRIX, Kind.RANKING, Kind.NUMBER, Kind.LONG_TEXT, Kind.DATE)


def answered(community, people=4):
    """A published survey of every aggregated kind, answered by `people` residents through the service."""
    made = survey(community)
    questions = [question(community, made, kind, **({"min_value": 0, "max_value": 100} if kind == Kind.NUMBER else {}))
                 for kind in KINDS]
    services.survey_publish(actor=SYSTEM, community=community, survey_id=made.pk)
    by_kind = {q.kind: q for q in questions}
    for n in range(people):
        single, multiple = by_kind[Kind.SINGLE], by_kind[Kind.MULTIPLE]
        matrix, ranking = by_kind[Kind.MATRIX], by_kind[Kind.RANKING]
        answers = {
            f"q{single.pk}": options(single)[0 if n < 3 else 1],
            f"q{multiple.pk}": options(multiple)[:2] if n % 2 else options(multiple)[1:],
            f"q{by_kind[Kind.SCALE].pk}": 1 + n % 5,
            f"q{matrix.pk}": {str(r): options(matrix)[0] for r in rows(matrix)},
            f"q{ranking.pk}": options(ranking),
            f"q{by_kind[Kind.NUMBER].pk}": 10 * n,
            f"q{by_kind[Kind.LONG_TEXT].pk}": f"Думка {n}",
            f"q{by_kind[Kind.DATE].pk}": (date(2026, 1, 1) + timedelta(days=n)).isoformat(),
        }
        services.response_submit(actor=make_member(community, Role.RESIDENT), community=community,
                                 survey_id=made.pk, answers=answers)
    made.refresh_from_db()
    return made, by_kind
