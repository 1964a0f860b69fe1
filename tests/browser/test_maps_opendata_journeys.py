"""Browser journeys of the city map and the open-data portal on a phone (390x844) and a desktop: a resident
finds a facility with the keyboard alone, sees clusters, the legend and the first result on the first screen;
opens a dataset, its preview and the Excel-friendly download; a developer reads the API docs served from this
site. axe-core audits every page state they land on (tests/browser/axe.py)."""

from __future__ import annotations

import json

import pytest

from hromada.maps.tests.factories import make_layer, make_point
from hromada.opendata import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def city(community, moderator):
    """Two layers; thirty pharmacies close together (a cluster at the opening zoom) and two schools."""
    pharmacies = make_layer(moderator, community, "pharmacies", position=1, colour="#b3261e")
    schools = make_layer(moderator, community, "schools", position=2)
    for i in range(30):
        make_point(moderator, community, pharmacies, name=f"Аптека № {i + 1:02}", lat=49.59 + i / 20000,
                   lon=34.55 + i / 20000)
    make_point(moderator, community, schools, name="Ліцей «Надія»", lat=49.60, lon=34.57)
    make_point(moderator, community, schools, name="Гімназія на П’ятницькій", lat=49.58, lon=34.53)
    return pharmacies, schools


def _map_path(community, query=""):
    return f"/c/{community.slug}/map/{query}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_resident_finds_a_facility_with_the_keyboard_alone(tab_for, community, city, viewport):
    tab = tab_for()
    page = tab.page
    page.set_viewport_size(viewport)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(_map_path(community))
    page.wait_for_selector("#map[data-ready]", state="attached")
    assert errors == []
    # Clusters: the thirty pharmacies gather into numbered circles named in Ukrainian for screen readers.
    cluster = page.locator(".map-cluster").first
    assert "Наблизити" in cluster.inner_text() or "Об’єктів тут" in cluster.text_content()
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Наблизити мапу"
    tab.audit()  # the map with its clusters and controls drawn

    # On a phone the layers fold away and the first result is on the first screen.
    details_open = page.locator("details.filters").evaluate("d => d.open")
    assert details_open is (viewport is DESKTOP)
    if viewport is PHONE:
        first_top = page.locator(".feature-card").first.bounding_box()["y"]
        assert first_top < viewport["height"], first_top

    # Keyboard only: type in the search, Enter, then Tab from the list reaches the first result.
    page.focus("#map-q")
    page.keyboard.type("п'ятницькій")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator("#list-title").inner_text().startswith("1 ")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Гімназія на П’ятницькій"
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator("h1").inner_text() == "Гімназія на П’ятницькій"


def test_the_layers_fold_open_and_the_list_sorts_by_category(tab_for, community, city):
    tab = tab_for()
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.goto(_map_path(community))
    page.locator("details.filters > summary").click()
    assert page.locator("details.filters").evaluate("d => d.open")
    tab.audit()  # the open filters with the legend
    assert page.locator(".map-legend li").count() == 3
    page.select_option("#map-sort", "layer")
    page.uncheck("input[data-layer=pharmacies]")
    tab.follow(lambda: page.locator(".map-actions button[type=submit]").click())
    names = page.locator(".feature-card h3").all_inner_texts()
    assert names == ["Гімназія на П’ятницькій", "Ліцей «Надія»"]


@pytest.fixture
def portal(community, community_admin, department):
    from hromada.opendata.datastore import csv_bytes
    from hromada.opendata.tests.factories import add_csv, make_dataset, make_publisher

    publisher = make_publisher(community, community_admin, department=department, name="water")
    dataset = make_dataset(community, community_admin, publisher, name="water-quality", title="Якість питної води")
    rows = [[f"2025-01-{i:02d}", f"Точка {i}", f"{0.2 + i / 100:.2f}", str(1000 + i * 37), "true"] for i in range(1, 30)]
    add_csv(community, community_admin, dataset,
            content=csv_bytes(["date", "point", "chlorine_mg_l", "samples_total", "ok"], rows), name="Проби води")
    points = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.55 + i / 100, 49.59]},
         "properties": {"name": f"Точка {i}"}} for i in range(1, 4)]}
    services.resource_create(actor=community_admin, community=community, dataset=dataset, name="Точки відбору",
                             content=json.dumps(points).encode(), filename="points.geojson", format="GeoJSON")
    return dataset


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_resident_opens_a_dataset_and_its_preview(tab_for, community, portal, viewport):
    tab = tab_for()
    page = tab.page
    page.set_viewport_size(viewport)
    tab.goto(f"/c/{community.slug}/opendata/")
    assert page.locator("details.filters.od-facets").evaluate("d => d.open") is (viewport is DESKTOP)
    tab.follow(lambda: page.get_by_role("link", name="Якість питної води").click())
    page.wait_for_selector(".od-table td")
    page.wait_for_selector(".od-map .leaflet-interactive")
    tab.audit()  # the dataset page with its table preview and its map preview loaded
    assert page.locator(".od-map .leaflet-control-zoom-in").get_attribute("title") == "Наблизити мапу"
    assert "українська" in page.locator("dl.od-passport").inner_text()
    first_cell = page.locator(".od-table tbody tr").first.locator("td").nth(3)
    assert first_cell.get_attribute("data-label") == "Chlorine mg l" and first_cell.inner_text() == "0,21"
    assert page.get_by_role("link", name="CSV для Excel").count() == 1
    # keyboard: search the preview with Enter, the table answers in place
    page.focus(".od-preview input[type=search]")
    page.keyboard.type("1259")
    page.keyboard.press("Enter")
    page.wait_for_selector(".od-table tbody tr:nth-child(2)", state="detached")
    assert page.locator(".od-table tbody tr").count() == 1
    tab.audit()


def test_a_developer_reads_the_api_docs_from_this_site(tab_for, community):
    tab = tab_for()
    page = tab.page
    foreign = []
    page.on("request", lambda request: None if request.url.startswith(tab.base_url) else foreign.append(request.url))
    tab.goto(f"/c/{community.slug}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    tab.audit()  # the viewer drawn inside the site's layout
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("header").count() >= 1 and page.locator("h1").first.inner_text() == "Відкритий API"
    # an operation opened with the keyboard: its parameters and answers pass the audit too
    page.locator(".opblock-summary-control").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".opblock-body")
    tab.audit()
    assert foreign == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_facility_page_and_the_staff_editor_pass_the_audit(tab_for, community, city, moderator, viewport):
    pharmacies, _schools = city
    feature = pharmacies.features.order_by("name").first()
    tab = tab_for()
    tab.page.set_viewport_size(viewport)
    tab.goto(f"/c/{community.slug}/map/features/{feature.pk}/")
    tab.page.wait_for_selector("#map canvas", state="attached")
    tab.audit()  # the facility's card and its small map
    assert tab.page.locator("h1").inner_text() == feature.name
    staff = tab_for(moderator, community=community)
    staff.page.set_viewport_size(viewport)
    staff.goto(f"/c/{community.slug}/map/editor/")
    staff.follow(lambda: staff.page.get_by_role("link", name=pharmacies.name_uk).first.click())
    staff.page.wait_for_selector("#map canvas", state="attached")
    staff.audit()  # the layer's editor with its map, form and table drawn
    assert staff.page.locator("table.cards-on-phone tbody tr").count() == 30
