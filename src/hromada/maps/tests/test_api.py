"""The city map API: layer lists, GeoJSON with bbox and paging, staff writes, imports, isolation."""

from __future__ import annotations

import gzip
import json

import pytest
from django.test import Client

from hromada.maps.models import Feature, Layer

from .factories import make_layer, make_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def layers(community, moderator):
    public = make_layer(moderator, community, "schools")
    hidden = make_layer(moderator, community, "shelters", is_public=False)
    make_point(moderator, community, public, name="Centre", lat=49.59, lon=34.55)
    make_point(moderator, community, public, name="North", lat=49.70, lon=34.55)
    make_point(moderator, community, public, name="East", lat=49.59, lon=34.70)
    make_point(moderator, community, hidden, name="Bunker")
    return public, hidden


def test_layer_list_hides_staff_only_layers_from_the_public(community, layers, resident, official,
                                                           api_client_for, django_assert_max_num_queries):
    anon = api_client_for(community)
    with django_assert_max_num_queries(4):
        response = anon.get("maps/layers")
    assert response.status_code == 200
    assert [(item["slug"], item["feature_count"]) for item in response.json()] == [("schools", 3)]
    assert response.json()[0]["schema"][0]["key"] == "phone"
    assert response.json()[0]["geojson_url"].endswith(f"/c/{community.slug}/map/layers/schools.geojson")
    assert [i["slug"] for i in api_client_for(community, resident).get("maps/layers").json()] == ["schools"]
    staff = api_client_for(community, official).get("maps/layers").json()
    assert {i["slug"] for i in staff} == {"schools", "shelters"}
    assert api_client_for(community).get("maps/layers/shelters").status_code == 404
    assert api_client_for(community, official).get("maps/layers/shelters").status_code == 200


def test_features_geojson_with_bbox_and_paging(community, layers, api_client_for, django_assert_max_num_queries):
    client = api_client_for(community)
    # community (host, then slug), the layer, the page of rows, the total
    with django_assert_max_num_queries(5):
        response = client.get("maps/layers/schools/features")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["numberMatched"] == 3
    assert {f["properties"]["name"] for f in body["features"]} == {"Centre", "North", "East"}
    inside = client.get("maps/layers/schools/features", bbox="34.5,49.5,34.6,49.65").json()
    assert [f["properties"]["name"] for f in inside["features"]] == ["Centre"]
    page = client.get("maps/layers/schools/features", limit=2, offset=2).json()
    assert page["numberMatched"] == 3 and page["numberReturned"] == 1
    found = client.get("maps/layers/schools/features", q="nor").json()
    assert [f["properties"]["name"] for f in found["features"]] == ["North"]


def test_bbox_filter_catches_lines_crossing_the_box(community, moderator, api_client_for):
    layer = make_layer(moderator, community, "roads", schema=[])
    from hromada.maps.services import feature_create

    feature_create(actor=moderator, community=community, layer_id=layer.pk, name="Road",
                   geometry={"type": "LineString", "coordinates": [[34.0, 49.6], [35.0, 49.6]]})
    hit = api_client_for(community).get("maps/layers/roads/features", bbox="34.4,49.5,34.6,49.7").json()
    miss = api_client_for(community).get("maps/layers/roads/features", bbox="34.4,49.7,34.6,49.8").json()
    assert hit["numberReturned"] == 1 and miss["numberReturned"] == 0


@pytest.mark.parametrize("params", [{"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"bbox": "10,10,5,5"},
                                    {"limit": 0}, {"limit": 100000}, {"offset": -1}])
def test_bad_feature_queries_are_400(community, layers, api_client_for, params):
    response = api_client_for(community).get("maps/layers/schools/features", **params)
    assert response.status_code == 400 and response.json()["error"]["code"] == "validation_failed"


def test_staff_only_and_foreign_layers_look_not_found(community, other_community, layers, api_client_for):
    assert api_client_for(community).get("maps/layers/shelters/features").status_code == 404
    assert api_client_for(other_community).get("maps/layers/schools/features").status_code == 404
    assert api_client_for(other_community).get("maps/layers").json() == []
    feature = Feature.objects.get(name="Centre")
    bunker = Feature.objects.get(name="Bunker")
    assert api_client_for(community).get(f"maps/features/{feature.pk}").json()["properties"]["name"] == "Centre"
    assert api_client_for(other_community).get(f"maps/features/{feature.pk}").status_code == 404
    assert api_client_for(community).get(f"maps/features/{bunker.pk}").status_code == 404


def test_staff_write_cycle(community, layers, official, api_client_for):
    client = api_client_for(community, official)
    response = client.post("maps/layers/schools/features", {
        "name": "Нова школа", "geometry": {"lat": 49.6, "lon": 34.56}, "properties": {"hours": "8–16", "places": 30}})
    assert response.status_code == 201, response.content
    feature_id = response.json()["id"]
    assert response.json()["properties"]["places"] == 30
    response = client.patch(f"maps/features/{feature_id}", {"properties": {"hours": "9–17"}, "layer": "shelters"})
    assert response.status_code == 200, response.content
    assert Feature.objects.get(pk=feature_id).layer.slug == "shelters"
    assert client.delete(f"maps/features/{feature_id}").status_code == 204
    assert not Feature.objects.filter(pk=feature_id).exists()


def test_write_refusals(community, layers, resident, official, api_client_for):
    feature = Feature.objects.get(name="Centre")
    payload = {"name": "X", "geometry": {"lat": 49.6, "lon": 34.56}, "properties": {"hours": "1"}}
    anon = api_client_for(community)
    assert anon.post("maps/layers/schools/features", payload).status_code == 401
    res = api_client_for(community, resident)
    assert res.post("maps/layers/schools/features", payload).status_code == 403
    # The role is checked before any lookup, so a hidden layer and a missing one look alike (403 both).
    assert res.post("maps/layers/shelters/features", payload).status_code == 403
    assert res.post("maps/layers/no-such-layer/features", payload).status_code == 403
    assert res.patch(f"maps/features/{feature.pk}", {"name": "Hacked"}).status_code == 403
    assert res.delete(f"maps/features/{feature.pk}").status_code == 403
    assert api_client_for(community, official).post("maps/layers", {"slug": "x", "name_uk": "X"}).status_code == 403
    bad = api_client_for(community, official).post("maps/layers/schools/features", {**payload, "properties": {}})
    assert bad.status_code == 400 and "hours" in bad.json()["error"]["fields"]
    assert api_client_for(community, official).post("maps/layers/schools/features", "{broken").status_code == 400
    assert Feature.objects.count() == 4 and Feature.objects.get(pk=feature.pk).name == "Centre"


def test_layer_crud_by_moderator(community, moderator, api_client_for):
    client = api_client_for(community, moderator)
    response = client.post("maps/layers", {"slug": "pharmacies", "name_uk": "Аптеки", "colour": "#00aa00",
                                           "schema": [{"key": "hours", "label": "Години", "type": "string"}]})
    assert response.status_code == 201, response.content
    assert response.json()["schema"] == [{"key": "hours", "label": "Години", "label_en": "", "type": "string",
                                          "required": False}]
    assert client.post("maps/layers", {"slug": "pharmacies", "name_uk": "Аптеки"}).status_code == 409
    assert client.post("maps/layers", {"slug": "x", "name_uk": "X", "schema": [{"key": "a", "type": "nope"}]}
                       ).status_code == 400
    response = client.patch("maps/layers/pharmacies", {"is_public": False, "name_en": "Pharmacies"})
    assert response.status_code == 200 and response.json()["is_public"] is False
    assert client.delete("maps/layers/pharmacies").status_code == 204
    assert not Layer.objects.exists()


def test_import_endpoint_reports_rejected_rows_and_writes_nothing(community, layers, official, api_client_for):
    client = api_client_for(community, official)
    good = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.5, 49.5]},
            "properties": {"name": "Good", "hours": "9"}}
    bad = {"type": "Feature", "geometry": None, "properties": {"name": "Bad", "hours": "9"}}
    response = client.post("maps/layers/schools/import", {
        "format": "geojson", "content": json.dumps({"type": "FeatureCollection", "features": [good, bad]})})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_rejected" and list(error["fields"]) == ["feature 2"]
    assert Feature.objects.count() == 4
    csv = "name,lat,lon,hours\nA,49.5,34.5,9\nB,49.6,34.6,10\n"
    response = client.post("maps/layers/schools/import", {"format": "csv", "content": csv, "replace": True})
    assert response.status_code == 201 and response.json() == {"created": 2, "deleted": 3}
    assert api_client_for(community, official).post("maps/layers/schools/import",
                                                    {"format": "xls", "content": "x"}).status_code == 400


def test_plain_geojson_url_for_other_tools(community, layers, official):
    client = Client()
    url = f"/c/{community.slug}/map/layers/schools.geojson"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert len(json.loads(response.content)["features"]) == 3
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.content)) == json.loads(response.content)
    assert client.get(url, {"bbox": "34.5,49.5,34.6,49.65"}).json()["numberReturned"] == 1
    assert client.get(url, {"bbox": "nope"}).status_code == 400
    assert client.get(url, {"limit": "x"}).status_code == 400
    download = client.get(url, {"download": 1})
    assert download["Content-Disposition"] == 'attachment; filename="schools.geojson"'
    assert client.get(f"/c/{community.slug}/map/layers/shelters.geojson").status_code == 404
    client.force_login(official)
    hidden = client.get(f"/c/{community.slug}/map/layers/shelters.geojson")
    assert hidden.status_code == 200 and hidden["Cache-Control"] == "private, no-cache"
    assert not hidden.has_header("Access-Control-Allow-Origin")


def test_geojson_query_count_does_not_grow_with_the_layer(community, moderator, django_assert_max_num_queries):
    from hromada.maps.services import layer_import

    layer = make_layer(moderator, community, "big", schema=[])
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.5 + i / 1000, 49.5]},
                 "properties": {"name": f"F{i}"}} for i in range(300)]
    layer_import(actor=moderator, community=community, layer_id=layer.pk,
                 content={"type": "FeatureCollection", "features": features}, file_format="geojson")
    client = Client()
    with django_assert_max_num_queries(3):
        response = client.get(f"/c/{community.slug}/map/layers/big.geojson")
    assert len(response.json()["features"]) == 300


def test_etag_and_cache_never_serve_a_stale_layer(community, layers, moderator, django_assert_max_num_queries):
    from hromada.maps.services import feature_delete, feature_update

    client = Client()
    url = f"/c/{community.slug}/map/layers/schools.geojson"
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    etag = first["ETag"]
    assert etag.startswith('W/"maps-') and "Accept-Encoding" in first["Vary"]
    with django_assert_max_num_queries(3):  # community, layer; the body comes from the cache
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == first.content and again["Content-Encoding"] == "gzip"
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    centre = Feature.objects.get(name="Centre")
    feature_update(actor=moderator, community=community, feature_id=centre.pk, name="Центр")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Центр" in {f["properties"]["name"] for f in changed.json()["features"]}
    make_point(moderator, community, layers[0], name="Fourth")
    assert len(client.get(url).json()["features"]) == 4
    feature_delete(actor=moderator, community=community, feature_id=centre.pk)
    assert len(client.get(url).json()["features"]) == 3
    filtered = client.get(url, {"q": "fourth"}).json()
    assert [f["properties"]["name"] for f in filtered["features"]] == ["Fourth"]
