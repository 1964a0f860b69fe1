"""The work report as a PDF table (fpdf2), in the reader's language, Cyrillic printed with DejaVu Sans embedded as a
subset: the font files docflow ships (ADR 0016), or Debian's fonts-dejavu-core where docflow is not installed."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from .reports import ReportRow

FONT = "DejaVu"
FONT_FOLDERS = (Path(__file__).resolve().parents[2] / "docflow" / "fonts", Path("/usr/share/fonts/truetype/dejavu"))
PDF_ROWS_MAX = 2_000  # a longer report is cut with a note pointing to the CSV


def money(value: Decimal | None) -> str:
    """12 345,60: the Ukrainian grouping with a narrow no-break space, two decimals."""
    text = f"{value or Decimal('0'):,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


def report_pdf(*, title: str, subtitle: str, community_name: str, group_label: str, rows: Iterable[ReportRow],
               totals: ReportRow) -> bytes:
    fonts = next((f for f in FONT_FOLDERS if (f / "DejaVuSans.ttf").is_file() and (f / "DejaVuSans-Bold.ttf").is_file()),
                 None)
    if fonts is None:
        raise RuntimeError("DejaVu Sans is needed to print Cyrillic: install fonts-dejavu-core")
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator("Hromada")
    pdf.set_lang("uk")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, 14)
    pdf.add_page()
    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, community_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, f"{subtitle}\n{_('Made')}: {timezone.localtime():%d.%m.%Y %H:%M}",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    headings = (group_label, _("Works"), _("Planned"), _("Done"), _("Cancelled"), _("Cost planned, UAH"),
                _("Cost actual, UAH"), _("Difference, UAH"))
    cut = False
    with pdf.table(col_widths=(78, 18, 20, 18, 20, 40, 40, 39), text_align=("LEFT",) + ("RIGHT",) * 7,
                   line_height=5.5, headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
                   repeat_headings=1) as table:
        pdf.set_font(FONT, "", 8.5)
        table.row(headings)
        for number, row in enumerate(rows, start=1):
            if number > PDF_ROWS_MAX:
                cut = True
                break
            table.row(_cells(row))
        pdf.set_font(FONT, "B", 8.5)
        table.row(_cells(totals))
    if cut:
        pdf.ln(2)
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(0, 5, _("Only the first %(n)s rows are printed; the CSV has them all. The totals count every "
                               "work.") % {"n": PDF_ROWS_MAX})
    return bytes(pdf.output())


def _cells(row: ReportRow) -> tuple[str, ...]:
    return (row.label, str(row.works), str(row.planned), str(row.done), str(row.cancelled), money(row.cost_planned),
            money(row.cost_actual), money(row.difference))
