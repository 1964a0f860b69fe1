"""The crawler against a real HTTP server (tests/feedserver.py) serving recorded, synthetic Prozorro API pages:
it keeps only the tenders of the codes communities follow (each community its own), resumes after a failure
between pages or in the middle of one without duplicates or loss, reports malformed pages and entries, retries
429/5xx politely, and stores OCDS releases valid against the OCDS 1.1 release schema."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from django.test import override_settings

from hromada.core.identity.actors import SYSTEM
from hromada.procurement.crawler.client import Client
from hromada.procurement.crawler.walk import crawl
from hromada.procurement.models import Auction, Buyer, BuyerKind, Contract, CrawlState, Supplier, Tender
from hromada.procurement.services import buyer_add

from .feedserver import FeedServer, recorded

TENDERS = recorded("tenders.json")["entries"]
ID = {n: t["id"] for n, t in enumerate(TENDERS, start=1)}  # 1..6 as in tests/recorded/tenders.json
SCHEMA = json.loads((Path(__file__).parent / "ocds_schema" / "release-schema.json").read_text(encoding="utf-8"))


def client_of(server: FeedServer, **overrides) -> Client:
    return Client(base_url=server.base_url, **{"backoff": 0.0, "interval": 0.0, "retries": 2, **overrides})


def ids_of(community) -> set[str]:
    return set(Tender.objects.filter(community=community).values_list("prozorro_id", flat=True))


@pytest.fixture
def followed(community, other_community):
    buyer_add(actor=SYSTEM, community=community, edrpou="40000001", name="Рада", kind=BuyerKind.COUNCIL)
    buyer_add(actor=SYSTEM, community=community, edrpou="40000002", name="Водоканал", kind=BuyerKind.ENTERPRISE)
    buyer_add(actor=SYSTEM, community=other_community, edrpou="40000003", name="Інша рада")
    return community, other_community


@pytest.fixture
def server():
    with FeedServer(tenders=TENDERS) as running:
        yield running


def test_keeps_only_the_followed_buyers_tenders_each_in_its_community(followed, server):
    a, b = followed
    report = crawl(client=client_of(server), limit=2)
    assert report.error == "" and report.caught_up and report.changes == 6
    assert ids_of(a) == {ID[1], ID[2], ID[3], ID[6]}
    assert ids_of(b) == {ID[4]}
    assert not Tender.objects.filter(prozorro_id=ID[5]).exists()  # nobody follows 39999999
    # The feed carried the buyer's code (opt_fields), so the stranger's tender was never fetched.
    assert not any(ID[5] in path for path, _agent in server.seen)
    assert all(agent.startswith("Hromada procurement crawler") for _path, agent in server.seen)
    state = CrawlState.objects.get(source="prozorro")
    assert (state.offset, state.pages, state.changes_seen, state.stored) == ("6", 4, 6, 5)


def test_stores_the_figures_the_pages_need(followed, server):
    a, _b = followed
    crawl(client=client_of(server))
    roof = Tender.objects.get(community=a, prozorro_id=ID[1])
    assert (roof.tender_id, roof.ocid) == ("UA-2026-03-02-000001-a", "ocds-be6bcu-UA-2026-03-02-000001-a")
    assert roof.buyer.edrpou == roof.buyer_edrpou == "40000001"
    assert (roof.cpv_code, roof.value_amount, roof.awarded_amount) == ("45450000-6", Decimal("1200000.00"),
                                                                       Decimal("1100000.00"))
    assert (roof.number_of_bids, roof.number_of_tenderers, roof.single_bidder) == (3, 3, False)
    cleaning = Tender.objects.get(community=a, prozorro_id=ID[3])
    assert cleaning.single_bidder is True
    open_one = Tender.objects.get(community=a, prozorro_id=ID[2])
    assert (open_one.number_of_bids, open_one.single_bidder) == (None, None)
    contract = Contract.objects.get(tender=roof)
    assert (contract.contract_number, contract.value_amount, contract.supplier.identifier) == (
        "17/26-Б", Decimal("1100000.00"), "41000001")
    person = Contract.objects.get(tender=cleaning).supplier
    assert person.is_person and person.public_identifier == "**********"
    # The person's tax number is stored (contractor checks) but never put in the published release.
    assert "1234567890" not in json.dumps(cleaning.release) and "1234567890" not in json.dumps(roof.release)


def test_releases_are_valid_ocds(followed, server):
    crawl(client=client_of(server))
    validator = jsonschema.Draft4Validator(SCHEMA)
    releases = list(Tender.objects.values_list("release", flat=True))
    assert len(releases) == 5
    for release in releases:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(release)]
        assert errors == [], release["ocid"]
        assert release["ocid"].startswith("ocds-be6bcu-UA-2026-")
        assert release["buyer"]["id"].startswith("UA-EDR-400000")
    complete = next(r for r in releases if r["tender"]["id"] == ID[1])
    assert complete["tag"] == ["tender", "award", "contract"]
    assert complete["bids"]["statistics"][0]["value"] == 3
    assert {p["id"] for p in complete["parties"] if "supplier" in p["roles"]} == {"UA-EDR-41000001"}


def test_two_communities_following_the_same_code_get_their_own_copies(followed, server):
    a, b = followed
    buyer_add(actor=SYSTEM, community=b, edrpou="40000001", name="Спільний замовник")
    crawl(client=client_of(server))
    assert ID[1] in ids_of(a) and ID[1] in ids_of(b)
    ours, theirs = (Contract.objects.get(community=c, tender__prozorro_id=ID[1]) for c in (a, b))
    assert ours.supplier.community_id == a.pk and theirs.supplier.community_id == b.pk
    assert ours.supplier_id != theirs.supplier_id


def test_a_newer_version_updates_and_reading_again_duplicates_nothing(followed, server):
    a, _b = followed
    crawl(client=client_of(server))
    counts = (Tender.objects.count(), Contract.objects.count(), Supplier.objects.count())
    changed = {**TENDERS[1], "status": "active.qualification", "dateModified": "2026-04-09T09:00:00.000000+03:00"}
    server.put("tenders", changed)
    CrawlState.objects.filter(source="prozorro").update(offset="")  # read the whole feed again
    report = crawl(client=client_of(server))
    assert report.error == ""
    assert (Tender.objects.count(), Contract.objects.count(), Supplier.objects.count()) == counts
    assert Tender.objects.get(community=a, prozorro_id=ID[2]).status == "active.qualification"
    # Unchanged tenders were not even fetched again: only the changed one was.
    fetched = [path for path, _a in server.seen if path.startswith("/api/2.5/tenders/")]
    assert sum(ID[2] in path for path in fetched) == 2 and sum(ID[1] in path for path in fetched) == 1


def test_resumes_after_a_failure_between_pages_without_duplicates_or_loss(followed, server):
    a, b = followed
    server.fail("offset=2", 503, times=3)  # the second page: three attempts, all refused
    first = crawl(client=client_of(server), limit=2)
    assert "503" in first.error and first.pages == 1
    state = CrawlState.objects.get(source="prozorro")
    assert state.offset == "2" and "503" in state.last_error
    assert ids_of(a) == {ID[1], ID[2]} and ids_of(b) == set()
    second = crawl(client=client_of(server), limit=2)
    assert second.error == "" and second.caught_up
    assert ids_of(a) == {ID[1], ID[2], ID[3], ID[6]} and ids_of(b) == {ID[4]}
    assert Tender.objects.count() == 5 and Contract.objects.count() == 3


def test_a_failure_in_the_middle_of_a_page_writes_nothing_of_that_page(followed, server):
    a, b = followed
    server.fail(f"/tenders/{ID[4]}", 500, times=3)  # page 2 is tenders 3 and 4; 3 was fetched already
    report = crawl(client=client_of(server), limit=2)
    assert "500" in report.error
    assert ids_of(a) == {ID[1], ID[2]} and ids_of(b) == set()  # not tender 3 either
    assert CrawlState.objects.get(source="prozorro").offset == "2"
    crawl(client=client_of(server), limit=2)
    assert ids_of(a) == {ID[1], ID[2], ID[3], ID[6]} and ids_of(b) == {ID[4]}


@pytest.mark.parametrize(("body", "reason"), [
    (json.dumps(recorded("feed_page_without_next.json")).encode(), "no next_page.offset"),
    (b"<html>Bad gateway</html>", "not JSON"),
    (b'{"data": [{"id": "not-an-id", "dateModified": "2026-04-01T00:00:00+03:00"}], "next_page": {"offset": "9"}}',
     "without a valid id"),
])
def test_a_malformed_feed_page_is_reported_and_nothing_of_it_written(followed, server, body, reason):
    a, _b = followed
    server.replace("offset=2", body)
    report = crawl(client=client_of(server), limit=2)
    state = CrawlState.objects.get(source="prozorro")
    assert reason in report.error and reason in state.last_error and state.last_error_at is not None
    assert state.offset == "2" and ids_of(a) == {ID[1], ID[2]}


def test_a_malformed_tender_is_skipped_and_reported_and_the_rest_stored(followed, server):
    a, _b = followed
    bad = recorded("tender_malformed.json")["data"]
    server.put("tenders", bad)
    report = crawl(client=client_of(server))
    assert report.error == "" and len(report.skipped) == 1
    state = CrawlState.objects.get(source="prozorro")
    assert state.skipped == 1 and bad["id"] in state.last_error and "tenderID is missing" in state.last_error
    assert ids_of(a) == {ID[1], ID[2], ID[3], ID[6]}


def test_429_and_5xx_are_retried(followed, server):
    a, _b = followed
    server.fail("feed=changes", 429, times=2)
    server.fail(f"/tenders/{ID[1]}", 502, times=1)
    report = crawl(client=client_of(server))
    assert report.error == "" and ids_of(a) == {ID[1], ID[2], ID[3], ID[6]}
    assert sum(ID[1] in path for path, _a in server.seen) == 2


def test_without_opt_fields_it_fetches_every_change_and_drops_the_strangers(followed):
    a, b = followed
    with FeedServer(tenders=TENDERS, honour_opt_fields=False) as server:
        report = crawl(client=client_of(server))
    assert report.error == "" and report.fetched == 6
    assert ids_of(a) == {ID[1], ID[2], ID[3], ID[6]} and ids_of(b) == {ID[4]}


def test_nothing_is_asked_of_the_api_while_no_community_follows_a_code(db, server):
    report = crawl(client=client_of(server))
    assert "no community follows" in report.error and server.seen == []


def test_a_demo_communitys_made_up_codes_are_never_looked_for_in_the_feed(followed, server):
    for community in followed:
        community.is_demo = True
        community.save(update_fields=["is_demo"])
    report = crawl(client=client_of(server))
    assert "no community follows" in report.error and server.seen == []


def test_a_stopped_code_is_no_longer_kept(followed, server):
    a, _b = followed
    Buyer.objects.filter(community=a, edrpou="40000002").update(is_active=False)
    crawl(client=client_of(server))
    assert ids_of(a) == {ID[1], ID[3]}


def test_prozorro_sale_auctions_of_the_followed_sellers(followed):
    a, b = followed
    auctions = recorded("auctions.json")["entries"]
    with FeedServer(auctions=auctions) as server:
        report = crawl("sale", client=client_of(server))
    assert report.error == "" and report.caught_up
    lease = Auction.objects.get(community=a)
    assert (lease.auction_id, lease.seller.edrpou, lease.status) == ("UA-PS-2026-05-11-000101-1", "40000001",
                                                                     "complete")
    assert lease.title.startswith("Оренда нежитлового приміщення")
    assert (lease.value_amount, lease.final_amount, lease.number_of_bids) == (Decimal("3600.00"),
                                                                              Decimal("5100.00"), 2)
    assert not Auction.objects.filter(community=b).exists() and Auction.objects.count() == 1
    assert CrawlState.objects.get(source="sale").offset == "2"


def test_the_operators_command_crawls_once(followed, server, capsys):
    a, _b = followed
    with override_settings(HROMADA_PROZORRO_URL=server.base_url, HROMADA_PROZORRO_INTERVAL=0.0,
                           HROMADA_PROZORRO_PAGE_SIZE=2):
        call_command("procurement_crawl", "--once", "--source", "prozorro", "--max-pages", "1")
    assert ids_of(a) == {ID[1], ID[2]}
    out = capsys.readouterr().out
    assert "prozorro: 1 page" in out and "offset 2" in out


def test_a_page_the_database_refuses_is_rolled_back_whole_and_reported(followed, server):
    a, _b = followed
    # Tender 2 (page 1) claims tender 1's contract id: the page cannot be stored as it is.
    clash = {**TENDERS[1], "contracts": TENDERS[0]["contracts"]}
    server.put("tenders", clash)
    report = crawl(client=client_of(server), limit=10)
    state = CrawlState.objects.get(source="prozorro")
    assert "could not be stored" in report.error and "could not be stored" in state.last_error
    assert state.offset == "" and not Tender.objects.exists() and not Contract.objects.exists()


def test_the_operator_restarts_a_feed_at_an_offset(followed, server):
    a, _b = followed
    crawl(client=client_of(server))
    Tender.objects.filter(community=a, prozorro_id=ID[6]).delete()
    with override_settings(HROMADA_PROZORRO_URL=server.base_url, HROMADA_PROZORRO_INTERVAL=0.0):
        call_command("procurement_crawl", "--once", "--source", "prozorro", "--restart-at", "4")
    assert ID[6] in ids_of(a) and Tender.objects.count() == 5
