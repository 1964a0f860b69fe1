"""Printable documents as PDF: a card's registration card and an outgoing letter on the community's letterhead.

The kernel's sheet (hromada.core.web.pdf: fpdf2, DejaVu Sans embedded, ADR 0016 and 0044) lays them out; the
texts are Ukrainian: these are records."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core.web.pdf import Sheet

from .models import Document, DocumentLink, Signature

TEXT_LETTER_MAX = 200_000  # bytes of a plain-text letter body printed at most


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def _files(document: Document) -> list[str]:
    lines = []
    for attachment in document.attachments.prefetch_related("versions").all():
        versions = list(attachment.versions.all())
        if versions:
            last = versions[0]
            lines.append(f"{attachment.title} (v{last.number}, {last.size} B, SHA-256 {last.sha256})")
    return lines


def _links(document: Document) -> list[str]:
    out = []
    for link in DocumentLink.objects.filter(from_document=document).select_related("to_document"):
        out.append(f"{link.get_kind_display()}: {link.to_document}")
    return out


def registration_card_pdf(document: Document) -> bytes:
    """The card with the requisites of the standard instruction, its files (with their SHA-256), links and
    resolutions, as the office files it on paper."""
    with translation.override("uk"):
        pdf = Sheet(_("Registration card %(index)s") % {"index": document.reg_index or _("(draft)")})
        pdf.paragraph(str(document.community.name_uk), size=10, align="C")
        pdf.paragraph(_("Registration card"), size=15, bold=True, align="C", gap=4)
        rows = [
            (_("Journal"), document.journal.title),
            (_("Registration index"), document.reg_index or _("not registered")),
            (_("Registration date"), _day(document.reg_date)),
            (_("Status"), document.get_status_display()),
            (_("Document kind"), document.get_kind_display()),
            (_("Correspondent"), document.correspondent),
            (_("Correspondent's index and date"), " ".join(
                p for p in (document.correspondent_index, _day(document.correspondent_date)) if p)),
            (_("Received"), _day(document.received_date)),
            (_("Summary"), document.summary),
            (_("Sheets"), f"{document.sheets} + {document.attachment_sheets}"),
            (_("Access restriction"), document.get_access_display()),
            (_("Case (file plan)"), str(document.case) if document.case_id else ""),
            (_("Responsible department"), document.department.name if document.department is not None else ""),
            (_("Control deadline"), _day(document.control_deadline) if document.under_control else ""),
            (_("Files"), "\n".join(_files(document))),
            (_("Links"), "\n".join(_links(document))),
            (_("Resolutions"), "\n".join(
                f"{r.text} — {r.main_executor.full_name or r.main_executor.email}, {_('due')} {_day(r.deadline)}"
                for r in document.resolutions.select_related("main_executor").order_by("pk"))),
        ]
        pdf.fields(rows)
        pdf.ln(4)
        pdf.paragraph(_("Printed %(when)s") % {"when": _moment(timezone.now())}, size=8)
        return pdf.to_bytes()


def _letter_text(document: Document) -> str:
    """The letter's own text: the newest version of its first plain-text file (the answer's draft)."""
    for attachment in document.attachments.prefetch_related("versions").all():
        versions = list(attachment.versions.all())
        if versions and versions[0].content_type == "text/plain":
            with versions[0].file.open("rb") as handle:
                return handle.read(TEXT_LETTER_MAX).decode("utf-8-sig", errors="replace").strip()
    return ""


def letter_pdf(document: Document, *, address: str = "") -> bytes:
    """An outgoing letter on the community's letterhead: index and date, the reply-to reference, the addressee
    and `address` (for post), the subject, the text, the files listed, and who signed it (with the SHA-256)."""
    community = document.community
    with translation.override("uk"):
        pdf = Sheet(_("Letter %(index)s") % {"index": document.reg_index or _("(draft)")})
        pdf.paragraph(str(community.name_uk).upper(), size=13, bold=True, align="C")
        contacts = ", ".join(p for p in (community.address, community.phone, community.email) if p)
        if contacts:
            pdf.paragraph(contacts, size=9, align="C")
        if community.edrpou:
            pdf.paragraph(_("EDRPOU code %(code)s") % {"code": community.edrpou}, size=9, align="C")
        pdf.ln(2)
        pdf.paragraph(_("No. %(index)s of %(date)s") % {"index": document.reg_index or "____",
                                                         "date": _day(document.reg_date) or "__.__.____"}, size=10)
        if document.correspondent_index:
            pdf.paragraph(_("To No. %(index)s of %(date)s") % {
                "index": document.correspondent_index, "date": _day(document.correspondent_date)}, size=10)
        pdf.ln(2)
        for line in (document.correspondent_org, document.correspondent_name, address):
            if line:
                pdf.paragraph(line, size=11, bold=line is document.correspondent_org, align="R", gap=0)
        pdf.ln(6)
        pdf.paragraph(document.summary, size=11, bold=True, gap=4)
        body = _letter_text(document)
        if body:
            pdf.paragraph(body, size=11, align="J", gap=6)
        files = [a.title for a in document.attachments.all()]
        if files:
            pdf.paragraph(_("Attachments: %(files)s.") % {"files": "; ".join(files)}, size=9, gap=6)
        for signature in Signature.objects.filter(route__document=document).select_related("signer", "version"):
            pdf.paragraph(_("Signed by %(who)s (%(kind)s) %(when)s; %(file)s, SHA-256 %(sha)s") % {
                "who": signature.signer.full_name or signature.signer.email, "kind": signature.get_kind_display(),
                "when": _moment(signature.signed_at), "file": signature.version.name, "sha": signature.sha256},
                size=8)
        return pdf.to_bytes()
