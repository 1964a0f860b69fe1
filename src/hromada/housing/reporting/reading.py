"""Turning an uploaded building list into numbered rows of text cells: CSV (comma, semicolon or tab; UTF-8 with or
without BOM, or Windows-1251, as many Ukrainian spreadsheets still save it) or XLSX (the first sheet).

Whatever cannot be read refuses the whole file with ValidationFailed on the "file" field before a row is used."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed
from hromada.core.uploads import OFFICE, content_type_of

XLSX = next(mime for mime, ext in OFFICE.items() if ext == ".xlsx")
# A zip that unpacks to far more than it weighs is a bomb, not a list of buildings.
XLSX_MAX_UNPACKED = 200 * 2**20
# Control characters other than tab and line ends: what a binary file or UTF-16 without a BOM reads as.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FIELD = "file"


@dataclass(frozen=True)
class Table:
    """The header's cells and, lazily, each data row as (row number as a spreadsheet shows it, cells)."""

    format: str  # "csv" or "xlsx"
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]


def refuse(message: str) -> ValidationFailed:
    return ValidationFailed(fields={FIELD: [message]})


def read_table(data: bytes, *, max_rows: int) -> Table:
    """The table in `data` (its type told by its content, never its name); more than `max_rows` data rows refuse
    the file when the reader reaches them."""
    if content_type_of(data) == XLSX:
        return _xlsx(data, max_rows)
    if data.startswith(b"PK\x03\x04"):
        raise refuse(_("Only CSV and XLSX files are accepted (save the sheet as XLSX or CSV)."))
    return _csv(decode(data), max_rows)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or else Windows-1251; a file that reads as neither is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1251")
            except UnicodeDecodeError:
                text = ""
    if not text or _CONTROL.search(text):
        raise refuse(_("The file is not text in UTF-8 or Windows-1251, nor an XLSX workbook."))
    return text


def _csv(text: str, max_rows: int) -> Table:
    # The header names columns, never holds a separator inside a name: its commonest separator is the file's
    # (a sniffer guessing from the data is misled by the commas inside addresses).
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count) if any(s in first_line for s in ";,\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise refuse(_("The CSV cannot be read: %(error)s") % {"error": exc}) from None
    if not header or not any(cell.strip() for cell in header):
        raise refuse(_("The file is empty: the first line must name the columns."))

    def rows() -> Iterator[tuple[int, list[str]]]:
        count = 0
        try:
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                count += 1
                if count > max_rows:
                    raise refuse(_("At most %(max)s rows per file.") % {"max": max_rows})
                yield reader.line_num, [cell.strip() for cell in cells]
        except csv.Error as exc:
            raise refuse(_("The CSV cannot be read after line %(line)s: %(error)s")
                         % {"line": reader.line_num, "error": exc}) from None

    return Table("csv", [cell.strip() for cell in header], rows())


def _xlsx(data: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > XLSX_MAX_UNPACKED:
            raise refuse(_("The workbook unpacks to more than %(mb)s MB.") % {"mb": XLSX_MAX_UNPACKED // 2**20})
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
    except ValidationFailed:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a damaged workbook
        raise refuse(_("The workbook cannot be read.")) from exc
    if not header or not any(cell_text(cell) for cell in header):
        raise refuse(_("The file is empty: the first row must name the columns."))

    def rows() -> Iterator[tuple[int, list[str]]]:
        count = 0
        try:
            for number, cells in enumerate(values, start=2):
                texts = [cell_text(cell) for cell in cells]
                if not any(texts):
                    continue
                count += 1
                if count > max_rows:
                    raise refuse(_("At most %(max)s rows per file.") % {"max": max_rows})
                yield number, texts
        except ValidationFailed:
            raise
        except Exception as exc:
            raise refuse(_("The workbook cannot be read.")) from exc
        finally:
            book.close()

    return Table("xlsx", [cell_text(cell) for cell in header], rows())


def cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold: whole numbers without ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
