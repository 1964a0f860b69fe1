"""Results computed in SQL (counts per option, matrix cells, mean ranks, scale and number histograms, filters by
another answer and by date), the CSV/XLSX exports (one row per response, no person) and the open-data rows
(aggregates only: no free text)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from conftest import make_member
from django.utils import timezone
from django.utils.translation import gettext

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.surveys import exports, results, selectors, services
from hromada.surveys.models import Kind

from . import factories as f

KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE, Kind.MATRIX, Kind.RANKING, Kind.NUMBER, Kind.LONG_TEXT, Kind.DATE)


def _answered(community, people=4):
    survey = f.survey(community)
    questions = [f.question(community, survey, kind, **({"min_value": 0, "max_value": 100} if kind == Kind.NUMBER
                                                         else {})) for kind in KINDS]
    services.survey_publish(actor=SYSTEM,
                            community=community, survey_id=survey.pk)
    by_kind = {q.kind: q for q in questions}
    for n in range(people):
        single, multiple = by_kind[Kind.SINGLE], by_kind[Kind.MULTIPLE]
        matrix, ranking = by_kind[Kind.MATRIX], by_kind[Kind.RANKING]
        answers = {
            f"q{single.pk}": f.options(single)[0 if n < 3 else 1],
            f"q{multiple.pk}": f.options(multiple)[:2] if n % 2 else f.options(multiple)[1:],
            f"q{by_kind[Kind.SCALE].pk}": 1 + n % 5,
            f"q{matrix.pk}": {str(r): f.options(matrix)[0] for r in f.rows(matrix)},
            f"q{ranking.pk}": f.options(ranking),
            f"q{by_kind[Kind.NUMBER].pk}": 10 * n,
            f"q{by_kind[Kind.LONG_TEXT].pk}": f"Думка {n}",
            f"q{by_kind[Kind.DATE].pk}": (date(2026, 1, 1) + timedelta(days=n)).isoformat(),
        }
        services.response_submit(actor=make_member(community, Role.RESIDENT), community=community,
                                 survey_id=survey.pk, answers=answers)
    survey.refresh_from_db()
    return survey, by_kind


def _by_kind(rows):
    return {r.question.kind: r for r in rows}


def test_aggregates_per_question_type(community):
    survey, q = _answered(community)
    got = _by_kind(results.survey_results(survey=survey))
    assert [(b.label, b.count) for b in got[Kind.SINGLE].rows] == [("Один", 3), ("Два", 1), ("Три", 0)]
    assert got[Kind.SINGLE].answered == 4 and got[Kind.SINGLE].rows[0].percent == 75.0
    assert [(b.label, b.count) for b in got[Kind.MULTIPLE].rows] == [("Один", 2), ("Два", 4), ("Три", 2)]
    assert got[Kind.MULTIPLE].answered == 4
    assert [b.count for b in got[Kind.SCALE].rows] == [1, 1, 1, 1, 0]
    assert got[Kind.SCALE].stats["mean"] == 2.5
    assert [(row, [b.count for b in bars]) for row, bars in got[Kind.MATRIX].matrix] == [
        ("Рядок А", [4, 0, 0]), ("Рядок Б", [4, 0, 0])]
    assert [(b.label, b.mean_position) for b in got[Kind.RANKING].rows] == [("Один", 1.0), ("Два", 2.0),
                                                                             ("Три", 3.0)]
    assert sum(b.count for b in got[Kind.NUMBER].rows) == 4 and got[Kind.NUMBER].stats["high"] == 30
    assert got[Kind.LONG_TEXT].texts == ["Думка 3", "Думка 2", "Думка 1", "Думка 0"]
    assert got[Kind.DATE].stats["first"] == date(2026, 1, 1)


def test_filters_by_another_answer_and_by_date(community):
    survey, q = _answered(community)
    chosen = results.Filters(question_id=q[Kind.SINGLE].pk, choice_id=f.options(q[Kind.SINGLE])[1])
    got = _by_kind(results.survey_results(survey=survey, filters=chosen))
    assert got[Kind.SINGLE].answered == 1 and got[Kind.SCALE].rows[3].count == 1
    tomorrow = timezone.localdate() + timedelta(days=2)
    assert _by_kind(results.survey_results(survey=survey, filters=results.Filters(since=tomorrow)))[
        Kind.SINGLE].answered == 0


def test_results_take_a_fixed_number_of_queries(community, django_assert_max_num_queries):
    survey, _q = _answered(community, people=2)
    with django_assert_max_num_queries(12):
        results._compute(survey, results.Filters())
    _more, _ = _answered(community, people=6)
    with django_assert_max_num_queries(12):
        results._compute(_more, results.Filters())


def test_the_csv_export_has_a_row_per_response_and_no_person(community):
    survey, q = _answered(community, people=3)
    text = "".join(exports.csv_chunks(survey)).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4 and rows[0][0] == gettext("Response")
    assert rows[0][2] == q[Kind.SINGLE].text and len(rows[0]) == 2 + len(KINDS) + 1  # the matrix has two rows
    assert rows[1][2] == "Один" and "Думка 0" in rows[1]
    assert not any("@" in cell for row in rows for cell in row)


def test_the_xlsx_export_opens_with_the_same_rows(community):
    from openpyxl import load_workbook

    survey, _q = _answered(community, people=2)
    target = io.BytesIO()
    exports.xlsx_file(survey, target)
    target.seek(0)
    sheet = load_workbook(target, read_only=True).active
    assert len(list(sheet.iter_rows(values_only=True))) == 3


def test_a_formula_in_a_text_answer_stays_text(community):
    survey, (question,) = f.published(community, kinds=(Kind.SHORT_TEXT,))
    services.response_submit(actor=make_member(community, Role.RESIDENT), community=community, survey_id=survey.pk,
                             answers={f"q{question.pk}": "=HYPERLINK(\"x\")"})
    assert list(exports.export_rows(survey))[1][2].startswith("'=")


def test_open_data_rows_are_aggregates_without_texts(community):
    survey, q = _answered(community, people=2)
    rows = list(selectors.survey_open_data_rows(community))
    assert rows and {row["survey_id"] for row in rows} == {survey.pk}
    assert not any("Думка" in str(value) for row in rows for value in row.values())
    hidden = f.survey(community, results_public=False)
    assert hidden.pk not in {row["survey_id"] for row in selectors.survey_open_data_rows(community)}
