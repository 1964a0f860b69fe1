"""Every write of Procurement: the community's buyer codes (its administrators), and the ingest of parsed Prozorro
tenders and Prozorro.Sale auctions (the crawler and the demo loader, as SYSTEM). Each asks its policy with
require(), validates, and writes in the caller's transaction or its own."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.actors import is_system
from hromada.core.identity.guard import require, service
from hromada.core.identity.policies import can_administer_community

from .models import Buyer, BuyerKind

NAME_MAX = 300
# The skeleton's API (api.py, owned by the pages' helper) still reads these two limits at import time.
TITLE_MAX = 1000
BODY_MAX = 10_000


def can_manage_buyers(actor, community) -> bool:
    """The community's EDRPOU codes decide what the crawler keeps: its administrators and the platform."""
    return is_system(actor) or can_administer_community(actor, community)


def _clean_buyer(*, edrpou: str, name: str, kind: str) -> tuple[str, str, str]:
    edrpou, name, kind = (edrpou or "").strip(), (name or "").strip(), (kind or BuyerKind.COUNCIL).strip()
    errors: dict[str, list[str]] = {}
    if not (len(edrpou) == 8 and edrpou.isascii() and edrpou.isdigit()):
        errors["edrpou"] = [_("An EDRPOU code is 8 digits.")]
    if not name:
        errors["name"] = [_("Give the name.")]
    elif len(name) > NAME_MAX:
        errors["name"] = [_("At most %(max)s characters.") % {"max": NAME_MAX}]
    if kind not in BuyerKind.values:
        errors["kind"] = [_("Choose one of the kinds.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return edrpou, name, kind


@service
def buyer_add(*, actor, community, edrpou: str, name: str, kind: str = BuyerKind.COUNCIL) -> Buyer:
    """Follow one more EDRPOU code (or follow again a code that was stopped); the crawler keeps its tenders from
    the next changes it reads (older ones: see docs/procurement.md, "A new code")."""
    require(can_manage_buyers(actor, community), _("Only the community's administrators may change its buyers."))
    edrpou, name, kind = _clean_buyer(edrpou=edrpou, name=name, kind=kind)
    with transaction.atomic():
        buyer = Buyer.objects.select_for_update().filter(community=community, edrpou=edrpou).first()
        if buyer is not None and buyer.is_active:
            raise Conflict(_("This EDRPOU code is already one of the community's buyers."))
        if buyer is None:
            buyer = Buyer.objects.create(community=community, edrpou=edrpou, name=name, kind=kind)
        else:
            buyer.name, buyer.kind, buyer.is_active = name, kind, True
            buyer.save(update_fields=["name", "kind", "is_active"])
        audit_record(actor=actor, community=community, action="procurement.buyer.added", target=buyer,
                     data={"edrpou": edrpou})
    return buyer


@service
def buyer_update(*, actor, community, buyer_id: int, name: str | None = None, kind: str | None = None) -> Buyer:
    require(can_manage_buyers(actor, community), _("Only the community's administrators may change its buyers."))
    with transaction.atomic():
        buyer = Buyer.objects.select_for_update().filter(community=community, pk=buyer_id).first()
        if buyer is None:
            raise NotFound()
        _code, buyer.name, buyer.kind = _clean_buyer(edrpou=buyer.edrpou, name=buyer.name if name is None else name,
                                                     kind=buyer.kind if kind is None else kind)
        buyer.save(update_fields=["name", "kind"])
        audit_record(actor=actor, community=community, action="procurement.buyer.changed", target=buyer)
    return buyer


@service
def buyer_remove(*, actor, community, buyer_id: int) -> bool:
    """Stop following a code. A code with stored tenders or auctions stays (inactive), so the history stays
    whole; one with none is deleted. Returns True when the row was deleted."""
    require(can_manage_buyers(actor, community), _("Only the community's administrators may change its buyers."))
    with transaction.atomic():
        buyer = Buyer.objects.select_for_update().filter(community=community, pk=buyer_id).first()
        if buyer is None:
            raise NotFound()
        audit_record(actor=actor, community=community, action="procurement.buyer.removed", target=buyer,
                     data={"edrpou": buyer.edrpou})
        if buyer.tenders.exists() or buyer.auctions.exists():
            buyer.is_active = False
            buyer.save(update_fields=["is_active"])
            return False
        buyer.delete()
        return True
