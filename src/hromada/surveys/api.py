"""The JSON API of Surveys and polls at /c/<community>/api/v1/surveys/: the list, one survey with its questions,
submitting a response, and the aggregated results. Handlers parse, call a service or selector and render."""


from datetime import date, datetime
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate

from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.ratelimit import RateKey
from hromada.core.api.schemas import ERROR_RESPONSES, MAX_ID, StrictSchema
from hromada.core.errors import NotFound

from . import policies, results, selectors, services
from .models import Audience
from .models import Status as SurveyStatus

router = Router()

Scalar = Annotated[str, Field(max_length=5000)] | int | float | bool | None
AnswerValue = Scalar | Annotated[list[Scalar], Field(max_length=60)] | Annotated[dict[str, Scalar], Field(
    max_length=60)]


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    status: str
    quick: bool
    audience: str
    anonymous: bool
    one_per_person: bool
    opens_at: datetime | None
    closes_at: datetime | None
    response_count: int
    results_public: bool


class ChoiceOut(Schema):
    id: int
    label: str


class QuestionOut(Schema):
    id: int
    field: str = Field(description='The key of this question\'s answer in a submission: "q<id>".')
    section: str | None
    kind: str
    text: str
    help_text: str
    required: bool
    min_value: int | None
    max_value: int | None
    options: list[ChoiceOut]
    rows: list[ChoiceOut]
    shown_when_question: int | None
    shown_when_choice: int | None


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]


class ResponseIn(StrictSchema):
    answers: Annotated[dict[str, AnswerValue], Field(max_length=250, description=(
        'Answers by question field ("q<id>"): an option id (single), a list of option ids (multiple; ranking in '
        'order, first = 1), {"<row id>": <column id>} (matrix), a number (number, scale), a text, or '
        '"YYYY-MM-DD" (date). File questions are answered on the web form.'))]
    location: Annotated[list[float], Field(min_length=2, max_length=2)] | None = Field(
        None, description="[lat, lon] of where the person lives, for a survey of one area's residents.")


class ResponseOut(Schema):
    survey: int
    received_on: date


class BarOut(Schema):
    label: str
    group: str
    count: int
    percent: float
    mean_position: float | None


class ResultOut(Schema):
    question: int
    text: str
    kind: str
    answered: int
    bars: list[BarOut]
    low: float | None = None
    high: float | None = None
    mean: float | None = None


class ResultsOut(Schema):
    survey: int
    responses: int
    results: list[ResultOut]


class ResultsFilter(Schema):
    question: int | None = Field(None, ge=1, le=MAX_ID, description="Only responses that chose `choice` here.")
    choice: int | None = Field(None, ge=1, le=MAX_ID)
    since: date | None = None
    until: date | None = None


def _survey(survey) -> dict:
    return {name: getattr(survey, name) for name in SurveyOut.model_fields}


@router.get("/", response={200: list[SurveyOut], **ERROR_RESPONSES}, summary="Published surveys and polls")
@paginate(PageNumber)
def survey_list(request, status: SurveyStatus | None = None, quick: bool | None = None):
    return [_survey(s) for s in selectors.survey_list(actor=request.user, community=require_community(request),
                                                      status=status, quick=quick)]


@router.get("/{int:survey_id}", response={200: SurveyDetailOut, **ERROR_RESPONSES},
            summary="One survey with its questions")
def survey_detail(request, survey_id: int):
    survey = selectors.survey_get(actor=request.user, community=require_community(request), survey_id=survey_id)
    sections = {s.pk: s.title for s in survey.sections.all()}
    questions = [{"id": q.pk, "field": f"q{q.pk}", "section": sections.get(q.section_id), "kind": q.kind,
                  "text": q.text, "help_text": q.help_text, "required": q.required, "min_value": q.min_value,
                  "max_value": q.max_value, "options": [{"id": c.pk, "label": c.label} for c in q.options],
                  "rows": [{"id": c.pk, "label": c.label} for c in q.rows],
                  "shown_when_question": q.condition_question_id, "shown_when_choice": q.condition_choice_id}
                 for q in selectors.survey_questions(survey)]
    return {**_survey(survey), "questions": questions}


@router.post("/{int:survey_id}/responses", response={201: ResponseOut, **ERROR_RESPONSES},
             summary="Answer a survey (one response per person when the survey says so)")
def response_submit(request, survey_id: int, payload: ResponseIn):
    community = require_community(request)
    survey = selectors.survey_get(actor=request.user, community=community, survey_id=survey_id)
    if not request.user.is_authenticated and (survey.one_per_person or survey.audience != Audience.ANYONE):
        raise AuthenticationError()
    response = services.response_submit(actor=request.user, community=community, survey_id=survey.pk,
                                        answers=payload.answers, location=payload.location,
                                        caller=RateKey.from_request(request))
    return Status(201, {"survey": survey.pk, "received_on": response.submitted_at.date()})


@router.get("/{int:survey_id}/results", response={200: ResultsOut, **ERROR_RESPONSES},
            summary="Aggregated results: counts per option, matrix cells, mean ranks, histograms")
def survey_results(request, survey_id: int, filters: Query[ResultsFilter]):
    community = require_community(request)
    survey = selectors.survey_get(actor=request.user, community=community, survey_id=survey_id)
    if not policies.can_see_results(request.user, community, survey):
        raise NotFound()
    chosen = results.Filters(question_id=filters.question, choice_id=filters.choice if filters.question else None,
                             since=filters.since, until=filters.until)
    rows = results.survey_results(survey=survey, filters=chosen)
    return {"survey": survey.pk, "responses": survey.response_count, "results": [
        {"question": r.question.pk, "text": r.question.text, "kind": r.question.kind, "answered": r.answered,
         "bars": [{"label": b.label, "group": b.group, "count": b.count, "percent": b.percent,
                   "mean_position": b.mean_position} for b in r.rows],
         "low": r.stats.get("low"), "high": r.stats.get("high"), "mean": r.stats.get("mean")} for r in rows]}
