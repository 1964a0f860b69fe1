"""Placing a problem without a map: the address search endpoint over the community's areas and the city map's
facilities, and a form whose nearby hint never sends the description."""

import pytest

from hromada.appeals.tests.factories import make_area
from hromada.core.geo import geocoding
from hromada.core.identity.actors import SYSTEM
from hromada.maps.services import layer_create, layer_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_places(settings):
    settings.HROMADA_GEOCODER_CACHE_SECONDS = 0
    settings.HROMADA_GEOCODER_URL = ""
    yield
    geocoding.clear_cache()


def _facility(community, name, address, lon, lat, public=True):
    layer = layer_create(actor=SYSTEM, community=community, slug=f"l{abs(hash(name)) % 10_000}", name_uk="Шар",
                         is_public=public)
    layer_import(actor=SYSTEM, community=community, layer_id=layer.pk, file_format="geojson", content={
        "type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {
            "type": "Point", "coordinates": [lon, lat]}, "properties": {"name": name, "address": address}}]})


def test_places_of_the_map_and_areas_are_found_by_words(community, web):
    make_area(community, "Подільський район", 34.55, 49.59)
    _facility(community, "Аптека «Здоров’я»", "вул. Соборності, 5", 34.561, 49.601)
    found = web(community).get("appeals/places/", {"q": "ПОДІЛЬ"}).json()["results"]
    assert [(p["label"], p["kind"]) for p in found] == [("Подільський район", "area")]
    assert 49.59 < found[0]["lat"] < 49.60 and 34.55 < found[0]["lon"] < 34.56
    labels = [p["label"] for p in web(community).get("appeals/places/", {"q": "вулиця соборності 5"}).json()["results"]]
    assert labels[0] == "вул. Соборності, 5" and "Аптека «Здоров’я», вул. Соборності, 5" in labels
    assert web(community).get("appeals/places/", {"q": "здоров'я"}).json()["results"][0]["kind"] == "facility"


def test_staff_only_layers_and_other_communities_are_not_searched(community, other_community, web):
    _facility(community, "Укриття № 9", "вул. Таємна, 1", 34.56, 49.6, public=False)
    _facility(other_community, "Ліцей сусідів", "вул. Сусідня, 2", 34.56, 49.6)
    assert web(community).get("appeals/places/", {"q": "укриття"}).json()["results"] == []
    assert web(community).get("appeals/places/", {"q": "ліцей"}).json()["results"] == []


@pytest.mark.parametrize("query", ["", "x", "%", "a" * 5000, "'", "вул."])
def test_odd_queries_answer_an_empty_list(community, web, query):
    response = web(community).get("appeals/places/", {"q": query})
    assert response.status_code == 200 and response.json()["results"] == []


def test_a_nul_in_the_query_is_a_clear_400(community, web):
    assert web(community).get("appeals/places/", {"q": "ab\x00"}).status_code == 400


def test_the_form_offers_search_and_keyboard_map_and_sends_no_description_for_the_hint(community, resident, web,
                                                                                       category):
    html = web(community, resident).get("appeals/new/").content.decode()
    assert 'id="place-q"' in html and 'id="use-location"' in html and 'role="status"' in html
    assert 'id="pick-map" class="map" tabindex="0"' in html and 'data-zoom-in="Збільшити"' in html
    assert "hx-get" not in html and "hx-include" not in html  # the nearby hint is asked by the script, not the form


def test_the_search_is_rate_limited_per_person(community, resident, web, frozen_clock, monkeypatch):
    from hromada.appeals import views

    monkeypatch.setattr(views, "PLACES_RATE", ("3/m", "100/m"))
    browser = web(community, resident)
    assert [browser.get("appeals/places/", {"q": "вул"}).status_code for _ in range(3)] == [200, 200, 200]
    refused = browser.get("appeals/places/", {"q": "вул"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"]
