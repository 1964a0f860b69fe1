"""The datastore table as an Excel workbook (openpyxl, already a dependency for reading uploads): Cyrillic,
numbers and dates arrive as Excel reads them, with no encoding question at all. Written in openpyxl's
write-only mode, row by row, so memory follows the file's size rather than a tree of cell objects."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's own limits: a longer text is cut there, and a bigger sheet is refused, so the dump stops at them.
MAX_ROWS = 1_048_575
MAX_TEXT = 32_767


def _value(sheet, value):
    if isinstance(value, str):
        if len(value) in (10, 19, 26) and value[:4].isdigit() and value[4:5] == "-":
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                return parsed.date() if len(value) == 10 else parsed.replace(tzinfo=None)
        if value.startswith("="):
            # A text that looks like a formula stays text: a downloaded table never computes anything.
            cell = WriteOnlyCell(sheet, value=value[:MAX_TEXT])
            cell.data_type = "s"
            return cell
        return value[:MAX_TEXT]
    return value


def xlsx_dump(query, names: list[str]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    bold = Font(bold=True)
    header = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for count, row in enumerate(query.stream(), start=1):
        if count > MAX_ROWS:
            break
        sheet.append([_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
