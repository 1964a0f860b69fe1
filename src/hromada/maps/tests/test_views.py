"""Pages of the city map: public map and list, feature cards, the staff editor with htmx, imports."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hromada.maps.models import Feature, Layer

from .factories import make_layer, make_point

pytestmark = pytest.mark.django_db


def _url(community, path=""):
    return f"/c/{community.slug}/map/{path}"


@pytest.fixture
def layers(community, moderator):
    public = make_layer(moderator, community, "schools")
    hidden = make_layer(moderator, community, "shelters", is_public=False)
    make_point(moderator, community, public, name="Ліцей № 1", phone="+380 53 200 00 01")
    make_point(moderator, community, public, name="Гімназія № 2", hours="цілодобово")
    make_point(moderator, community, hidden, name="Укриття № 7")
    return public, hidden


def test_public_map_lists_features_with_cards(community, layers, django_assert_max_num_queries):
    client = Client()
    client.get(_url(community))  # warm the community cache
    with django_assert_max_num_queries(6):
        response = client.get(_url(community))
    assert response.status_code == 200
    html = response.content.decode()
    assert "leaflet/leaflet.js" in html and "leaflet/leaflet.css" in html
    assert "Ліцей № 1" in html and "tel:+380532000001" in html
    assert "Укриття № 7" not in html and "shelters" not in html
    data = json.loads(html.split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert [layer["slug"] for layer in data["layers"]] == ["schools"]
    assert 'href="#feature-list"' in html  # the list alternative is one keypress away


def test_public_map_query_count_is_flat(community, moderator, django_assert_max_num_queries):
    from hromada.maps.services import layer_import

    for slug in ("a", "b", "c"):
        layer = make_layer(moderator, community, slug, schema=[])
        layer_import(actor=moderator, community=community, layer_id=layer.pk, file_format="geojson", content={
            "type": "FeatureCollection", "features": [
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.5, 49.5]},
                 "properties": {"name": f"{slug}{i}"}} for i in range(60)]})
    client = Client()
    client.get(_url(community))
    with django_assert_max_num_queries(6):
        response = client.get(_url(community))
    from hromada.maps.views import LIST_PAGE_SIZE

    assert response.content.decode().count('class="feature-card"') == LIST_PAGE_SIZE


def test_search_and_layer_filter(community, layers):
    client = Client()
    html = client.get(_url(community), {"q": "цілодоб"}).content.decode()
    assert "Гімназія № 2" in html and "Ліцей № 1" not in html
    html = client.get(_url(community), {"q": "nothing-like-this"}).content.decode()
    assert "Nothing matches your search" in html or "Нічого не знайдено" in html
    html = client.get(_url(community), {"layer": "shelters"}).content.decode()
    assert "Укриття № 7" not in html


def test_empty_map(community):
    response = Client().get(_url(community))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()
    assert "leaflet.js" not in response.content.decode()


def test_feature_page_and_isolation(community, other_community, layers, official):
    feature = Feature.objects.get(name="Ліцей № 1")
    hidden = Feature.objects.get(name="Укриття № 7")
    client = Client()
    response = client.get(_url(community, f"features/{feature.pk}/"))
    assert response.status_code == 200 and "<h1" in response.content.decode()
    assert client.get(_url(community, f"features/{hidden.pk}/")).status_code == 404
    assert client.get(_url(other_community, f"features/{feature.pk}/")).status_code == 404
    client.force_login(official)
    assert client.get(_url(community, f"features/{hidden.pk}/")).status_code == 200


def test_staff_sees_staff_only_layers_on_the_map(community, layers, official):
    client = Client()
    client.force_login(official)
    html = client.get(_url(community)).content.decode()
    assert "Укриття № 7" in html


def test_editor_access(community, other_community, layers, resident, official):
    client = Client()
    response = client.get(_url(community, "editor/"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(resident)
    assert client.get(_url(community, "editor/")).status_code == 404
    assert client.post(_url(community, "editor/schools/features/new"), {"name": "X"}).status_code == 404
    client.force_login(official)
    response = client.get(_url(community, "editor/"))
    assert response.status_code == 200 and "shelters" in response.content.decode()
    assert "Create the layer" not in response.content.decode() and "Створити шар" not in response.content.decode()
    assert client.get(_url(community, "editor/shelters/")).status_code == 200
    assert client.get(_url(other_community, "editor/")).status_code == 404


def test_moderator_creates_layer_in_the_editor(community, moderator):
    client = Client()
    client.force_login(moderator)
    response = client.post(_url(community, "editor/"), {
        "name_uk": "Аптеки", "slug": "pharmacies", "colour": "#00aa00", "position": 5, "is_public": "on",
        "schema": '[{"key": "hours", "label": "Години", "type": "string", "required": true}]'})
    assert response.status_code == 302
    layer = Layer.objects.get(slug="pharmacies")
    assert layer.schema[0]["required"] is True
    response = client.post(_url(community, "editor/"), {
        "name_uk": "Bad", "slug": "bad", "colour": "#00aa00", "position": 5, "schema": '[{"key": "Bad"}]'})
    assert response.status_code == 200 and not Layer.objects.filter(slug="bad").exists()
    assert "errorlist" in response.content.decode()


def test_htmx_feature_create_and_edit(community, layers, official):
    client = Client()
    client.force_login(official)
    form = client.get(_url(community, "editor/schools/features/new"), HTTP_HX_REQUEST="true")
    assert 'name="p_hours"' in form.content.decode()
    response = client.post(_url(community, "editor/schools/features/new"), {
        "name": "Нова школа", "address": "вул. Садова, 3", "lat": "49.6", "lon": "34.5", "p_hours": "8–17",
        "p_places": "120", "p_open": "true"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "maps-saved"
    feature = Feature.objects.get(name="Нова школа")
    assert feature.properties == {"hours": "8–17", "places": 120, "open": True}
    response = client.post(_url(community, "editor/schools/features/new"), {
        "name": "Без годин", "lat": "north", "lon": "34.5", "p_places": "many"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="errorlist') >= 3 and not Feature.objects.filter(name="Без годин").exists()
    response = client.post(_url(community, f"editor/features/{feature.pk}/"), {
        "name": "Школа", "geometry": '{"type": "LineString", "coordinates": [[34.5, 49.5], [34.6, 49.6]]}',
        "p_hours": "9"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    feature.refresh_from_db()
    assert feature.name == "Школа" and feature.geometry_type == "LineString" and feature.properties == {"hours": "9"}
    response = client.post(_url(community, f"editor/features/{feature.pk}/delete"))
    assert response.status_code == 302 and not Feature.objects.filter(pk=feature.pk).exists()


def test_editor_import_shows_report_and_writes_nothing(community, layers, official):
    client = Client()
    client.force_login(official)
    bad = SimpleUploadedFile("x.csv", b"name,lat,lon,hours\nA,49.5,34.5,9\nB,999,34.5,9\n", "text/csv")
    response = client.post(_url(community, "editor/schools/import"), {"file": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "row 3" in html or "рядок 3" in html
    assert Feature.objects.filter(layer__slug="schools").count() == 2
    wrong = SimpleUploadedFile("x.xlsx", b"PK", "application/octet-stream")
    assert client.post(_url(community, "editor/schools/import"), {"file": wrong}).status_code == 400
    good = SimpleUploadedFile("x.csv", b"name,lat,lon,hours\nA,49.5,34.5,9\n", "text/csv")
    response = client.post(_url(community, "editor/schools/import"), {"file": good, "replace": "on"})
    assert response.status_code == 302
    assert list(Feature.objects.filter(layer__slug="schools").values_list("name", flat=True)) == ["A"]


def test_layer_settings_and_delete_in_editor(community, layers, moderator, official):
    client = Client()
    client.force_login(official)
    assert client.post(_url(community, "editor/schools/delete")).status_code == 302
    assert Layer.objects.filter(slug="schools").exists()  # officials cannot delete layers
    client.force_login(moderator)
    response = client.post(_url(community, "editor/schools/settings"), {
        "name_uk": "Школи", "slug": "schools", "colour": "#112233", "position": 1,
        "schema": '[{"key": "director", "label": "Директор", "type": "string", "required": true}]'})
    assert response.status_code == 400  # the existing features have no director
    assert Layer.objects.get(slug="schools").name_uk != "Школи"
    response = client.post(_url(community, "editor/schools/settings"), {
        "name_uk": "Школи", "slug": "schools", "colour": "#112233", "position": 1,
        "schema": '[{"key": "hours", "label": "Години", "type": "string"}]'})
    assert response.status_code == 302
    assert Layer.objects.get(slug="schools").name_uk == "Школи"
    assert client.post(_url(community, "editor/schools/delete")).status_code == 302
    assert not Layer.objects.filter(slug="schools").exists()


def test_property_labels_follow_the_language(community, moderator):
    from django.utils import translation

    layer = make_layer(moderator, community, "pharmacies", schema=[
        {"key": "hours", "label": "Години роботи", "label_en": "Opening hours", "type": "string"}])
    make_point(moderator, community, layer, name="Аптека")
    client = Client()
    assert "Години роботи" in client.get(_url(community)).content.decode()
    client.cookies["django_language"] = "en"  # the language switch; browsers' Accept-Language is ignored
    with translation.override("en"):
        html = client.get(_url(community)).content.decode()
    assert "Opening hours" in html
