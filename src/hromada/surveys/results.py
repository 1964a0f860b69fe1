"""A survey's results: counts per option, matrix cross-tabs, mean ranking positions, histograms of numbers and scales,
date ranges; text answers a page at a time; optional filters (an answer to another question, a date range).

Unfiltered results read the survey's running tally (tally.py: a few dozen rows, however many responses); filtered
ones are GROUP BYs over the matching answers in SQL (the tally cannot know which responses match)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from hromada.core.calendar.working_days import KYIV

from .models import Answer, Kind, Question, Response, Survey
from .selectors import survey_questions
from .tally import (
    HISTOGRAM_BUCKETS,
    Aggregates,
    answers_aggregates,
    bucket_counts,
    bucket_width,
    fixed_bounds,
    tally_aggregates,
)

TEXT_PREVIEW = 5


@dataclass
class Bar:
    label: str
    count: int
    percent: float = 0.0
    group: str = ""
    mean_position: float | None = None


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[Bar] = field(default_factory=list)  # options, scale values, histogram buckets, matrix cells
    matrix: list[tuple[str, list[Bar]]] = field(default_factory=list)  # (row label, a bar per column)
    stats: dict = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)

    @property
    def is_ranking(self) -> bool:
        return self.question.kind == Kind.RANKING


@dataclass(frozen=True)
class Filters:
    question_id: int | None = None
    choice_id: int | None = None
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.choice_id or self.since or self.until)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=KYIV)


def matching_response_ids(survey: Survey, filters: Filters) -> QuerySet:
    """The ids of the survey's responses that match the filters, as a subquery: by an answer, read from the index
    (survey, question, choice, response) alone; by dates, from (survey, submitted_at). Scoped to the survey, so a
    question or choice of another survey matches nothing."""
    dates: dict = {}
    if filters.since:
        dates["submitted_at__gte"] = _day_start(filters.since)
    if filters.until:
        dates["submitted_at__lt"] = _day_start(filters.until + timedelta(days=1))
    if filters.choice_id:
        return Answer.objects.filter(
            survey=survey, question_id=filters.question_id, choice_id=filters.choice_id,
            **{f"response__{k}": v for k, v in dates.items()}).values("response_id")
    return Response.objects.filter(survey=survey, **dates).values("pk")


def _answers(survey: Survey, filters: Filters) -> QuerySet[Answer]:
    """The answers of the matching responses: the matching ids first, then their answers by the index that starts
    with the response (ADR 0036: one GROUP BY over those, never a join per aggregate)."""
    if filters.active:
        return Answer.objects.filter(response_id__in=matching_response_ids(survey, filters))
    return Answer.objects.filter(survey=survey)


def survey_results(*, survey: Survey, filters: Filters | None = None) -> list[QuestionResult]:
    filters = filters or Filters()
    questions = survey_questions(survey)
    answers = _answers(survey, filters)
    agg = answers_aggregates(questions, answers) if filters.active else tally_aggregates(survey)
    results = [_result(question, agg) for question in questions]
    _histograms(answers, agg, [r for r in results if r.question.kind == Kind.NUMBER])
    _previews(survey, filters, [r for r in results if r.question.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT)])
    return results


def _result(question: Question, agg: Aggregates) -> QuestionResult:
    result = QuestionResult(question, answered=agg.answered.get(question.pk, 0))
    base = result.answered or 1
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING):
        for option in question.options:
            cell = agg.cells.get((question.pk, None, option.pk))
            count = cell.count if cell else 0
            position = round(cell.total / cell.count, 2) if cell and cell.count and question.kind == Kind.RANKING \
                else None
            result.rows.append(Bar(option.label, count, round(100 * count / base, 1), mean_position=position))
        if question.kind == Kind.RANKING:
            result.rows.sort(key=lambda bar: (bar.mean_position is None, bar.mean_position or 0))
    elif question.kind == Kind.MATRIX:
        for row in question.rows:
            bars = [Bar(column.label, getattr(agg.cells.get((question.pk, row.pk, column.pk)), "count", 0),
                        group=row.label) for column in question.options]
            total = sum(bar.count for bar in bars) or 1
            for bar in bars:
                bar.percent = round(100 * bar.count / total, 1)
            result.matrix.append((row.label, bars))
            result.rows.extend(bars)
    elif question.kind == Kind.SCALE:
        for value in range(1, (question.max_value or 5) + 1):
            count = agg.scale.get((question.pk, value), 0)
            result.rows.append(Bar(str(value), count, round(100 * count / base, 1)))
    stats = agg.stats.get(question.pk)
    if stats is not None and question.kind in (Kind.NUMBER, Kind.SCALE, Kind.DATE):
        mean = stats.total / stats.count if stats.count and stats.low is not None else None
        result.stats = {k: v for k, v in (("low", stats.low), ("high", stats.high), ("mean", mean),
                                          ("first", stats.first), ("last", stats.last)) if v is not None}
    return result


def _histograms(answers: QuerySet[Answer], agg: Aggregates, results: list[QuestionResult]) -> None:
    """Ten equal buckets: between a number question's bounds when it has both (counted in the aggregates), else
    between the lowest and highest value given (one GROUP BY over the question's answers)."""
    for result in results:
        bounds = fixed_bounds(result.question)
        if bounds:
            low, high = bounds
            counts = {n: agg.buckets.get((result.question.pk, n), 0) for n in range(HISTOGRAM_BUCKETS)}
        else:
            low, high = result.stats.get("low"), result.stats.get("high")
            if low is None or high is None:
                continue
            counts = dict(bucket_counts(answers, result.question, low, high))
        width = bucket_width(low, high)
        base = result.answered or 1
        for n in range(HISTOGRAM_BUCKETS):
            count = counts.get(n, 0)
            start = low + n * width
            label = f"{_short(start)}–{_short(start + width)}"
            result.rows.append(Bar(label, count, round(100 * count / base, 1)))


def _short(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 or abs(value) >= 100 else f"{value:.1f}"


def _previews(survey: Survey, filters: Filters, results: list[QuestionResult]) -> None:
    for result in results:
        result.texts = list(text_answers(survey=survey, question=result.question, filters=filters)[:TEXT_PREVIEW])


def text_answers(*, survey: Survey, question: Question, filters: Filters | None = None) -> QuerySet:
    """A question's text answers, newest first (paginate the queryset)."""
    # Every stored text answer has a text (answers.py), so no condition on it: with one, PostgreSQL misjudged how
    # many rows match and sorted the question's 20,000 texts (570 ms) instead of walking an index (0.2 ms).
    return (_answers(survey, filters or Filters()).filter(question=question, choice__isnull=True)
            .order_by("-response_id").values_list("text", flat=True))
