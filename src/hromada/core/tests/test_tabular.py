"""The one table reader: encodings, separators, row numbers, blank and overlong rows, limits, XLSX cells, and every
unreadable file refused on the caller's field with a reason, never an exception of another kind."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from django.utils import translation
from openpyxl import Workbook

from hromada.core import tabular
from hromada.core.errors import ValidationFailed
from hromada.core.tabular import Row, TableRefused


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes, **kwargs) -> tuple[str, list[str], list[Row]]:
    table = tabular.read_table(data, **kwargs)
    return table.format, table.header, list(table.rows)


def refusal(call, *args, **kwargs) -> tuple[str, str]:
    with pytest.raises(TableRefused) as refused:
        result = call(*args, **kwargs)
        list(result.rows)
    assert isinstance(refused.value, ValidationFailed)
    (field, reasons), = refused.value.fields.items()
    return field, reasons[0]


TEXT = "Назва;Адреса\nЛіцей № 1;вул. Миру, 1\n"


@pytest.mark.parametrize("data", [TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.encode("cp1251"),
                                  TEXT.encode("utf-16")])
def test_every_encoding_ukrainian_files_come_in_reads_the_same(data):
    assert read(data) == ("csv", ["Назва", "Адреса"], [(2, ["Ліцей № 1", "вул. Миру, 1"])])


def test_utf8_only_callers_refuse_windows_1251_and_binary_files():
    assert tabular.decode(TEXT.encode("utf-8-sig"), windows_1251=False) == TEXT
    for data in (TEXT.encode("cp1251"), b"\x00\x01binary" * 20):
        assert refusal(tabular.decode, data, windows_1251=False, field="statement") == (
            "statement", "The file is not UTF-8 text.")
    assert "UTF-8 or Windows-1251" in refusal(tabular.read_table, TEXT.encode("utf-16-le"))[1]
    assert "UTF-8 or Windows-1251" in refusal(tabular.decode, b"\x00\x01\x02binary\xff")[1]


@pytest.mark.parametrize(("text", "cells"), [
    ("a,b\n1,\"x; y\"\n", ["1", "x; y"]),
    ("a;b\n1;вул. Миру, 1\n", ["1", "вул. Миру, 1"]),
    ("a\tb\n1\tx, y\n", ["1", "x, y"]),
    ("\"a;b\",c\n1,2\n", ["1", "2"]),  # a separator inside a quoted header name is not counted
    ("a\n1\n", ["1"]),
])
def test_the_separator_is_told_by_the_header(text, cells):
    assert list(tabular.read_csv(text).rows) == [(2, cells)]


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    text = "a,b\n1,2\n\n , \n\"two\nlines\",3\n4,5\n"
    assert list(tabular.read_csv(text).rows) == [(2, ["1", "2"]), (5, ["two\nlines", "3"]), (6, ["4", "5"])]


def test_overlong_rows_keep_what_they_hold_and_blank_padding_is_dropped():
    rows = list(tabular.read_csv("a,b\n1,2,,\n1,2,x\n1\n").rows)
    assert [row.cells for row in rows] == [["1", "2"], ["1", "2", "x"], ["1"]]
    assert rows[2].cell(1) == ""


def test_the_header_is_stripped_of_spaces_and_byte_order_marks():
    assert tabular.read_csv("\ufeff Name ; Lat\n").header == ["Name", "Lat"]


def test_strip_false_keeps_cells_as_written():
    assert list(tabular.read_csv("a,b\n x ,y\n", strip=False).rows) == [(2, [" x ", "y"])]


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\nx\n", b" ; \n1;2\n"])
def test_a_file_without_a_header_is_refused(data):
    assert refusal(tabular.read_table, data)[1].startswith("The file is empty")


def test_too_many_rows_are_refused_when_the_reader_reaches_them():
    table = tabular.read_csv("a\n1\n\n2\n3\n", max_rows=2, field="statement")
    assert next(table.rows) == (2, ["1"])
    assert refusal(lambda: table) == ("statement", "At most 2 rows per file.")
    assert len(list(tabular.read_csv("a\n1\n\n2\n", max_rows=2).rows)) == 2


def test_a_broken_csv_names_its_line():
    big = "a\n" + "x" * (10 * 2**20 + 1) + "\n"
    field, reason = refusal(tabular.read_csv, big)
    assert field == "file" and reason.startswith("The CSV cannot be read after line")


def test_size_limit_is_said_in_megabytes():
    tabular.check_size(b"x" * 2**20, max_bytes=2**20)
    assert refusal(tabular.check_size, b"x" * (2**20 + 1), max_bytes=2**20, field="statement") == (
        "statement", "The file is larger than 1 MB.")


def test_xlsx_cells_read_as_a_csv_would_hold_them():
    data = xlsx([["Назва", "Рік", "Площа", "Дата", None], [None, None, None, None],
                 ["Ліцей", 1975.0, 12.5, datetime(2024, 3, 5), None], ["Парк", True, 7, date(2024, 3, 6), None]])
    assert read(data) == ("xlsx", ["Назва", "Рік", "Площа", "Дата", ""],
                          [(3, ["Ліцей", "1975", "12.5", "2024-03-05", ""]), (4, ["Парк", "1", "7", "2024-03-06", ""])])


def test_xlsx_cells_may_stay_typed():
    table = tabular.read_xlsx(xlsx([["a", "b"], [0, datetime(2024, 3, 5, 10, 15)]]), cell=lambda v: v)
    assert list(table.rows) == [(2, [0, datetime(2024, 3, 5, 10, 15)])]


def test_xlsx_row_limit_and_empty_sheet():
    assert refusal(tabular.read_table, xlsx([["a"], [1], [2]]), max_rows=1)[1] == "At most 1 rows per file."
    assert refusal(tabular.read_table, xlsx([]))[1] == "The file is empty: the first row must name the columns."


def test_damaged_workbooks_other_zips_and_bombs_are_refused():
    assert refusal(tabular.read_xlsx, b"PK\x03\x04broken") == ("file", "The workbook cannot be read.")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "Only CSV and XLSX" in refusal(tabular.read_table, out.getvalue())[1]
    bomb = xlsx([["a"], ["x" * 5000]])
    assert "unpacks to more than" in refusal(tabular.read_xlsx, bomb, max_unpacked=1000)[1]
