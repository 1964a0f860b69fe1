"""Site pages, feeds and sitemap: news list (search, category, pagination, empty states), a news item with its Open
Graph and Twitter tags, pages, contacts and officials, the menu in the layout; a scheduled or draft item is shown
nowhere; RSS and Atom parse; sitemap.xml is valid and lists what it should; query counts stay flat."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.test import Client

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.selectors import invalidate_community_cache
from hromada.site import services
from hromada.site.selectors import news_latest
from hromada.site.tests.factories import news, photo, scheduled

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _xml(response):
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own server's output in a test


def _get(path, community, client=None):
    return (client or Client()).get(f"/c/{community.slug}{path}")


def test_news_list_searches_filters_by_category_and_paginates(community):
    events = services.news_category_create(actor=SYSTEM, community=community, name="Події")
    news(community, "Ремонт дороги", summary="Асфальт на Центральній")
    news(community, "День громади", category_id=events.pk, days_ago=2)
    for number in range(13):
        news(community, f"Оголошення {number}", days_ago=3 + number)
    body = _get("/site/", community).content.decode()
    assert "Ремонт дороги" in body and 'rel="next"' in body and "15" in body
    found = _get("/site/?q=асфальт", community).content.decode()
    assert "Ремонт дороги" in found and "День громади" not in found
    assert "День громади" in _get(f"/site/?category={events.slug}", community).content.decode()
    assert "Ремонт дороги" not in _get(f"/site/?category={events.slug}", community).content.decode()
    second = _get("/site/?page=2", community).content.decode()
    assert "Оголошення 12" in second and 'rel="prev"' in second
    assert 'class="empty"' in _get("/site/?q=nothing-matches-this", community).content.decode()


def test_empty_site_says_so(community):
    for path in ("/site/", "/site/pages/", "/site/contacts/"):
        response = _get(path, community)
        assert response.status_code == 200 and 'class="empty"' in response.content.decode()


def test_news_item_has_open_graph_and_twitter_tags(community):
    item = news(community, "Нова дорога", summary="Відкрили рух", photo=photo(), photo_alt="Дорога",
                body="Текст <script>alert(1)</script>")
    response = _get(f"/site/news/{item.pk}/", community)
    body = response.content.decode()
    assert response.status_code == 200 and '<html lang="uk"' in body
    assert '<meta property="og:title" content="Нова дорога">' in body
    assert '<meta property="og:type" content="article">' in body
    assert '<meta property="og:description" content="Відкрили рух">' in body
    assert 'property="og:image" content="http://testserver/' in body and 'name="twitter:card" content="summary_large_image"' in body
    assert "<script>alert" not in body


def test_scheduled_and_draft_news_are_shown_nowhere(community, community_admin, api_client_for):
    later = scheduled(community, "Future item")
    draft = services.news_create(actor=SYSTEM, community=community, title="Draft item", is_draft=True)
    shown = news(community, "Shown item")
    client = Client()
    assert "Future item" not in _get("/site/", community, client).content.decode()
    for item in (later, draft):
        assert _get(f"/site/news/{item.pk}/", community, client).status_code == 404
    for feed in ("/site/news/rss.xml", "/site/news/atom.xml", "/sitemap.xml"):
        body = _get(feed, community, client).content.decode()
        assert "Shown item" in body or f"/site/news/{shown.pk}/" in body
        assert "Future item" not in body and f"/site/news/{later.pk}/" not in body and "Draft item" not in body
    api = api_client_for(community, community_admin)
    assert [i["id"] for i in api.get("site/news").json()["items"]] == [shown.pk]
    assert api.get(f"site/news/{later.pk}").status_code == 404
    assert [i.pk for i in news_latest(community, 5)] == [shown.pk]


def test_rss_and_atom_parse_and_carry_the_news(community):
    first = news(community, "Перша", summary="Коротко")
    news(community, "Друга", days_ago=2)
    rss = _xml(_get("/site/news/rss.xml", community))
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    items = rss.findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Перша", "Друга"]
    assert items[0].findtext("link").endswith(f"/c/{community.slug}/site/news/{first.pk}/")
    assert items[0].findtext("description") == "Коротко"
    atom = _xml(_get("/site/news/atom.xml", community))
    assert atom.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == ["Перша", "Друга"]


def test_sitemap_lists_pages_news_and_enabled_capabilities_only(community):
    page = services.page_create(actor=SYSTEM, community=community, title="Про громаду")
    hidden = services.page_create(actor=SYSTEM, community=community, title="Чернетка", is_published=False)
    item = news(community, "Новина")
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "petitions"]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    response = _get("/sitemap.xml", community)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = _xml(response)
    assert root.tag == f"{SITEMAP}urlset"
    locations = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    base = f"http://testserver/c/{community.slug}"
    assert f"{base}/" in locations and f"{base}/site/" in locations
    assert f"{base}/site/pages/{page.slug}/" in locations and f"{base}/site/news/{item.pk}/" in locations
    assert f"{base}/site/pages/{hidden.slug}/" not in locations
    assert not any("/petitions/" in loc for loc in locations) and len(locations) == len(set(locations))


def test_pages_contacts_and_officials(community):
    page = services.page_create(actor=SYSTEM, community=community, title="Структура ради", body="## Відділи")
    hidden = services.page_create(actor=SYSTEM, community=community, title="Hidden page", is_published=False)
    services.official_create(actor=SYSTEM, community=community, name="Олена Демо", position="Міська голова",
                             reception_hours="Пн 10–13", work_email="holova@example.org")
    services.site_profile_update(actor=SYSTEM, community=community, contacts="Приймальня: **каб. 1**")
    assert "<h2>Відділи</h2>" in _get(f"/site/pages/{page.slug}/", community).content.decode()
    assert _get(f"/site/pages/{hidden.slug}/", community).status_code == 404
    assert "Hidden page" not in _get("/site/pages/", community).content.decode()
    contacts = _get("/site/contacts/", community).content.decode()
    assert "Олена Демо" in contacts and "Пн 10–13" in contacts and "<strong>каб. 1</strong>" in contacts


def test_the_menu_is_in_the_layout_where_the_site_is_on(community, django_capture_on_commit_callbacks):
    page = services.page_create(actor=SYSTEM, community=community, title="About")
    services.menu_item_create(actor=SYSTEM, community=community, label="About us", kind="page", page_id=page.pk)
    services.menu_item_create(actor=SYSTEM, community=community, label="Region site", kind="external",
                              url="https://region.example.org/")
    body = _get("/", community).content.decode()
    assert "About us" in body and f'/c/{community.slug}/site/pages/{page.slug}/' in body and "Region site" in body
    with django_capture_on_commit_callbacks(execute=True):
        services.page_update(actor=SYSTEM, community=community, page_id=page.pk, slug="renamed")
    assert "/site/pages/renamed/" in _get("/site/contacts/", community).content.decode()  # the menu was refreshed
    assert "About us" in _get("/transparency/?page=1", community).content.decode()
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "site"]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    assert "About us" not in _get("/transparency/?page=1", community).content.decode()
    assert _get("/site/", community).status_code == 404


def test_another_communitys_page_and_news_are_not_found(community, other_community):
    page = services.page_create(actor=SYSTEM, community=other_community, title="Theirs", slug="theirs")
    item = news(other_community, "Theirs")
    assert _get(f"/site/pages/{page.slug}/", community).status_code == 404
    assert _get(f"/site/news/{item.pk}/", community).status_code == 404
    assert "Theirs" not in _get("/site/", community).content.decode()


def test_accent_colour_stylesheet(community):
    services.site_profile_update(actor=SYSTEM, community=community, accent_colour="#1d4f91")
    response = _get("/site/theme.css", community)
    assert response["Content-Type"].startswith("text/css") and "#1d4f91" in response.content.decode()


@pytest.mark.parametrize("path", ["/site/", "/site/news/rss.xml", "/site/news/atom.xml", "/sitemap.xml",
                                  "/site/contacts/"])
def test_list_pages_and_feeds_cost_the_same_queries_for_many_rows(community, path, django_assert_max_num_queries):
    client = Client()
    _get(path, community, client)  # warm the per-process caches (community, settings)
    category = services.news_category_create(actor=SYSTEM, community=community, name="Події")
    for number in range(30):
        news(community, f"Новина {number}", category_id=category.pk, photo=photo() if number < 3 else None,
             photo_alt="Фото" if number < 3 else "")
        services.official_create(actor=SYSTEM, community=community, name=f"Official {number}", position="Deputy")
        services.page_create(actor=SYSTEM, community=community, title=f"Сторінка {number}")
    with django_assert_max_num_queries(10):
        assert _get(path, community, client).status_code == 200
