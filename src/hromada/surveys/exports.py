"""A survey's responses as rows for CSV and XLSX: one row per response, one column per question (one per matrix
row), read a chunk of responses at a time, so 100,000 responses stream in constant memory.

No person is ever in a row: the response number, its day and the answers; a file answer says only that a file
was attached (the files are read one by one by staff in the back office)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from hromada.core.web.csvstream import csv_lines, spreadsheet_text

from .models import Answer, Kind, Question, Response, Survey
from .selectors import survey_questions

CHUNK = 2000  # responses at a time: about 66,000 answer rows of a 20-question survey


def _columns(questions: list[Question]) -> list[tuple[int, int | None, str]]:
    columns = []
    for question in questions:
        if question.kind == Kind.MATRIX:
            columns.extend((question.pk, row.pk, f"{question.text}: {row.label}") for row in question.rows)
        else:
            columns.append((question.pk, None, question.text))
    return columns


def export_rows(survey: Survey, progress: Callable[[int], None] | None = None) -> Iterator[list[Any]]:
    """The header, then a row per response in submission order: the responses a chunk at a time (by id), each
    chunk's answers by one range query on the answers' response index, so no query sorts the whole survey.
    `progress`, if given, is told how many responses have been read before each chunk's rows are yielded."""
    questions = survey_questions(survey)
    columns = _columns(questions)
    index = {(question_id, row_id): n for n, (question_id, row_id, _label) in enumerate(columns)}
    labels = {choice.pk: choice.label for q in questions for choice in (*q.options, *q.rows)}
    matrices = {q.pk for q in questions if q.kind == Kind.MATRIX}
    yield [_("Response"), _("Submitted"), *(label for _q, _r, label in columns)]
    number, after = 0, 0
    while True:
        chunk = list(Response.objects.filter(survey=survey, pk__gt=after).order_by("pk")
                     .values_list("pk", "submitted_at")[:CHUNK])
        if not chunk:
            return
        after = chunk[-1][0]
        values: dict[int, list[list[str]]] = {pk: [[] for _c in columns] for pk, _when in chunk}
        answers = (Answer.objects.filter(survey=survey, response_id__gte=chunk[0][0], response_id__lte=after)
                   .order_by("response_id", "question_id", "number", "pk")
                   .values_list("response_id", "question_id", "row_id", "choice_id", "number", "text", "date", "file"))
        for response_id, question_id, row_id, choice_id, value, text, day, file in answers:
            slot = index.get((question_id, row_id if question_id in matrices else None))
            cells = values.get(response_id)
            if slot is None or cells is None:
                continue
            cells[slot].append(_cell(labels, choice_id, value, text, day, file))
        if progress is not None:
            progress(number + len(chunk))
        for pk, when in chunk:
            number += 1
            yield [number, when.date().isoformat(), *("; ".join(v) for v in values[pk])]


def _cell(labels: dict[int, str], choice_id, value, text, day, file) -> str:
    if choice_id is not None:
        return labels.get(choice_id, "")
    if value is not None:
        return f"{value:g}"
    if day is not None:
        return day.isoformat()
    if file:
        return _("file attached")
    return spreadsheet_text(text)  # the workbook too keeps a formula-like answer as text


def csv_chunks(survey: Survey) -> Iterator[str]:
    return csv_lines(export_rows(survey))  # with the byte-order mark spreadsheet programs need for Ukrainian


def xlsx_file(survey: Survey, target, progress: Callable[[int], None] | None = None) -> None:
    """Write the workbook into `target` (a file object) in openpyxl's write-only mode (rows are not kept)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Responses")[:31])
    for row in export_rows(survey, progress):
        sheet.append([_illegal_free(value) for value in row])
    workbook.save(target)


def _illegal_free(value):
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
