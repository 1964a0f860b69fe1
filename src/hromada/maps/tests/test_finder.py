"""The public map as a finder: the list sorted by name, category or distance, searched on the server without
regard to case or the kind of apostrophe, paged with a pinned number of queries; the map's controls named in
the page's language, the layers folded behind a summary, clusters served from our own static files."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from hromada.maps.models import Feature
from hromada.maps.selectors import feature_search

from .factories import make_layer, make_point

pytestmark = pytest.mark.django_db


def _url(community, query=""):
    return f"/c/{community.slug}/map/{query}"


def _names(html: str) -> list[str]:
    return re.findall(r'<h3 id="feature-\d+-name"><a href="[^"]+">([^<]+)</a></h3>', html)


@pytest.fixture
def places(community, moderator):
    pharmacies = make_layer(moderator, community, "pharmacies", position=1)
    schools = make_layer(moderator, community, "schools", position=2)
    # The community centre in the test community is (49.59, 34.55).
    make_point(moderator, community, schools, name="Ліцей «Надія»", lat=49.60, lon=34.56)
    make_point(moderator, community, pharmacies, name="Аптека на П’ятницькій", lat=49.70, lon=34.70)
    make_point(moderator, community, schools, name="Гімназія № 2", lat=49.591, lon=34.551)
    return pharmacies, schools


def test_the_list_is_sorted_by_name_category_or_distance(community, places):
    client = Client()
    assert _names(client.get(_url(community)).content.decode()) == [
        "Аптека на П’ятницькій", "Гімназія № 2", "Ліцей «Надія»"]
    # by category: the layers in their display order, then by name inside each
    assert _names(client.get(_url(community, "?sort=layer")).content.decode()) == [
        "Аптека на П’ятницькій", "Гімназія № 2", "Ліцей «Надія»"]
    # nearest to the community's centre when the browser gave no position
    assert _names(client.get(_url(community, "?sort=distance")).content.decode()) == [
        "Гімназія № 2", "Ліцей «Надія»", "Аптека на П’ятницькій"]
    # nearest to the resident's position when the "nearest to me" button sent it
    html = client.get(_url(community, "?sort=distance&near=49.7001,34.6999")).content.decode()
    assert _names(html) == ["Аптека на П’ятницькій", "Ліцей «Надія»", "Гімназія № 2"]
    assert 'value="49.70010,34.69990"' in html and "Спершу найближчі до мене" in html
    # each card says how far it is: the pharmacy a few metres away, the gymnasium about 15 km
    assert '<p class="feature-distance">≈ 10 м від вас</p>' in html
    assert re.search(r'<p class="feature-distance">≈ 1[45],\d км від вас</p>', html)
    centre = client.get(_url(community, "?sort=distance")).content.decode()
    assert "≈ 130 м від центру громади" in centre
    assert "feature-distance" not in client.get(_url(community, "?sort=name")).content.decode()


def test_a_category_sort_follows_the_layer_positions(community, moderator, places):
    pharmacies, schools = places
    pharmacies.position = 9
    pharmacies.save(update_fields=["position"])
    assert _names(Client().get(_url(community, "?sort=layer")).content.decode()) == [
        "Гімназія № 2", "Ліцей «Надія»", "Аптека на П’ятницькій"]


@pytest.mark.parametrize("near", ["abc", "91,30", "49.5", "nan,nan", "1,2,3", "inf,0"])
def test_a_bad_position_or_order_is_ignored_not_an_error(community, places, near):
    response = Client().get(_url(community, f"?sort=distance&near={near}"))
    assert response.status_code == 200
    assert _names(response.content.decode())[0] == "Гімназія № 2"  # from the centre
    assert Client().get(_url(community, "?sort=%27;drop")).status_code == 200


@pytest.mark.parametrize("q", ["ЛІЦЕЙ", "ліцей", "Надія", "НАДІЯ"])
def test_search_ignores_the_case_of_ukrainian_letters(community, places, q):
    assert _names(Client().get(_url(community, f"?q={q}")).content.decode()) == ["Ліцей «Надія»"]


@pytest.mark.parametrize("q", ["п'ятницькій", "пʼятницькій", "П’ЯТНИЦЬКІЙ", "п`ятницькій"])
def test_search_treats_every_apostrophe_alike(community, places, q):
    assert _names(Client().get(_url(community, f"?q={q}")).content.decode()) == ["Аптека на П’ятницькій"]


def test_stored_search_text_keeps_one_apostrophe(community, places):
    feature = Feature.objects.get(name__startswith="Аптека")
    assert "п'ятницькій" in feature.search_text


@pytest.mark.parametrize("sort", ["name", "layer", "distance"])
def test_every_order_pages_with_the_same_pinned_queries(community, moderator, sort, django_assert_num_queries):
    from hromada.maps.services import layer_import
    from hromada.maps.views import LIST_PAGE_SIZE

    layer = make_layer(moderator, community, "many", schema=[])
    layer_import(actor=moderator, community=community, layer_id=layer.pk, file_format="geojson", content={
        "type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.5 + i / 1000, 49.5]},
             "properties": {"name": f"Об’єкт {i:03}"}} for i in range(LIST_PAGE_SIZE + 5)]})
    client = Client()
    client.get(_url(community))  # warm the community cache
    for page in (1, 2):
        # session-less visitor: the layers, the count, the page of features
        with django_assert_num_queries(3):
            response = client.get(_url(community, f"?sort={sort}&page={page}"))
        expected = LIST_PAGE_SIZE if page == 1 else 5
        assert response.content.decode().count('class="feature-card"') == expected


def test_distance_order_in_the_selector_uses_the_given_point(community, places, resident):
    far_east = feature_search(community=community, user=resident, order="distance", near=(49.59, 40.0))
    assert [f.name for f in far_east][0] == "Аптека на П’ятницькій"


def test_map_controls_are_named_in_ukrainian_and_layers_fold_away(community, places):
    with translation.override("uk"):
        html = Client().get(_url(community)).content.decode()
    assert 'data-label-zoom-in="Наблизити мапу"' in html and 'data-label-zoom-out="Віддалити мапу"' in html
    assert 'data-label-cluster="Об’єктів тут: {n}. Наблизити"' in html
    assert '<details class="filters" open>' in html and "Шари, порядок і легенда</summary>" in html
    assert 'role="img"' not in html and 'id="map" class="map map-finder" role="region"' in html
    assert "markercluster/leaflet.markercluster.js" in html and "Легенда" in html
    # the search box is not folded away with the layers
    assert html.index('id="map-q"') < html.index('<details class="filters"')


def test_markercluster_is_served_from_our_own_static_files(client):
    for name in ("leaflet.markercluster.js", "MarkerCluster.css"):
        response = client.get(f"/static/markercluster/{name}")
        assert response.status_code == 200, name
