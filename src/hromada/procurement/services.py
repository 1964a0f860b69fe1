"""Every write of Procurement: the community's buyer codes (its administrators), and the ingest of parsed Prozorro
tenders and Prozorro.Sale auctions (the crawler and the demo loader, as SYSTEM). Each asks its policy with
require(), validates, and writes in the caller's transaction or its own."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.actors import is_system
from hromada.core.identity.guard import require, service
from hromada.core.identity.policies import can_administer_community

from .crawler.auctions import ROW_FIELDS as AUCTION_FIELDS
from .crawler.tenders import ROW_FIELDS as TENDER_FIELDS
from .home import TENDERS_VERSION
from .models import (
    Auction,
    Buyer,
    BuyerKind,
    Contract,
    CrawlState,
    FeedSource,
    Supplier,
    SupplierKind,
    Tender,
)

if TYPE_CHECKING:
    from .crawler.auctions import ParsedAuction
    from .crawler.tenders import ParsedTender, SupplierRef

NAME_MAX = 300


def _can_manage_buyers(actor, community) -> bool:
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
    require(_can_manage_buyers(actor, community), _("Only the community's administrators may change its buyers."))
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
    require(_can_manage_buyers(actor, community), _("Only the community's administrators may change its buyers."))
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
    require(_can_manage_buyers(actor, community), _("Only the community's administrators may change its buyers."))
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


@service
def crawl_restart(*, actor, source: str, offset: str) -> CrawlState:
    """Point a feed's walk at another offset (the operator's backfill, or skipping a page that stays broken); the
    next walk starts there. Global, like the walk itself (ADR 0039)."""
    require(is_system(actor), _("Only the platform's operator moves the crawler."))
    if source not in FeedSource.values or len(offset) > 200:
        raise ValidationFailed(fields={"source" if source not in FeedSource.values else "offset":
                                       [_("Give a known feed and an offset of at most 200 characters.")]})
    with transaction.atomic():
        state, _created = CrawlState.objects.select_for_update().get_or_create(source=source)
        state.offset = offset
        state.save(update_fields=["offset"])
    return state


# --- ingest (the crawler and the demo loader, as the platform) -------------------------------------------------


def _followers(codes) -> dict[str, list[tuple[int, int]]]:
    """EDRPOU code -> [(community id, buyer id)] of every community following it (active codes only)."""
    followers: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for community_id, buyer_id, edrpou in (Buyer.objects.filter(edrpou__in=set(codes), is_active=True)
                                           .values_list("community_id", "pk", "edrpou")):
        followers[edrpou].append((community_id, buyer_id))
    return followers


def _newest(entries):
    """One entry per Prozorro id (a feed page may list an id twice): the newest."""
    newest: dict = {}
    for entry in entries:
        seen = newest.get(entry.prozorro_id)
        if seen is None or entry.date_modified > seen.date_modified:
            newest[entry.prozorro_id] = entry
    return list(newest.values())


def _stale(model, pairs, newest_by_id) -> tuple[dict, set]:
    """Existing rows of (community, prozorro id) pairs: {pair: pk} of those to update, and the set of pairs
    already as new as what we have (left alone: the upsert keeps the newest date_modified)."""
    existing, current = {}, set()
    ids = {prozorro_id for _community, prozorro_id in pairs}
    for pk, community_id, prozorro_id, modified in (model.objects.filter(prozorro_id__in=ids)
                                                    .values_list("pk", "community_id", "prozorro_id",
                                                                 "date_modified")):
        pair = (community_id, prozorro_id)
        if pair in pairs:
            if modified >= newest_by_id[prozorro_id].date_modified:
                current.add(pair)
            else:
                existing[pair] = pk
    return existing, current


def _targets(model, entries, code_of) -> tuple[list[tuple], dict, set]:
    """What an ingest stores: (community id, buyer id, entry) for the newest version of each entry and every
    community following its buyer's code (`code_of(entry)`), less the pairs already held as new; with the {pair: pk}
    of the rows to update and the set of pairs left alone."""
    entries = _newest(entries)
    followers = _followers(code_of(entry) for entry in entries)
    by_id = {entry.prozorro_id: entry for entry in entries}
    targets = [(c, b, entry) for entry in entries for c, b in followers[code_of(entry)]]
    existing, current = _stale(model, {(c, entry.prozorro_id) for c, _b, entry in targets}, by_id)
    return [(c, b, entry) for c, b, entry in targets if (c, entry.prozorro_id) not in current], existing, current


def _upsert(model, rows, fields: list[str]) -> tuple[list, list]:
    """Rows with a pk updated (these fields), the others created; returns (updated, created)."""
    updated = [row for row in rows if row.pk is not None]
    _update_each(model, updated, fields)
    return updated, model.objects.bulk_create([row for row in rows if row.pk is None], batch_size=500)


def _suppliers(refs: set[tuple[int, SupplierRef]]) -> dict[tuple[int, str, str], int]:
    """(community id, scheme, identifier) -> Supplier pk, creating the missing ones."""
    wanted = {(c, r.scheme, r.identifier): r for c, r in refs}
    found: dict[tuple[int, str, str], int] = {}
    communities = {c for c, _s, _i in wanted}
    for pk, community_id, scheme, ident in (Supplier.objects.filter(community_id__in=communities,
                                                                    identifier__in={i for _c, _s, i in wanted})
                                            .values_list("pk", "community_id", "scheme", "identifier")):
        if (community_id, scheme, ident) in wanted:
            found[(community_id, scheme, ident)] = pk
    missing = [Supplier(community_id=c, scheme=s, identifier=i, name=ref.name,
                        kind=SupplierKind.PERSON if ref.is_person else SupplierKind.ORGANIZATION)
               for (c, s, i), ref in wanted.items() if (c, s, i) not in found]
    for supplier in Supplier.objects.bulk_create(missing):
        found[(supplier.community_id, supplier.scheme, supplier.identifier)] = supplier.pk
    return found


@service
def ingest_tenders(*, actor, tenders: list[ParsedTender]) -> dict[str, int]:
    """Upsert parsed tenders for every community that follows their buyer's code, with their contracts and
    suppliers; a tender we already hold as new (same or later date_modified) is left alone. Run inside the
    caller's transaction (the crawler saves its offset in the same one). Returns counts."""
    require(is_system(actor), _("Only the platform stores crawled tenders."))
    targets, existing, current = _targets(Tender, tenders, lambda tender: tender.buyer_edrpou)
    with transaction.atomic():
        Contract.objects.filter(tender_id__in=existing.values()).delete()
        now = timezone.now()
        rows = [Tender(pk=existing.get((c, t.prozorro_id)), community_id=c, buyer_id=b, ingested_at=now, **t.row())
                for c, b, t in targets]
        updated, created = _upsert(Tender, rows, ["buyer_id", *_fields(TENDER_FIELDS)])
        pk_of = {(row.community_id, row.prozorro_id): row.pk for row in [*updated, *created]}
        suppliers = _suppliers({(c, k.supplier) for c, _b, t in targets for k in t.contracts if k.supplier})
        Contract.objects.bulk_create([
            Contract(community_id=c, tender_id=pk_of[(c, t.prozorro_id)], prozorro_id=k.prozorro_id,
                     award_id=k.award_id, contract_number=k.contract_number,
                     supplier_id=suppliers[(c, k.supplier.scheme, k.supplier.identifier)] if k.supplier else None,
                     value_amount=k.value_amount, currency=k.currency, date_signed=k.date_signed, status=k.status,
                     period_start=k.period_start, period_end=k.period_end)
            for c, _b, t in targets for k in t.contracts], batch_size=500)
        changed = {c for c, _b, _t in targets}
        transaction.on_commit(lambda: _figures_stale(changed))
    return {"stored": len(targets), "created": len(created), "updated": len(updated), "unchanged": len(current)}


def _figures_stale(community_ids) -> None:
    """The home block's cached figures of these communities are recomputed at their next view (run after commit,
    so no view can cache the old rows under the new version)."""
    for community_id in community_ids:
        TENDERS_VERSION.bump(community_id)


def _update_each(model, rows, fields: list[str]) -> None:
    """One plain UPDATE per changed row: bulk_update's CASE over many rows and ~25 columns is several times
    slower on SQLite and PostgreSQL alike for the sizes a feed page brings."""
    for row in rows:
        model.objects.filter(pk=row.pk).update(**{name: getattr(row, name) for name in fields})


def _fields(row_fields) -> list[str]:
    return [name for name in row_fields if name != "prozorro_id"] + ["ingested_at"]


@service
def ingest_auctions(*, actor, auctions: list[ParsedAuction]) -> dict[str, int]:
    """Upsert parsed Prozorro.Sale auctions for every community that follows the seller's code (as ingest_tenders,
    without contracts). Run inside the caller's transaction. Returns counts."""
    require(is_system(actor), _("Only the platform stores crawled auctions."))
    targets, existing, current = _targets(Auction, auctions, lambda auction: auction.seller_edrpou)
    now = timezone.now()
    rows = [Auction(pk=existing.get((c, a.prozorro_id)), community_id=c, seller_id=b, ingested_at=now, **a.row())
            for c, b, a in targets]
    with transaction.atomic():
        updated, created = _upsert(Auction, rows, ["seller_id", *_fields(AUCTION_FIELDS)])
    return {"stored": len(targets), "created": len(created), "updated": len(updated), "unchanged": len(current)}
