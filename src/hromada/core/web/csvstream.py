"""CSV downloads streamed row by row: any iterable of rows (a query's iterator will do) becomes a response in
constant memory, with a byte-order mark so that spreadsheet programs read Cyrillic as UTF-8 (ADR 0044).

Rows are written into a small buffer that is handed on once it holds about CHUNK_CHARS characters: a chunk per row
would cost the server and the gzip middleware one write per line of a 100,000-line export.

A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return) is
written with a leading apostrophe, so a resident's "=HYPERLINK(...)" in a petition signer's name or a survey answer
stays text on the official's computer. Open data's dumps opt out (`formulas_as_text=False`): they are read by
programs, and a value there must be the value that was published."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

BOM = "\ufeff"
CHUNK_CHARS = 32 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> Any:
    """`value`, but a text that starts like a formula gets a leading apostrophe (numbers and dates pass as they are)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_lines(rows: Iterable[Iterable[Any]], *, header: Iterable[Any] | None = None, bom: bool = True,
              delimiter: str = ",", lineterminator: str = "\r\n", formulas_as_text: bool = True) -> Iterator[str]:
    """The text of the CSV in chunks: the mark (if `bom`), the header (if given), then the rows, read lazily; with
    `formulas_as_text`, every cell through `spreadsheet_text`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    if bom:
        buffer.write(BOM)
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_text(cell) for cell in row] if formulas_as_text else row)
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def csv_response(rows: Iterable[Iterable[Any]], *, filename: str, header: Iterable[Any] | None = None,
                 bom: bool = True, delimiter: str = ",", lineterminator: str = "\r\n", formulas_as_text: bool = True,
                 content_type: str = "text/csv; charset=utf-8") -> StreamingHttpResponse:
    """The rows as a streamed attachment named `filename`. Nothing is read before the response is sent, so the
    caller checks permissions and input first and hands over rows that cannot fail half-way for a reason of its own."""
    response = StreamingHttpResponse(csv_lines(rows, header=header, bom=bom, delimiter=delimiter,
                                               lineterminator=lineterminator, formulas_as_text=formulas_as_text), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
