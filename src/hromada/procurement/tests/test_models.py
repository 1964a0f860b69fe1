"""The data model and the strict parsers under it: identities a community holds once, a person's tax number
masked, and entries whose fields are of the wrong type refused with the field's name."""

from __future__ import annotations

import copy

import pytest
from django.db import IntegrityError, transaction

from hromada.procurement.crawler.auctions import parse_auction
from hromada.procurement.crawler.parsing import Malformed
from hromada.procurement.crawler.tenders import parse_tender
from hromada.procurement.models import Buyer, Supplier, SupplierKind

from .feedserver import recorded

TENDERS = recorded("tenders.json")["entries"]


def test_a_community_holds_a_code_and_a_supplier_once(community, other_community):
    Buyer.objects.create(community=community, edrpou="40000001", name="Рада")
    Buyer.objects.create(community=other_community, edrpou="40000001", name="Рада")  # another community may
    with pytest.raises(IntegrityError), transaction.atomic():
        Buyer.objects.create(community=community, edrpou="40000001", name="Знову")
    Supplier.objects.create(community=community, identifier="41000001", name="ТОВ")
    with pytest.raises(IntegrityError), transaction.atomic():
        Supplier.objects.create(community=community, identifier="41000001", name="ТОВ знову")


def test_a_persons_tax_number_is_masked():
    person = Supplier(identifier="1234567890", name="ФОП", kind=SupplierKind.PERSON)
    company = Supplier(identifier="41000001", name="ТОВ")
    assert (person.public_identifier, company.public_identifier) == ("**********", "41000001")


@pytest.mark.parametrize(("change", "field"), [
    ({"value": {"amount": "багато", "currency": "UAH"}}, "value.amount is not a number"),
    ({"value": {"amount": -5, "currency": "UAH"}}, "value.amount is out of range"),
    ({"dateModified": "2026-04-02T15:10:00"}, "dateModified is not a date and time with a zone"),
    ({"title": ["not", "text"]}, "title is not text"),
    ({"procuringEntity": {"name": "Без коду"}}, "procuringEntity.identifier.id is missing"),
    ({"items": "all of them"}, "items is not a list of objects"),
    ({"id": "UA-2026"}, "id is not a Prozorro id"),
])
def test_a_malformed_tender_names_its_field(change, field):
    raw = {**copy.deepcopy(TENDERS[0]), **change}
    with pytest.raises(Malformed, match=field):
        parse_tender(raw)


def test_a_tender_parses_into_the_rows_and_the_person_is_known():
    parsed = parse_tender(TENDERS[2])
    assert parsed.single_bidder is True and parsed.contracts[0].supplier.is_person
    assert parsed.row()["ocid"] == "ocds-be6bcu-UA-2026-03-02-000003-a" and parsed.row()["is_synthetic"] is False


def test_an_auction_needs_its_seller():
    raw = copy.deepcopy(recorded("auctions.json")["entries"][0])
    del raw["sellingEntity"]
    with pytest.raises(Malformed, match="sellingEntity is missing"):
        parse_auction(raw)
