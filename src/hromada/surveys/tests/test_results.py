"""Results computed in SQL (counts per option, matrix cells, mean ranks, scale and number histograms, filters by
another answer and by date), the CSV/XLSX exports (one row per response, no person) and the open-data rows
(aggregates only: no free text)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from conftest import make_member
from django.utils import timezone
from django.utils.translation import gettext

from hromada.core.identity.models import Role
from hromada.surveys import exports, results, selectors, services
from hromada.surveys.models import Kind

from . import factories as f

KINDS = f.KINDS


_answered = f.answered


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


@pytest.mark.parametrize("filtered", [False, True])
def test_results_take_a_fixed_number_of_queries(community, django_assert_max_num_queries, filtered):
    """From the tally (or, filtered, the GROUP BYs): the same number of queries whatever the responses."""
    survey, q = _answered(community, people=2)
    more, _ = _answered(community, people=6)
    for target in (survey, more):
        chosen = results.Filters(since=date(2020, 1, 1)) if filtered else results.Filters()
        with django_assert_max_num_queries(6 if not filtered else 12):
            results.survey_results(survey=target, filters=chosen)


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
