"""Public information by keyboard in headless Chromium, on a phone and a desktop: a resident without an account
requests information, follows it by the private link and finds it in the register; a clerk answers it. axe-core
audits every page landed on."""

from __future__ import annotations

import pytest
from tests.browser.conftest import DESKTOP, PHONE, chromium, tab_for  # noqa: F401 — the browser fixtures

from hromada.docflow.models import InfoRequest

from . import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_resident_requests_information_and_a_clerk_answers(tab_for, community, screen):  # noqa: F811
    tab = tab_for(screen=screen)
    page = tab.page
    tab.goto(f"/c/{community.slug}/public-info/")
    tab.follow(lambda: page.click("main a[href$='/public-info/new/']"))
    page.focus("main form button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))  # nothing filled in: refused, with the reasons
    assert page.locator(".form-errors").count() == 1
    page.fill("#id_requester_name", "Ірина Заявниця")
    page.fill("#id_email", "iryna@example.org")
    page.fill("#id_summary", "Графік прибирання парків")
    page.fill("#id_text", "Прошу надати графік прибирання парків на квітень.")
    page.focus("#id_summary")
    tab.follow(lambda: page.keyboard.press("Enter"))
    item = InfoRequest.objects.get()
    main = page.locator("main").inner_text()
    assert item.document.reg_index in main and "Графік прибирання парків" in main
    tab.goto(f"/c/{community.slug}/public-info/?q=парків")
    main = page.locator("main").inner_text()
    assert "Графік прибирання парків" in main and "Ірина" not in main and "iryna@" not in main
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    clerk = tab_for(f.clerk(community), community=community, screen=screen)
    office = clerk.page
    clerk.goto(f"/c/{community.slug}/public-info/office/")
    clerk.follow(lambda: office.click(f"main a[href$='/public-info/office/{item.pk}/']"))
    office.fill("#id_answer", "Графік додано до відповіді.")
    office.focus("form[action$='/answer/'] button")
    clerk.follow(lambda: office.keyboard.press("Enter"))
    item.refresh_from_db()
    assert item.status == "answered"
    assert office.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
