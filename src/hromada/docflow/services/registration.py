"""Registration: a draft gets the next number of its journal's year, its index and today's date, in one
transaction (the numbering itself is docflow.numbering)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.errors import NotFound
from hromada.core.identity.guard import require, service

from .. import policies
from ..models import Document
from ..numbering import locked_card, next_number, outermost_write, register_locked  # noqa: F401 — also used by other services


@service
def document_register(*, actor, community, document_id: int) -> Document:
    """Give a draft its registration number, index and date (today), and make it registered."""
    require(policies.can_register(actor, community), _("Only the office registers documents."))
    with outermost_write(), transaction.atomic():
        document = locked_card(community, document_id)
        if not policies.can_see(actor, community, document):
            raise NotFound()
        return register_locked(document, actor=actor, community=community)
