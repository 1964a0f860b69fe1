"""Every read of Surveys and polls that is more than a one-liner: lists and single surveys as the person may see
them, the survey's form (sections, questions, choices in two queries), and the aggregated open-data rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import Choice, Participation, Question, Response, Section, Status, Survey
from .respondents import respondent_key


def survey_list(*, actor, community, status: str | None = None, quick: bool | None = None) -> QuerySet[Survey]:
    surveys = Survey.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        surveys = surveys.exclude(status=Status.DRAFT)
    if status in Status.values:
        surveys = surveys.filter(status=status)
    if quick is not None:
        surveys = surveys.filter(quick=quick)
    return surveys.order_by("-created_at", "-pk")


def survey_get(*, actor, community, survey_id) -> Survey:
    """One survey; another community's, a draft the person may not see or none at all are the same NotFound."""
    try:
        survey = Survey.objects.for_community(community).filter(pk=int(survey_id)).first()
    except (TypeError, ValueError):
        survey = None
    if survey is None or not policies.can_see(actor, community, survey):
        raise NotFound()
    return survey


@dataclass
class FormSection:
    section: Section | None
    questions: list[Question] = field(default_factory=list)


def survey_questions(survey: Survey) -> list[Question]:
    """The questions in order, each with `options` and `rows` (its choices by role) attached: two queries."""
    questions = list(Question.objects.filter(survey=survey).order_by("order", "pk"))
    by_id = {q.pk: q for q in questions}
    for question in questions:
        question.options, question.rows = [], []
    for choice in Choice.objects.filter(question__survey=survey).order_by("order", "pk"):
        target = by_id.get(choice.question_id)
        if target is not None:
            (target.rows if choice.role == Choice.Role.ROW else target.options).append(choice)
    return questions


def survey_form(survey: Survey) -> list[FormSection]:
    """The questions grouped by section, in question order (questions outside any section come first)."""
    sections = {s.pk: s for s in Section.objects.filter(survey=survey)}
    groups: list[FormSection] = []
    for question in survey_questions(survey):
        section = sections.get(question.section_id) if question.section_id else None
        if not groups or groups[-1].section != section:
            groups.append(FormSection(section))
        groups[-1].questions.append(question)
    return groups


def has_responded(*, actor, survey: Survey) -> bool:
    if not survey.one_per_person or not getattr(actor, "is_authenticated", False):
        return False
    key = respondent_key(survey, actor)
    if survey.anonymous:
        return Participation.objects.filter(survey=survey, respondent_key=key).exists()
    return Response.objects.filter(survey=survey, respondent_key=key).exists()


def survey_open_data_rows(community) -> Iterator[dict]:
    """Aggregated results of published surveys with public results: one row per question and option (or
    scale value), counts only; free texts, files and anything about a respondent are never published."""
    from .results import survey_results

    surveys = Survey.objects.for_community(community).filter(results_public=True).exclude(status=Status.DRAFT)
    for survey in surveys.order_by("pk"):
        for result in survey_results(survey=survey):
            for row in result.rows:
                yield {"survey_id": survey.pk, "survey": survey.title, "status": survey.status,
                       "question_id": result.question.pk, "question": result.question.text,
                       "type": result.question.kind, "row": row.group, "option": row.label, "count": row.count,
                       "mean_position": row.mean_position}
