"""Participatory budget's staff pages and results page, walked by keyboard in Debian's Chromium on a phone and a
desktop: an admin creates a cycle (a refused form first: the error summary takes focus), adds a fund, and publishes
the results of a cycle whose voting is over; a resident reads the results (bars, the Pabulib links) without
sideways scrolling. axe-core audits every page landed on; the skip link works on each."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.budgets.models import Category, Cycle
from hromada.budgets.tests import results_factories as rf
from hromada.core.identity.models import Role
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def press(tab, selector: str) -> None:
    """Focus a link or button and press Enter, as a keyboard user does, and audit the page it leads to."""
    tab.page.focus(selector)
    tab.follow(lambda: tab.page.keyboard.press("Enter"))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_admin_creates_a_cycle_and_a_fund_by_keyboard(tab_for, community, screen):
    tab = tab_for(make_member(community, Role.ADMIN), community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/budgets/")
    press(tab, "main a[href$='/budgets/manage/cycles/new/']")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/budgets/manage/cycles/new/")  # afresh: the skip link left #main in the address
    page.fill("#id_year", "2027")
    page.fill("#id_voting_starts_at", "2027-05-01T09:00")
    page.fill("#id_voting_ends_at", "2027-05-20T18:00")
    press(tab, "main form button[type=submit]")  # no title: refused, the summary takes focus
    assert page.evaluate("() => document.activeElement.classList.contains('form-errors')")
    assert not Cycle.objects.exists()
    page.fill("#id_title", "Бюджет участі 2027")
    page.select_option("#id_eligibility", "strong_resident")
    press(tab, "main form button[type=submit]")
    cycle = Cycle.objects.get()
    assert page.url.split("#")[0].endswith(f"/budgets/manage/cycles/{cycle.pk}/") and cycle.eligibility == "strong_resident"
    press(tab, f"main a[href$='/manage/cycles/{cycle.pk}/category/new/']")
    page.fill("#id_name", "Великі проєкти")
    page.fill("#id_fund", "400000")
    page.fill("#id_max_projects", "3")
    press(tab, "main form button[type=submit]")
    assert Category.objects.get(cycle=cycle).fund == 40_000_000
    assert "Великі проєкти" in page.locator("main table").inner_text()
    assert not check_page(tab, screen, keyboard=False)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_admin_publishes_results_and_a_resident_reads_them(tab_for, community, screen):
    cycle, category, district, projects = rf.finished_cycle(community)
    admin = tab_for(make_member(community, Role.ADMIN), community=community, screen=SCREENS[screen])
    admin.goto(f"/c/{community.slug}/budgets/cycles/{cycle.pk}/")
    press(admin, f"main a[href$='/manage/cycles/{cycle.pk}/']")
    press(admin, f"main a[href$='/manage/cycles/{cycle.pk}/results/']")
    assert not check_page(admin, screen)
    assert "Стадіон" in admin.page.locator("main").inner_text()  # the preview, nothing written yet
    press(admin, "main form button[type=submit]")
    assert admin.page.url.split("#")[0].endswith(f"/budgets/cycles/{cycle.pk}/results/")
    assert Cycle.objects.get(pk=cycle.pk).results_published_at is not None

    resident = tab_for(screen=SCREENS[screen])
    resident.goto(f"/c/{community.slug}/budgets/cycles/{cycle.pk}/")
    press(resident, f"main a[href$='/cycles/{cycle.pk}/results/']")
    assert not check_page(resident, screen)
    main = resident.page.locator("main")
    assert main.locator("svg.bar--funded").count() == 3  # Стадіон, Бібліотека and Лавки
    assert main.locator(f"a[href$='/results/c{category.pk}.pb']").count() == 1
    assert main.locator(f"a[href$='/results/d{district.pk}.pb']").count() == 1
    rows = main.locator("table.results-table").first.locator("tbody th").all_inner_texts()
    assert rows == ["Стадіон", "Сквер", "Бібліотека"]
