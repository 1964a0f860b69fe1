"""The procurement block of the community home page: this year's tenders, their expected value in hryvnias and the
single-bidder share, the newest tenders; hidden with no tender; one community's figures only; cached (a hit costs
no query, a miss two however many tenders there are) until the ingest stores the community's tenders again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.selectors import invalidate_community_cache
from hromada.procurement.crawler.tenders import parse_tender
from hromada.procurement.home import TENDERS_VERSION, procurement_block
from hromada.procurement.services import buyer_add, ingest_tenders

from .test_ingest import ROOF
from .test_selectors import make_buyer, make_tender

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _june(time_machine):
    time_machine.move_to(NOW, tick=False)


def signed_in_home(community, user) -> str:
    client = Client()
    client.force_login(user)  # anonymous visitors get the cached page; a signed-in one sees the block at once
    response = client.get(f"/c/{community.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_block_shows_this_years_tenders_their_value_and_the_single_bidder_share(community, resident):
    council = make_buyer(community)
    make_tender(community, buyer=council, title="Ремонт даху школи", amount="1000000",
                published=datetime(2026, 1, 1, 0, 30, tzinfo=UTC), bids=1)  # 1 January in Kyiv: this year
    make_tender(community, buyer=council, title="Папір офісний", amount="250000.50",
                published=datetime(2026, 5, 20, tzinfo=UTC), bids=3)
    make_tender(community, buyer=council, title="Пісок", amount=None, published=datetime(2026, 6, 1, tzinfo=UTC),
                bids=None)
    euro = make_tender(community, buyer=council, title="Обладнання з-за кордону", amount="40000",
                       published=datetime(2026, 6, 10, tzinfo=UTC), bids=1)
    euro.currency = "EUR"
    euro.save(update_fields=["currency"])
    make_tender(community, buyer=council, title="Торішній тендер", amount="9000000",
                published=datetime(2025, 12, 31, 21, 30, tzinfo=UTC), bids=2)  # 31 December 23:30 in Kyiv

    block = procurement_block(community, user=resident)
    assert (block["year"], block["tenders"], block["known_bids"], block["single_bidder"]) == (2026, 4, 3, 2)
    assert block["amount"] == 1250000.50  # hryvnias only: the euro tender is counted, not summed
    assert block["single_bidder_percent"] == 66.7
    assert [t["title"] for t in block["latest"]] == ["Обладнання з-за кордону", "Пісок", "Папір офісний"]

    page = signed_in_home(community, resident)
    assert 'aria-labelledby="home-procurement"' in page and '<h2 id="home-procurement">' in page
    assert "Закупівлі, оголошені у 2026 році" in page and "1\xa0250\xa0000,50 UAH" in page
    assert "66,7% із 3 закупівель з відомою кількістю пропозицій" in page
    assert f'href="/c/{community.slug}/procurement/tenders/{euro.pk}/"' in page
    assert f'href="/c/{community.slug}/procurement/competition/"' in page
    assert f'href="/c/{community.slug}/procurement/"' in page
    assert "Торішній тендер" not in page and "Ремонт даху школи" not in page  # last year's; not among the 3 newest


def test_no_tender_no_block_and_the_block_goes_with_the_capability(community, resident):
    assert procurement_block(community, user=resident) is None
    assert 'id="home-procurement"' not in signed_in_home(community, resident)
    make_tender(community, published=datetime(2026, 2, 1, tzinfo=UTC))
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "procurement"]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    assert 'id="home-procurement"' not in signed_in_home(community, resident)


def test_last_years_tenders_alone_show_zero_this_year_with_the_newest_listed(community, resident):
    make_tender(community, title="Торішній тендер", published=datetime(2025, 11, 1, tzinfo=UTC), bids=None)
    block = procurement_block(community, user=resident)
    assert (block["tenders"], block["amount"], block["single_bidder_percent"]) == (0, None, None)
    page = signed_in_home(community, resident)
    assert "Торішній тендер" in page and "0,00 UAH" in page and "ще невідомо" in page


def test_one_communitys_figures_only(community, other_community, resident):
    make_tender(community, title="Наш тендер", amount="100", published=datetime(2026, 3, 1, tzinfo=UTC))
    make_tender(other_community, buyer=make_buyer(other_community), title="Чужий тендер", amount="999",
                published=datetime(2026, 3, 1, tzinfo=UTC))
    block = procurement_block(community, user=resident)
    assert block["tenders"] == 1 and block["amount"] == 100
    page = signed_in_home(community, resident)
    assert "Наш тендер" in page and "Чужий тендер" not in page
    assert procurement_block(other_community, user=resident)["amount"] == 999


def test_a_cached_block_costs_no_query_and_a_miss_two_however_many_tenders(community, resident,
                                                                             django_assert_num_queries):
    council = make_buyer(community)
    make_tender(community, buyer=council, published=datetime(2026, 2, 1, tzinfo=UTC))
    with django_assert_num_queries(2):
        procurement_block(community, user=resident)
    with django_assert_num_queries(0):
        procurement_block(community, user=resident)
    for day in range(1, 21):
        make_tender(community, buyer=council, published=datetime(2026, 4, day, tzinfo=UTC))
    with django_assert_num_queries(0):
        assert procurement_block(community, user=resident)["tenders"] == 1  # rows written behind the services' back
    TENDERS_VERSION.bump(community.pk)  # what the ingest does after its commit
    with django_assert_num_queries(2):
        assert procurement_block(community, user=resident)["tenders"] == 21

def test_the_ingest_makes_the_block_recompute_after_its_commit(community, resident,
                                                                django_capture_on_commit_callbacks,
                                                                django_assert_num_queries):
    buyer_add(actor=SYSTEM, community=community, edrpou="40000001", name="Рада")
    assert procurement_block(community, user=resident) is None  # cached: no tender yet
    with django_capture_on_commit_callbacks(execute=False) as pending:
        ingest_tenders(actor=SYSTEM, tenders=[parse_tender(ROOF)])
    assert procurement_block(community, user=resident) is None  # not committed yet: the old figures stand
    for callback in pending:
        callback()
    with django_assert_num_queries(2):
        block = procurement_block(community, user=resident)
    assert block["tenders"] == 1 and block["latest"][0]["title"] == ROOF["title"]
    assert block["known_bids"] == 1 and block["single_bidder"] == 0 and block["amount"] == 1200000
