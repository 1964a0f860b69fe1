"""Blocks of flats walked in Debian's Chromium, axe-core on every page landed on: a resident searches the building
list by address with the keyboard, opens a building's page (passport, systems, money per year, works, an emergency,
the condominium's board), then the map of buildings, whose markers are drawn, named by their address and reachable
from the keyboard; a keeper opens the building's keeping page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.housing import services
from hromada.housing.tests.factories import make_building, make_manager, make_work
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_enrollment_journeys import keyboard_to, open_tab
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def _buildings(community):
    osbb = make_manager(community, name="ОСББ «Світанок»", phone="+380 50 000 00 00")
    services.board_member_add(actor=SYSTEM, community=community, manager_id=osbb.pk, name="Голова Демо",
                              role="chair", public=True)
    building = make_building(community, street="вул. Героїв Дніпра", number="12", lat=49.01, lon=33.25, floors=9,
                             flats=144, total_area="8120.50", energy_class="D", manager_id=osbb.pk)
    make_building(community, street="вул. Садова", number="3", lat=49.012, lon=33.255)
    services.system_set(actor=SYSTEM, community=community, building_id=building.pk, kind="roof", state="poor")
    today = timezone.localdate()
    make_work(community, building, title="Ремонт покрівлі", status="done", cost_planned="250000",
              cost_actual="248500", actual_start=today - dt.timedelta(days=30), actual_end=today - dt.timedelta(days=2),
              contractor_name="ТОВ «Дах»", contractor_edrpou="12345678")
    services.emergency_report(actor=SYSTEM, community=community, building_id=building.pk, system_kind="heating",
                              description="Порив труби опалення", occurred_at=timezone.now() - dt.timedelta(days=3))
    return building


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_finds_a_building_and_sees_it_on_the_map(tab_for, community, community_admin, screen):
    building = _buildings(community)
    tab = open_tab(tab_for, community=community, screen=SCREENS[screen])
    page = tab.page

    tab.goto(f"/c/{community.slug}/housing/")
    assert not check_page(tab, screen)
    if not page.is_visible("#id_q"):  # on a phone the filters start closed behind their summary
        keyboard_to(page, "details.filters > summary")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('details.filters').open")
    keyboard_to(page, "#id_q")
    page.keyboard.type("героїв 12")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator("main table tbody tr").count() == 1
    keyboard_to(page, f"main a[href$='/housing/{building.pk}/']", limit=200)
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert not check_page(tab, screen)
    text = page.locator("main").inner_text()
    for shown in ("вул. Героїв Дніпра, 12", "ОСББ «Світанок»", "Голова Демо", "Ремонт покрівлі", "Порив труби"):
        assert shown in text, shown

    tab.goto(f"/c/{community.slug}/housing/map/")
    page.wait_for_selector("#housing-map .leaflet-marker-icon")
    assert page.locator("#housing-map .leaflet-marker-icon").count() == 2
    assert page.locator("#housing-map .leaflet-marker-icon[alt='вул. Героїв Дніпра, 12']").count() == 1
    tab.audit()  # the map with its markers and controls drawn
    assert not check_page(tab, screen)


def test_a_keeper_opens_the_keeping_page(tab_for, community, community_admin):
    building = _buildings(community)
    tab = open_tab(tab_for, community_admin, community=community, screen=DESKTOP)
    tab.goto(f"/c/{community.slug}/housing/{building.pk}/")
    keyboard_to(tab.page, f"main a[href$='/housing/office/buildings/{building.pk}/']", limit=200)
    tab.follow(lambda: tab.page.keyboard.press("Enter"))
    assert not check_page(tab, "desktop")
    assert tab.page.locator("main h2").count() >= 4
