"""Staff write a consultation by keyboard alone in Debian's Chromium (desktop and phone), correct a refused period
on the form, publish it; and open one from a council draft decision through the button on council's page. axe-core
audits every page landed on (the form, the form with its errors, the council page with the button)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.browser.conftest import DESKTOP, PHONE, chromium, tab_for  # noqa: F401 - fixtures, used by name
from tests.browser.test_layout_journeys import check_page

from hromada.consultations.models import Consultation, Status
from hromada.core.identity.actors import SYSTEM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def press(tab, selector: str, key: str = "Enter") -> None:
    tab.page.focus(selector)
    tab.follow(lambda: tab.page.keyboard.press(key))


def type_into(page, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_official_writes_and_publishes_a_consultation_by_keyboard(tab_for, community, department, official,  # noqa: F811
                                                                    screen):
    tab = tab_for(official, community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/consultations/")
    press(tab, "main a[href$='/consultations/new/']")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/consultations/new/")
    assert page.eval_on_selector("#id_department_id", "e => e.value") == str(department.pk)
    type_into(page, "#id_title", "Правила розміщення літніх майданчиків")
    type_into(page, "#id_text", "Перший пункт.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Другий пункт.")
    # A closing before the opening: refused on the form, with the field named, nothing written.
    closes = page.eval_on_selector("#id_opens_at", "e => e.value")
    page.eval_on_selector("#id_closes_at", "(e, v) => { e.value = v; }", closes)
    press(tab, "main form button[type=submit]")
    assert not Consultation.objects.exists()
    assert page.locator("#id_closes_at ~ .error").count() == 1
    assert not check_page(tab, screen, keyboard=False)
    page.eval_on_selector("#id_closes_at", "(e, v) => { e.value = v; }", "2099-12-31T12:00")
    press(tab, "main form button[type=submit]")
    made = Consultation.objects.get()
    assert made.status == Status.DRAFT and made.paragraphs.count() == 2 and made.department == department
    press(tab, f"form[action$='/consultations/{made.pk}/publish/'] button")
    made.refresh_from_db()
    assert made.status == Status.OPEN
    assert not check_page(tab, screen)


def test_an_admin_opens_a_consultation_from_a_council_draft_by_keyboard(tab_for, community, community_admin,  # noqa: F811
                                                                        department):
    council = pytest.importorskip("hromada.council.services")
    draft = council.draft_decision_register(actor=SYSTEM, community=community, number="41", title="Про сквер",
                                            registered_on=date(2026, 11, 3), text="Пункт один.\n\nПункт два.")
    tab = tab_for(community_admin, community=community, screen=DESKTOP)
    page = tab.page
    tab.goto(f"/c/{community.slug}/council/drafts/{draft.pk}/")
    assert not check_page(tab, "desktop")
    tab.goto(f"/c/{community.slug}/council/drafts/{draft.pk}/")
    press(tab, f"main a[href$='/consultations/from-council/{draft.pk}/']")
    assert not check_page(tab, "desktop")
    page.select_option("#id_department_id", str(department.pk))
    press(tab, "main form button[type=submit]")
    made = Consultation.objects.get()
    assert made.source == f"council:draft:{draft.pk}" and made.status == Status.DRAFT
    assert "Пункт два." in page.inner_text("main")
