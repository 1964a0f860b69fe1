"""The one reader of uploaded tables: CSV (UTF-8 with or without BOM, Windows-1251 where the caller allows it;
comma, semicolon or tab) and XLSX (the first sheet), read as a header and numbered rows of text cells.

What the columns mean, and what a wrong row is, stays with each capability; a file that cannot be read at all is
refused here with TableRefused, a ValidationFailed on the caller's field."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed
from hromada.core.uploads import OFFICE, content_type_of, max_mb

XLSX = next(mime for mime, ext in OFFICE.items() if ext == ".xlsx")
# A zip that unpacks to far more than it weighs is a bomb, not a table.
XLSX_MAX_UNPACKED = 200 * 2**20
# Control characters other than tab and line ends: what a binary file or UTF-16 without a BOM reads as.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SEPARATORS = ";,\t"  # on a tie the first wins: a semicolon file's addresses hold commas, never the reverse
# Council lists carry whole vote records in one cell; the csv module's default (128 KiB) refuses them. The limit is
# the csv module's global: set again by each read, since other libraries change it (frictionless lifts it entirely).
MAX_CELL = 10 * 2**20


class TableRefused(ValidationFailed):
    """The whole file cannot be read; `reason` says why, on the caller's `field`."""

    def __init__(self, reason: str, *, field: str = "file"):
        super().__init__(fields={field: [reason]})
        self.reason = reason
        self.field = field


class Row(NamedTuple):
    """A data row: its number as a spreadsheet shows it (the header is row 1) and its cells, stripped; cells past
    the header's last column are kept only when one of them holds something (a caller may refuse the row)."""

    number: int
    cells: list

    def cell(self, index: int) -> Any:
        return self.cells[index] if index < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    """The header's cells and, lazily, each non-blank data row; the row limit and a broken CSV raise
    TableRefused when the reader reaches them."""

    format: str  # "csv" or "xlsx"
    header: list[str]
    rows: Iterator[Row]

    @property
    def width(self) -> int:
        return len(self.header)


def check_size(data: bytes | str, *, max_bytes: int, field: str = "file") -> None:
    if len(data) > max_bytes:
        raise TableRefused(_("The file is larger than %(mb)s MB.") % {"mb": max_mb(max_bytes)}, field=field)


def decode(data: bytes | str, *, windows_1251: bool = True, field: str = "file", xlsx_too: bool = False) -> str:
    """The text of `data`: UTF-8 (a BOM is dropped), UTF-16 with its BOM, and Windows-1251 when allowed (as many
    Ukrainian spreadsheets still save it). Anything else, binary included, is refused."""
    if isinstance(data, str):
        text = data.lstrip("\ufeff")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = "\x00"  # refused below
            if windows_1251:
                try:
                    text = data.decode("cp1251")
                except UnicodeDecodeError:
                    pass
    if _CONTROL.search(text):
        if xlsx_too:
            raise TableRefused(_("The file is not text in UTF-8 or Windows-1251, nor an XLSX workbook."), field=field)
        if windows_1251:
            raise TableRefused(_("The file is not text in UTF-8 or Windows-1251."), field=field)
        raise TableRefused(_("The file is not UTF-8 text."), field=field)
    return text


def separator(text: str) -> str:
    """The separator of a CSV, told by its header: the header names columns and never holds a separator inside a
    name, while a sniffer guessing from the data is misled by the commas inside addresses. Quoted parts of the
    header do not count."""
    first_line = text.split("\n", 1)[0]
    outside = "".join(first_line.split('"')[::2])
    counts = {sep: outside.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=counts.__getitem__)
    return best if counts[best] else ","


def read_table(data: bytes, *, max_rows: int | None = None, field: str = "file",
               windows_1251: bool = True) -> Table:
    """The table in `data`, its kind told by its content, never its name: an XLSX workbook or a CSV."""
    if content_type_of(data) == XLSX:
        return read_xlsx(data, max_rows=max_rows, field=field)
    if data.startswith(b"PK\x03\x04"):
        raise TableRefused(_("Only CSV and XLSX files are accepted (save the sheet as XLSX or CSV)."), field=field)
    return read_csv(decode(data, windows_1251=windows_1251, field=field, xlsx_too=True), max_rows=max_rows,
                    field=field)


def _too_many(max_rows: int, field: str) -> TableRefused:
    return TableRefused(_("At most %(max)s rows per file.") % {"max": max_rows}, field=field)


def _trim(cells: list, width: int, blank: Callable[[Any], bool]) -> list:
    """Cells past the header's width are dropped when all are blank (spreadsheets pad rows with them)."""
    if len(cells) > width and all(blank(cell) for cell in cells[width:]):
        return cells[:width]
    return cells


def read_csv(text: str, *, max_rows: int | None = None, field: str = "file", delimiter: str | None = None,
             strip: bool = True) -> Table:
    """The table in decoded CSV `text`; the separator is told by the header unless given. `strip=False` keeps the
    cells as written (the datastore stores what was published)."""
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or separator(text))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise TableRefused(_("The CSV cannot be read: %(error)s") % {"error": exc}, field=field) from None
    if not header or not any(cell.strip() for cell in header):
        raise TableRefused(_("The file is empty: the first line must name the columns."), field=field)
    header = [cell.replace("\ufeff", "").strip() for cell in header]
    width = len(header)

    def rows() -> Iterator[Row]:
        count = 0
        # Records, not lines: a quoted cell holding a line break is one spreadsheet row.
        number = 1
        try:
            for cells in reader:
                number += 1
                if not any(cell.strip() for cell in cells):
                    continue
                count += 1
                if max_rows is not None and count > max_rows:
                    raise _too_many(max_rows, field)
                cells = _trim(cells, width, lambda cell: not cell.strip())
                yield Row(number, [cell.strip() for cell in cells] if strip else cells)
        except csv.Error as exc:
            raise TableRefused(_("The CSV cannot be read after line %(line)s: %(error)s")
                               % {"line": reader.line_num, "error": exc}, field=field) from None

    return Table("csv", header, rows())


def cell_text(value: Any) -> str:
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


def read_xlsx(data: bytes, *, max_rows: int | None = None, field: str = "file",
              cell: Callable[[Any], Any] = cell_text, max_unpacked: int | None = XLSX_MAX_UNPACKED) -> Table:
    """The first sheet of an XLSX workbook, read-only; each cell through `cell` (text by default). The header is
    always text. `max_unpacked=None` is for a workbook that was already opened whole once (a validated upload)."""
    from openpyxl import load_workbook

    unreadable = _("The workbook cannot be read.")
    book = None
    try:
        if max_unpacked is not None:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > max_unpacked:
                raise TableRefused(_("The workbook unpacks to more than %(mb)s MB.")
                                   % {"mb": max_mb(max_unpacked)}, field=field)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        values = book.worksheets[0].iter_rows(values_only=True)
        first = next(values, None)
    except TableRefused:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a damaged workbook
        if book is not None:
            book.close()
        raise TableRefused(unreadable, field=field) from exc
    if not first or not any(cell_text(value) for value in first):
        book.close()
        raise TableRefused(_("The file is empty: the first row must name the columns."), field=field)
    header = [cell_text(value) for value in first]
    width = len(header)

    def rows() -> Iterator[Row]:
        count = 0
        try:
            for number, values_of_row in enumerate(values, start=2):
                if all(cell_text(value) == "" for value in values_of_row):
                    continue
                count += 1
                if max_rows is not None and count > max_rows:
                    raise _too_many(max_rows, field)
                kept = _trim(list(values_of_row), width, lambda value: cell_text(value) == "")
                yield Row(number, [cell(value) for value in kept])
        except TableRefused:
            raise
        except Exception as exc:
            raise TableRefused(unreadable, field=field) from exc
        finally:
            book.close()

    return Table("xlsx", header, rows())
