"""Browser journeys of appeals in Debian's Chromium, on a phone (390x844) and a desktop: a resident places a
problem with the keyboard alone (address search, arrows on the map, Enter), sees similar appeals nearby without
the description ever leaving the form, and uses "my location"; axe-core audits every page state on the way."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.appeals.models import Appeal
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, make_area, make_category
from hromada.core.geo import geocoding
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.maps.services import layer_create, layer_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SCHOOL = (34.5612, 49.5987)  # lon, lat of "Ліцей № 3", вул. Шевченка, 12


@pytest.fixture
def category(community, department, settings):
    settings.HROMADA_GEOCODER_CACHE_SECONDS = 0
    settings.HROMADA_GEOCODER_URL = ""
    geocoding.clear_cache()
    make_area(community, "Центральний район", 34.55, 49.59, size=0.02)
    layer = layer_create(actor=SYSTEM, community=community, slug="schools", name_uk="Школи")
    layer_import(actor=SYSTEM, community=community, layer_id=layer.pk, file_format="geojson", content={
        "type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(SCHOOL)},
             "properties": {"name": "Ліцей № 3", "address": "вул. Шевченка, 12"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.5501, 49.5903]},
             "properties": {"name": "Гімназія № 1", "address": "просп. Героїв, 7"}}]})
    return make_category(community, "light", fallback=department)


def keyboard_to(page, selector: str, *, back: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{selector} is not reachable with the keyboard")


def said(page, words: str) -> str:
    """Wait until the live region says `words`; its text."""
    page.wait_for_function("w => document.getElementById('pin-status').textContent.includes(w)", arg=words)
    return page.locator("#pin-status").inner_text()


def pin(page) -> tuple[float, float]:
    return float(page.input_value("#id_lat")), float(page.input_value("#id_lon"))


@pytest.mark.parametrize("screen", sorted(VIEWPORTS))
def test_a_resident_places_a_problem_with_the_keyboard_alone(tab_for, community, category, screen):
    resident = make_member(community, Role.RESIDENT, strong=True)
    other = make_member(community, Role.RESIDENT, strong=True)
    earlier = make_appeal(community, other, category, lat=SCHOOL[1] + 0.0002, lon=SCHOOL[0] + 0.0004,
                          address="біля ліцею")
    tab = tab_for(resident, community=community)
    page = tab.page
    page.set_viewport_size(VIEWPORTS[screen])
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    tab.goto(f"/c/{community.slug}/appeals/new/")

    # The pin first, by address search: type, Enter, Tab to the first place found, Enter.
    keyboard_to(page, "#place-q")
    page.keyboard.type("шевченка 12")
    page.keyboard.press("Enter")
    first = page.locator("#place-results button").first
    first.wait_for()
    assert "Ліцей № 3" in page.locator("#place-results").inner_text() or "вул. Шевченка, 12" in first.inner_text()
    said(page, "Знайдено місць")
    tab.audit()  # the page with the places found
    keyboard_to(page, "#place-results button")
    chosen = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    assert pin(page) == pytest.approx((SCHOOL[1], SCHOOL[0]), abs=1e-6)
    assert page.evaluate("document.activeElement.id") == "pick-map"
    assert chosen in said(page, "Позначку встановлено")
    assert page.input_value("#id_address") == chosen

    # The map answers the keyboard: arrows move the pin, Enter sets it; the coordinates follow only then.
    before = pin(page)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    assert pin(page) == before
    said(page, "Натисніть Enter")
    page.keyboard.press("Enter")
    after = pin(page)
    assert after[1] > before[1] and after[0] > before[0]
    said(page, "Позначку встановлено")
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Збільшити"

    # The category later: the hint of similar appeals nearby comes as soon as it is chosen.
    keyboard_to(page, "#id_category", back=True)
    page.keyboard.press("ArrowDown")
    assert page.input_value("#id_category") == "light"
    page.locator("#nearby .nearby").wait_for()
    assert earlier.registration_index in page.locator("#nearby").inner_text()
    tab.audit()  # the page with the hint

    description = "Не світить ліхтар біля ліцею, темно ввечері."
    keyboard_to(page, "#id_description")
    page.keyboard.type(description)
    keyboard_to(page, "#appeal-form button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))

    appeal = Appeal.objects.get(author=resident)
    assert (appeal.lat, appeal.lon) == pytest.approx(after, abs=1e-6)
    assert appeal.address == chosen and appeal.description == description
    nearby_asked = [url for url in asked if "/appeals/nearby/" in url]
    assert nearby_asked, "the nearby hint was never asked"
    assert not [url for url in asked if "description" in url or "%D0%9D%D0%B5" in url]


def test_use_my_location_places_the_pin(tab_for, community, category):
    resident = make_member(community, Role.RESIDENT, strong=True)
    tab = tab_for(resident, community=community)
    page = tab.page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 49.5931, "longitude": 34.5577})
    tab.goto(f"/c/{community.slug}/appeals/new/")
    keyboard_to(page, "#use-location")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('id_lat').value !== ''")
    assert pin(page) == pytest.approx((49.5931, 34.5577), abs=1e-6)
    said(page, "ваше місцезнаходження")
    tab.audit()


def test_the_place_search_finds_areas_and_says_when_nothing_is_found(tab_for, community, category):
    resident = make_member(community, Role.RESIDENT, strong=True)
    tab = tab_for(resident, community=community)
    page = tab.page
    tab.goto(f"/c/{community.slug}/appeals/new/")
    keyboard_to(page, "#place-q")
    page.keyboard.type("ЦЕНТРАЛЬНИЙ")
    page.keyboard.press("Enter")
    page.locator("#place-results button").first.wait_for()
    assert page.locator("#place-results button").first.inner_text() == "Центральний район"
    page.fill("#place-q", "")
    page.keyboard.type("абракадабра")
    page.keyboard.press("Enter")
    said(page, "Нічого не знайдено")
    assert page.locator("#place-results").is_hidden()
    tab.audit()


@pytest.mark.parametrize("screen", sorted(VIEWPORTS))
def test_a_form_that_comes_back_keeps_the_photo_and_says_what_to_fix(tab_for, community, category, tmp_path, screen):
    resident = make_member(community, Role.RESIDENT, strong=True)
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(jpeg_bytes((1200, 900)))
    tab = tab_for(resident, community=community)
    page = tab.page
    page.set_viewport_size(VIEWPORTS[screen])
    tab.goto(f"/c/{community.slug}/appeals/new/")
    page.select_option("#id_category", "light")
    page.fill("#id_lat", "49.595")
    page.fill("#id_lon", "34.555")
    page.fill("#id_description", "   ")  # the browser lets blanks through; the server does not
    page.set_input_files("#id_photos", str(photo))
    # What the button and the progress bar did while the form was sent (the window outlives the answer page).
    page.evaluate("""() => {
        window.seen = {disabled: false, progress: 0};
        const button = document.getElementById('send-appeal'), bar = document.getElementById('upload-bar');
        new MutationObserver(() => { window.seen.disabled ||= button.disabled; }).observe(button, {attributes: true});
        bar.addEventListener('change', () => {});
        const timer = setInterval(() => { window.seen.progress = Math.max(window.seen.progress, bar.value || 0); }, 5);
        window.addEventListener('beforeunload', () => clearInterval(timer));
    }""")
    keyboard_to(page, "#send-appeal")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'error-summary'")
    assert page.evaluate("window.seen.disabled") is True
    assert "Опишіть проблему" in page.locator("#error-summary").inner_text()
    kept = page.locator(".drafts img").first
    kept.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=kept.element_handle())
    assert page.evaluate("img => img.naturalWidth", kept.element_handle()) == 480
    assert page.locator("input[name=draft_photo]").is_checked()
    tab.audit()  # the form that came back

    page.fill("#id_description", "Не світить ліхтар біля зупинки.")
    keyboard_to(page, "#send-appeal")
    tab.follow(lambda: page.keyboard.press("Enter"))
    appeal = Appeal.objects.get(author=resident)
    assert appeal.photos.count() == 1 and appeal.photos.get().thumbnail
    assert appeal.registration_index in page.locator("h1").inner_text()
    shown = page.locator("ul.photos img").first
    shown.scroll_into_view_if_needed()
    assert "/small" in shown.get_attribute("src")
    assert page.evaluate("img => img.complete && img.naturalWidth", shown.element_handle()) == 480


@pytest.mark.parametrize("screen", sorted(VIEWPORTS))
def test_an_official_takes_an_appeal_from_the_queue_and_registers_one_for_a_caller(tab_for, community, category,
                                                                                   department, screen):
    official = make_member(community, Role.OFFICIAL, department=department, name="Олена Ткач")
    resident = make_member(community, Role.RESIDENT, strong=True)
    appeal = make_appeal(community, resident, category, address="вул. Садова, 5")
    tab = tab_for(official, community=community)
    page = tab.page
    page.set_viewport_size(VIEWPORTS[screen])
    tab.goto(f"/c/{community.slug}/appeals/office/")
    keyboard_to(page, f"form[action$='/appeals/{appeal.pk}/act/assign'] button")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.url.endswith("/appeals/office/")
    assert f"Призначено {appeal.registration_index}: Олена Ткач, Відділ благоустрою" in page.locator("main").inner_text()

    tab.follow(lambda: page.click("main a[href$='/appeals/office/register/']"))
    page.select_option("#id_channel", "phone")
    page.fill("#id_contact_name", "Марія Коваленко")
    page.fill("#id_contact_phone", "+380 50 123 45 67")
    page.check("input[name=reply_by][value=printed]")
    page.check("#id_consent")
    page.select_option("#id_category", "light")
    keyboard_to(page, "#place-q")
    page.keyboard.type("героїв 7")
    page.keyboard.press("Enter")
    page.locator("#place-results button").first.wait_for()
    keyboard_to(page, "#place-results button")
    page.keyboard.press("Enter")
    said(page, "Позначку встановлено")
    page.fill("#id_description", "Телефонує мешканка: не світить ліхтар біля гімназії.")
    tab.follow(lambda: page.click("#send-appeal"))
    registered = Appeal.objects.get(contact_name="Марія Коваленко")
    assert registered.channel == "phone" and registered.reply_by == "printed" and registered.consent_noted
    assert registered.address == "просп. Героїв, 7"
    assert f"Зареєстровано: звернення {registered.registration_index}" in page.locator("main").inner_text()
    tab.follow(lambda: page.click(f"main a[href$='/appeals/{registered.pk}/print']"))
    assert "Марія Коваленко" in page.locator(".letter").inner_text()


def test_a_resident_rates_and_reopens_an_answer(tab_for, community, category, department):
    from hromada.appeals import services

    official = make_member(community, Role.OFFICIAL, department=department)
    resident = make_member(community, Role.RESIDENT, strong=True)
    appeal = make_appeal(community, resident, category)
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    services.appeal_start(actor=official, community=community, appeal_id=appeal.pk)
    services.appeal_answer(actor=official, community=community, appeal_id=appeal.pk, text="Лампу замінено.")
    tab = tab_for(resident, community=community)
    page = tab.page
    page.set_viewport_size(VIEWPORTS["phone"])
    tab.goto(f"/c/{community.slug}/appeals/{appeal.pk}/")
    keyboard_to(page, "input[name=rating]")  # the group takes one Tab; arrows choose within it (5, 4, 3, 2)
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.querySelector('input[name=rating]:checked').value") == "2"
    tab.follow(lambda: page.click("form[action$='/respond/rate'] button"))
    assert "(2 з 5)" in page.locator("main").inner_text()
    page.locator(".reopen summary").click()
    page.fill("#reopen-reason", "Лампа знову не світить.")
    tab.follow(lambda: page.click("form[action$='/respond/reopen'] button"))
    appeal.refresh_from_db()
    assert appeal.status == "assigned" and appeal.reopened_count == 1
    tab.goto(f"/c/{community.slug}/appeals/dashboard/")
    assert page.locator("#by-channel").is_visible()


def test_a_refused_location_is_said_and_the_other_ways_stay(tab_for, community, category):
    resident = make_member(community, Role.RESIDENT, strong=True)
    tab = tab_for(resident, community=community)
    page = tab.page
    page.context.clear_permissions()  # the browser refuses the position
    tab.goto(f"/c/{community.slug}/appeals/new/")
    keyboard_to(page, "#use-location")
    page.keyboard.press("Enter")
    said(page, "Ваше місцезнаходження недоступне")
    assert page.input_value("#id_lat") == "" and page.locator("#place-q").is_visible()
    tab.audit()
