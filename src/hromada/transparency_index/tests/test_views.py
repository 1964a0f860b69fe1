"""Transparency self-check pages: the list and an entry render inside the community's layout; hidden and foreign entries are
404; the list costs the same queries for many rows."""

from __future__ import annotations

from django.test import Client

from hromada.core.identity.actors import SYSTEM
from hromada.transparency_index import services


def test_list_and_detail_pages(community, community_admin):
    self_check = services.self_check_create(actor=community_admin, community=community, title="On the page",
                                          body="Line one")
    client = Client()
    listing = client.get(f"/c/{community.slug}/transparency_index/")
    assert listing.status_code == 200 and "On the page" in listing.content.decode()
    detail = client.get(f"/c/{community.slug}/transparency_index/{self_check.pk}/")
    assert detail.status_code == 200 and "Line one" in detail.content.decode()
    assert '<html lang="uk"' in detail.content.decode()


def test_hidden_and_foreign_entries_are_not_found(community, other_community, community_admin, resident):
    hidden = services.self_check_create(actor=community_admin, community=community, title="Hidden", is_public=False)
    theirs = services.self_check_create(actor=SYSTEM, community=other_community, title="Theirs")
    client = Client()
    client.force_login(resident)
    assert client.get(f"/c/{community.slug}/transparency_index/{hidden.pk}/").status_code == 404
    assert client.get(f"/c/{community.slug}/transparency_index/{theirs.pk}/").status_code == 404
    assert "Hidden" not in client.get(f"/c/{community.slug}/transparency_index/").content.decode()


def test_list_page_queries_do_not_grow_with_rows(community, community_admin, django_assert_max_num_queries):
    client = Client()
    client.get(f"/c/{community.slug}/transparency_index/")
    for number in range(40):
        services.self_check_create(actor=community_admin, community=community, title=f"Entry {number}")
    with django_assert_max_num_queries(12):
        assert client.get(f"/c/{community.slug}/transparency_index/").status_code == 200
