"""The resident's office walked by keyboard in Debian's Chromium on a phone and a desktop: from the account menu to
the office, the filter by service and by "needs my action" with Tab, Space and Enter, then on to an item's own
page. axe-core audits every page landed on; the skip link works and nothing scrolls sideways on a phone."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.appeals.tests import factories as appeal_f
from hromada.core.identity.models import Role
from hromada.petitions.tests import factories as petition_f
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def tab_to(tab, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus (as a keyboard user reaches it)."""
    for _n in range(limit):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_finds_what_needs_their_action_by_keyboard(tab_for, community, screen):
    person = make_member(community, Role.RESIDENT, strong=True)
    draft = petition_f.draft(community, person, title="Велодоріжка на вулиці Миру")
    appeal = appeal_f.make_appeal(community, person, appeal_f.make_category(community))
    tab = tab_for(person, community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/profile/")
    tab_to(tab, "a[href$='/profile/office/']")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert not check_page(tab, screen)
    assert page.locator(".office-item").count() == 2
    assert page.locator(f"a[href$='/appeals/{appeal.pk}/']").count() == 1

    tab_to(tab, "#office-capability")  # the service filter is reached on the way (all services kept)
    tab_to(tab, "input[name='action']")
    page.keyboard.press("Space")
    tab_to(tab, "form.filters button[type='submit']")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert not check_page(tab, screen, keyboard=False)
    assert "action=1" in page.url
    assert page.locator(".office-item").count() == 1  # only the draft petition waits for the person

    tab_to(tab, f"main a[href$='/petitions/{draft.pk}/']")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.url.endswith(f"/petitions/{draft.pk}/")


def test_the_empty_office_passes_axe_on_a_phone(tab_for, community):
    person = make_member(community, Role.RESIDENT)
    tab = tab_for(person, community=community, screen=PHONE)
    tab.goto(f"/c/{community.slug}/profile/office/")
    assert not check_page(tab, "phone")
    assert tab.page.locator("p.empty").count() == 1
