"""Procurement API: tenders with the page's filters, a tender with its contracts and scrubbed release, contracts,
suppliers (an individual entrepreneur's number never sent), totals and competition; bad parameters are 400 in
the envelope, another community's rows 404, and the lists' queries do not grow with the rows."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from .test_selectors import PERSON_CODE, make_buyer, make_contract, make_supplier, make_tender


def test_tenders_with_filters_and_detail(community, api_client_for):
    council = make_buyer(community)
    roof = make_tender(community, buyer=council, title="Ремонт даху", amount="500000")
    make_tender(community, buyer=council, title="Папір", cpv="30190000-7", amount="900")
    make_contract(roof, make_supplier(community))
    api = api_client_for(community)
    body = api.get("procurement/tenders").json()
    assert body["count"] == 2 and {item["title"] for item in body["items"]} == {"Ремонт даху", "Папір"}
    only = api.get("procurement/tenders", cpv="45", amount_min="1000", sort="amount_desc").json()
    assert [item["id"] for item in only["items"]] == [roof.pk]
    assert only["items"][0]["url"] == f"https://prozorro.gov.ua/tender/{roof.tender_id}"
    detail = api.get(f"procurement/tenders/{roof.pk}").json()
    assert detail["buyer"]["edrpou"] == council.edrpou and detail["contracts"][0]["supplier"]["identifier"] == "41000001"
    assert detail["release"]["ocid"] == roof.ocid


def test_bad_parameters_are_400_and_foreign_rows_404(community, other_community, api_client_for):
    api = api_client_for(community)
    for bad in ({"cpv": "4x"}, {"amount_min": "-1"}, {"sort": "drop"}, {"date_from": "2026-13-01"},
                {"buyer": "0"}, {"page": "0"}, {"date_from": "2026-05-01", "date_to": "2026-01-01"}):
        response = api.get("procurement/tenders", **bad)
        assert response.status_code == 400, (bad, response.content)
        assert "error" in response.json(), bad
    theirs = make_tender(other_community, buyer=make_buyer(other_community))
    supplier = make_supplier(other_community)
    assert api.get(f"procurement/tenders/{theirs.pk}").status_code == 404
    assert api.get(f"procurement/suppliers/{supplier.pk}").json()["error"]["code"] == "not_found"


def test_suppliers_totals_and_competition_without_personal_numbers(community, api_client_for):
    fop = make_supplier(community, name="ФОП Петренко", code=PERSON_CODE, person=True)
    builder = make_supplier(community)
    single = make_tender(community, bids=1, published=datetime(2026, 2, 1, tzinfo=UTC))
    make_contract(single, fop, amount="700")
    make_contract(make_tender(community, bids=3), builder, amount="9000")
    api = api_client_for(community)
    for path in ("procurement/suppliers", f"procurement/suppliers/{fop.pk}", "procurement/contracts",
                 "procurement/totals", "procurement/competition", f"procurement/tenders/{single.pk}"):
        response = api.get(path)
        assert response.status_code == 200, path
        assert PERSON_CODE not in response.content.decode(), path
    suppliers = api.get("procurement/suppliers").json()["items"]
    assert [(s["name"], s["identifier"], Decimal(s["contracts_total"])) for s in suppliers] == [
        ("ТОВ «Будівельник»", "41000001", Decimal("9000")), ("ФОП Петренко", "", Decimal("700"))]
    totals = api.get("procurement/totals", date_from="2026-01-01", date_to="2026-12-31").json()
    assert {row["name"]: row["count"] for row in totals["by_supplier"]} == {"ТОВ «Будівельник»": 1, "ФОП Петренко": 1}
    competition = api.get("procurement/competition").json()
    assert competition["tenders"] == 2 and competition["single_bidder_share"] == 0.5
    assert api.get(f"procurement/suppliers/{builder.pk}").json()["registry"] is None


def test_list_endpoints_queries_do_not_grow(community, api_client_for, django_assert_max_num_queries):
    api = api_client_for(community)
    paths = ("procurement/tenders", "procurement/contracts", "procurement/suppliers", "procurement/totals",
             "procurement/competition")
    for path in paths:
        api.get(path)
    for n in range(30):
        supplier = make_supplier(community, name=f"ТОВ «Постачальник {n}»", code=f"4200{n:04d}")
        make_contract(make_tender(community, buyer=make_buyer(community, edrpou=f"4300{n % 4:04d}")), supplier)
    for path in paths:
        with django_assert_max_num_queries(10):
            assert api.get(path, page_size=50).status_code == 200, path
