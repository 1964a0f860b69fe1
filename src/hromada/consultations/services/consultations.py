"""Writes of e-consultations on the consultation itself: create, change, delete, publish, close (by hand and when
its period ends) and its documents. Each asks its policy, validates, writes in one transaction and audits."""

from __future__ import annotations

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department
from hromada.core.tenancy.urls import community_path
from hromada.core.text import visible_length
from hromada.core.uploads import clean_document

from .. import policies, selectors
from ..models import (
    Consultation,
    Document,
    IdentityRule,
    Kind,
    Paragraph,
    Status,
)

TITLE_MAX = 200
SUMMARY_MAX = 2000
TEXT_MAX = 100_000
PARAGRAPH_MAX = 5000
PARAGRAPHS_MAX = 500
DOCUMENT_KINDS = frozenset({"pdf", "image", "office"})
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _now() -> datetime:
    return timezone.now()


def _url(community, consultation) -> str:
    return community_path(community, "consultations:detail", consultation.pk)


def _is_user(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _split_paragraphs(text: str) -> list[str]:
    """The draft as numbered paragraphs: markup dropped (the draft is stored and shown as plain text, escaped on
    output), line ends normalised, paragraphs separated by blank lines, spaces inside a paragraph collapsed."""
    plain = strip_tags((text or "").replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for block in _BLANK_LINES.split(plain):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        block = "\n".join(line for line in lines if line)
        if visible_length(block):
            paragraphs.append(block)
    return paragraphs


def _department(community, department_id) -> Department | None:
    if department_id in (None, ""):
        return None
    try:
        return Department.objects.get(pk=int(department_id), community=community)
    except (Department.DoesNotExist, TypeError, ValueError):
        raise ValidationFailed(fields={"department_id": [_("Choose a department of the community.")]}) from None


def _clean(community, *, title, kind, summary, opens_at, closes_at, required_identity_level) -> dict:
    errors: dict[str, list] = {}
    title, summary = (title or "").strip(), (summary or "").strip()
    if not visible_length(title):
        errors["title"] = [_("Give a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("At most %(max)s characters.") % {"max": TITLE_MAX}]
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a draft decision, a programme or a rule.")]
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = [_("At most %(max)s characters.") % {"max": SUMMARY_MAX}]
    for name, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        if not isinstance(value, datetime) or timezone.is_naive(value):
            errors[name] = [_("Give a date and time with a time zone.")]
    if "opens_at" not in errors and "closes_at" not in errors and closes_at <= opens_at:
        errors["closes_at"] = [_("The consultation must close after it opens.")]
    try:
        level = int(required_identity_level)
        if level not in IdentityRule.values:
            raise ValueError
    except (TypeError, ValueError):
        errors["required_identity_level"] = [_("Choose who may take part.")]
        level = 0
    if errors:
        raise ValidationFailed(fields=errors)
    return {"title": title, "kind": kind, "summary": summary, "opens_at": opens_at, "closes_at": closes_at,
            "required_identity_level": level}


def _clean_text(text: str) -> list[str]:
    if len(text or "") > TEXT_MAX:
        raise ValidationFailed(fields={"text": [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    paragraphs = _split_paragraphs(text)
    if not paragraphs:
        raise ValidationFailed(fields={"text": [_("Give the text of the draft: paragraphs separated by blank lines.")]})
    if len(paragraphs) > PARAGRAPHS_MAX:
        raise ValidationFailed(fields={"text": [_("At most %(max)s paragraphs.") % {"max": PARAGRAPHS_MAX}]})
    if any(len(p) > PARAGRAPH_MAX for p in paragraphs):
        raise ValidationFailed(fields={"text": [
            _("A paragraph can be at most %(max)s characters long: separate them with blank lines.")
            % {"max": PARAGRAPH_MAX}]})
    return paragraphs


def _write_paragraphs(community, consultation, paragraphs: list[str]) -> None:
    consultation.paragraphs.all().delete()
    Paragraph.objects.bulk_create([Paragraph(community=community, consultation=consultation, number=n, text=text)
                                   for n, text in enumerate(paragraphs, start=1)])


def _locked(community, consultation_id) -> Consultation:
    try:
        return Consultation.objects.select_for_update().get(community=community, pk=int(consultation_id))
    except (Consultation.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def _expect(consultation, *statuses) -> None:
    if consultation.status not in statuses:
        raise Conflict(_("This cannot be done while the consultation is “{status}”.").format(
            status=consultation.get_status_display()), code="wrong_status")


def _expect_open(consultation) -> None:
    _expect(consultation, Status.OPEN)
    now = _now()
    if now < consultation.opens_at:
        raise Conflict(_("The consultation has not opened yet."), code="not_open_yet")
    if now >= consultation.closes_at:
        raise Conflict(_("The consultation has closed."), code="closed")


@service
def consultation_create(*, actor, community, title: str, text: str, opens_at: datetime, closes_at: datetime,
                        kind: str = Kind.DECISION, summary: str = "", department_id: int | None = None,
                        required_identity_level: int = IdentityRule.EMAIL, source: str = "") -> Consultation:
    """A draft consultation; its text is split into numbered paragraphs now (and again on each change of a draft)."""
    department = _department(community, department_id)
    require(policies.can_create(actor, community, department.pk if department else None),
            _("Only the community's admins and the responsible department open consultations."))
    fields = _clean(community, title=title, kind=kind, summary=summary, opens_at=opens_at, closes_at=closes_at,
                    required_identity_level=required_identity_level)
    paragraphs = _clean_text(text)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            community=community, department=department, source=(source or "")[:100],
            search_text=f"{fields['title']}\n{fields['summary']}".casefold(),
            created_by=actor if _is_user(actor) else None, **fields)
        _write_paragraphs(community, consultation, paragraphs)
        audit_record(actor=actor, community=community, action="consultations.consultation.created",
                     target=consultation, data={"paragraphs": len(paragraphs), "source": consultation.source})
    return consultation


@service
def consultation_update(*, actor, community, consultation_id: int, title: str | None = None,
                        text: str | None = None, kind: str | None = None, summary: str | None = None,
                        opens_at: datetime | None = None, closes_at: datetime | None = None,
                        department_id: int | None = None, required_identity_level: int | None = None) -> Consultation:
    """A draft changes freely; an open consultation may only be renamed, resummarised or extended (its text and rules
    are what people comment on)."""
    with transaction.atomic():
        consultation = _locked(community, consultation_id)
        require(policies.can_manage(actor, community, consultation),
                _("Only the community's admins and the responsible department change a consultation."))
        _expect(consultation, Status.DRAFT, Status.OPEN)
        if consultation.status == Status.OPEN:
            frozen = {"text": text, "kind": kind, "opens_at": opens_at, "department_id": department_id,
                      "required_identity_level": required_identity_level}
            changed = [name for name, value in frozen.items() if value is not None]
            if changed:
                raise Conflict(_("An open consultation keeps its text, kind, opening and rules; only its title, "
                                 "summary and closing can change."), code="open_frozen",
                               fields={name: [_("Cannot change while open.")] for name in changed})
            if closes_at is not None and closes_at < consultation.closes_at:
                raise ValidationFailed(fields={"closes_at": [_("An open consultation can be extended, not shortened.")]})
        if department_id is not None:
            department = _department(community, department_id)
            require(policies.can_create(actor, community, department.pk if department else None),
                    _("Only the community's admins and the responsible department open consultations."))
            consultation.department = department
        fields = _clean(community, title=consultation.title if title is None else title,
                        kind=consultation.kind if kind is None else kind,
                        summary=consultation.summary if summary is None else summary,
                        opens_at=consultation.opens_at if opens_at is None else opens_at,
                        closes_at=consultation.closes_at if closes_at is None else closes_at,
                        required_identity_level=(consultation.required_identity_level if required_identity_level is None
                                                 else required_identity_level))
        for name, value in fields.items():
            setattr(consultation, name, value)
        consultation.search_text = f"{consultation.title}\n{consultation.summary}".casefold()
        consultation.save()
        if text is not None:
            _write_paragraphs(community, consultation, _clean_text(text))
        audit_record(actor=actor, community=community, action="consultations.consultation.changed", target=consultation)
    return consultation


@service
def consultation_delete(*, actor, community, consultation_id: int) -> None:
    """Only a draft is deleted: once published, proposals and answers are part of the public record."""
    with transaction.atomic():
        consultation = _locked(community, consultation_id)
        require(policies.can_manage(actor, community, consultation),
                _("Only the community's admins and the responsible department delete a consultation."))
        _expect(consultation, Status.DRAFT)
        audit_record(actor=actor, community=community, action="consultations.consultation.deleted",
                     target=consultation, data={"title": consultation.title})
        consultation.delete()


@service
def consultation_publish(*, actor, community, consultation_id: int) -> Consultation:
    """The draft goes public; proposals are taken from its opening to its closing."""
    with transaction.atomic():
        consultation = _locked(community, consultation_id)
        require(policies.can_manage(actor, community, consultation),
                _("Only the community's admins and the responsible department publish a consultation."))
        _expect(consultation, Status.DRAFT)
        if consultation.closes_at <= _now():
            raise ValidationFailed(fields={"closes_at": [_("The closing date has already passed.")]})
        consultation.status = Status.OPEN
        consultation.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, community=community, action="consultations.consultation.published",
                     target=consultation)
    return consultation


@service
def consultation_close(*, actor, community, consultation_id: int) -> Consultation:
    """No more proposals or supports; the department answers the rest and publishes the report."""
    with transaction.atomic():
        consultation = _locked(community, consultation_id)
        require(policies.can_manage(actor, community, consultation),
                _("Only the community's admins and the responsible department close a consultation."))
        _expect(consultation, Status.OPEN)
        consultation.status = Status.CLOSED
        consultation.closes_at = min(consultation.closes_at, max(_now(), consultation.opens_at))
        consultation.save(update_fields=["status", "closes_at", "updated_at"])
        audit_record(actor=actor, community=community, action="consultations.consultation.closed",
                     target=consultation)
    return consultation


@service
def consultations_close_expired(*, actor, community) -> int:
    """The scheduled task: open consultations whose period has ended are closed; returns how many."""
    require(policies.can_run_housekeeping(actor, community))
    closed = 0
    for consultation_id in Consultation.objects.for_community(community).filter(
            status=Status.OPEN, closes_at__lte=_now()).values_list("pk", flat=True):
        with transaction.atomic():
            consultation = _locked(community, consultation_id)
            if consultation.status != Status.OPEN:
                continue
            consultation.status = Status.CLOSED
            consultation.save(update_fields=["status", "updated_at"])
            audit_record(actor=actor, community=community, action="consultations.consultation.closed",
                         target=consultation, data={"expired": True})
            closed += 1
    return closed


@service
def document_add(*, actor, community, consultation_id: int, name: str = "", upload=None, url: str = "") -> Document:
    """A public document: a file checked by the kernel's upload sanitiser, or a link (http/https only)."""
    with transaction.atomic():
        consultation = _locked(community, consultation_id)
        require(policies.can_manage(actor, community, consultation),
                _("Only the community's admins and the responsible department add documents."))
        _expect(consultation, Status.DRAFT, Status.OPEN, Status.CLOSED)
        name, url = (name or "").strip()[:200], (url or "").strip()
        if (upload is None) == (not url):
            raise ValidationFailed(fields={"file": [_("Attach a file or give a link, one of the two.")]})
        if url and (not url.startswith(("https://", "http://")) or len(url) > 500 or any(c.isspace() for c in url)):
            raise ValidationFailed(fields={"url": [_("Give a web address starting with https://.")]})
        clean = clean_document(upload, field="file", accept=DOCUMENT_KINDS, keep_png=True) if upload else None
        document = Document(community=community, consultation=consultation, url=url,
                            name=name or (clean.display_name if clean else url)[:200])
        if clean is not None:
            document.size = clean.content.size
            document.file.save(clean.display_name, clean.content, save=False)
        document.save()
        audit_record(actor=actor, community=community, action="consultations.document.added", target=document,
                     data={"consultation": consultation.pk, "name": document.name})
    return document


@service
def consultation_open_from_council_draft(*, actor, community, draft_id: int, opens_at: datetime,
                                         closes_at: datetime, department_id: int | None = None,
                                         required_identity_level: int = IdentityRule.EMAIL) -> Consultation:
    """A draft consultation on a council draft decision: its number and title, its text split into paragraphs, and
    `source` pointing back to it (one consultation per draft decision)."""
    department = _department(community, department_id)
    require(policies.can_create(actor, community, department.pk if department else None),
            _("Only the community's admins and the responsible department open consultations."))
    draft = selectors.council_draft_get(community=community, draft_id=draft_id)
    source = selectors.council_source(draft.pk)
    if Consultation.objects.for_community(community).filter(source=source).exists():
        raise Conflict(_("A consultation on this draft decision already exists."), code="already_opened")
    if not visible_length(draft.text or ""):
        raise ValidationFailed(fields={"draft_id": [_("The draft decision has no text to consult on.")]})
    title = (_("Draft decision No. %(number)s: %(title)s") % {"number": draft.number, "title": draft.title})
    return consultation_create(actor=actor, community=community, title=title[:TITLE_MAX], text=draft.text,
                               kind=Kind.DECISION, opens_at=opens_at, closes_at=closes_at,
                               department_id=department.pk if department else None,
                               required_identity_level=required_identity_level, source=source)
