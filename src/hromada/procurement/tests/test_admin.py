"""Procurement back office: administrators add, change and remove the community's buyer codes through the
services (validated, audited, other communities' codes not shown); officials may look but not change them; the
crawled tenders are read-only, and a supplier's personal tax number is not on its page."""

from __future__ import annotations

from conftest import make_member
from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.procurement import services
from hromada.procurement.crawler.tenders import parse_tender
from hromada.procurement.models import Buyer, Supplier, Tender

from .feedserver import recorded

BUYERS = "/admin/procurement/buyer/"


def test_administrators_keep_the_codes_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    added = client.post(f"{BUYERS}add/", {"community": community.pk, "edrpou": "40000001", "name": "Рада",
                                          "kind": "council"})
    assert added.status_code == 302, added.content.decode()[:2000]
    buyer = Buyer.objects.get(community=community, edrpou="40000001")
    refused = client.post(f"{BUYERS}add/", {"community": community.pk, "edrpou": "4000", "name": "Ні",
                                            "kind": "council"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    services.buyer_add(actor=SYSTEM, community=other_community, edrpou="49999999", name="Чужа рада")
    assert "Чужа рада" not in client.get(BUYERS).content.decode()
    deleted = client.post(BUYERS, {"action": "delete_selected", "_selected_action": [buyer.pk], "post": "yes"})
    assert deleted.status_code == 302 and not Buyer.objects.filter(community=community).exists()
    assert list(AuditEvent.objects.filter(action__startswith="procurement.", community=community).order_by("pk")
                .values_list("action", flat=True)) == ["procurement.buyer.added", "procurement.buyer.removed"]


def test_crawled_data_is_read_only_and_persons_are_masked(community):
    services.buyer_add(actor=SYSTEM, community=community, edrpou="40000001", name="Рада")
    services.ingest_tenders(actor=SYSTEM, tenders=[parse_tender(t) for t in recorded("tenders.json")["entries"]])
    official = make_member(community, Role.OFFICIAL)
    client = Client()
    client.force_login(official)
    tender = Tender.objects.get(community=community, tender_id="UA-2026-03-02-000001-a")
    page = client.get(f"/admin/procurement/tender/{tender.pk}/change/")
    assert page.status_code == 200 and "UA-2026-03-02-000001-a" in page.content.decode()
    assert client.post(f"/admin/procurement/tender/{tender.pk}/change/", {"title": "x"}).status_code == 403
    assert client.get(f"{BUYERS}add/").status_code == 403  # officials do not change the codes
    person = Supplier.objects.get(community=community, kind="person")
    supplier_page = client.get(f"/admin/procurement/supplier/{person.pk}/change/").content.decode()
    assert person.name in supplier_page and person.identifier not in supplier_page
