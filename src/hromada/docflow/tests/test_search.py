"""The journal's search on a big journal: an index is answered from the index (exact, then by its beginning), a word
from the text, and the count stops at 1,001 ("more than 1,000") on the page and in the API."""

from __future__ import annotations

from django.test import Client

from hromada.core.identity.actors import SYSTEM
from hromada.docflow import selectors
from hromada.docflow.models import Document

from . import factories as f


def search(community, journal, q: str) -> list[str]:
    query = selectors.parse_query({"q": q})
    found = selectors.document_search(actor=SYSTEM, community=community, journal=journal, query=query)
    return [d.reg_index for d in found]


def test_an_exact_index_comes_alone_then_the_cards_it_begins(community):
    journal = f.journal(community)
    cards = [f.registered(community, journal, summary=f"Лист {n}") for n in range(12)]
    assert [c.reg_index for c in cards[:2]] == [cards[0].reg_index, cards[1].reg_index]
    first = cards[0].reg_index  # "1/yy": "11/yy" and "12/yy" do not begin with it, "10/yy" neither
    assert search(community, journal, first) == [first]
    assert search(community, journal, "1") == [c.reg_index for c in reversed(cards) if c.reg_index.startswith("1")]
    assert len(search(community, journal, "1")) == 4  # 1, 10, 11, 12


def test_a_number_that_is_no_index_is_searched_in_the_text(community):
    journal = f.journal(community)
    card = f.registered(community, journal, summary="Програма розвитку на 2030 рік")
    f.registered(community, journal, summary="Інший лист")
    assert search(community, journal, "2030") == [card.reg_index]
    assert search(community, journal, "РОЗВИТКУ 2030") == [card.reg_index]


def test_the_count_stops_at_1001_on_the_page_and_in_the_api(community, api_client_for):
    journal = f.journal(community)
    template = f.draft(community, journal, summary="Про вивезення сміття")
    Document.objects.bulk_create([Document(
        community=community, journal=journal, kind=template.kind, summary=template.summary,
        search_text=template.search_text, created_by_id=template.created_by_id) for _ in range(1_005)])
    clerk = f.clerk(community)
    page = api_client_for(community, clerk).get(f"docflow/journals/{journal.pk}/documents", q="сміття",
                                                page_size=100).json()
    assert (page["count"], page["pages"], len(page["items"])) == (1_001, 11, 100)
    exact = api_client_for(community, clerk).get(f"docflow/journals/{journal.pk}/documents", q="інше").json()
    assert (exact["count"], exact["pages"]) == (0, 1)
    client = Client()
    client.force_login(clerk)
    html = client.get(f"/c/{community.slug}/docflow/journals/{journal.pk}/", {"q": "сміття"}).content.decode()
    assert "Понад 1 000 карток" in html
