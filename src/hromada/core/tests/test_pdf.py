"""The kernel's printable sheet, read back with pypdf: Cyrillic as text in an embedded DejaVu subset, numbered
pages, label and value fields, and tables whose headings repeat and whose rows stop at a limit."""

from __future__ import annotations

import io
import shutil

import pytest
from pypdf import PdfReader

from hromada.core.web import pdf as pdf_module
from hromada.core.web.pdf import Sheet


def _pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_cyrillic_prints_as_text_in_an_embedded_dejavu_subset():
    sheet = Sheet("Звіт про ремонт")
    sheet.paragraph("Громада: Їжак, Ґудзик і Євген — «лапки»", bold=True)
    sheet.paragraph("Звичайний текст", size=9, indent=8)
    data = sheet.to_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Звіт про ремонт" and reader.metadata.creator == "Hromada"
    assert "Громада: Їжак, Ґудзик і Євген — «лапки»" in _pages(data)[0] and "Звичайний текст" in _pages(data)[0]
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    names = set()
    for font in fonts:
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded, not named for the reader's machine to find
        names.add(str(font["/BaseFont"]))
    assert len(names) == 2 and all("DejaVuSans" in name for name in names)  # regular and bold


def test_every_page_is_numbered_out_of_the_total_unless_asked_not_to():
    sheet = Sheet("Довгий")
    for n in range(120):
        sheet.paragraph(f"Рядок {n}")
    pages = _pages(sheet.to_bytes())
    assert len(pages) >= 2
    assert all(f"{n}/{len(pages)}" in text for n, text in enumerate(pages, start=1))
    plain = Sheet("Без номерів", numbered=False)
    plain.paragraph("Один рядок")
    assert "1/1" not in _pages(plain.to_bytes())[0]


def test_landscape_is_wider_than_tall_and_portrait_the_other_way():
    wide = PdfReader(io.BytesIO(Sheet("L", landscape=True).to_bytes())).pages[0].mediabox
    tall = PdfReader(io.BytesIO(Sheet("P").to_bytes())).pages[0].mediabox
    assert wide.width > wide.height and tall.height > tall.width


def test_fields_leave_out_a_label_without_a_value():
    sheet = Sheet("Картка")
    sheet.fields([("Журнал", "Вхідні"), ("Кореспондент", ""), ("Файли", "лист.pdf\nдодаток.pdf")])
    text = _pages(sheet.to_bytes())[0]
    assert "Журнал" in text and "Вхідні" in text and "лист.pdf" in text and "додаток.pdf" in text
    assert "Кореспондент" not in text


def test_a_table_repeats_its_headings_and_ends_with_the_totals():
    sheet = Sheet("Таблиця", landscape=True)
    rows = ([f"Будинок {n}", str(n)] for n in range(1, 81))
    cut = sheet.data_table(("Адреса", "Роботи"), rows, col_widths=(100, 40), align=("LEFT", "RIGHT"),
                           totals=("Разом", "3240"))
    pages = _pages(sheet.to_bytes())
    assert cut is False and len(pages) >= 2
    assert all("Адреса" in text and "Роботи" in text for text in pages)
    assert "Будинок 80" in pages[-1] and "Разом 3240" in pages[-1]


def test_a_table_stops_at_its_limit_and_says_so_without_reading_the_rest():
    read = []

    def rows():
        for n in range(1, 1001):
            read.append(n)
            yield [f"Рядок {n}"]

    sheet = Sheet("Обрізана")
    cut = sheet.data_table(("Назва",), rows(), col_widths=(100,), align=("LEFT",), rows_max=5)
    text = " ".join(_pages(sheet.to_bytes()))
    assert cut is True and len(read) == 6  # one past the limit, to know there is more
    assert "Рядок 5" in text and "Рядок 6" not in text


def test_the_fonts_come_from_the_first_folder_that_has_both_faces(tmp_path, monkeypatch):
    empty, partial, spare = tmp_path / "empty", tmp_path / "partial", tmp_path / "spare"
    for folder in (empty, partial, spare):
        folder.mkdir()
    shipped = pdf_module.FONT_FOLDERS[0]
    shutil.copy(shipped / "DejaVuSans.ttf", partial / "DejaVuSans.ttf")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        shutil.copy(shipped / name, spare / name)
    monkeypatch.setattr(pdf_module, "FONT_FOLDERS", (empty, partial, spare))
    assert pdf_module.font_folder() == spare
    assert _pages(Sheet("Запасні шрифти").to_bytes()) == ["1/1"]
    monkeypatch.setattr(pdf_module, "FONT_FOLDERS", (empty, partial))
    with pytest.raises(RuntimeError, match="fonts-dejavu-core"):
        Sheet("Без шрифтів")
