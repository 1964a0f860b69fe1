"""CKAN, DCAT and the Atom feeds are rate-limited by cost, each refusing in its own format with Retry-After.

Searches cost 5 and a dump 20 against one package_show at 1; a catalogue page costs 10. Day-long windows,
so no test straddles one; hits are counted, never timed."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]  # windows never end mid-test


def test_ckan_searches_cost_more_and_refusals_are_ckan_error_dicts(client, portal, settings):
    settings.HROMADA_RATE_CKAN = "11/d"
    base = f"/c/{portal.community.slug}/api/3/action"
    assert client.get(f"{base}/package_search").status_code == 200  # 5
    assert client.get(f"{base}/package_search", {"q": "бюджет"}).status_code == 200  # 10
    assert client.get(f"{base}/package_show", {"id": "budget"}).status_code == 200  # 11
    refused = client.get(f"{base}/package_show", {"id": "budget"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    body = refused.json()
    assert body["success"] is False and body["error"]["__type"] and body["error"]["message"]
    assert client.get(f"/c/{portal.community.slug}/datastore/dump/{portal.table_resource.pk}").status_code == 429
    assert client.get(f"{base}/package_show", {"id": "budget"}, REMOTE_ADDR="10.1.1.1").status_code == 200


def test_a_datastore_dump_costs_twenty(client, portal, settings):
    settings.HROMADA_RATE_CKAN = "20/d"
    url = f"/c/{portal.community.slug}/datastore/dump/{portal.table_resource.pk}"
    assert client.get(url).status_code == 200
    assert client.get(f"/c/{portal.community.slug}/api/3/action/status_show").status_code == 429


def test_dcat_and_feeds_refuse_in_the_json_envelope(client, portal, settings):
    settings.HROMADA_RATE_DCAT = "13/d"
    slug = portal.community.slug
    assert client.get(f"/c/{slug}/catalog.ttl").status_code == 200  # 10
    assert client.get(f"/c/{slug}/dataset/budget.jsonld").status_code == 200  # 11
    assert client.get(f"/c/{slug}/feeds/dataset.atom").status_code == 200  # 13
    refused = client.get(f"/c/{slug}/dataset/budget/datapackage.json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["error"]["code"] == "rate_limited"
    # The web pages have a budget of their own.
    assert client.get(f"/c/{slug}/opendata/").status_code == 200
