"""One Prozorro.Sale auction (municipal property sold or leased) read into the row we keep and a release-like
summary. Both shapes of the sale API are read: the openprocurement one (auctionID, procuringEntity,
procurementMethodType) and the newer one (auctionId, sellingEntity, sellingMethod, multilingual titles).

The summary keeps the seller, the lot and the result (final price, number of bids) but no bidder or buyer
identities: winners of property auctions are often private persons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .client import is_prozorro_id
from .parsing import Malformed, amount, identifier, iso, moment, money, obj, objs, text


@dataclass
class ParsedAuction:
    prozorro_id: str
    auction_id: str
    seller_edrpou: str
    seller_name: str
    title: str
    description: str
    status: str
    procedure_type: str
    value_amount: Decimal | None
    final_amount: Decimal | None
    currency: str
    number_of_bids: int | None
    date_published: datetime | None
    auction_date: datetime | None
    date_modified: datetime
    release: dict = field(default_factory=dict)
    is_synthetic: bool = False

    def row(self) -> dict:
        return {name: getattr(self, name) for name in ROW_FIELDS}


ROW_FIELDS = ("prozorro_id", "auction_id", "seller_edrpou", "title", "description", "status", "procedure_type",
              "value_amount", "final_amount", "currency", "number_of_bids", "date_published", "auction_date",
              "date_modified", "release", "is_synthetic")


def _seller(raw: dict) -> dict | None:
    for candidate in (raw.get("sellingEntity"), obj(raw.get("relatedOrganizations"), "relatedOrganizations")
                      .get("sellingEntity"), raw.get("procuringEntity")):
        if isinstance(candidate, dict):
            return candidate
    return None


def seller_code(raw: dict) -> str | None:
    """The seller's EDRPOU code from an auction or a feed item with opt_fields, or None if not there."""
    try:
        seller = _seller(raw)
    except Malformed:
        return None
    ident = seller.get("identifier") if seller else None
    code = ident.get("id") if isinstance(ident, dict) else None
    return str(code).strip() if isinstance(code, str | int) else None


def parse_auction(raw: dict, *, synthetic: bool = False) -> ParsedAuction:
    if not is_prozorro_id(raw.get("id")):
        raise Malformed("id is not a Prozorro id (32 hexadecimal characters)")
    auction_id = text(raw.get("auctionId") or raw.get("auctionID"), "auctionId", required=True, limit=40)
    seller = _seller(raw)
    if seller is None:
        raise Malformed("sellingEntity is missing")
    _scheme, code, legal_name = identifier(seller, "sellingEntity")
    value = obj(raw.get("value"), "value")
    currency = text(value.get("currency"), "value.currency", limit=3) or "UAH"
    final = None
    for contract in objs(raw.get("contracts"), "contracts"):
        final = amount(obj(contract.get("value"), "contracts.value").get("amount"), "contracts.value.amount") or final
    if final is None:
        for award in objs(raw.get("awards"), "awards"):
            if award.get("status") == "active":
                final = amount(obj(award.get("value"), "awards.value").get("amount"), "awards.value.amount")
    bids = [b for b in objs(raw.get("bids"), "bids") if b.get("status") not in ("deleted", "draft", "invalid")]
    parsed = ParsedAuction(
        prozorro_id=raw["id"], auction_id=auction_id, seller_edrpou=code[:8],
        seller_name=text(seller.get("name"), "sellingEntity.name", limit=500) or legal_name,
        title=text(raw.get("title"), "title", required=True),
        description=text(raw.get("description"), "description", limit=10_000),
        status=text(raw.get("status"), "status", required=True, limit=60),
        procedure_type=text(raw.get("sellingMethod") or raw.get("procurementMethodType"), "sellingMethod", limit=60),
        value_amount=amount(value.get("amount"), "value.amount"), final_amount=final, currency=currency,
        number_of_bids=len(bids) if "bids" in raw else None,
        date_published=moment(raw.get("datePublished") or raw.get("date"), "datePublished"),
        auction_date=moment(obj(raw.get("auctionPeriod"), "auctionPeriod").get("startDate"),
                            "auctionPeriod.startDate"),
        date_modified=moment(raw.get("dateModified"), "dateModified", required=True),  # type: ignore[arg-type]
        is_synthetic=synthetic,
    )
    parsed.release = {
        "id": parsed.prozorro_id, "auctionId": auction_id, "date": iso(parsed.date_modified),
        "seller": {"scheme": "UA-EDR", "id": code, "name": parsed.seller_name},
        "title": parsed.title, "status": parsed.status, "procedure": parsed.procedure_type,
        "value": money(parsed.value_amount, currency), "finalValue": money(final, currency),
        "numberOfBids": parsed.number_of_bids, "auctionDate": iso(parsed.auction_date),
        "items": [{"description": text(i.get("description"), "items.description"),
                   "classification": obj(i.get("classification"), "items.classification").get("id")}
                  for i in objs(raw.get("items"), "items")],
    }
    return parsed
