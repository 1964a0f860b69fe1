"""The kernel's streamed CSV: what a spreadsheet or a CSV reader gets back (mark, header, quoted cells), the rows
read only while the response is sent, the text handed on in bounded chunks, and the attachment's name."""

from __future__ import annotations

import csv
import io

from hromada.core.web import csvstream
from hromada.core.web.csvstream import csv_lines, csv_response

AWKWARD = ["Їжак, Ґудзик", 'лапки "так"', "два\nрядки", "", 12, None, "=1+1"]


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_response_is_an_attachment_with_a_mark_a_header_and_rows_that_parse_back():
    response = csv_response([AWKWARD, ["друге", 2]], header=["назва", "кількість"], filename="journal-7.csv")
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="journal-7.csv"'
    body = _body(response)
    assert body.startswith("\ufeffназва,кількість\r\n")
    table = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"), newline="")))
    assert table == [["назва", "кількість"], ["Їжак, Ґудзик", 'лапки "так"', "два\nрядки", "", "12", "", "'=1+1"],
                     ["друге", "2"]]


def test_a_text_a_spreadsheet_would_run_stays_text_and_numbers_stay_numbers():
    formulas = ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    body = _body(csv_response([[*formulas, -5, 2.5, "a=b", "'quoted"]], filename="x.csv"))
    row = next(csv.reader(io.StringIO(body.removeprefix("\ufeff"), newline="")))
    assert row == ["'" + f for f in formulas] + ["-5", "2.5", "a=b", "'quoted"]


def test_open_data_dumps_keep_every_value_as_published():
    assert _body(csv_response([["=1+1", "-3"]], filename="5.csv", bom=False, formulas_as_text=False)) == "=1+1,-3\r\n"


def test_no_mark_tabs_and_bare_newlines_for_machine_readers():
    response = csv_response(iter([["a b", "c\td"]]), header=["x", "y"], filename="5.tsv", bom=False, delimiter="\t",
                            lineterminator="\n", content_type="text/tab-separated-values; charset=utf-8")
    assert response["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    assert _body(response) == 'x\ty\na b\t"c\td"\n'


def test_nothing_is_read_before_the_response_is_sent():
    read = []

    def rows():
        for n in range(3):
            read.append(n)
            yield [n]

    response = csv_response(rows(), filename="lazy.csv")
    assert read == []
    assert _body(response) == "\ufeff0\r\n1\r\n2\r\n" and read == [0, 1, 2]


def test_the_text_is_handed_on_in_bounded_chunks_that_join_to_the_whole(monkeypatch):
    monkeypatch.setattr(csvstream, "CHUNK_CHARS", 100)
    rows = [[f"рядок {n}", "х" * 20] for n in range(50)]
    chunks = list(csv_lines(rows, header=["назва", "значення"]))
    expected = io.StringIO()
    expected.write("\ufeff")
    csv.writer(expected).writerows([["назва", "значення"], *rows])
    assert "".join(chunks) == expected.getvalue()
    assert len(chunks) > 5 and all(len(chunk) < 100 + 40 for chunk in chunks)  # a chunk is at most one row over
    assert all(chunk.endswith("\r\n") for chunk in chunks)  # never a row cut in two


def test_an_empty_export_is_the_mark_and_the_header_or_nothing():
    assert list(csv_lines([], header=["a"])) == ["\ufeffa\r\n"]
    assert list(csv_lines([], bom=False)) == []


def test_a_filename_outside_ascii_is_sent_encoded():
    disposition = csv_response([], filename="звіт.csv")["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''%D0%B7%D0%B2%D1%96%D1%82.csv" in disposition
