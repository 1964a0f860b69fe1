"""One Prozorro tender (the `data` of /tenders/<id>) read into the rows we keep: the tender's figures, its
contracts with their suppliers, and its OCDS release (ocds.py). Strict: a required field missing or of the wrong
type raises Malformed naming the field, and the walk skips that tender and reports it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .client import is_prozorro_id
from .parsing import Malformed, amount, identifier, moment, obj, objs, text

# Bids that are not (or no longer) offers: left out of the competition figures.
NOT_A_BID = frozenset({"deleted", "draft", "invalid"})


@dataclass(frozen=True)
class SupplierRef:
    scheme: str
    identifier: str
    name: str

    @property
    def is_person(self) -> bool:
        """An individual entrepreneur: a 10-digit personal tax number (РНОКПП), not an 8-digit EDRPOU code."""
        return self.identifier.isdigit() and len(self.identifier) == 10


@dataclass
class ParsedContract:
    prozorro_id: str
    award_id: str
    contract_number: str
    supplier: SupplierRef | None
    value_amount: Decimal | None
    currency: str
    date_signed: datetime | None
    status: str
    period_start: datetime | None
    period_end: datetime | None


@dataclass
class ParsedTender:
    prozorro_id: str
    tender_id: str
    ocid: str
    buyer_edrpou: str
    buyer_name: str
    title: str
    description: str
    status: str
    procurement_method_type: str
    cpv_code: str
    cpv_description: str
    value_amount: Decimal | None
    currency: str
    value_added_tax_included: bool | None
    date_published: datetime | None
    date_created: datetime | None
    tender_period_start: datetime | None
    tender_period_end: datetime | None
    number_of_bids: int | None
    number_of_tenderers: int | None
    single_bidder: bool | None
    awarded_amount: Decimal | None
    date_modified: datetime
    contracts: list[ParsedContract] = field(default_factory=list)
    release: dict = field(default_factory=dict)
    is_synthetic: bool = False

    @property
    def search_text(self) -> str:
        from ..models import tender_search_text

        return tender_search_text(self.title)

    def row(self) -> dict:
        """The Tender model's fields (without community, buyer and the contracts)."""
        return {name: getattr(self, name) for name in ROW_FIELDS}


ROW_FIELDS = ("prozorro_id", "tender_id", "ocid", "buyer_edrpou", "buyer_name", "title", "search_text", "description",
              "status",
              "procurement_method_type", "cpv_code", "cpv_description", "value_amount", "currency",
              "value_added_tax_included", "date_published", "date_created", "tender_period_start",
              "tender_period_end", "number_of_bids", "number_of_tenderers", "single_bidder", "awarded_amount",
              "date_modified", "release", "is_synthetic")


def buyer_code(raw: dict) -> str | None:
    """The procuring entity's EDRPOU code from a tender or a feed item with opt_fields, or None if not there."""
    entity = raw.get("procuringEntity")
    if not isinstance(entity, dict) or not isinstance(entity.get("identifier"), dict):
        return None
    code = entity["identifier"].get("id")
    return str(code).strip() if isinstance(code, str | int) else None


def _supplier(party: dict, where: str) -> SupplierRef:
    scheme, code, legal_name = identifier(party, where)
    return SupplierRef(scheme=scheme, identifier=code,
                       name=text(party.get("name"), f"{where}.name", limit=500) or legal_name or code)


def _competition(raw: dict) -> tuple[int | None, int | None]:
    """(bids, distinct tenderers): from bids[] once they are disclosed, else numberOfBids when given."""
    if "bids" in raw:
        bids = [b for b in objs(raw.get("bids"), "bids") if b.get("status") not in NOT_A_BID]
        tenderers = set()
        for n, bid in enumerate(bids):
            for who in objs(bid.get("tenderers"), f"bids[{n}].tenderers"):
                tenderers.add(identifier(who, f"bids[{n}].tenderers")[1])
        return len(bids), (len(tenderers) if tenderers else len(bids))
    declared = raw.get("numberOfBids")
    if isinstance(declared, int) and not isinstance(declared, bool) and declared >= 0:
        return declared, declared
    return None, None


def _contracts(raw: dict, currency: str) -> list[ParsedContract]:
    contracts, seen = [], set()
    for n, item in enumerate(objs(raw.get("contracts"), "contracts")):
        where = f"contracts[{n}]"
        contract_id = text(item.get("id"), f"{where}.id", required=True, limit=64)
        if contract_id in seen:
            raise Malformed(f"{where}.id repeats another contract's id")
        seen.add(contract_id)
        suppliers = objs(item.get("suppliers"), f"{where}.suppliers")
        value = obj(item.get("value"), f"{where}.value")
        period = obj(item.get("period"), f"{where}.period")
        contracts.append(ParsedContract(
            prozorro_id=contract_id,
            award_id=text(item.get("awardID"), f"{where}.awardID", limit=64),
            contract_number=text(item.get("contractNumber") or item.get("contractID"), f"{where}.contractNumber",
                                 limit=200),
            supplier=_supplier(suppliers[0], f"{where}.suppliers[0]") if suppliers else None,
            value_amount=amount(value.get("amount"), f"{where}.value.amount"),
            currency=text(value.get("currency"), f"{where}.value.currency", limit=3) or currency,
            date_signed=moment(item.get("dateSigned"), f"{where}.dateSigned"),
            status=text(item.get("status"), f"{where}.status", required=True, limit=40),
            period_start=moment(period.get("startDate"), f"{where}.period.startDate"),
            period_end=moment(period.get("endDate"), f"{where}.period.endDate"),
        ))
    return contracts


def parse_tender(raw: dict, *, synthetic: bool = False) -> ParsedTender:
    """The rows of one tender; `synthetic` marks demo data (never set by the crawler)."""
    from .ocds import tender_release

    if not is_prozorro_id(raw.get("id")):
        raise Malformed("id is not a Prozorro id (32 hexadecimal characters)")
    tender_id = text(raw.get("tenderID"), "tenderID", required=True, limit=40)
    entity = obj(raw.get("procuringEntity"), "procuringEntity")
    _scheme, buyer, legal_name = identifier(entity, "procuringEntity")
    value = obj(raw.get("value"), "value")
    currency = text(value.get("currency"), "value.currency", limit=3) or "UAH"
    items = objs(raw.get("items"), "items")
    classification = obj(items[0].get("classification"), "items[0].classification") if items else {}
    period = obj(raw.get("tenderPeriod"), "tenderPeriod")
    bids, tenderers = _competition(raw)
    awarded = [amount(obj(a.get("value"), "awards.value").get("amount"), "awards.value.amount")
               for a in objs(raw.get("awards"), "awards") if a.get("status") == "active"]
    vat = value.get("valueAddedTaxIncluded")
    parsed = ParsedTender(
        prozorro_id=raw["id"], tender_id=tender_id, ocid=f"ocds-be6bcu-{tender_id}", buyer_edrpou=buyer[:8],
        buyer_name=text(entity.get("name"), "procuringEntity.name", limit=500) or legal_name,
        title=text(raw.get("title"), "title", required=True),
        description=text(raw.get("description"), "description", limit=10_000),
        status=text(raw.get("status"), "status", required=True, limit=40),
        procurement_method_type=text(raw.get("procurementMethodType"), "procurementMethodType", limit=40),
        cpv_code=text(classification.get("id"), "items[0].classification.id", limit=16),
        cpv_description=text(classification.get("description"), "items[0].classification.description", limit=500),
        value_amount=amount(value.get("amount"), "value.amount"), currency=currency,
        value_added_tax_included=vat if isinstance(vat, bool) else None,
        date_published=moment(raw.get("date"), "date"), date_created=moment(raw.get("dateCreated"), "dateCreated"),
        tender_period_start=moment(period.get("startDate"), "tenderPeriod.startDate"),
        tender_period_end=moment(period.get("endDate"), "tenderPeriod.endDate"),
        number_of_bids=bids, number_of_tenderers=tenderers, single_bidder=None if bids is None else bids == 1,
        awarded_amount=sum((a for a in awarded if a is not None), Decimal("0.00")) if awarded else None,
        date_modified=moment(raw.get("dateModified"), "dateModified", required=True),  # type: ignore[arg-type]
        contracts=_contracts(raw, currency), is_synthetic=synthetic,
    )
    parsed.release = tender_release(raw, parsed)
    return parsed
