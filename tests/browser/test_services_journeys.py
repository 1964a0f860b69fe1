"""Services walked by keyboard in Debian's Chromium, axe-core on every page landed on: a resident finds a service in
the catalogue by search, opens an online one, sends the form once with a mistake the form names, then fills it with
the keyboard (the document attached through the file input), lands on the application with its payment QR code and
the bank.gov.ua link; the official opens it from the staff queue and takes it into review. The QR code's content is
checked by the unit tests (they decode it), not here."""

from __future__ import annotations

import pytest

from hromada.services.models import Application, Payment
from hromada.services.tests.factories import FORM, PDF, make_service, set_payee
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_enrollment_journeys import keyboard_to, open_tab
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def enter_on(tab, selector: str) -> None:
    """Tab to the link or button matching `selector` and press Enter; the page it leads to is audited."""
    keyboard_to(tab.page, selector, limit=200)
    tab.follow(lambda: tab.page.keyboard.press("Enter"))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_applies_and_pays_by_keyboard(tab_for, community, community_admin, official, resident, tmp_path,
                                                 screen):
    set_payee(community, community_admin)
    service = make_service(community, form=FORM)
    make_service(community, title="Витяг з кадастру", online=False, form=[])
    tab = open_tab(tab_for, resident, community=community, screen=SCREENS[screen])
    page = tab.page

    tab.goto(f"/c/{community.slug}/services/")
    assert not check_page(tab, screen)
    if not page.is_visible("#id_q"):  # on a phone the filters start closed behind their summary
        keyboard_to(page, "details.filters > summary")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('details.filters').open")
    keyboard_to(page, "#id_q")
    page.keyboard.type("реєстрація")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator("main table tbody tr").count() == 1
    enter_on(tab, f"main a[href$='/services/{service.pk}/']")
    assert not check_page(tab, screen)
    enter_on(tab, f"main a[href$='/services/{service.pk}/apply/']")
    assert not check_page(tab, screen)

    # A first try without the required consent: the form says which field, and nothing is filed.
    scan = tmp_path / "passport.pdf"
    scan.write_bytes(PDF)
    keyboard_to(page, "#id_address")
    page.keyboard.type("вул. Соборна, 1")
    page.set_input_files("#id_passport", str(scan))
    enter_on(tab, "main form button[type=submit]")
    assert not Application.objects.exists()
    assert page.locator("#id_agree[aria-invalid=true], #id_agree[aria-describedby]").count() == 1
    # The error summary has the focus (site.js moves it there to be read at once), so no skip-link check here.
    page.wait_for_function("() => document.activeElement.matches('.form-errors')")
    assert not check_page(tab, screen, keyboard=False)

    # The second try, complete: the typed address stays; the choice, the consent and the document are given.
    assert page.input_value("#id_address") == "вул. Соборна, 1"
    keyboard_to(page, "#id_area")
    page.keyboard.type("12.5")
    keyboard_to(page, "#id_kind")
    page.keyboard.press("ArrowDown")
    keyboard_to(page, "#id_agree")
    page.keyboard.press("Space")
    page.set_input_files("#id_passport", str(scan))
    enter_on(tab, "main form button[type=submit]")
    application = Application.objects.get()
    assert page.url.split("#")[0].endswith(f"/services/applications/{application.pk}/"), page.url
    assert application.answers["kind"] == "Власник" and application.answers["agree"] is True
    assert Payment.objects.filter(application=application).count() == 1
    page.wait_for_function("() => [...document.querySelectorAll('img.payment-qr')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    assert page.locator("img.payment-qr").count() == 1
    assert page.locator("a[href^='https://bank.gov.ua/qr/']").count() == 1
    assert not check_page(tab, screen)

    staff = open_tab(tab_for, official, community=community, screen=DESKTOP)
    staff.goto(f"/c/{community.slug}/services/applications/queue/")
    assert not check_page(staff, "desktop")
    enter_on(staff, f"main a[href$='/services/applications/{application.pk}/']")
    enter_on(staff, "main form[action$='/review/'] button[type=submit]")
    application.refresh_from_db()
    assert application.status == "in_review"
