"""The running tally of a survey's results: the aggregates one response adds (response_submit upserts them in its
transaction), the aggregates of many responses computed in SQL (for filters and for a rebuild), and the one shape,
Aggregates, that both turn into and that the results page reads (ADR 0036)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Case, Count, F, FloatField, Max, Min, QuerySet, Sum, Value, When
from django.db.models.functions import Floor

from .models import Answer, Kind, Question, Survey, Tally

HISTOGRAM_BUCKETS = 10
MULTI_ROW_KINDS = frozenset({Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING})


@dataclass
class Stats:
    count: int = 0
    total: float = 0.0
    low: float | None = None
    high: float | None = None
    first: date | None = None
    last: date | None = None

    def add(self, *, count: int = 0, total: float = 0.0, low=None, high=None, first=None, last=None) -> None:
        self.count += count
        self.total += total
        self.low = low if self.low is None or (low is not None and low < self.low) else self.low
        self.high = high if self.high is None or (high is not None and high > self.high) else self.high
        self.first = first if self.first is None or (first is not None and first < self.first) else self.first
        self.last = last if self.last is None or (last is not None and last > self.last) else self.last


@dataclass
class Aggregates:
    """Everything the results show but the text previews, keyed by question id."""

    answered: dict[int, int] = field(default_factory=dict)  # responses that answered the question
    cells: dict[tuple[int, int | None, int], Stats] = field(default_factory=dict)  # (question, row, choice)
    scale: dict[tuple[int, int], int] = field(default_factory=dict)  # (question, value)
    stats: dict[int, Stats] = field(default_factory=dict)  # numbers (sum, lowest, highest) and dates
    buckets: dict[tuple[int, int], int] = field(default_factory=dict)  # (question, bucket) of bounded numbers


def fixed_bounds(question: Question) -> tuple[float, float] | None:
    """A number question with both bounds has fixed histogram buckets (the tally keeps them); questions are frozen
    once answered, so the bounds cannot move under the counts."""
    if question.kind != Kind.NUMBER or question.min_value is None or question.max_value is None:
        return None
    if question.max_value <= question.min_value:
        return None
    return float(question.min_value), float(question.max_value)


def bucket_width(low: float, high: float) -> float:
    return (high - low) / HISTOGRAM_BUCKETS or 1.0


def bucket_of(value: float, low: float, width: float) -> int:
    """The same arithmetic as the SQL Floor((number - low) / width) below; the highest value is in the last bucket."""
    return max(0, min(int(math.floor((value - low) / width)), HISTOGRAM_BUCKETS - 1))


# --- one response -------------------------------------------------------------------------------------------------

def response_aggregates(questions: dict[int, Question], cleaned: dict) -> Aggregates:
    """What one response adds: `cleaned` is answers.clean_answers' {question id: Cleaned}."""
    agg = Aggregates()
    for question_id, result in cleaned.items():
        question = questions[question_id]
        agg.answered[question_id] = 1
        bounds = fixed_bounds(question)
        for choice_id, row_id, number, _text, day in result.values:
            if choice_id is not None:
                agg.cells.setdefault((question_id, row_id, choice_id), Stats()).add(count=1, total=number or 0.0)
            elif number is not None:
                agg.stats.setdefault(question_id, Stats()).add(count=1, total=number, low=number, high=number)
                if question.kind == Kind.SCALE:
                    agg.scale[(question_id, int(number))] = 1
                if bounds:
                    slot = bucket_of(number, bounds[0], bucket_width(*bounds))
                    agg.buckets[(question_id, slot)] = 1
            elif day is not None:
                agg.stats.setdefault(question_id, Stats()).add(first=day, last=day)
    return agg


# --- many responses, in SQL ---------------------------------------------------------------------------------------

def answers_aggregates(questions: list[Question], answers: QuerySet[Answer]) -> Aggregates:
    """The aggregates of a set of answers in two passes in the database (never the answers in Python): one GROUP BY
    of every answer by (question, row, choice, key), the key being a scale's value or a bounded number's histogram
    bucket; and, for the kinds with several rows an answer, how many distinct responses answered each question."""
    agg = Aggregates()
    kinds = {q.pk: q.kind for q in questions}
    keyed = [When(question_id=q.pk, then=F("number")) for q in questions if q.kind == Kind.SCALE]
    for question in questions:
        bounds = fixed_bounds(question)
        if bounds:
            keyed.append(When(question_id=question.pk, then=Floor((F("number") - bounds[0]) / bucket_width(*bounds))))
    key = Case(*keyed, default=Value(None), output_field=FloatField()) if keyed else Value(None, FloatField())
    valued = {pk for pk, kind in kinds.items() if kind in (Kind.NUMBER, Kind.SCALE, Kind.DATE)}
    for row in (answers.annotate(key=key).values("question_id", "row_id", "choice_id", "key")
                .annotate(n=Count("*"), values=Count("number"), total=Sum("number"), low=Min("number"),
                          high=Max("number"), first=Min("date"), last=Max("date")).order_by()):
        question_id, count = row["question_id"], row["n"]
        agg.answered[question_id] = agg.answered.get(question_id, 0) + count
        if row["choice_id"] is not None:
            agg.cells[(question_id, row["row_id"], row["choice_id"])] = Stats(count=count, total=row["total"] or 0.0)
            continue
        if question_id in valued:
            agg.stats.setdefault(question_id, Stats()).add(count=row["values"], total=row["total"] or 0.0,
                                                           low=row["low"], high=row["high"], first=row["first"],
                                                           last=row["last"])
        if row["key"] is None or row["low"] is None:
            continue
        if kinds.get(question_id) == Kind.SCALE:
            agg.scale[(question_id, int(row["key"]))] = count
        else:
            slot = (question_id, max(0, min(int(row["key"]), HISTOGRAM_BUCKETS - 1)))
            agg.buckets[slot] = agg.buckets.get(slot, 0) + count
    multi = [pk for pk, kind in kinds.items() if kind in MULTI_ROW_KINDS]
    if multi:
        agg.answered.update(answers.filter(question_id__in=multi).values_list("question_id")
                            .annotate(n=Count("response_id", distinct=True)).order_by())
    return agg


def bucket_counts(answers: QuerySet[Answer], question: Question, low: float, high: float) -> Iterable[tuple[int, int]]:
    """Histogram buckets of a number question between low and high, counted by one GROUP BY."""
    width = bucket_width(low, high)
    counts: dict[int, int] = {}
    for bucket, count in (answers.filter(question=question, number__isnull=False)
                          .annotate(bucket=Floor((F("number") - low) / width)).values_list("bucket")
                          .annotate(n=Count("*")).order_by()):
        slot = max(0, min(int(bucket), HISTOGRAM_BUCKETS - 1))
        counts[slot] = counts.get(slot, 0) + count
    return counts.items()


# --- the tally rows -----------------------------------------------------------------------------------------------

Row = tuple[int, str, int, float, float | None, float | None, date | None, date | None]


def tally_rows(agg: Aggregates) -> list[Row]:
    """(question, slot, count, total, low, high, first, last), sorted, so that concurrent upserts lock their rows
    in the same order (no deadlock on PostgreSQL)."""
    rows: dict[tuple[int, str], Row] = {}
    for question_id in agg.answered.keys() | agg.stats.keys():
        s = agg.stats.get(question_id) or Stats()
        rows[(question_id, "")] = (question_id, "", agg.answered.get(question_id, 0), s.total, s.low, s.high,
                                   s.first, s.last)
    for (question_id, row_id, choice_id), s in agg.cells.items():
        slot = f"c{choice_id}r{row_id}" if row_id else f"c{choice_id}"
        rows[(question_id, slot)] = (question_id, slot, s.count, s.total, None, None, None, None)
    for (question_id, value), count in agg.scale.items():
        rows[(question_id, f"s{value}")] = (question_id, f"s{value}", count, 0.0, None, None, None, None)
    for (question_id, n), count in agg.buckets.items():
        rows[(question_id, f"b{n}")] = (question_id, f"b{n}", count, 0.0, None, None, None, None)
    return [rows[key] for key in sorted(rows)]


def _slot(slot: str) -> tuple[str, int, int | None]:
    kind, rest = slot[0], slot[1:]
    if kind == "c" and "r" in rest:
        choice, row = rest.split("r", 1)
        return kind, int(choice), int(row)
    return kind, int(rest), None


def tally_aggregates(survey: Survey) -> Aggregates:
    """The survey's tally read back as Aggregates: one query, a row per question and slot."""
    agg = Aggregates()
    for question_id, slot, count, total, low, high, first, last in (
            Tally.objects.filter(survey=survey).values_list("question_id", "slot", "count", "total", "low", "high",
                                                            "first_day", "last_day")):
        if not slot:
            agg.answered[question_id] = count
            agg.stats[question_id] = Stats(count=count, total=total, low=low, high=high, first=first, last=last)
            continue
        kind, key, row = _slot(slot)
        if kind == "c":
            agg.cells[(question_id, row, key)] = Stats(count=count, total=total)
        elif kind == "s":
            agg.scale[(question_id, key)] = count
        else:
            agg.buckets[(question_id, key)] = count
    return agg


def tally_add(survey: Survey, agg: Aggregates) -> None:
    """Add one response's aggregates to the tally: one INSERT ... ON CONFLICT DO UPDATE that adds to the stored
    counts in the database (no read-modify-write in Python, so no update is lost whatever runs beside it)."""
    rows = tally_rows(agg)
    if not rows:
        return
    table = Tally._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list = []
    for row in rows:
        params.extend((survey.community_id, survey.pk, *row))
    # The table name comes from the model, never from input; every value is a parameter.
    sql = (f"INSERT INTO {table} (community_id, survey_id, question_id, slot, count, total, low, high, first_day, last_day) "  # noqa: S608
           f"VALUES {values} ON CONFLICT (question_id, slot) DO UPDATE SET "
           f"count = {table}.count + excluded.count, total = {table}.total + excluded.total, "
           f"low = CASE WHEN {table}.low IS NULL OR excluded.low < {table}.low THEN excluded.low ELSE {table}.low END, "
           f"high = CASE WHEN {table}.high IS NULL OR excluded.high > {table}.high THEN excluded.high "
           f"ELSE {table}.high END, "
           f"first_day = CASE WHEN {table}.first_day IS NULL OR excluded.first_day < {table}.first_day THEN excluded.first_day "
           f"ELSE {table}.first_day END, "
           f"last_day = CASE WHEN {table}.last_day IS NULL OR excluded.last_day > {table}.last_day THEN excluded.last_day "
           f"ELSE {table}.last_day END")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def tally_replace(survey: Survey, agg: Aggregates) -> int:
    """Replace the survey's tally with these aggregates (the rebuild); the number of rows written."""
    Tally.objects.filter(survey=survey).delete()
    rows = [Tally(community_id=survey.community_id, survey=survey, question_id=question_id, slot=slot, count=count,
                  total=total, low=low, high=high, first_day=first, last_day=last)
            for question_id, slot, count, total, low, high, first, last in tally_rows(agg)]
    Tally.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def tally_rebuild(survey_id: int) -> int:
    """Recount one survey's tally from its answers, with the survey's row locked so that no response is added
    half-way (a response takes that lock first); the rows written. Policy, audit and SQLite's write gate:
    survey_tally_rebuild."""
    from django.db import transaction

    from .selectors import survey_questions

    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey_id)
        agg = answers_aggregates(survey_questions(survey), Answer.objects.filter(survey=survey))
        return tally_replace(survey, agg)
