"""Registration cards: drafting, correcting (drafts freely, registered cards only in the requisites the office may
still correct), linking cards, and the one entry other capabilities register their documents through."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies
from ..models import Access, Document, DocumentKind, DocumentLink, Journal, JournalKind, LinkKind, Status
from .fields import (
    CARD_FIELDS,
    Problems,
    clean_card,
    editable_after_registration,
    locked_document,
    refresh_search_text,
)
from .registration import locked_card, outermost_write, register_locked

SOURCE_APP_MAX = 40
SOURCE_ID_MAX = 64


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _new_card(*, actor, community, values: dict[str, Any], **extra: Any) -> Document:
    problems = Problems()
    data = clean_card(community, values, problems)
    problems.raise_if_any()
    document = Document(community=community, status=Status.DRAFT, created_by=_user_or_none(actor), **data, **extra)
    refresh_search_text(document)
    document.save(force_insert=True)
    return document


@service
def document_draft_create(*, actor, community, journal_id: int, summary: str, kind: str = DocumentKind.LETTER,
                          correspondent_org: str = "", correspondent_name: str = "", correspondent_index: str = "",
                          correspondent_date: date | str | None = None, received_date: date | str | None = None,
                          sheets: int = 1, attachment_sheets: int = 0, access: str = Access.PUBLIC,
                          case_id: int | None = None, department_id: int | None = None) -> Document:
    """A card without an index yet: the office completes it and registers it."""
    require(policies.can_create_draft(actor, community), _("Only the community's officials draft documents."))
    values = {k: v for k, v in locals().items() if k in CARD_FIELDS}
    with transaction.atomic():
        document = _new_card(actor=actor, community=community, values=values)
        audit_record(actor=actor, community=community, action="docflow.document.drafted", target=document,
                     data={"journal": document.journal_id})
    return document


@service
def document_update(*, actor, community, document_id: int, **changes: Any) -> Document:
    """Change a card's fields (names as in document_draft_create). A registered card keeps its journal, kind and
    registration requisites; the fields a clerk corrects afterwards are recorded in the audit log by name."""
    require(policies.can_read(actor, community), _("Only the community's officials change documents."))
    with transaction.atomic():
        document = locked_document(community, document_id)
        if not policies.can_see(actor, community, document):
            raise NotFound()
        require(policies.can_edit(actor, community, document), _("You may not change this document."))
        problems = Problems()
        editable_after_registration(document, changes, problems)
        data = clean_card(community, changes, problems)
        problems.raise_if_any()
        changed = sorted(name for name, value in data.items() if getattr(document, name) != value)
        for name in changed:
            setattr(document, name, data[name])
        if changed:
            refresh_search_text(document)
            document.save()
            audit_record(actor=actor, community=community, action="docflow.document.changed", target=document,
                         data={"fields": changed, "status": document.status})
    return document


@service
def document_link(*, actor, community, document_id: int, to_document_id: int, kind: str) -> DocumentLink:
    """Record that a card replies to, was initiated by, or relates to another card of the community."""
    require(policies.can_read(actor, community), _("Only the community's officials link documents."))
    if kind not in LinkKind.values:
        raise ValidationFailed(fields={"kind": [_("Choose one from the list.")]})
    with transaction.atomic():
        document = locked_document(community, document_id)
        if not policies.can_see(actor, community, document):
            raise NotFound()
        require(policies.can_link(actor, community, document), _("You may not change this document."))
        try:
            target = Document.objects.get(community=community, pk=int(to_document_id))
        except (Document.DoesNotExist, TypeError, ValueError):
            raise ValidationFailed(fields={"to_document_id": [_("No such document in this community.")]}) from None
        if target.pk == document.pk:
            raise ValidationFailed(fields={"to_document_id": [_("A document cannot refer to itself.")]})
        if not policies.can_see(actor, community, target):
            raise ValidationFailed(fields={"to_document_id": [_("No such document in this community.")]})
        try:
            with transaction.atomic():
                link = DocumentLink.objects.create(community=community, from_document=document, to_document=target,
                                                   kind=kind)
        except IntegrityError:
            raise Conflict(_("These documents are already linked so."),
                           fields={"to_document_id": [_("Already linked.")]}) from None
        audit_record(actor=actor, community=community, action="docflow.document.linked", target=document,
                     data={"to": target.pk, "kind": kind})
    return link


@service
def document_register_from(*, actor, community, source_app: str, source_id: str, journal_kind: str,
                           summary: str, kind: str = DocumentKind.LETTER, correspondent_org: str = "",
                           correspondent_name: str = "", received_date: date | str | None = None,
                           access: str = Access.PERSONAL_DATA, department_id: int | None = None,
                           sheets: int = 1) -> Document:
    """Register a document another capability owns (an appeal, a petition, an information request) in the
    community's first active journal of `journal_kind`, as one step. Idempotent: the same (source_app,
    source_id) returns the card registered before. Plain values only, so no capability imports another's models."""
    require(policies.can_register(actor, community), _("Only the office registers documents."))
    source_app, source_id = str(source_app or "").strip(), str(source_id or "").strip()
    problems = Problems()
    if not source_app or len(source_app) > SOURCE_APP_MAX:
        problems.add("source_app", _("Name the capability the document comes from."))
    if not source_id or len(source_id) > SOURCE_ID_MAX:
        problems.add("source_id", _("Give the document's id in its capability."))
    if journal_kind not in JournalKind.values:
        problems.add("journal_kind", _("Choose one from the list."))
    problems.raise_if_any()
    with outermost_write(), transaction.atomic():
        existing = Document.objects.filter(community=community, source_app=source_app, source_id=source_id).first()
        if existing is not None:
            return existing
        journal = (Journal.objects.filter(community=community, kind=journal_kind, is_active=True)
                   .order_by("pk").first())
        if journal is None:
            raise Conflict(_("The community has no active journal of this kind."),
                           fields={"journal_kind": [_("No active journal of this kind.")]})
        values = {"journal_id": journal.pk, "summary": summary, "kind": kind, "correspondent_org": correspondent_org,
                  "correspondent_name": correspondent_name, "received_date": received_date, "access": access,
                  "department_id": department_id, "sheets": sheets}
        try:
            with transaction.atomic():
                document = _new_card(actor=actor, community=community, values=values, source_app=source_app,
                                     source_id=source_id)
        except IntegrityError:  # the same source registered at this moment by another call (PostgreSQL)
            return Document.objects.get(community=community, source_app=source_app, source_id=source_id)
        audit_record(actor=actor, community=community, action="docflow.document.drafted", target=document,
                     data={"journal": journal.pk, "source_app": source_app})
        return register_locked(locked_card(community, document.pk), actor=actor, community=community)
