"""The transparency self-check in Debian's Chromium, axe-core on every page landed on: anyone reads the score, what
to fix first, the areas and the trend (chart and table) on a phone and a desktop and opens an earlier period from the
trend table; staff compute the last quarter with the keyboard, then assess an indicator by hand, first without the
evidence the form names, then with it."""

from __future__ import annotations

import pytest

from hromada.core.identity.actors import SYSTEM
from hromada.transparency_index import services
from hromada.transparency_index.models import ManualAssessment, SelfCheck
from hromada.transparency_index.periods import last_full_quarter, previous_quarter
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_enrollment_journeys import keyboard_to, open_tab
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}
START, END = last_full_quarter()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_anyone_reads_the_score_trend_and_fix_first(tab_for, community, screen):
    services.manual_assessment_set(actor=SYSTEM, community=community, code="manual.vacancies", period_start=START,
                                   period_end=END, score_percent=0)
    earlier = services.selfcheck_compute(actor=SYSTEM, community=community, start=previous_quarter(START)[0],
                                         end=previous_quarter(START)[1])
    services.selfcheck_compute(actor=SYSTEM, community=community, start=START, end=END)
    tab = open_tab(tab_for, community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/transparency-index/")
    assert not check_page(tab, screen)
    main = page.locator("main").inner_text()
    assert "Що виправити насамперед" in main and "Динаміка" in main
    assert page.locator("main svg[role=img]").count() == 1
    keyboard_to(page, f"main a[href$='/transparency-index/{earlier.pk}/']", limit=300)
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.url.endswith(f"/transparency-index/{earlier.pk}/")
    assert not check_page(tab, screen)


def test_staff_compute_and_assess_with_the_keyboard(tab_for, community, community_admin):
    tab = open_tab(tab_for, community_admin, community=community, screen=PHONE)
    page = tab.page
    tab.goto(f"/c/{community.slug}/transparency-index/staff/")
    assert not check_page(tab, "phone")
    keyboard_to(page, "form[action$='/compute/'] button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert SelfCheck.objects.filter(period_start=START, period_end=END).exists()
    assert not check_page(tab, "phone")

    # "Met" without the link that proves it: the form names the missing evidence and nothing is saved.
    page.select_option("#id_code", "manual.declarations")
    page.check("#id_score_percent_0")
    keyboard_to(page, "form[action$='/assessments/'] button[type=submit]", limit=300)
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert not ManualAssessment.objects.exists()
    page.wait_for_function("() => document.activeElement.matches('.form-errors')")
    assert "#id_evidence_url" in page.locator(".form-errors").inner_html()
    assert not check_page(tab, "phone", keyboard=False)
    keyboard_to(page, "#id_evidence_url", limit=300)
    page.keyboard.type("https://example.org/declarations")
    keyboard_to(page, "form[action$='/assessments/'] button[type=submit]", limit=300)
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert ManualAssessment.objects.get().score_percent == 100
    assert "https://example.org/declarations" in page.locator("main").inner_html()
