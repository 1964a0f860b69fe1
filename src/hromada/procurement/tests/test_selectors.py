"""Procurement reads: the tenders list's filters and sorts, the capped count, totals by buyer and supplier and the
competition figures (SQL aggregates), each scoped to one community. The helpers here (make_buyer, make_tender,
make_contract) build rows directly, as the crawler's bulk writes do; test_opendata.py goes through the crawler."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from hromada.procurement import selectors
from hromada.procurement.models import Buyer, Contract, Supplier, SupplierKind, Tender

_serial = itertools.count(1)
PERSON_CODE = "3012345678"  # an individual entrepreneur's tax number (synthetic): never on a page or in an export


def make_buyer(community, *, edrpou: str = "40000001", name: str = "Міська рада") -> Buyer:
    return Buyer.objects.get_or_create(community=community, edrpou=edrpou, defaults={"name": name})[0]


def make_tender(community, *, buyer: Buyer | None = None, title: str = "Ремонт даху школи", status: str = "complete",
                cpv: str = "45260000-7", amount: str | None = "100000.00", published: datetime | None = None,
                bids: int | None = 2, release: dict | None = None) -> Tender:
    n = next(_serial)
    buyer = buyer or make_buyer(community)
    published = published or datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    tender_id = f"UA-2026-03-01-{n:06d}-a"
    return Tender.objects.create(
        community=community, prozorro_id=f"{n:032x}", tender_id=tender_id, ocid=f"ocds-be6bcu-{tender_id}",
        buyer=buyer, buyer_edrpou=buyer.edrpou, buyer_name=buyer.name, title=title, status=status,
        procurement_method_type="aboveThresholdUA", cpv_code=cpv, value_amount=Decimal(amount) if amount else None,
        date_published=published, number_of_bids=bids, number_of_tenderers=bids,
        single_bidder=None if bids is None else bids == 1, date_modified=published, release=release or {})


def make_supplier(community, *, name: str = "ТОВ «Будівельник»", code: str = "41000001",
                  person: bool = False) -> Supplier:
    return Supplier.objects.get_or_create(
        community=community, scheme="UA-EDR", identifier=code,
        defaults={"name": name, "kind": SupplierKind.PERSON if person else SupplierKind.ORGANIZATION})[0]


def make_contract(tender: Tender, supplier: Supplier | None, *, amount: str = "90000.00",
                  signed: datetime | None = None) -> Contract:
    n = next(_serial)
    return Contract.objects.create(community=tender.community, tender=tender, prozorro_id=f"c{n:031x}",
                                   contract_number=f"№{n}", supplier=supplier, value_amount=Decimal(amount),
                                   date_signed=signed or tender.date_published, status="active")


def _ids(queryset) -> list[int]:
    return [t.pk for t in queryset]


@pytest.fixture
def spread(community):
    """Five tenders of two buyers: statuses, CPV codes, amounts and dates differ."""
    council, water = make_buyer(community), make_buyer(community, edrpou="40000002", name="КП «Водоканал»")
    return {
        "roof": make_tender(community, buyer=council, title="Ремонт даху школи", amount="500000",
                            published=datetime(2026, 1, 10, tzinfo=UTC)),
        "pipes": make_tender(community, buyer=water, title="Труби для водогону", cpv="44160000-9",
                             amount="2000000", status="active.tendering", published=datetime(2026, 2, 10, tzinfo=UTC),
                             bids=None),
        "paper": make_tender(community, buyer=council, title="Папір офісний", cpv="30190000-7", amount="9000",
                             published=datetime(2026, 3, 10, tzinfo=UTC), bids=1),
        "road": make_tender(community, buyer=council, title="Ремонт дороги", cpv="45230000-8", amount=None,
                            published=datetime(2026, 4, 10, tzinfo=UTC), bids=4, status="cancelled"),
        "sand": make_tender(community, buyer=water, title="Пісок", cpv="14210000-6", amount="30000",
                            published=datetime(2026, 5, 10, tzinfo=UTC), bids=6),
    }


def test_each_filter_narrows_the_list(community, spread):
    def ids(**filters):
        return set(_ids(selectors.tender_list(community=community, **filters)))

    t = {name: tender.pk for name, tender in spread.items()}
    assert ids() == set(t.values())
    assert ids(buyer=spread["pipes"].buyer_id) == {t["pipes"], t["sand"]}
    assert ids(status="cancelled") == {t["road"]}
    assert ids(cpv="45") == {t["roof"], t["road"]} and ids(cpv="4523") == {t["road"]}
    assert ids(amount_min=Decimal("30000"), amount_max=Decimal("500000")) == {t["roof"], t["sand"]}
    assert ids(date_from=date(2026, 2, 10), date_to=date(2026, 3, 10)) == {t["pipes"], t["paper"]}
    assert ids(q="ремонт") == {t["roof"], t["road"]}
    assert ids(q=spread["sand"].tender_id.lower()) == {t["sand"]}
    assert ids(q="ремонт", cpv="4526", date_to=date(2026, 1, 31)) == {t["roof"]}
    assert ids(q="нічого такого") == set()


def test_title_search_takes_words_in_any_order_and_case(community, spread):
    def ids(q):
        return set(_ids(selectors.tender_list(community=community, q=q)))

    assert ids("ШКОЛИ  ремонт") == ids("Даху") == {spread["roof"].pk}
    assert ids("ремонт дороги школи") == set()  # every word must be in the title
    assert ids("%") == ids("_") == set()  # LIKE's wildcards are matched as themselves


def test_sorts_by_date_and_by_known_amounts(community, spread):
    newest = _ids(selectors.tender_list(community=community))
    assert newest[0] == spread["sand"].pk and newest[-1] == spread["roof"].pk
    by_amount = _ids(selectors.tender_list(community=community, sort="amount_desc"))
    assert by_amount == [spread[n].pk for n in ("pipes", "roof", "sand", "paper")]  # the road has no amount
    assert _ids(selectors.tender_list(community=community, sort="amount_asc")) == by_amount[::-1]
    assert _ids(selectors.tender_list(community=community, sort="oldest"))[0] == spread["roof"].pk


def test_lists_are_scoped_to_the_community(community, other_community, spread):
    theirs = make_tender(other_community, buyer=make_buyer(other_community))
    assert theirs.pk not in _ids(selectors.tender_list(community=community))
    with pytest.raises(selectors.NotFound):
        selectors.tender_get(community=community, tender_id=theirs.pk)
    supplier = make_supplier(other_community)
    make_contract(theirs, supplier)
    assert not selectors.contract_list(community=community).exists()
    assert selectors.totals_by_supplier(community=community).count() == 0
    with pytest.raises(selectors.NotFound):
        selectors.supplier_get(community=community, supplier_id=supplier.pk)


def test_the_count_stops_at_the_cap(community, monkeypatch):
    buyer = make_buyer(community)
    for _ in range(4):
        make_tender(community, buyer=buyer)
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    listed = selectors.tender_list(community=community)
    assert listed.count() == 3 and selectors.count_is_capped(listed.count())
    assert len(list(listed)) == 4


def test_totals_by_buyer_and_supplier_for_a_period(community, spread):
    builder, fop = make_supplier(community), make_supplier(community, name="ФОП Петренко", code=PERSON_CODE,
                                                            person=True)
    make_contract(spread["roof"], builder, amount="480000", signed=datetime(2026, 1, 30, tzinfo=UTC))
    make_contract(spread["paper"], fop, amount="8500", signed=datetime(2026, 3, 20, tzinfo=UTC))
    make_contract(spread["sand"], builder, amount="29000", signed=datetime(2026, 5, 20, tzinfo=UTC))
    by_buyer = {row["tender__buyer__edrpou"]: (row["count"], row["total"])
                for row in selectors.totals_by_buyer(community=community)}
    assert by_buyer == {"40000001": (2, Decimal("488500")), "40000002": (1, Decimal("29000"))}
    by_supplier = list(selectors.totals_by_supplier(community=community))
    assert [(r["supplier_id"], r["count"], r["total"]) for r in by_supplier] == [
        (builder.pk, 2, Decimal("509000")), (fop.pk, 1, Decimal("8500"))]
    spring = selectors.totals_by_supplier(community=community, date_from=date(2026, 3, 1), date_to=date(2026, 5, 31))
    assert [(r["supplier_id"], r["total"]) for r in spring] == [(builder.pk, Decimal("29000")),
                                                                 (fop.pk, Decimal("8500"))]
    assert selectors.supplier_totals(community=community, supplier=fop) == {"total": Decimal("8500"), "count": 1}


def test_competition_figures(community, spread):
    figures = selectors.competition(community=community)
    # Bids known for roof 2, paper 1, road 4, sand 6 (pipes: not yet).
    assert figures.tenders == 4 and figures.single_bidder == 1 and figures.single_bidder_share == 0.25
    assert figures.average_bids == pytest.approx(13 / 4)
    assert {row["bids"]: row["count"] for row in figures.distribution} == {"0": 0, "1": 1, "2": 1, "3": 0, "4": 1,
                                                                           "5+": 1}
    by_division = {row["division"]: (row["tenders"], row["single_bidder"]) for row in figures.by_division}
    assert by_division == {"45": (2, 0), "30": (1, 1), "14": (1, 0)}
    by_buyer = {row["buyer__name"]: row["tenders"] for row in figures.by_buyer}
    assert by_buyer == {"Міська рада": 3, "КП «Водоканал»": 1}
    early = selectors.competition(community=community, date_to=date(2026, 3, 31))
    assert early.tenders == 2 and early.single_bidder_share == 0.5
    assert selectors.competition(community=community, date_from=date(2027, 1, 1)).single_bidder_share is None
