"""Answers to documents other capabilities own: the outgoing letter that records an appeal's or a petition's
answer, linked `reply_to` its registered card, registered when the outgoing journal's pattern can be filled."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies
from ..cardfields import locked_document
from ..models import Access, Document, DocumentKind, DocumentLink, Journal, JournalKind, LinkKind
from ..numbering import outermost_write, register_locked
from .cards import _new_card


@service
def document_reply_from(*, actor, community, document_id: int, source_app: str, source_id: str, summary: str,
                        correspondent_name: str = "", correspondent_org: str = "",
                        access: str = Access.PERSONAL_DATA) -> Document:
    """The outgoing letter answering the card `document_id`, as one step: drafted in the community's first
    active outgoing journal with the card's department and case, linked reply_to the card, and registered
    unless the journal's index needs a requisite the card lacks (then it stays a draft for the office).
    Idempotent by (source_app, source_id): the letter made before is returned."""
    require(policies.can_register(actor, community), _("Only the office registers documents."))
    with outermost_write(), transaction.atomic():
        existing = Document.objects.filter(community=community, source_app=source_app, source_id=source_id).first()
        if existing is not None:
            return existing
        origin = locked_document(community, document_id)
        journal = (Journal.objects.filter(community=community, kind=JournalKind.OUTGOING, is_active=True)
                   .order_by("pk").first())
        if journal is None:
            raise Conflict(_("The community has no active journal of this kind."),
                           fields={"journal_kind": [_("No active journal of this kind.")]})
        case_ok = origin.case if origin.case is not None and origin.case.year == timezone.localdate().year else None
        values = {"journal_id": journal.pk, "summary": summary, "kind": DocumentKind.LETTER,
                  "correspondent_name": correspondent_name, "correspondent_org": correspondent_org,
                  "access": access, "department_id": origin.department_id,
                  "case_id": case_ok.pk if case_ok is not None else None}
        reply = _new_card(actor=actor, community=community, values=values, source_app=source_app,
                          source_id=source_id)
        DocumentLink.objects.create(community=community, from_document=reply, to_document=origin,
                                    kind=LinkKind.REPLY_TO)
        audit_record(actor=actor, community=community, action="docflow.document.drafted", target=reply,
                     data={"journal": journal.pk, "source_app": source_app, "reply_to": origin.pk})
        reply = locked_document(community, reply.pk)
        try:
            with transaction.atomic():
                reply = register_locked(reply, actor=actor, community=community)
        except ValidationFailed:  # the pattern needs a department or case the office has to choose
            pass
        return reply
