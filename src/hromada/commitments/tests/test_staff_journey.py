"""An admin keeps a plan by keyboard alone in Debian's Chromium: a new plan, a commitment with its responsible
department, a milestone; a refused period comes back on the form. axe-core audits every form landed on."""

from __future__ import annotations

import pytest
from tests.browser.conftest import DESKTOP, chromium, tab_for  # noqa: F401 - fixtures, used by name
from tests.browser.test_layout_journeys import check_page

from hromada.commitments.models import Commitment, Milestone, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(tab, selector: str, key: str = "Enter") -> None:
    tab.page.focus(selector)
    tab.follow(lambda: tab.page.keyboard.press(key))


def fill(page, values: dict[str, str]) -> None:
    for selector, value in values.items():
        page.focus(selector)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)


def test_an_admin_keeps_a_plan_by_keyboard(tab_for, community, community_admin, department):  # noqa: F811
    tab = tab_for(community_admin, community=community, screen=DESKTOP)
    page = tab.page
    tab.goto(f"/c/{community.slug}/commitments/")
    press(tab, "main a[href$='/commitments/new/']")
    assert not check_page(tab, "desktop")
    tab.goto(f"/c/{community.slug}/commitments/new/")
    fill(page, {"#id_title": "План дій ОГП", "#id_period_start": "2027-12-31", "#id_period_end": "2027-01-01"})
    press(tab, "main form button[type=submit]")
    assert not Plan.objects.exists() and page.locator(".error").count() >= 1
    assert not check_page(tab, "desktop", keyboard=False)
    page.eval_on_selector("#id_period_start", "e => { e.value = '2027-01-01'; }")
    page.eval_on_selector("#id_period_end", "e => { e.value = '2028-12-31'; }")
    press(tab, "main form button[type=submit]")
    plan = Plan.objects.get()
    press(tab, f"main a[href$='/commitments/{plan.pk}/commitments/new/']")
    assert not check_page(tab, "desktop", keyboard=False)
    fill(page, {"#id_title": "Відкриті дані про ремонти"})
    page.focus("#id_department_ids_0")
    page.keyboard.press("Space")
    press(tab, "main form button[type=submit]")
    commitment = Commitment.objects.get()
    assert commitment.bodies.get().department == department
    press(tab, f"main a[href$='/commitments/c/{commitment.pk}/milestones/new/']")
    assert not check_page(tab, "desktop", keyboard=False)
    fill(page, {"#id_title": "Порядок оприлюднення"})
    page.eval_on_selector("#id_due_on", "e => { e.value = '2027-03-01'; }")
    press(tab, "main form button[type=submit]")
    assert Milestone.objects.get().title == "Порядок оприлюднення"
    assert "Порядок оприлюднення" in page.inner_text("main")
