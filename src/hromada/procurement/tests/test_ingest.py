"""The ingest services and the community's buyer codes: upserts keep the newest version, the platform alone
ingests, administrators alone change the codes (validated, audited), and the demo writes a year of clearly
synthetic tenders through the same path."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import make_member

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.procurement import demo
from hromada.procurement.crawler.synthetic import SYNTHETIC_MARK
from hromada.procurement.crawler.tenders import parse_tender
from hromada.procurement.models import Auction, Buyer, Contract, Supplier, Tender
from hromada.procurement.services import buyer_add, buyer_remove, buyer_update, ingest_tenders

from .feedserver import recorded

ROOF = recorded("tenders.json")["entries"][0]  # buyer 40000001, one contract


@pytest.fixture
def buyer(community):
    return buyer_add(actor=SYSTEM, community=community, edrpou="40000001", name="Рада")


def test_an_older_version_never_overwrites_a_newer_one(community, buyer):
    newer = {**copy.deepcopy(ROOF), "status": "complete", "dateModified": "2026-05-01T00:00:00+03:00"}
    older = {**copy.deepcopy(ROOF), "status": "active.awarded", "dateModified": "2026-04-01T00:00:00+03:00"}
    assert ingest_tenders(actor=SYSTEM, tenders=[parse_tender(newer)])["created"] == 1
    counts = ingest_tenders(actor=SYSTEM, tenders=[parse_tender(older)])
    assert counts == {"stored": 0, "created": 0, "updated": 0, "unchanged": 1}
    assert Tender.objects.get().status == "complete"
    # Within one batch too: the newest of two versions of the same tender wins.
    Tender.objects.all().delete()
    ingest_tenders(actor=SYSTEM, tenders=[parse_tender(newer), parse_tender(older)])
    assert Tender.objects.get().status == "complete" and Contract.objects.count() == 1


def test_only_the_platform_ingests(community, buyer, community_admin):
    with pytest.raises(PermissionDenied):
        ingest_tenders(actor=community_admin, tenders=[parse_tender(ROOF)])
    assert not Tender.objects.exists()


def test_buyer_codes_are_validated_and_unique(community):
    with pytest.raises(ValidationFailed) as invalid:
        buyer_add(actor=SYSTEM, community=community, edrpou="4000001", name=" ", kind="bank")
    assert set(invalid.value.fields) == {"edrpou", "name", "kind"}
    buyer_add(actor=SYSTEM, community=community, edrpou="40000001", name="Рада")
    with pytest.raises(Conflict):
        buyer_add(actor=SYSTEM, community=community, edrpou="40000001", name="Рада знову")


def test_only_administrators_change_the_codes(community, other_community):
    official = make_member(community, Role.OFFICIAL)
    with pytest.raises(PermissionDenied):
        buyer_add(actor=official, community=community, edrpou="40000001", name="Рада")
    admin = make_member(community, Role.ADMIN)
    buyer = buyer_add(actor=admin, community=community, edrpou="40000001", name="Рада")
    theirs = buyer_add(actor=SYSTEM, community=other_community, edrpou="40000009", name="Інша")
    with pytest.raises(NotFound):
        buyer_update(actor=admin, community=community, buyer_id=theirs.pk, name="Моя")
    assert buyer_update(actor=admin, community=community, buyer_id=buyer.pk, name="Міська рада").name == "Міська рада"
    actions = list(AuditEvent.objects.filter(community=community, action__startswith="procurement.")
                   .values_list("action", flat=True).order_by("pk"))
    assert actions == ["procurement.buyer.added", "procurement.buyer.changed"]


def test_removing_a_code_keeps_the_history(community, buyer):
    ingest_tenders(actor=SYSTEM, tenders=[parse_tender(ROOF)])
    assert buyer_remove(actor=SYSTEM, community=community, buyer_id=buyer.pk) is False
    buyer.refresh_from_db()
    assert not buyer.is_active and Tender.objects.filter(buyer=buyer).exists()
    # Following it again reactivates the same row.
    assert buyer_add(actor=SYSTEM, community=community, edrpou="40000001", name="Рада").pk == buyer.pk
    empty = buyer_add(actor=SYSTEM, community=community, edrpou="40000002", name="Без закупівель")
    assert buyer_remove(actor=SYSTEM, community=community, buyer_id=empty.pk) is True
    assert not Buyer.objects.filter(pk=empty.pk).exists()


def test_demo_is_a_clearly_labelled_synthetic_year(community):
    demo.load(community, size="small")
    tenders = Tender.objects.filter(community=community)
    assert tenders.count() == 40 and Buyer.objects.filter(community=community).count() == 3
    assert not tenders.filter(is_synthetic=False).exists()
    assert all(title.startswith(SYNTHETIC_MARK) for title in tenders.values_list("title", flat=True))
    assert Contract.objects.filter(community=community).exists()
    assert Supplier.objects.filter(community=community, kind="person").exists()
    assert Auction.objects.filter(community=community, is_synthetic=True).count() == 2
    span = tenders.order_by("date_published")
    assert (span.last().date_published - span.first().date_published).days >= 300
    # No person's tax number reaches a release; loading again changes nothing.
    persons = set(Supplier.objects.filter(kind="person").values_list("identifier", flat=True))
    assert not any(p in json.dumps(r) for r in tenders.values_list("release", flat=True) for p in persons)
    demo.load(community, size="small")
    assert Tender.objects.filter(community=community).count() == 40
