"""Procurement walked by keyboard in Debian's Chromium, axe-core on every page landed on: a resident opens the
community's tenders, filters them by a CPV prefix, opens a tender, follows its contract to the supplier's page
(with the register's facts and their date), then the totals and competition pages; on a phone and a desktop."""

from __future__ import annotations

from datetime import date

import pytest

from hromada.procurement.models import RegistryRecord
from hromada.procurement.tests.test_selectors import make_buyer, make_contract, make_supplier, make_tender
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_enrollment_journeys import keyboard_to, open_tab
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def enter_on(tab, selector: str) -> None:
    keyboard_to(tab.page, selector, limit=200)
    tab.follow(lambda: tab.page.keyboard.press("Enter"))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_follows_a_tender_to_its_supplier(tab_for, community, screen):
    buyer = make_buyer(community)
    roof = make_tender(community, buyer=buyer, title="Ремонт даху школи №3", cpv="45260000-7", bids=1)
    make_tender(community, buyer=buyer, title="Папір офісний", cpv="30190000-7")
    supplier = make_supplier(community)
    make_contract(roof, supplier)
    RegistryRecord.objects.create(edrpou=supplier.identifier, name="ТОВ «БУДІВЕЛЬНИК»", status="зареєстровано",
                                  address="м. Дрогобич", kved_code="41.20", kved_name="Будівництво",
                                  data_as_of=date(2026, 11, 1))
    tab = open_tab(tab_for, community=community, screen=SCREENS[screen])
    page = tab.page

    tab.goto(f"/c/{community.slug}/procurement/")
    assert not check_page(tab, screen)
    if not page.is_visible("#id_cpv"):  # on a phone the filters start closed behind their summary
        keyboard_to(page, "details.filters > summary")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('details.filters').open")
    keyboard_to(page, "#id_cpv")
    page.keyboard.type("4526")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator("main table tbody tr").count() == 1
    enter_on(tab, f"main a[href$='/procurement/tenders/{roof.pk}/']")
    assert not check_page(tab, screen)
    assert page.locator(f"main a[href='https://prozorro.gov.ua/tender/{roof.tender_id}']").count() == 1

    enter_on(tab, f"main a[href$='/procurement/suppliers/{supplier.pk}/']")
    assert not check_page(tab, screen)
    assert "01.11.2026" in page.inner_text("main") and "ТОВ «БУДІВЕЛЬНИК»" in page.inner_text("main")

    for path in ("totals/", "competition/", "contracts/"):
        tab.goto(f"/c/{community.slug}/procurement/{path}")
        assert not check_page(tab, screen), path
