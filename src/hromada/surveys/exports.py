"""A survey's responses as rows for CSV and XLSX: one row per response, one column per question (one per matrix
row), read in one ordered pass over the answers in chunks, so 100,000 responses stream in constant memory.

No person is ever in a row: the response number, its day and the answers; a file answer says only that a file
was attached (the files are read one by one by staff in the back office)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from .models import Answer, Kind, Question, Survey
from .selectors import survey_questions

CHUNK = 5000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _columns(questions: list[Question]) -> list[tuple[int, int | None, str]]:
    columns = []
    for question in questions:
        if question.kind == Kind.MATRIX:
            columns.extend((question.pk, row.pk, f"{question.text}: {row.label}") for row in question.rows)
        else:
            columns.append((question.pk, None, question.text))
    return columns


def export_rows(survey: Survey) -> Iterator[list[Any]]:
    """The header, then a row per response in submission order."""
    questions = survey_questions(survey)
    columns = _columns(questions)
    index = {(question_id, row_id): n for n, (question_id, row_id, _label) in enumerate(columns)}
    labels = {choice.pk: choice.label for q in questions for choice in (*q.options, *q.rows)}
    kinds = {q.pk: q.kind for q in questions}
    yield [_("Response"), _("Submitted"), *(label for _q, _r, label in columns)]
    answers = (Answer.objects.filter(survey=survey).order_by("response_id", "question_id", "number", "pk")
               .values_list("response_id", "response__submitted_at", "question_id", "row_id", "choice_id", "number",
                            "text", "date", "file"))
    current, submitted, values = None, None, [[] for _c in columns]
    number = 0
    for response_id, when, question_id, row_id, choice_id, value, text, day, file in answers.iterator(
            chunk_size=CHUNK):
        if response_id != current:
            if current is not None:
                number += 1
                yield [number, submitted, *("; ".join(v) for v in values)]
            current, submitted, values = response_id, when.date().isoformat(), [[] for _c in columns]
        slot = index.get((question_id, row_id if kinds.get(question_id) == Kind.MATRIX else None))
        if slot is None:
            continue
        if choice_id is not None:
            values[slot].append(labels.get(choice_id, ""))
        elif value is not None:
            values[slot].append(f"{value:g}")
        elif day is not None:
            values[slot].append(day.isoformat())
        elif file:
            values[slot].append(_("file attached"))
        else:
            values[slot].append(_safe(text))
    if current is not None:
        yield [number + 1, submitted, *("; ".join(v) for v in values)]


def _safe(text: str) -> str:
    """A text that a spreadsheet would run as a formula is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_chunks(survey: Survey) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read the Ukrainian text as UTF-8
    for row in export_rows(survey):
        yield writer.writerow(row)


def xlsx_file(survey: Survey, target) -> None:
    """Write the workbook into `target` (a file object) in openpyxl's write-only mode (rows are not kept)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Responses")[:31])
    for row in export_rows(survey):
        sheet.append([_illegal_free(value) for value in row])
    workbook.save(target)


def _illegal_free(value):
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
