"""Procurement open data: the tenders and contracts rows of the portal's live datasets, and the OCDS release
package at /procurement/ocds/releases.json, built from recorded Prozorro tenders through the crawler's parser and
ingest and validated against the vendored OCDS 1.1 schemas; an individual entrepreneur's tax number is in none."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from django.test import Client
from referencing import Registry, Resource

from hromada.core.identity.actors import SYSTEM
from hromada.procurement import selectors, services
from hromada.procurement.crawler.tenders import parse_tender
from hromada.procurement.models import Supplier, SupplierKind

HERE = Path(__file__).parent
SCHEMAS = HERE / "ocds_schema"
RECORDED = json.loads((HERE / "recorded" / "tenders.json").read_text(encoding="utf-8"))["entries"]


@pytest.fixture
def ingested(community):
    for code in ("40000001", "40000002", "40000003"):
        services.buyer_add(actor=SYSTEM, community=community, edrpou=code, name=f"Покупець {code}")
    parsed = [parse_tender(raw) for raw in RECORDED]
    services.ingest_tenders(actor=SYSTEM, tenders=parsed)
    return community


def _validator():
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text(encoding="utf-8"))
    release = json.loads((SCHEMAS / "release-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resources([(release["id"], Resource.from_contents(release)),
                                          (package["id"], Resource.from_contents(package))])
    return jsonschema.Draft4Validator(package, registry=registry, format_checker=jsonschema.FormatChecker())


def _person_codes() -> set[str]:
    codes = set(Supplier.objects.filter(kind=SupplierKind.PERSON).values_list("identifier", flat=True))
    for raw in RECORDED:
        for bid in raw.get("bids") or []:
            for who in bid.get("tenderers") or []:
                code = str(who.get("identifier", {}).get("id", ""))
                if len(code) == 10:
                    codes.add(code)
    return codes


def test_the_release_package_is_valid_ocds(ingested):
    response = Client().get(f"/c/{ingested.slug}/procurement/ocds/releases.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    package = response.json()
    errors = sorted(_validator().iter_errors(package), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:10]]
    assert package["version"] == "1.1" and package["license"] and package["publisher"]["name"] == ingested.name
    assert package["releases"] and all(r["ocid"].startswith("ocds-be6bcu-") for r in package["releases"])
    assert package["uri"].endswith("/procurement/ocds/releases.json?page=1")


def test_a_bad_page_is_400(ingested):
    for page in ("abc", "0", "-1", "1e9"):
        response = Client().get(f"/c/{ingested.slug}/procurement/ocds/releases.json", {"page": page})
        assert response.status_code == 400 and response.json()["error"]["code"] == "validation_failed", page


def test_paging_links(ingested):
    releases, more = selectors.ocds_releases(community=ingested, page=1, page_size=1)
    assert len(releases) == 1 and more
    beyond, more = selectors.ocds_releases(community=ingested, page=1000, page_size=1)
    assert beyond == [] and not more
    package = Client().get(f"/c/{ingested.slug}/procurement/ocds/releases.json", {"page": "2"}).json()
    assert "prev" in package["links"]


def test_no_personal_number_in_any_open_data(ingested):
    codes = _person_codes()
    assert codes, "the recorded tenders include an individual entrepreneur"
    outputs = [json.dumps(list(selectors.tender_open_data_rows(ingested)), default=str, ensure_ascii=False),
               json.dumps(list(selectors.contract_open_data_rows(ingested)), default=str, ensure_ascii=False),
               Client().get(f"/c/{ingested.slug}/procurement/ocds/releases.json").content.decode()]
    for tender in selectors.tender_list(community=ingested):
        outputs.append(Client().get(f"/c/{ingested.slug}/procurement/tenders/{tender.pk}/release.json")
                       .content.decode())
    for text in outputs:
        for code in codes:
            assert code not in text
    assert "contactPoint" not in outputs[2]


def test_csv_rows_carry_the_declared_fields(ingested):
    from hromada.procurement.manifest import MANIFEST

    exports = {export.slug: export for export in MANIFEST.opendata_exports}
    tenders = list(selectors.tender_open_data_rows(ingested))
    contracts = list(selectors.contract_open_data_rows(ingested))
    assert tenders and contracts
    assert set(tenders[0]) == {name for name, _type in exports["procurement-tenders"].fields}
    assert set(contracts[0]) == {name for name, _type in exports["procurement-contracts"].fields}
    persons = [row for row in contracts if row["supplier_identifier"] == "" and row["supplier_name"]]
    organisations = [row for row in contracts if row["supplier_identifier"]]
    assert all(len(row["supplier_identifier"]) == 8 for row in organisations)
    assert persons or organisations


def test_a_hand_made_release_is_scrubbed(community):
    from .test_selectors import PERSON_CODE, make_contract, make_supplier, make_tender

    tender = make_tender(community, release={
        "parties": [{"id": f"UA-EDR-{PERSON_CODE}", "name": "ФОП Іваненко", "roles": ["supplier"],
                     "identifier": {"scheme": "UA-EDR", "id": PERSON_CODE},
                     "address": {"streetAddress": "вул. Домашня, 5"}, "contactPoint": {"telephone": "+380501112233"}},
                    {"id": "UA-EDR-41000001", "name": "ТОВ", "identifier": {"scheme": "UA-EDR", "id": "41000001"},
                     "contactPoint": {"name": "Іван Іванов", "email": "ivan@example.com"}}],
        "awards": [{"id": "a", "suppliers": [{"id": f"UA-EDR-{PERSON_CODE}", "name": "ФОП Іваненко"}]}]})
    make_contract(tender, make_supplier(community, code=PERSON_CODE, person=True))
    release = selectors.public_release(tender)
    text = json.dumps(release, ensure_ascii=False)
    assert PERSON_CODE not in text and "Домашня" not in text and "ivan@example.com" not in text
    assert "41000001" in text and release["tag"] and release["initiationType"] == "tender"
