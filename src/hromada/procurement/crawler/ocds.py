"""The OCDS 1.1 release of one Prozorro tender: ocid `ocds-be6bcu-<tenderID>`, parties identified in the UA-EDR
scheme (buyer and procuring entity, suppliers and tenderers), the tender with its items (CPV), the awards, the
contracts, and the bid statistics (the bids extension's `bids.statistics`). Prozorro's statuses become OCDS
codelist values; Prozorro's own value is kept in `*Details`.

An individual entrepreneur's personal tax number is not put in the release (it is published as open data): the
party gets a local id and the identifier carries only the scheme and the name."""

from __future__ import annotations

from .parsing import amount, iso, money, obj, objs, text
from .tenders import ParsedTender, SupplierRef

TENDER_STATUS = {"complete": "complete", "unsuccessful": "unsuccessful", "cancelled": "cancelled",
                 "draft": "planning"}
AWARD_STATUS = {"pending": "pending", "active": "active", "unsuccessful": "unsuccessful", "cancelled": "cancelled"}
CONTRACT_STATUS = {"pending": "pending", "active": "active", "cancelled": "cancelled", "terminated": "terminated",
                   "merged": "cancelled"}
METHODS = {"open", "selective", "limited", "direct"}


def _party_id(ref: SupplierRef, persons: dict[str, str]) -> str:
    if ref.is_person:
        return persons.setdefault(ref.identifier, f"person-{len(persons) + 1}")
    return f"{ref.scheme}-{ref.identifier}"


class _Parties:
    def __init__(self):
        self.by_id: dict[str, dict] = {}
        self.persons: dict[str, str] = {}

    def add(self, ref: SupplierRef, role: str) -> dict:
        party_id = _party_id(ref, self.persons)
        party = self.by_id.get(party_id)
        if party is None:
            ident = {"scheme": ref.scheme, "legalName": ref.name} if ref.is_person else \
                {"scheme": ref.scheme, "id": ref.identifier, "legalName": ref.name}
            party = self.by_id[party_id] = {"id": party_id, "name": ref.name, "identifier": ident, "roles": []}
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party_id, "name": ref.name}

    def list(self) -> list[dict]:
        return list(self.by_id.values())


def _ref(party: dict) -> SupplierRef | None:
    ident = party.get("identifier") if isinstance(party.get("identifier"), dict) else {}
    code = ident.get("id")
    if not isinstance(code, str | int) or str(code).strip() == "":
        return None
    name = party.get("name") if isinstance(party.get("name"), str) else ident.get("legalName")
    return SupplierRef(scheme=str(ident.get("scheme") or "UA-EDR"), identifier=str(code).strip(),
                       name=(name or str(code)).strip()[:500])


def _period(raw) -> dict | None:
    raw = obj(raw, "period")
    period = {k: raw[k] for k in ("startDate", "endDate") if isinstance(raw.get(k), str) and raw[k]}
    return period or None


def _compact(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def tender_release(raw: dict, parsed: ParsedTender) -> dict:
    parties = _Parties()
    buyer = parties.add(SupplierRef("UA-EDR", parsed.buyer_edrpou, parsed.buyer_name or parsed.buyer_edrpou),
                        "buyer")
    parties.add(SupplierRef("UA-EDR", parsed.buyer_edrpou, parsed.buyer_name or parsed.buyer_edrpou),
                "procuringEntity")
    items = []
    for n, item in enumerate(objs(raw.get("items"), "items"), start=1):
        cls = obj(item.get("classification"), "items.classification")
        unit = obj(item.get("unit"), "items.unit")
        quantity = item.get("quantity")
        items.append(_compact({
            "id": text(item.get("id"), "items.id", limit=64) or str(n),
            "description": text(item.get("description"), "items.description"),
            "classification": _compact({"scheme": "CPV", "id": text(cls.get("id"), "classification.id", limit=16),
                                        "description": text(cls.get("description"), "classification.description")}),
            "quantity": quantity if isinstance(quantity, int | float) and not isinstance(quantity, bool) else None,
            "unit": _compact({"name": text(unit.get("name"), "unit.name", limit=100)}),
        }))
    for bid in objs(raw.get("bids"), "bids"):
        for who in objs(bid.get("tenderers"), "bids.tenderers"):
            if (ref := _ref(who)) is not None:
                parties.add(ref, "tenderer")
    awards = []
    for award in objs(raw.get("awards"), "awards"):
        suppliers = [parties.add(ref, "supplier") for who in objs(award.get("suppliers"), "awards.suppliers")
                     if (ref := _ref(who)) is not None]
        value = obj(award.get("value"), "awards.value")
        awards.append(_compact({
            "id": text(award.get("id"), "awards.id", limit=64) or f"award-{len(awards) + 1}",
            "status": AWARD_STATUS.get(str(award.get("status")), "pending"),
            "statusDetails": text(award.get("status"), "awards.status", limit=40),
            "date": award.get("date") if isinstance(award.get("date"), str) else None,
            "value": money(amount(value.get("amount"), "awards.value.amount"), text(value.get("currency"), "currency", limit=3) or parsed.currency),
            "suppliers": suppliers,
        }))
    contracts = []
    for contract in parsed.contracts:
        if contract.supplier is not None:
            parties.add(contract.supplier, "supplier")
        contracts.append(_compact({
            "id": contract.prozorro_id, "awardID": contract.award_id or contract.prozorro_id,
            "title": contract.contract_number,
            "status": CONTRACT_STATUS.get(contract.status, "pending"), "statusDetails": contract.status,
            "value": money(contract.value_amount, contract.currency), "dateSigned": iso(contract.date_signed),
            "period": _compact({"startDate": iso(contract.period_start), "endDate": iso(contract.period_end)}),
        }))
    method = raw.get("procurementMethod")
    tender = _compact({
        "id": parsed.prozorro_id, "title": parsed.title, "description": parsed.description,
        "status": TENDER_STATUS.get(parsed.status, "active"), "statusDetails": parsed.status,
        "procuringEntity": buyer, "items": items,
        "value": money(parsed.value_amount, parsed.currency),
        "procurementMethod": method if method in METHODS else "open",
        "procurementMethodDetails": parsed.procurement_method_type,
        "tenderPeriod": _period(raw.get("tenderPeriod")), "enquiryPeriod": _period(raw.get("enquiryPeriod")),
        "numberOfTenderers": parsed.number_of_tenderers,
    })
    tags = ["tender"] + (["award"] if awards else []) + (["contract"] if contracts else [])
    release = _compact({
        "ocid": parsed.ocid, "id": f"{parsed.tender_id}-{parsed.date_modified.strftime('%Y%m%dT%H%M%S%f')}",
        "date": iso(parsed.date_modified), "tag": tags, "initiationType": "tender", "language": "uk",
        "parties": parties.list(), "buyer": buyer, "tender": tender, "awards": awards, "contracts": contracts,
    })
    if parsed.number_of_bids is not None:
        release["bids"] = {"statistics": [{"id": "1", "measure": "bids", "value": parsed.number_of_bids}]}
    return release

