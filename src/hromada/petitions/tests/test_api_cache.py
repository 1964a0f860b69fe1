"""The anonymous answers of the petitions list come from a few seconds' cache (core.api.public_cache): no
queries on a hit, never for a signed-in caller, never across communities, and the API limit still counts."""

from __future__ import annotations

import pytest

from hromada.petitions.models import Petition

from . import factories as f

pytestmark = pytest.mark.django_db


def test_a_repeated_anonymous_list_is_answered_without_queries(community, resident, moderator, api_client_for,
                                                                django_assert_num_queries):
    f.collecting(community, resident, moderator, title="Велодоріжка на Соборності")
    api = api_client_for(community)
    first = api.get("petitions/")
    with django_assert_num_queries(0):
        again = api.get("petitions/")
    assert again.status_code == 200 and again.json() == first.json()
    assert again["Content-Type"] == first["Content-Type"]
    assert api.get("petitions/", page_size=1).json()["pages"] == 1  # another query string is its own answer


def test_signed_in_callers_and_other_communities_never_get_the_cached_answer(
        community, other_community, resident, moderator, api_client_for):
    petition = f.collecting(community, resident, moderator, title="Лавки у парку")
    assert api_client_for(community).get("petitions/").json()["count"] == 1
    Petition.objects.filter(pk=petition.pk).update(title="Лавки у парку Перемоги")
    signed_in = api_client_for(community, resident).get("petitions/").json()
    assert signed_in["items"][0]["title"] == "Лавки у парку Перемоги"
    assert api_client_for(other_community).get("petitions/").json()["count"] == 0


def test_a_cached_answer_still_counts_against_the_anonymous_limit(community, resident, moderator, api_client_for,
                                                                  monkeypatch, frozen_clock):
    from hromada.config.urls import api as root

    for throttle in root.throttle:
        monkeypatch.setattr(throttle, "num_requests", 3)
        monkeypatch.setattr(throttle, "duration", 60)
    f.collecting(community, resident, moderator)
    api = api_client_for(community)
    statuses = [api.get("petitions/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
