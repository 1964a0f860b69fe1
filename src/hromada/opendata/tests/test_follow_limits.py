"""Following is limited in the follow services, so the portal's pages and CKAN's follow_* actions count
against one limit per person (and per address); the clock is frozen so no window ends mid-test."""

from __future__ import annotations

import pytest

from hromada.opendata.models import Follow

from .test_ckan_api import call, token_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def test_follows_from_the_pages_and_ckan_share_one_limit(client, portal, resident, settings):
    settings.HROMADA_RATE_OPENDATA_FOLLOW_USER = "3/d"
    settings.HROMADA_RATE_OPENDATA_FOLLOW_IP = "100/d"
    community = portal.community
    page = f"/c/{community.slug}/opendata/dataset/budget/follow"
    client.force_login(resident)
    client.post(page, {"action": "follow"})  # 1
    client.post(page, {"action": "unfollow"})  # 2
    assert not Follow.objects.filter(user=resident).exists()
    token = token_for(resident, community)
    assert call(client, community, "follow_dataset", token=token, method="post", id="budget").status_code == 200  # 3
    refused = call(client, community, "unfollow_dataset", token=token, method="post", id="budget")
    assert refused.status_code == 429 and refused.json()["error"]["__type"] == "Too Many Requests"
    client.post(f"/c/{community.slug}/opendata/publishers/finance/follow", {"action": "follow"})
    assert list(Follow.objects.filter(user=resident).values_list("dataset__name", flat=True)) == ["budget"]


def test_the_address_limit_counts_everyone_behind_it(client, portal, resident, community_admin, settings):
    settings.HROMADA_RATE_OPENDATA_FOLLOW_USER = "100/d"
    settings.HROMADA_RATE_OPENDATA_FOLLOW_IP = "1/d"
    community = portal.community
    assert call(client, community, "follow_dataset", token=token_for(resident, community), method="post",
                id="budget").status_code == 200
    assert call(client, community, "follow_group", token=token_for(community_admin, community), method="post",
                id="finance").status_code == 429
    assert Follow.objects.filter(publisher__isnull=False).count() == 0
