"""The transparency log's public page walked by keyboard in Debian's Chromium on a phone and a desktop: from the
community's home page through the footer's link, the signed head and the verifier's command, a search by a leaf
hash (found, and a malformed one refused beside its field), and on to older entries. axe-core audits every page
landed on; nothing scrolls sideways on a phone although hashes are long."""

from __future__ import annotations

import base64

import pytest

from hromada.core.identity.actors import SYSTEM
from hromada.core.transparency.models import Leaf
from hromada.core.transparency.record import transparency_record
from hromada.core.transparency.services import transparency_publish
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def press(tab, selector: str, key: str = "Enter") -> None:
    tab.page.focus(selector)
    tab.follow(lambda: tab.page.keyboard.press(key))


@pytest.fixture
def log(community):
    for k in range(60):
        transparency_record(community=community, type="petitions.petition.signed", object_id=k % 7,
                            data={"signer": f"Олена Коваленко {k}"})
    transparency_publish(actor=SYSTEM, community=community)
    return community


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_reads_and_searches_the_log_by_keyboard(tab_for, log, screen):
    tab = tab_for(screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{log.slug}/")
    press(tab, "footer a[href$='/transparency/']")
    assert page.url.endswith(f"/c/{log.slug}/transparency/")
    assert not check_page(tab, screen)
    assert page.locator("h1").inner_text().strip() == "Журнал прозорості"
    assert "60" in page.locator("dl.details").first.inner_text()
    assert f"/c/{log.slug}/api/v1/transparency --state {log.slug}.json --audit" in page.content()
    assert "Коваленко" not in page.content()

    wanted = base64.b64encode(bytes(Leaf.objects.get(community=log, index=12).leaf_hash)).decode()
    page.focus("#id_hash")
    page.keyboard.type(wanted)
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert "Знайдено: запис 12." in page.locator("[role=status]").inner_text()
    assert not check_page(tab, screen, keyboard=False)

    page.fill("#id_hash", "")
    page.focus("#id_hash")
    page.keyboard.type("не геш")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.get_attribute("#id_hash", "aria-invalid") == "true"
    assert "44 символи base64" in page.locator("#hash-error").inner_text()

    tab.goto(f"/c/{log.slug}/transparency/")
    press(tab, "nav.pagination a[rel=next]")
    assert page.url.endswith("?page=2")
    assert page.locator("tbody tr").count() == 10
    assert not check_page(tab, screen)
