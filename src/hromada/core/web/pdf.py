"""Printable PDFs for every capability: an A4 sheet with DejaVu Sans embedded as a subset, numbered pages,
paragraphs, label and value fields, and data tables whose headings repeat on every page (ADR 0016, ADR 0044).

fpdf2 is pure Python and the fonts ship in core/web/fonts, so Cyrillic prints the same on a fresh machine without
system fonts or pango. What a sheet says and in which language is the capability's business, not this module's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

FAMILY = "DejaVu"
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# The package ships both faces; a distribution that unbundles fonts from packages installs them with
# fonts-dejavu-core, so that folder is the fallback. The first folder holding both faces is used.
FONT_FOLDERS: tuple[Path, ...] = (Path(__file__).resolve().parent / "fonts", Path("/usr/share/fonts/truetype/dejavu"))
HEADINGS_FILL = (235, 235, 235)


def font_folder() -> Path:
    for folder in FONT_FOLDERS:
        if all((folder / name).is_file() for name in FACES.values()):
            return folder
    raise RuntimeError("DejaVu Sans is needed to print Cyrillic: install fonts-dejavu-core")


class Sheet(FPDF):
    """An A4 page in DejaVu Sans (regular and bold), titled, with "page/pages" at the foot of every page unless
    `numbered` is false. `margins` are left, top, right in millimetres; `bottom` is where a page breaks."""

    def __init__(self, title: str, *, landscape: bool = False, margins: tuple[float, float, float] = (20, 15, 15),
                 bottom: float = 15, numbered: bool = True, lang: str = "uk") -> None:
        super().__init__(orientation="L" if landscape else "P", format="A4")
        folder = font_folder()
        for style, name in FACES.items():
            self.add_font(FAMILY, style, str(folder / name))
        self.numbered = numbered
        self.set_margins(*margins)
        self.set_auto_page_break(True, bottom)
        self.set_title(title)
        self.set_creator("Hromada")
        self.set_lang(lang)
        self.add_page()

    def footer(self) -> None:
        if not self.numbered:
            return
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.cell(0, 5, f"{self.page_no()}/{self.str_alias_nb_pages}", align="R")

    def paragraph(self, text: str, *, size: float = 11, bold: bool = False, align: str = "L", indent: float = 0,
                  gap: float = 1) -> None:
        """`text` wrapped to the right margin (from `indent` mm past the left one), then `gap` mm of space."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def fields(self, rows: Iterable[tuple[str, str]], *, label_width: float = 62) -> None:
        """Label (bold) and value in two columns, long values wrapping under their own column; an empty value
        leaves its label out."""
        for label, value in rows:
            if not value:
                continue
            y = self.get_y()
            self.set_font(FAMILY, "B", 9.5)
            self.multi_cell(label_width, 5, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
            label_end = self.get_y() if self.get_y() > y else y + 5
            self.set_xy(self.l_margin + label_width, y)
            self.set_font(FAMILY, "", 10)
            self.multi_cell(0, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_y(max(self.get_y(), label_end) + 1.5)

    def data_table(self, headings: Sequence[str], rows: Iterable[Sequence[str]], *, col_widths: Sequence[float],
                   align: Sequence[str], size: float = 8.5, line_height: float = 5.5,
                   totals: Sequence[str] | None = None, rows_max: int | None = None) -> bool:
        """A table: the headings in bold on grey (repeated on every page), the rows as they come (read once, so a
        query's iterator will do), and `totals` in bold at the end. Rows past `rows_max` are not printed (one more is
        read, to know there are more); the answer says whether that happened, so the caller can say where the rest is."""
        cut = False
        with self.table(col_widths=tuple(col_widths), text_align=tuple(align), line_height=line_height,
                        headings_style=FontFace(emphasis="BOLD", fill_color=HEADINGS_FILL),
                        repeat_headings=1) as table:
            self.set_font(FAMILY, "", size)
            table.row(headings)
            for number, row in enumerate(rows, start=1):
                if rows_max is not None and number > rows_max:
                    cut = True
                    break
                table.row(row)
            if totals is not None:
                self.set_font(FAMILY, "B", size)
                table.row(totals)
        return cut

    def to_bytes(self) -> bytes:
        return bytes(self.output())
