"""Open311 is rate-limited: reads by cost (a page of 1,000 requests costs 11) and appeals filed with an api_key
count against the same per-person limit as the web form and the JSON API, from whatever address they come.

Windows are a day long so that no test straddles one; hits are counted, never timed."""

import pytest
from django.test import Client

from hromada.appeals.models import Appeal
from hromada.core.api.tokens import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]  # windows never end mid-test


def o311(community, path, fmt="json", method="get", data=None, **extra):
    return getattr(Client(), method)(f"/c/{community.slug}/open311/v2/{path}.{fmt}", data or {}, **extra)


def _file(community, key, address):
    return o311(community, "requests", method="post", REMOTE_ADDR=address,
                data={"api_key": key, "service_code": "light", "lat": "49.595", "long": "34.555", "description": "Темно"})


def test_create_counts_per_api_key_holder_across_addresses(community, category, resident, api_client_for):
    community.capability_settings = {"appeals": {"create_rate_per_user": "3/d", "create_rate_per_ip": "1000/d"}}
    community.save()
    key = api_token_create(actor=resident, community=community, name="app")[1]
    assert _file(community, key, "10.0.0.1").status_code == 200
    assert _file(community, key, "10.0.0.2").status_code == 200
    # The same person through the JSON API shares the limit.
    api = api_client_for(community, resident).post(
        "appeals/", {"category": "light", "description": "Темно", "lat": 49.595, "lon": 34.555})
    assert api.status_code == 201
    refused = _file(community, key, "10.0.0.3")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()[0]["code"] == 429 and refused.json()[0]["description"]
    assert Appeal.objects.count() == 3


def test_reads_cost_by_page_size_and_answer_in_the_spec_format(community, category, settings):
    settings.HROMADA_RATE_OPEN311 = "25/d"
    assert o311(community, "requests").status_code == 200  # page_size 1000: costs 11
    assert o311(community, "requests", "xml").status_code == 200  # 22
    assert o311(community, "requests", data={"page_size": "50"}).status_code == 200  # 23
    assert o311(community, "services").status_code == 200  # 24
    assert o311(community, "discovery").status_code == 200  # 25
    refused = o311(community, "services", "xml")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"].startswith("text/xml") and b"<errors><error><code>429</code>" in refused.content
    assert o311(community, "nowhere").status_code == 429
    # Another address has its own budget.
    assert o311(community, "services", REMOTE_ADDR="10.9.9.9").status_code == 200
