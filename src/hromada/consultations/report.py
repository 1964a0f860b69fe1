"""The final report of a consultation as a PDF: the draft paragraph by paragraph, every proposal with its support
count and the department's answer, hidden ones by their reason, and the counts. Ukrainian: it is a record."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from . import selectors

FAMILY = "DejaVu"
# DejaVu Sans covers Cyrillic; the package ships it beside the document workflow (ADR 0016), and Debian installs it
# with fonts-dejavu-core: the first folder that has both faces is used, so the report prints without docflow too.
FONT_FOLDERS = (Path(__file__).resolve().parent.parent / "docflow" / "fonts", Path("/usr/share/fonts/truetype/dejavu"))


def _font_folder() -> Path:
    for folder in FONT_FOLDERS:
        if (folder / "DejaVuSans.ttf").is_file() and (folder / "DejaVuSans-Bold.ttf").is_file():
            return folder
    raise RuntimeError("DejaVu Sans is needed to print Cyrillic: install fonts-dejavu-core")


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        folder = _font_folder()
        self.add_font(FAMILY, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 15, 15)
        self.set_auto_page_break(True, 15)
        self.set_title(title)
        self.set_creator("Hromada")
        self.set_lang("uk")
        self.add_page()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")

    def text_block(self, text: str, *, size: float = 10.5, bold: bool = False, indent: float = 0, gap: float = 1.5):
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)


def _proposal_lines(proposal) -> tuple[str, str]:
    head = f"№ {proposal.pk} · {proposal.get_kind_display()} · {_('supports')}: {proposal.support_count}"
    if proposal.is_hidden:
        return head, _("Hidden by the moderator. Reason: %(reason)s") % {"reason": proposal.hidden_reason}
    answer = proposal.get_answer_display() or _("no answer")
    reason = f" — {proposal.answer_reason}" if proposal.answer_reason else ""
    return head, f"{proposal.text}\n{_('Answer')}: {answer}{reason}"


def report_pdf(*, community, consultation) -> bytes:
    """The report as PDF bytes, in Ukrainian whatever the reader's language."""
    with translation.override("uk"):
        counts = selectors.report_counts(consultation=consultation)
        pdf = _Report(consultation.title)
        pdf.text_block(str(community.name), size=10)
        pdf.text_block(_("Report on the e-consultation"), size=12, bold=True)
        pdf.text_block(consultation.title, size=14, bold=True, gap=3)
        published = consultation.report_published_at or timezone.now()
        facts = [
            (_("Kind"), consultation.get_kind_display()),
            (_("Responsible department"), consultation.department.name if consultation.department else "—"),
            (_("Period"), f"{timezone.localtime(consultation.opens_at):%d.%m.%Y} – "
                          f"{timezone.localtime(consultation.closes_at):%d.%m.%Y}"),
            (_("Report published"), f"{timezone.localtime(published):%d.%m.%Y}"),
            (pgettext("consultation", "Proposals"), str(counts["proposals"])),
            (_("Accepted"), str(counts["accepted"])), (_("Partly accepted"), str(counts["partly"])),
            (_("Rejected"), str(counts["rejected"])), (_("Hidden by moderators"), str(counts["hidden"])),
            (_("Participants who made proposals"), str(counts["authors"])), (_("Supports"), str(counts["supports"])),
        ]
        for label, value in facts:
            pdf.text_block(f"{label}: {value}", size=10, gap=0.5)
        pdf.ln(3)
        if consultation.report_summary:
            pdf.text_block(_("Summary of the results"), size=12, bold=True)
            pdf.text_block(consultation.report_summary, gap=3)
        pdf.text_block(_("The draft and the proposals"), size=12, bold=True, gap=2)
        for block in selectors.text_with_proposals(community=community, consultation=consultation):
            paragraph = block["paragraph"]
            if paragraph is not None:
                pdf.text_block(f"{paragraph.number}. {paragraph.text}", gap=1)
            for proposal in block["proposals"]:
                head, body = _proposal_lines(proposal)
                pdf.text_block(head, size=9, bold=True, indent=8, gap=0.3)
                pdf.text_block(body, size=9.5, indent=8, gap=1.5)
            for proposal in block["new_after"]:
                head, body = _proposal_lines(proposal)
                pdf.text_block(_("New paragraph proposed after paragraph %(n)s") % {"n": block["number"]}, size=9,
                               bold=True, indent=8, gap=0.3)
                pdf.text_block(head, size=9, bold=True, indent=8, gap=0.3)
                pdf.text_block(body, size=9.5, indent=8, gap=1.5)
            pdf.ln(1)
        return bytes(pdf.output())
