"""Services walked by keyboard in Debian's Chromium: a resident finds a service in the catalogue, applies online
(Tab and typing; the document attached through the file input), lands on the application and reads the payment
QR code, which zxing-cpp decodes from a screenshot of the page to the standard's string with the reference; the
official takes it into review. axe-core audits every page landed on (tests/browser's tab)."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from tests.browser.conftest import DESKTOP, PHONE, chromium, tab_for  # noqa: F401 - the browser fixtures
from tests.browser.test_layout_journeys import check_page

from hromada.services.fees import payment_details
from hromada.services.models import Application, Payment
from hromada.services.payment_qr import data_string

from .factories import FORM, PDF, make_service, set_payee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(tab, selector: str, key: str = "Enter") -> None:
    tab.page.focus(selector)
    tab.follow(lambda: tab.page.keyboard.press(key))


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_resident_applies_and_pays_by_keyboard(tab_for, community, community_admin, official, resident, tmp_path,  # noqa: F811
                                                 screen):
    set_payee(community, community_admin)
    service = make_service(community, form=FORM)
    make_service(community, title="Витяг з кадастру", online=False, form=[])
    tab = tab_for(resident, community=community, screen=DESKTOP if screen == "desktop" else PHONE)
    page = tab.page
    tab.goto(f"/c/{community.slug}/services/")
    assert not check_page(tab, screen)
    page.focus("#id_q")
    page.keyboard.type("реєстрація")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator("main table tbody tr").count() == 1
    press(tab, f"main a[href$='/services/{service.pk}/']")
    assert not check_page(tab, screen)
    press(tab, f"main a[href$='/services/{service.pk}/apply/']")
    assert not check_page(tab, screen)
    page.focus("#id_address")
    page.keyboard.type("вул. Соборна, 1")
    page.keyboard.press("Tab")
    page.keyboard.type("12.5")
    page.focus("#id_kind")
    page.keyboard.press("ArrowDown")
    page.focus("#id_agree")
    page.keyboard.press("Space")
    scan = tmp_path / "passport.pdf"
    scan.write_bytes(PDF)
    page.set_input_files("#id_passport", str(scan))
    press(tab, "main form button[type=submit]")
    application = Application.objects.get()
    assert page.url.endswith(f"/services/applications/{application.pk}/"), page.url
    assert application.answers["kind"] == "Власник" and application.answers["agree"] is True
    payment = Payment.objects.get(application=application)
    page.wait_for_function("() => [...document.querySelectorAll('img.payment-qr')].every(i => i.complete && i.naturalWidth > 0)")
    shot = page.locator("img.payment-qr").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert [r.text for r in found] == [data_string(payment_details(community, payment))]
    assert page.locator("a[href^='https://bank.gov.ua/qr/']").count() == 1
    staff = tab_for(official, community=community, screen=DESKTOP)
    staff.goto(f"/c/{community.slug}/services/applications/queue/")
    press(staff, f"main a[href$='/services/applications/{application.pk}/']")
    press(staff, "main form[action$='/review/'] button[type=submit]")
    application.refresh_from_db()
    assert application.status == "in_review"
