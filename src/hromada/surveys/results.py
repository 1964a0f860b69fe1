"""A survey's results, aggregated in SQL: counts per option, matrix cross-tabs, mean ranking positions, histograms of
numbers and scales, date ranges; text answers a page at a time; optional filters (an answer to another question, a
date range). Unfiltered results are computed at most once a minute per survey and its settings (RESULTS_FRESH_SECONDS):
at 100,000 responses the computation takes seconds on SQLite, and a results page is read far more often than the
counts change (docs/performance.md, "Surveys (issue 18)")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef, QuerySet
from django.db.models.functions import Floor

from hromada.core.calendar.working_days import KYIV

from .models import Answer, Kind, Question, Response, Survey
from .selectors import survey_questions

HISTOGRAM_BUCKETS = 10
TEXT_PREVIEW = 5
RESULTS_FRESH_SECONDS = 60


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


def filtered_responses(survey: Survey, filters: Filters) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey)
    if filters.since:
        responses = responses.filter(submitted_at__gte=_day_start(filters.since))
    if filters.until:
        responses = responses.filter(submitted_at__lt=_day_start(filters.until + timedelta(days=1)))
    if filters.choice_id:
        responses = responses.filter(Exists(Answer.objects.filter(
            response=OuterRef("pk"), question_id=filters.question_id, choice_id=filters.choice_id)))
    return responses


def _answers(survey: Survey, filters: Filters) -> QuerySet[Answer]:
    answers = Answer.objects.filter(survey=survey)
    if filters.active:
        answers = answers.filter(response__in=filtered_responses(survey, filters).values("pk"))
    return answers


def survey_results(*, survey: Survey, filters: Filters | None = None) -> list[QuestionResult]:
    filters = filters or Filters()
    if filters.active:
        return _compute(survey, filters)
    # A closed survey's results no longer change; an open one's are at most a minute old.
    fresh = None if survey.status == "closed" else RESULTS_FRESH_SECONDS
    key = f"surveys:results:{survey.pk}:{survey.status}:{survey.updated_at.timestamp()}"
    results = cache.get(key)
    if results is None:
        results = _compute(survey, filters)
        cache.set(key, results, fresh)
    return results


def _compute(survey: Survey, filters: Filters) -> list[QuestionResult]:
    questions = survey_questions(survey)
    results = {q.pk: QuestionResult(q) for q in questions}
    answers = _answers(survey, filters)
    kinds = {q.pk: q.kind for q in questions}
    # 1. Every chosen option, matrix cell and ranked option: one GROUP BY.
    cells: dict[tuple[int, int | None, int], tuple[int, float | None]] = {}
    for question_id, row_id, choice_id, count, position in (
            answers.filter(choice__isnull=False).values_list("question_id", "row_id", "choice_id")
            .annotate(n=Count("*"), position=Avg("number")).order_by()):
        cells[(question_id, row_id, choice_id)] = (count, position)
    # 2. Who answered each question (a multiple or matrix answer has several rows per response).
    multi = [pk for pk, kind in kinds.items() if kind in (Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING)]
    answered = dict(answers.values_list("question_id").annotate(n=Count("response_id", distinct=True))
                    .filter(question_id__in=multi).order_by()) if multi else {}
    single = dict(answers.exclude(question_id__in=multi).values_list("question_id").annotate(n=Count("*"))
                  .order_by())
    # 3. Scale values and number statistics.
    scale_ids = [pk for pk, kind in kinds.items() if kind == Kind.SCALE]
    scale_counts: dict[tuple[int, float], int] = {}
    if scale_ids:
        for question_id, value, count in (answers.filter(question_id__in=scale_ids).values_list("question_id", "number")
                                          .annotate(n=Count("*")).order_by()):
            scale_counts[(question_id, value)] = count
    number_ids = [pk for pk, kind in kinds.items() if kind in (Kind.NUMBER, Kind.SCALE, Kind.DATE)]
    stats = {row["question_id"]: row for row in answers.filter(question_id__in=number_ids).values("question_id")
             .annotate(low=Min("number"), high=Max("number"), mean=Avg("number"), first=Min("date"),
                       last=Max("date")).order_by()} if number_ids else {}
    for question in questions:
        result = results[question.pk]
        result.answered = answered.get(question.pk, single.get(question.pk, 0))
        base = result.answered or 1
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING):
            for option in question.options:
                count, position = cells.get((question.pk, None, option.pk), (0, None))
                result.rows.append(Bar(option.label, count, round(100 * count / base, 1),
                                       mean_position=round(position, 2) if position is not None else None))
            if question.kind == Kind.RANKING:
                result.rows.sort(key=lambda bar: (bar.mean_position is None, bar.mean_position or 0))
        elif question.kind == Kind.MATRIX:
            for row in question.rows:
                bars = [Bar(column.label, cells.get((question.pk, row.pk, column.pk), (0, None))[0], group=row.label)
                        for column in question.options]
                total = sum(bar.count for bar in bars) or 1
                for bar in bars:
                    bar.percent = round(100 * bar.count / total, 1)
                result.matrix.append((row.label, bars))
                result.rows.extend(bars)
        elif question.kind == Kind.SCALE:
            for value in range(1, (question.max_value or 5) + 1):
                count = scale_counts.get((question.pk, float(value)), 0)
                result.rows.append(Bar(str(value), count, round(100 * count / base, 1)))
        if question.pk in stats:
            row = stats[question.pk]
            result.stats = {k: row[k] for k in ("low", "high", "mean", "first", "last") if row[k] is not None}
    _histograms(answers, [results[pk] for pk, kind in kinds.items() if kind == Kind.NUMBER])
    _previews(survey, filters, [results[pk] for pk, kind in kinds.items()
                                if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT)])
    return [results[q.pk] for q in questions]


def _histograms(answers: QuerySet[Answer], results: list[QuestionResult]) -> None:
    """Ten equal buckets between the lowest and highest value, counted by one GROUP BY per number question."""
    for result in results:
        low, high = result.stats.get("low"), result.stats.get("high")
        if low is None or high is None:
            continue
        width = (high - low) / HISTOGRAM_BUCKETS or 1.0
        counts: dict[int, int] = {}
        for bucket, count in (answers.filter(question=result.question, number__isnull=False)
                              .annotate(bucket=Floor((F("number") - low) / width)).values_list("bucket")
                              .annotate(n=Count("*")).order_by()):
            # The highest value itself falls in the last bucket.
            slot = min(int(bucket), HISTOGRAM_BUCKETS - 1)
            counts[slot] = counts.get(slot, 0) + count
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
    return (_answers(survey, filters or Filters()).filter(question=question).exclude(text="")
            .order_by("-response_id").values_list("text", flat=True))
