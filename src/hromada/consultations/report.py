"""The final report of a consultation as a PDF: the draft paragraph by paragraph, every proposal with its support
count and the department's answer, hidden ones by their reason, and the counts. Ukrainian: it is a record."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hromada.core.web.pdf import Sheet

from . import selectors

BODY = 10.5  # the draft and the summary; headings and proposals set their own sizes


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
        pdf = Sheet(consultation.title)
        pdf.paragraph(str(community.name), size=10, gap=1.5)
        pdf.paragraph(_("Report on the e-consultation"), size=12, bold=True, gap=1.5)
        pdf.paragraph(consultation.title, size=14, bold=True, gap=3)
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
            pdf.paragraph(f"{label}: {value}", size=10, gap=0.5)
        pdf.ln(3)
        if consultation.report_summary:
            pdf.paragraph(_("Summary of the results"), size=12, bold=True, gap=1.5)
            pdf.paragraph(consultation.report_summary, size=BODY, gap=3)
        pdf.paragraph(_("The draft and the proposals"), size=12, bold=True, gap=2)
        for block in selectors.text_with_proposals(community=community, consultation=consultation):
            paragraph = block["paragraph"]
            if paragraph is not None:
                pdf.paragraph(f"{paragraph.number}. {paragraph.text}", size=BODY, gap=1)
            for proposal in block["proposals"]:
                head, body = _proposal_lines(proposal)
                pdf.paragraph(head, size=9, bold=True, indent=8, gap=0.3)
                pdf.paragraph(body, size=9.5, indent=8, gap=1.5)
            for proposal in block["new_after"]:
                head, body = _proposal_lines(proposal)
                pdf.paragraph(_("New paragraph proposed after paragraph %(n)s") % {"n": block["number"]}, size=9,
                               bold=True, indent=8, gap=0.3)
                pdf.paragraph(head, size=9, bold=True, indent=8, gap=0.3)
                pdf.paragraph(body, size=9.5, indent=8, gap=1.5)
            pdf.ln(1)
        return pdf.to_bytes()
