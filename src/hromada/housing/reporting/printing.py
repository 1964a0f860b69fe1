"""The work report as a PDF table in the reader's language, on the kernel's sheet (hromada.core.web.pdf: fpdf2,
DejaVu Sans embedded so Cyrillic prints anywhere, ADR 0044): landscape A4, headings repeated on every page."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core.web.pdf import Sheet

from .reports import ReportRow

PDF_ROWS_MAX = 2_000  # a longer report is cut with a note pointing to the CSV


def money(value: Decimal | None) -> str:
    """12 345,60: the Ukrainian grouping with a narrow no-break space, two decimals."""
    text = f"{value or Decimal('0'):,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


def report_pdf(*, title: str, subtitle: str, community_name: str, group_label: str, rows: Iterable[ReportRow],
               totals: ReportRow) -> bytes:
    pdf = Sheet(title, landscape=True, margins=(12, 12, 12), bottom=14, lang=translation.get_language() or "uk")
    pdf.paragraph(community_name, size=9, gap=0)
    pdf.paragraph(title, size=14, bold=True, gap=0)
    pdf.paragraph(f"{subtitle}\n{_('Made')}: {timezone.localtime():%d.%m.%Y %H:%M}", size=9, gap=3)
    headings = (group_label, _("Works"), _("Planned"), _("Done"), _("Cancelled"), _("Cost planned, UAH"),
                _("Cost actual, UAH"), _("Difference, UAH"))
    cut = pdf.data_table(headings, (_cells(row) for row in rows), col_widths=(78, 18, 20, 18, 20, 40, 40, 39),
                         align=("LEFT",) + ("RIGHT",) * 7, totals=_cells(totals), rows_max=PDF_ROWS_MAX)
    if cut:
        pdf.ln(2)
        pdf.paragraph(_("Only the first %(n)s rows are printed; the CSV has them all. The totals count every "
                        "work.") % {"n": PDF_ROWS_MAX}, size=9, gap=0)
    return pdf.to_bytes()


def _cells(row: ReportRow) -> tuple[str, ...]:
    return (row.label, str(row.works), str(row.planned), str(row.done), str(row.cancelled), money(row.cost_planned),
            money(row.cost_actual), money(row.difference))
