"""The site in Debian's Chromium, by keyboard, on a phone and a desktop: a resident searches the news, opens an item,
reaches a page through the site menu, and reads the contacts and officials. axe-core audits every page landed on
(no serious or critical WCAG 2.1 A/AA violation) and the layout checks of the other journeys apply."""

from __future__ import annotations

import pytest
from tests.browser import conftest as journeys
from tests.browser.test_layout_journeys import check_page

from hromada.core.identity.actors import SYSTEM
from hromada.site import services
from hromada.site.tests.factories import news, photo

# The journeys' browser fixtures (tests/browser/conftest.py), offered to this module too.
chromium, tab_for = journeys.chromium, journeys.tab_for
DESKTOP, PHONE = journeys.DESKTOP, journeys.PHONE
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def site(community):
    events = services.news_category_create(actor=SYSTEM, community=community, name="Події")
    item = news(community, "Відкрили новий міст", category_id=events.pk, summary="Рух відновлено",
                photo=photo(), photo_alt="Новий міст через річку", body="## Подробиці\n\n- перше\n- друге")
    for number in range(14):
        news(community, f"Оголошення номер {number}", days_ago=2 + number)
    page = services.page_create(actor=SYSTEM, community=community, title="Про громаду",
                                body="| Рік | Подія |\n| --- | --- |\n| 2020 | Утворення |")
    services.menu_item_create(actor=SYSTEM, community=community, label="Про громаду", kind="page", page_id=page.pk)
    services.site_profile_update(actor=SYSTEM, community=community, tagline="Громада над річкою",
                                 accent_colour="#1d4f91", cover=photo(), cover_alt="Площа громади",
                                 contacts="Приймальня: **каб. 1**")
    services.official_create(actor=SYSTEM, community=community, name="Олена Демо", position="Міська голова",
                             reception_hours="Пн 10–13", work_phone="+380 44 000 00 00", photo=photo())
    return {"item": item, "page": page}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_reads_the_site_by_keyboard(tab_for, community, site, screen):
    tab = tab_for(community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/site/")
    assert not check_page(tab, screen)
    if not page.is_visible("#news-q"):  # on a phone the filters start closed behind their summary
        page.focus("details.filters > summary")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('details.filters').open")
    page.focus("#news-q")
    page.keyboard.type("міст")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert "Відкрили новий міст" in page.content() and "Оголошення номер" not in page.content()
    page.focus(f"a[href$='/site/news/{site['item'].pk}/']")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert not check_page(tab, screen)
    assert page.locator("h1").inner_text() == "Відкрили новий міст"
    page.focus(".site-menu a")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert not check_page(tab, screen)
    assert "Утворення" in page.locator("table").inner_text()
    tab.goto(f"/c/{community.slug}/site/contacts/")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/site/?page=2")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/site/pages/")
    assert "Про громаду" in page.content()
