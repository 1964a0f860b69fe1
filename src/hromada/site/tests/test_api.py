"""Site API: anyone reads published news, pages and officials (paginated, searchable); staff write news and pages
through the same services; residents are refused; bad input is a 4xx with the field and writes nothing."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM
from hromada.site import services
from hromada.site.models import NewsItem, Page
from hromada.site.tests.factories import news, photo


def test_news_pages_and_officials_are_public_and_paginated(community, resident, api_client_for):
    category = services.news_category_create(actor=SYSTEM, community=community, name="Події")
    item = news(community, "Ремонт школи", category_id=category.pk, summary="Літо", photo=photo(), photo_alt="Школа")
    news(community, "Інша новина", days_ago=2)
    page = services.page_create(actor=SYSTEM, community=community, title="Про громаду", body="**Текст**")
    services.official_create(actor=SYSTEM, community=community, name="Олена", position="Голова")
    api = api_client_for(community, resident)
    listing = api.get("site/news").json()
    assert listing["count"] == 2 and listing["items"][0]["id"] == item.pk
    first = listing["items"][0]
    assert first["category"]["slug"] == category.slug and first["photo_url"] and "published_at" in first
    assert "created_by" not in first
    assert [i["id"] for i in api.get("site/news", q="школи").json()["items"]] == [item.pk]
    assert api.get("site/news", category=category.slug).json()["count"] == 1
    assert api.get(f"site/news/{item.pk}").json()["title"] == "Ремонт школи"
    assert api.get(f"site/pages/{page.slug}").json()["body_html"] == "<p><strong>Текст</strong></p>"
    assert api.get("site/officials").json()["items"][0]["name"] == "Олена"
    assert api.get("site/categories").json()["count"] == 1
    assert api.get("site/news/999999").status_code == 404


def test_staff_write_and_residents_are_refused(community, community_admin, resident, api_client_for):
    staff = api_client_for(community, community_admin)
    created = staff.post("site/news", {"title": "From the API", "body": "Text <img src=x onerror=alert(1)>",
                                       "publish_at": "2030-01-01T09:00:00+02:00"})
    assert created.status_code == 201, created.content
    item = NewsItem.objects.get(pk=created.json()["id"])
    assert "onerror" not in item.body_html and item.publish_at.year == 2030
    assert staff.get(f"site/news/{item.pk}").status_code == 404  # scheduled: shown nowhere yet
    assert staff.patch(f"site/news/{item.pk}", {"title": "Renamed"}).json()["title"] == "Renamed"
    refused = api_client_for(community, resident).post("site/news", {"title": "Mine"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert staff.post("site/pages", {"title": "Page", "slug": "page"}).status_code == 201
    conflict = staff.post("site/pages", {"title": "Again", "slug": "page"})
    assert conflict.status_code == 409 and "slug" in conflict.json()["error"]["fields"]
    assert staff.delete(f"site/news/{item.pk}").status_code == 204
    assert not NewsItem.objects.exists() and Page.objects.count() == 1


def test_bad_input_is_a_4xx_with_the_field_and_writes_nothing(community, community_admin, api_client_for):
    staff = api_client_for(community, community_admin)
    for body, field in (({"title": "x", "colour": "red"}, None), ({"title": ""}, None),
                        ({"title": "x", "category_id": 999_999}, "category_id"),
                        ({"title": "x", "publish_at": "not a date"}, None), ({"title": "   "}, "title")):
        response = staff.post("site/news", body)
        assert response.status_code in (400, 422), (body, response.content)
        if field:
            assert field in response.json()["error"]["fields"]
    assert staff.post("site/pages", {"title": "x", "slug": "Not A Slug"}).status_code == 400
    assert not NewsItem.objects.exists() and not Page.objects.exists()


def test_another_communitys_news_is_not_found(community, other_community, community_admin, api_client_for):
    theirs = news(other_community, "Theirs")
    staff = api_client_for(community, community_admin)
    assert staff.get(f"site/news/{theirs.pk}").status_code == 404
    assert staff.patch(f"site/news/{theirs.pk}", {"title": "Mine"}).status_code == 404
    assert staff.delete(f"site/news/{theirs.pk}").status_code == 404
    assert NewsItem.objects.get(pk=theirs.pk).title == "Theirs"


def test_lists_cost_the_same_queries_for_many_rows(community, community_admin, api_client_for,
                                                   django_assert_max_num_queries):
    api = api_client_for(community, community_admin)
    for path in ("site/news", "site/pages", "site/officials"):
        api.get(path)  # warm the per-process caches (community, token)
    category = services.news_category_create(actor=SYSTEM, community=community, name="Події")
    for number in range(40):
        news(community, f"Entry {number}", category_id=category.pk)
        services.page_create(actor=SYSTEM, community=community, title=f"Page {number}")
        services.official_create(actor=SYSTEM, community=community, name=f"Official {number}", position="Deputy")
    for path in ("site/news", "site/pages", "site/officials"):
        with django_assert_max_num_queries(12):
            assert len(api.get(path, page_size=40).json()["items"]) == 40
