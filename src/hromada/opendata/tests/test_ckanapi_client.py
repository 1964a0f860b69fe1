"""The real ckanapi client over real HTTP (pytest-django's live_server): a round trip through every read
action, error types mapped back to ckanapi's exceptions, follow with an API key, and a harvester-style
walk (rows=100, sort id asc, metadata_modified range) that reaches every dataset exactly once."""

from __future__ import annotations

import ckanapi
import pytest

from hromada.core.api.tokens import api_token_create
from hromada.opendata.models import Follow

from .factories import make_dataset

pytestmark = pytest.mark.django_db(transaction=True)


def remote(live_server, community, apikey=None):
    return ckanapi.RemoteCKAN(f"{live_server.url}/c/{community.slug}", apikey=apikey, user_agent="hromada-tests")


def test_ckanapi_round_trip(live_server, portal, resident):
    ckan = remote(live_server, portal.community)
    assert ckan.action.status_show()["ckan_version"]
    assert ckan.action.package_list() == ["budget"]
    pkg = ckan.action.package_show(id="budget")
    assert pkg["resources"][0]["datastore_active"]
    rows = ckan.action.datastore_search(resource_id=pkg["resources"][0]["id"], filters={"id": 5}, limit=1)
    assert rows["records"][0]["name"] == "Рядок 5" and rows["total"] == 1
    found = ckan.action.package_search(q="бюджет", fq="organization:finance", facet_field=None,
                                       **{"facet.field": ["organization", "tags"]})
    assert found["count"] == 1 and found["search_facets"]["tags"]["items"]
    assert ckan.action.organization_show(id="finance")["package_count"] == 1
    assert ckan.action.tag_list() == ["бюджет", "фінанси"]
    assert ckan.action.license_list()[0]["id"] == "cc-by-4.0"
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id="secret-draft")
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.package_show()
    with pytest.raises(ckanapi.SearchQueryError):
        ckan.action.package_search(sort="nonsense asc")
    with pytest.raises(ckanapi.NotAuthorized):
        ckan.action.follow_dataset(id="budget")
    raw = api_token_create(actor=resident, community=portal.community, name="ckanapi")[1]
    signed = remote(live_server, portal.community, apikey=raw)
    signed.action.follow_dataset(id="budget")
    assert Follow.objects.filter(user=resident, dataset=portal.public).exists()
    with pytest.raises(ckanapi.ValidationError):
        signed.action.follow_dataset(id="budget")


def test_harvester_walk_reaches_every_dataset_once(live_server, community, community_admin, department):
    from .factories import make_publisher

    publisher = make_publisher(community, community_admin, department=department, name="walk")
    expected = {str(make_dataset(community, community_admin, publisher, name=f"walk-{i:03d}").pk) for i in range(250)}
    ckan = remote(live_server, community)
    seen, pages, start = [], [], 0
    fq = "metadata_modified:[2000-01-01T00:00:00Z TO *] organization:walk"
    while True:
        page = ckan.action.package_search(rows=100, start=start, sort="id asc", fq=fq)
        ids = [p["id"] for p in page["results"]]
        if not ids:
            break
        assert not pages or ids != pages[-1]  # identical consecutive pages fail the CKAN harvester
        assert all(p["organization"]["name"] == "walk" and "resources" in p for p in page["results"])
        pages.append(ids)
        seen.extend(ids)
        start += 100
    assert len(pages) == 3 and len(seen) == len(set(seen)) == 250 and set(seen) == expected
    assert seen == sorted(seen)
