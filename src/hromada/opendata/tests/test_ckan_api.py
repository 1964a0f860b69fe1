"""CKAN Action API v3: every action's success and error envelopes, search syntax, datastore_search,
follow_dataset with a token, privacy and tenant isolation, pinned query counts."""

from __future__ import annotations

import json

import pytest

from hromada.core.api.tokens import api_token_create
from hromada.opendata.models import Follow

pytestmark = pytest.mark.django_db


def call(client, community, name, token=None, method="get", **params):
    url = f"/c/{community.slug}/api/3/action/{name}"
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    if method == "post":
        return client.post(url, json.dumps(params), content_type="application/json", **headers)
    return client.get(url, params, **headers)


def ok(response):
    body = response.json()
    assert response.status_code == 200, body
    assert body["success"] is True and body["help"].endswith("help_show?name=" + response.wsgi_request.path.rsplit("/", 1)[-1])
    return body["result"]


def error(response, status, kind):
    body = response.json()
    assert response.status_code == status, body
    assert body["success"] is False and body["error"]["__type"] == kind
    return body["error"]


def token_for(user, community):
    return api_token_create(actor=user, community=community, name="ckan")[1]


def test_status_and_lists(client, portal):
    c = portal.community
    assert ok(call(client, c, "status_show"))["ckan_version"].startswith("2.")
    assert ok(call(client, c, "package_list")) == ["budget"]
    assert ok(call(client, c, "organization_list")) == ["finance"]
    orgs = ok(call(client, c, "organization_list", all_fields="true"))
    assert orgs[0]["package_count"] == 1 and orgs[0]["is_organization"] is True
    assert ok(call(client, c, "tag_list")) == ["бюджет", "фінанси"]
    assert ok(call(client, c, "license_list"))[0]["id"] == "cc-by-4.0"
    assert ok(call(client, c, "group_list")) == []
    with_res = ok(call(client, c, "current_package_list_with_resources"))
    assert [p["name"] for p in with_res] == ["budget"] and with_res[0]["num_resources"] == 1


def test_package_show_and_resource_show(client, portal):
    c = portal.community
    pkg = ok(call(client, c, "package_show", id="budget"))
    assert pkg["id"] == str(portal.public.pk) and pkg["license_id"] == "cc-by-4.0"
    assert pkg["update_frequency"] == "once a month" and pkg["language"] == "ua"
    assert pkg["purpose_of_collecting_information"] == "Прозорість"
    assert pkg["organization"]["name"] == "finance"
    res = pkg["resources"][0]
    assert res["datastore_active"] is True and res["format"] == "CSV" and res["url"].startswith("http://testserver/c/alpha/")
    assert ok(call(client, c, "package_show", id=str(portal.public.pk)))["name"] == "budget"
    assert ok(call(client, c, "resource_show", id=res["id"]))["package_id"] == pkg["id"]
    assert client.get(res["url"]).status_code == 200
    assert ok(call(client, c, "organization_show", id="finance", include_datasets="true"))["packages"][0]["name"] == "budget"


def test_error_envelopes(client, portal):
    c = portal.community
    assert error(call(client, c, "package_show"), 409, "Validation Error")["id"] == ["Missing value"]
    error(call(client, c, "package_show", id="nope"), 404, "Not Found Error")
    error(call(client, c, "resource_show", id="00000000-0000-0000-0000-000000000000"), 404, "Not Found Error")
    error(call(client, c, "organization_show", id="nope"), 404, "Not Found Error")
    error(call(client, c, "group_show", id="nope"), 404, "Not Found Error")
    error(call(client, c, "package_search", sort="bogus asc"), 400, "Search Query Error")
    error(call(client, c, "package_search", fq="unknown_field:1"), 400, "Search Query Error")
    error(call(client, c, "package_search", rows="-1"), 409, "Validation Error")
    error(call(client, c, "package_search", rows="many"), 400, "Search Query Error")
    assert ok(call(client, c, "package_search", rows="5000"))["count"] == 1  # capped at 1000, as CKAN does
    error(call(client, c, "package_search", fq="metadata_modified:[yesterday TO *]"), 400, "Search Query Error")
    error(call(client, c, "follow_dataset", method="post", id="budget"), 403, "Authorization Error")
    error(call(client, c, "package_list", token="hro_wrong"), 403, "Authorization Error")
    assert call(client, c, "no_such_action").status_code == 400
    bad_json = client.post(f"/c/{c.slug}/api/3/action/package_show", "{oops", content_type="application/json")
    error(bad_json, 409, "Validation Error")


def test_package_search_facets_count_datasets_not_rows(client, portal):
    """Facets over several datasets: a dataset with two CSV files counts once for CSV, themes label the
    groups facet, the private dataset counts only for staff asking include_private, limit cuts the list."""
    from hromada.opendata import services

    from .factories import add_csv, make_dataset, make_publisher

    c, admin = portal.community, portal.admin
    roads = services.theme_create(actor=admin, community=c, name="roads", title="Дороги")
    transport = make_publisher(c, admin, name="transport", title="Департамент транспорту")
    twice = make_dataset(c, admin, transport, name="stops", title="Зупинки бюджет", tags=["бюджет"], themes=[roads])
    add_csv(c, admin, twice)
    add_csv(c, admin, twice, name="Друга таблиця")
    fields = '["organization", "tags", "res_format", "license_id", "groups"]'
    result = ok(call(client, c, "package_search", q="бюджет", **{"facet.field": fields}))
    assert result["count"] == 2
    assert result["facets"]["organization"] == {"finance": 1, "transport": 1}
    assert result["facets"]["res_format"] == {"CSV": 2}
    assert result["facets"]["tags"] == {"бюджет": 2, "фінанси": 1}
    assert result["facets"]["license_id"] == {"cc-by-4.0": 2}
    assert result["search_facets"]["groups"]["items"] == [{"name": "roads", "display_name": "Дороги", "count": 1}]
    assert [i["name"] for i in result["search_facets"]["tags"]["items"]] == ["бюджет", "фінанси"]  # by count
    limited = ok(call(client, c, "package_search", q="бюджет", **{"facet.field": fields, "facet.limit": 1}))
    assert limited["facets"]["tags"] == {"бюджет": 2}
    staff = token_for(admin, c)
    everything = ok(call(client, c, "package_search", token=staff, include_private="true",
                         **{"facet.field": '["organization"]'}))
    assert everything["count"] == 3 and everything["facets"]["organization"] == {"finance": 2, "transport": 1}
    anonymous = ok(call(client, c, "package_search", include_private="true", **{"facet.field": '["organization"]'}))
    assert anonymous["count"] == 2 and anonymous["facets"]["organization"] == {"finance": 1, "transport": 1}
    nothing = ok(call(client, c, "package_search", q="немає-такого", **{"facet.field": fields}))
    assert nothing["count"] == 0 and nothing["facets"]["tags"] == {} and nothing["results"] == []


def test_package_search_ranks_title_matches_first(client, portal):
    """With free words the default order is CKAN's "score desc, metadata_modified desc": datasets with
    the words in their title come before newer ones that only mention them; an explicit sort wins."""
    from .factories import make_dataset

    c, admin = portal.community, portal.admin
    make_dataset(c, admin, portal.publisher, name="mentions", title="Дороги", description="про школи й садки",
                 tags=[])
    make_dataset(c, admin, portal.publisher, name="titled", title="Школи громади", tags=[])
    make_dataset(c, admin, portal.publisher, name="newest", title="Ремонт", description="школи", tags=[])
    names = lambda **params: [p["name"] for p in ok(call(client, c, "package_search", **params))["results"]]  # noqa: E731
    assert names(q="школи") == ["titled", "newest", "mentions"]
    assert names(q="школи", sort="score desc, metadata_modified desc") == ["titled", "newest", "mentions"]
    assert names(q="школи", sort="metadata_modified desc") == ["newest", "titled", "mentions"]
    assert names(q="школи громади") == ["titled"]
    assert names(sort="score desc")[:3] == ["newest", "titled", "mentions"]  # no words: every score equal


def test_package_search_syntax_and_facets(client, portal):
    c = portal.community
    result = ok(call(client, c, "package_search", q="бюджет", **{"facet.field": '["organization", "tags", "res_format", "license_id"]'}))
    assert result["count"] == 1 and result["results"][0]["resources"]
    assert result["search_facets"]["organization"]["items"][0] == {"name": "finance", "display_name": "Відділ даних",
                                                                    "count": 1}
    assert result["facets"]["res_format"] == {"CSV": 1}
    assert ok(call(client, c, "package_search", fq="organization:finance"))["count"] == 1
    assert ok(call(client, c, "package_search", fq="organization:other"))["count"] == 0
    assert ok(call(client, c, "package_search", fq='tags:"фінанси"'))["count"] == 1
    assert ok(call(client, c, "package_search", fq="metadata_modified:[2000-01-01T00:00:00Z TO *]"))["count"] == 1
    assert ok(call(client, c, "package_search", fq="metadata_modified:[* TO 2000-01-01T00:00:00Z]"))["count"] == 0
    assert ok(call(client, c, "package_search", q="nothing-like-this"))["count"] == 0
    assert ok(call(client, c, "package_search", sort="metadata_modified desc", rows=0))["results"] == []


def test_private_datasets_visible_only_to_staff(client, portal, resident):
    c = portal.community
    error(call(client, c, "package_show", id="secret-draft"), 404, "Not Found Error")
    resident_token = token_for(resident, c)
    error(call(client, c, "package_show", id="secret-draft", token=resident_token), 404, "Not Found Error")
    assert ok(call(client, c, "package_search", include_private="true", token=resident_token))["count"] == 1
    staff = token_for(portal.admin, c)
    assert ok(call(client, c, "package_show", id="secret-draft", token=staff))["private"] is True
    assert ok(call(client, c, "package_search", include_private="true", token=staff))["count"] == 2
    assert ok(call(client, c, "package_search", token=staff))["count"] == 1  # CKAN: private only when asked
    assert "secret-draft" not in ok(call(client, c, "package_list", token=staff))


def test_other_communities_are_not_found(client, portal, other_community):
    c = portal.community
    error(call(client, c, "package_show", id=str(portal.foreign.pk)), 404, "Not Found Error")
    error(call(client, other_community, "package_show", id=str(portal.public.pk)), 404, "Not Found Error")
    rid = str(portal.table_resource.pk)
    error(call(client, other_community, "resource_show", id=rid), 404, "Not Found Error")
    error(call(client, other_community, "datastore_search", resource_id=rid), 404, "Not Found Error")
    assert client.get(f"/c/{other_community.slug}/datastore/dump/{rid}").status_code == 404
    # a token of one community is unknown in the other
    error(call(client, other_community, "package_list", token=token_for(portal.admin, c)), 403, "Authorization Error")


def test_datastore_search(client, portal):
    c, rid = portal.community, str(portal.table_resource.pk)
    result = ok(call(client, c, "datastore_search", resource_id=rid))
    assert result["total"] == 30 and len(result["records"]) == 30
    assert [f["id"] for f in result["fields"]] == ["_id", "id", "name", "amount", "day"]
    assert result["_links"]["next"].endswith("offset=100")
    page = ok(call(client, c, "datastore_search", resource_id=rid, limit=5, offset=5, sort="amount desc",
                   fields="id,amount"))
    assert [r["id"] for r in page["records"]] == [25, 24, 23, 22, 21] and set(page["records"][0]) == {"id", "amount"}
    filtered = ok(call(client, c, "datastore_search", resource_id=rid, filters='{"id": [3, 4]}', include_total="false"))
    assert [r["name"] for r in filtered["records"]] == ["Рядок 3", "Рядок 4"] and "total" not in filtered
    assert ok(call(client, c, "datastore_search", resource_id=rid, q="Рядок 1"))["total"] >= 1
    posted = ok(call(client, c, "datastore_search", method="post", resource_id=rid, filters={"name": "Рядок 2"}))
    assert posted["total"] == 1
    error(call(client, c, "datastore_search", resource_id=rid, filters='{"nope": 1}'), 409, "Validation Error")
    error(call(client, c, "datastore_search", resource_id=rid, sort="nope"), 409, "Validation Error")
    error(call(client, c, "datastore_search", resource_id=rid, limit="-1"), 409, "Validation Error")
    error(call(client, c, "datastore_search", resource_id=rid, filters="{broken"), 409, "Validation Error")
    error(call(client, c, "datastore_search", resource_id=rid, filters='{"id": "x"}'), 409, "Validation Error")
    error(call(client, c, "datastore_search"), 409, "Validation Error")


def test_datastore_dump_csv_and_json(client, portal):
    url = f"/c/{portal.community.slug}/datastore/dump/{portal.table_resource.pk}"
    body = b"".join(client.get(url).streaming_content).decode()
    lines = body.strip().split("\n")
    assert lines[0] == "_id,id,name,amount,day" and len(lines) == 31
    data = json.loads(b"".join(client.get(url, {"format": "json", "filters": '{"id": 2}'}).streaming_content))
    assert data["records"] == [[2, 2, "Рядок 2", 3.0, "2025-01-03"]]


def test_follow_dataset_with_token(client, portal, resident):
    c, raw = portal.community, token_for(resident, portal.community)
    result = ok(call(client, c, "follow_dataset", method="post", token=raw, id="budget"))
    assert result["object_id"] == str(portal.public.pk)
    assert Follow.objects.filter(user=resident, dataset=portal.public).count() == 1
    assert error(call(client, c, "follow_dataset", method="post", token=raw, id="budget"), 409, "Validation Error")
    assert ok(call(client, c, "am_following_dataset", token=raw, id="budget")) is True
    error(call(client, c, "follow_dataset", token=raw, id="budget"), 400, "Bad request")  # GET is refused
    error(call(client, c, "follow_dataset", method="post", token=raw, id="secret-draft"), 404, "Not Found Error")
    assert ok(call(client, c, "unfollow_dataset", method="post", token=f"Bearer {raw}", id="budget")) is None


def test_package_search_query_count_is_pinned(client, portal, django_assert_max_num_queries):
    from .factories import add_csv, make_dataset

    for i in range(12):
        add_csv(portal.community, portal.admin, make_dataset(portal.community, portal.admin, portal.publisher,
                                                             name=f"extra-{i}"))
    with django_assert_max_num_queries(14):
        result = ok(call(client, portal.community, "package_search", rows=10,
                         **{"facet.field": '["organization","tags","res_format","license_id","groups"]'}))
    assert len(result["results"]) == 10
