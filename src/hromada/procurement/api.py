"""The JSON API of Procurement at /c/<community>/api/v1/procurement/: the community's tenders (with the list page's
filters), a tender, contracts, suppliers, totals by buyer and supplier, and the competition figures.

Read-only and public: the data are Prozorro's open data; an individual entrepreneur's tax number is never sent."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.public_cache import cached_for_anonymous
from hromada.core.api.schemas import ERROR_RESPONSES, MAX_ID
from hromada.core.errors import ValidationFailed

from . import selectors
from .forms import AMOUNT_MAX

router = Router()
_SORT = "^(newest|oldest|amount_desc|amount_asc)$"


class ProcurementBuyerOut(Schema):
    id: int
    edrpou: str
    name: str
    kind: str


class ProcurementTenderOut(Schema):
    id: int
    tender_id: str
    ocid: str
    title: str
    status: str
    procurement_method_type: str
    buyer: ProcurementBuyerOut
    cpv_code: str
    value_amount: Decimal | None
    currency: str
    date_published: datetime | None
    tender_period_end: datetime | None
    number_of_bids: int | None
    single_bidder: bool | None
    awarded_amount: Decimal | None
    is_synthetic: bool
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return selectors.PROZORRO_TENDER_URL.format(obj.tender_id)


class ProcurementSupplierRef(Schema):
    id: int
    name: str
    kind: str
    identifier: str = Field("", description="The EDRPOU code; empty for an individual entrepreneur (personal data).")


def _supplier_ref(supplier) -> dict | None:
    if supplier is None:
        return None
    public = selectors.is_public_code(supplier.kind, supplier.scheme, supplier.identifier)
    return {"id": supplier.pk, "name": supplier.name, "kind": supplier.kind,
            "identifier": supplier.identifier if public else ""}


class ProcurementContractOut(Schema):
    id: int
    prozorro_id: str
    contract_number: str
    tender_id: int
    supplier: ProcurementSupplierRef | None
    value_amount: Decimal | None
    currency: str
    date_signed: datetime | None
    status: str

    @staticmethod
    def resolve_supplier(obj) -> dict | None:
        return _supplier_ref(obj.supplier)


class ProcurementTenderDetailOut(ProcurementTenderOut):
    description: str
    cpv_description: str
    tender_period_start: datetime | None
    date_modified: datetime
    contracts: list[ProcurementContractOut]
    release: dict = Field(description="The OCDS release, personal data removed.")

    @staticmethod
    def resolve_contracts(obj) -> list:
        return obj.contracts_list

    @staticmethod
    def resolve_release(obj) -> dict:
        return obj.public_release


class ProcurementSupplierOut(ProcurementSupplierRef):
    contracts_count: int
    contracts_total: Decimal | None


class ProcurementRegistryOut(Schema):
    name: str
    short_name: str
    status: str
    address: str
    kved_code: str
    kved_name: str
    registration_date: date | None
    data_as_of: date


class ProcurementSupplierDetailOut(ProcurementSupplierOut):
    registry: ProcurementRegistryOut | None


class ProcurementTenderFilters(Schema):
    q: str = Field("", max_length=100, description="Words of the title, or the start of a tender ID (UA-…).")
    buyer: int | None = Field(None, ge=1, le=MAX_ID)
    status: str = Field("", max_length=40)
    cpv: str = Field("", pattern=r"^(\d{2,8})?$", description="The first 2 to 8 digits of the CPV code.")
    amount_min: Decimal | None = Field(None, ge=0, le=AMOUNT_MAX)
    amount_max: Decimal | None = Field(None, ge=0, le=AMOUNT_MAX)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = Field("newest", pattern=_SORT)


class ProcurementPeriod(Schema):
    date_from: date | None = None
    date_to: date | None = None


class ProcurementBuyerTotalOut(Schema):
    buyer_id: int
    name: str
    edrpou: str
    count: int
    total: Decimal | None


class ProcurementSupplierTotalOut(Schema):
    supplier_id: int
    name: str
    kind: str
    count: int
    total: Decimal | None


class ProcurementTotalsOut(Schema):
    by_buyer: list[ProcurementBuyerTotalOut]
    by_supplier: list[ProcurementSupplierTotalOut] = Field(description="The 100 largest suppliers of the period.")


class ProcurementCompetitionRowOut(Schema):
    key: str
    name: str
    tenders: int
    average_bids: float | None
    single_bidder: int
    single_bidder_share: float | None


class ProcurementBidsBucketOut(Schema):
    bids: str
    count: int
    share: float | None


class ProcurementCompetitionOut(Schema):
    tenders: int
    average_bids: float | None
    single_bidder: int
    single_bidder_share: float | None
    distribution: list[ProcurementBidsBucketOut]
    by_buyer: list[ProcurementCompetitionRowOut]
    by_division: list[ProcurementCompetitionRowOut]


def _period(period: ProcurementPeriod) -> dict:
    if period.date_from and period.date_to and period.date_from > period.date_to:
        raise ValidationFailed(fields={"date_to": ["The end of the period is before its start."]})
    return {"date_from": period.date_from, "date_to": period.date_to}


@router.get("/tenders", response={200: list[ProcurementTenderOut], **ERROR_RESPONSES}, summary="The tenders")
@cached_for_anonymous(seconds=30)
@paginate(PageNumber)
def tender_list(request, filters: Query[ProcurementTenderFilters]):
    values = filters.dict()
    _period(ProcurementPeriod(date_from=values["date_from"], date_to=values["date_to"]))
    return selectors.tender_list(community=require_community(request), **values)


@router.get("/tenders/{tender_id}", response={200: ProcurementTenderDetailOut, **ERROR_RESPONSES},
            summary="One tender, with its contracts and OCDS release")
def tender_detail(request, tender_id: str):
    """By our id or by Prozorro's tender ID (UA-…); another community's is 404 either way."""
    community = require_community(request)
    tender = selectors.tender_get(community=community, tender_id=tender_id)
    tender.contracts_list = list(selectors.contract_list(community=community, tender=tender))
    tender.public_release = selectors.public_release(tender)
    return tender


@router.get("/contracts", response={200: list[ProcurementContractOut], **ERROR_RESPONSES}, summary="The contracts")
@cached_for_anonymous(seconds=30)
@paginate(PageNumber)
def contract_list(request, period: Query[ProcurementPeriod], supplier: int | None = Query(None, ge=1, le=MAX_ID),
                  buyer: int | None = Query(None, ge=1, le=MAX_ID)):
    return selectors.contract_list(community=require_community(request), supplier=supplier, buyer=buyer,
                                   **_period(period))


@router.get("/suppliers", response={200: list[ProcurementSupplierOut], **ERROR_RESPONSES},
            summary="The suppliers, largest first")
@paginate(PageNumber)
def supplier_list(request, q: str = Query("", max_length=100)):
    return _SupplierRows(selectors.supplier_list(community=require_community(request), q=q))


class _SupplierRows:
    """The suppliers' query as the pager slices it, each row rendered without a person's tax number."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict]:
        return [{**_supplier_ref(s), "contracts_count": s.contracts_count, "contracts_total": s.contracts_total}
                for s in self.queryset[window]]


@router.get("/suppliers/{supplier_id}", response={200: ProcurementSupplierDetailOut, **ERROR_RESPONSES},
            summary="One supplier: the community's contracts with them, and the register's facts")
def supplier_detail(request, supplier_id: int):
    community = require_community(request)
    supplier = selectors.supplier_get(community=community, supplier_id=supplier_id)
    totals = selectors.supplier_totals(community=community, supplier=supplier)
    return {**_supplier_ref(supplier), "contracts_count": totals["count"], "contracts_total": totals["total"],
            "registry": selectors.registry_facts(supplier)}


@router.get("/totals", response={200: ProcurementTotalsOut, **ERROR_RESPONSES},
            summary="Contracts signed in a period: number and sum by buyer and by supplier")
@cached_for_anonymous(seconds=30)
def totals(request, period: Query[ProcurementPeriod]):
    community = require_community(request)
    bounds = _period(period)
    return {
        "by_buyer": [{"buyer_id": r["tender__buyer_id"], "name": r["tender__buyer__name"],
                      "edrpou": r["tender__buyer__edrpou"], "count": r["count"], "total": r["total"]}
                     for r in selectors.cached_figures(selectors.totals_by_buyer, community=community, **bounds)],
        "by_supplier": [{"supplier_id": r["supplier_id"], "name": r["supplier__name"], "kind": r["supplier__kind"],
                         "count": r["count"], "total": r["total"]}
                        for r in selectors.cached_figures(selectors.top_suppliers, community=community, **bounds)],
    }


@router.get("/competition", response={200: ProcurementCompetitionOut, **ERROR_RESPONSES},
            summary="Bids per tender and the single-bidder share, overall, by buyer and by CPV division")
@cached_for_anonymous(seconds=30)
def competition(request, period: Query[ProcurementPeriod]):
    figures = selectors.cached_figures(selectors.competition, community=require_community(request),
                                       **_period(period))

    def row(item: dict, key: str, name: str) -> dict:
        return {"key": key, "name": name, "tenders": item["tenders"], "average_bids": item["average_bids"],
                "single_bidder": item["single_bidder"], "single_bidder_share": item["single_bidder_share"]}

    return {"tenders": figures.tenders, "average_bids": figures.average_bids,
            "single_bidder": figures.single_bidder, "single_bidder_share": figures.single_bidder_share,
            "distribution": figures.distribution,
            "by_buyer": [row(r, str(r["buyer_id"]), r["buyer__name"]) for r in figures.by_buyer],
            "by_division": [row(r, r["division"] or "", r["division"] or "") for r in figures.by_division]}
