"""Printable PDFs of a card for the staff who may see it: the registration card, and the letter of an outgoing
card (with the postal address of its latest paper dispatch)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .models import Dispatch, DispatchMethod, JournalKind
from .printing import letter_pdf, registration_card_pdf


def _document(request, document_id):
    try:
        return selectors.document_get(actor=request.user, community=request.community, document_id=document_id)
    except NotFound:
        raise Http404 from None


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def card_pdf(request, document_id: int):
    document = _document(request, document_id)
    return _pdf(registration_card_pdf(document), f"card-{document.pk}.pdf")


@login_required
@require_GET
def letter(request, document_id: int):
    document = _document(request, document_id)
    if document.journal.kind != JournalKind.OUTGOING:
        raise Http404
    dispatch = Dispatch.objects.filter(community=request.community, document=document,
                                       method=DispatchMethod.POST).order_by("-pk").first()
    return _pdf(letter_pdf(document, address=dispatch.address if dispatch else ""), f"letter-{document.pk}.pdf")
