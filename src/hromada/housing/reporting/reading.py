"""Turning an uploaded building list into numbered rows of text cells, by the kernel's table reader: CSV (comma,
semicolon or tab; UTF-8 with or without BOM, or Windows-1251, as many Ukrainian spreadsheets still save it) or XLSX.

Whatever cannot be read refuses the whole file with ValidationFailed on the "file" field before a row is used."""

from __future__ import annotations

from hromada.core import tabular
from hromada.core.errors import ValidationFailed

FIELD = "file"
Table = tabular.Table


def refuse(message: str) -> ValidationFailed:
    return ValidationFailed(fields={FIELD: [message]})


def read_table(data: bytes, *, max_rows: int) -> Table:
    """The table in `data` (its type told by its content, never its name); more than `max_rows` data rows refuse
    the file when the reader reaches them."""
    return tabular.read_table(data, max_rows=max_rows, field=FIELD)
