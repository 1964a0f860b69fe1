"""Procurement pages: the tenders list with its filters and empty states, a tender, contracts, totals,
competition and a supplier with the register's facts; another community's rows are 404; an individual
entrepreneur's tax number is on no page; the lists cost the same queries for many rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.test import Client

from hromada.procurement.models import RegistryRecord

from .test_selectors import PERSON_CODE, make_buyer, make_contract, make_supplier, make_tender


def _get(community, path: str = "", **params):
    return Client().get(f"/c/{community.slug}/procurement/{path}", params)


def test_list_filters_and_links(community):
    council = make_buyer(community)
    roof = make_tender(community, buyer=council, title="Ремонт даху школи", cpv="45260000-7")
    make_tender(community, buyer=council, title="Папір офісний", cpv="30190000-7")
    page = _get(community).content.decode()
    assert "Ремонт даху школи" in page and "Папір офісний" in page and '<html lang="uk"' in page
    assert f"/procurement/tenders/{roof.pk}/" in page
    filtered = _get(community, cpv="4526", buyer=council.pk, q="даху").content.decode()
    assert "Ремонт даху школи" in filtered and "Папір офісний" not in filtered


def test_empty_states_and_bad_filters(community):
    no_buyers = _get(community).content.decode()
    make_buyer(community)
    none_collected = _get(community).content.decode()
    assert 'class="empty"' in no_buyers and 'class="empty"' in none_collected and no_buyers != none_collected
    make_tender(community)
    nothing = _get(community, q="немає такого")
    assert nothing.status_code == 200 and 'class="empty"' in nothing.content.decode()
    for bad in ({"cpv": "abc"}, {"amount_min": "-5"}, {"amount_min": "10", "amount_max": "1"},
                {"date_from": "2026-05-01", "date_to": "2026-01-01"}, {"buyer": "999999"}, {"date_from": "x"},
                {"page": "999"}, {"sort": "evil"}):
        response = _get(community, **bad)
        assert response.status_code == 200, bad
        assert 'class="form-errors"' in response.content.decode() or bad == {"page": "999"}, bad


def test_tender_page_shows_contracts_with_supplier_links(community):
    tender = make_tender(community, release={"tender": {"items": [
        {"id": "1", "description": "Покрівельні роботи", "classification": {"scheme": "CPV", "id": "45261000-4"},
         "quantity": 1, "unit": {"name": "послуга"}}]}, "awards": [
        {"id": "a1", "status": "active", "value": {"amount": 95000, "currency": "UAH"},
         "suppliers": [{"id": "UA-EDR-41000001", "name": "ТОВ «Будівельник»"}]}]})
    supplier = make_supplier(community)
    make_contract(tender, supplier)
    page = _get(community, f"tenders/{tender.pk}/").content.decode()
    assert "Покрівельні роботи" in page and f"/procurement/suppliers/{supplier.pk}/" in page
    assert f"https://prozorro.gov.ua/tender/{tender.tender_id}" in page
    assert f"/procurement/tenders/{tender.pk}/release.json" in page
    release = _get(community, f"tenders/{tender.pk}/release.json")
    assert release.status_code == 200 and release.json()["ocid"] == tender.ocid
    assert "attachment" in release["Content-Disposition"]


def test_another_communitys_rows_are_not_found(community, other_community):
    theirs = make_tender(other_community, buyer=make_buyer(other_community))
    supplier = make_supplier(other_community)
    make_contract(theirs, supplier)
    for path in (f"tenders/{theirs.pk}/", f"tenders/{theirs.pk}/release.json", f"suppliers/{supplier.pk}/"):
        assert _get(community, path).status_code == 404, path


def test_supplier_page_with_and_without_register_facts(community):
    builder = make_supplier(community)
    make_contract(make_tender(community), builder, amount="1234.50")
    page = _get(community, f"suppliers/{builder.pk}/").content.decode()
    assert "1\u00a0234,50" in page or "1 234,50" in page or "1,234.50" in page
    assert 'class="empty"' in page  # no registry data imported
    RegistryRecord.objects.create(edrpou="41000001", name="ТОВАРИСТВО «БУДІВЕЛЬНИК»", status="зареєстровано",
                                  address="м. Дрогобич, вул. Шевченка, 1", kved_code="41.20",
                                  kved_name="Будівництво житлових і нежитлових будівель",
                                  registration_date=date(2004, 5, 6), data_as_of=date(2026, 11, 1))
    page = _get(community, f"suppliers/{builder.pk}/").content.decode()
    assert "ТОВАРИСТВО «БУДІВЕЛЬНИК»" in page and "41.20" in page and "06.05.2004" in page and "01.11.2026" in page


def test_a_persons_tax_number_is_on_no_page(community):
    fop = make_supplier(community, name="ФОП Петренко Петро", code=PERSON_CODE, person=True)
    tender = make_tender(community, release={"parties": [{"id": f"UA-EDR-{PERSON_CODE}", "name": "ФОП Петренко Петро",
                                                          "identifier": {"scheme": "UA-EDR", "id": PERSON_CODE}}]})
    make_contract(tender, fop)
    for path in ("", f"tenders/{tender.pk}/", f"tenders/{tender.pk}/release.json", f"suppliers/{fop.pk}/",
                 "contracts/", "totals/", "competition/", "ocds/releases.json"):
        response = _get(community, path)
        assert response.status_code == 200, path
        assert PERSON_CODE not in response.content.decode(), path
    assert "ФОП Петренко Петро" in _get(community, f"suppliers/{fop.pk}/").content.decode()


def test_contracts_totals_and_competition_pages(community):
    tender = make_tender(community, bids=1, published=datetime(2026, 2, 1, tzinfo=UTC))
    make_contract(tender, make_supplier(community), amount="5000")
    for path in ("contracts/", "totals/", "competition/"):
        page = _get(community, path).content.decode()
        assert "ТОВ «Будівельник»" in page or path == "competition/", path
    assert "100%" in _get(community, "competition/").content.decode()
    empty = _get(community, "totals/", date_from="2027-01-01").content.decode()
    assert 'class="empty"' in empty and "ТОВ «Будівельник»" not in empty
    assert _get(community, "competition/", date_from="2027-01-01").status_code == 200


def test_list_pages_cost_the_same_queries_for_many_rows(community, django_assert_max_num_queries):
    buyer, supplier = make_buyer(community), make_supplier(community)
    make_contract(make_tender(community, buyer=buyer), supplier)
    client = Client()
    paths = ("", "contracts/", "totals/", "competition/", f"suppliers/{supplier.pk}/", "ocds/releases.json")
    for path in paths:
        client.get(f"/c/{community.slug}/procurement/{path}")  # warm the per-process caches
    for n in range(40):
        other = make_supplier(community, name=f"ТОВ «Постачальник {n}»", code=f"4200{n:04d}")
        make_contract(make_tender(community, buyer=make_buyer(community, edrpou=f"4300{n % 5:04d}")), other)
    for path in paths:
        with django_assert_max_num_queries(12):
            assert client.get(f"/c/{community.slug}/procurement/{path}").status_code == 200, path
