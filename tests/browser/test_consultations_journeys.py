"""E-consultations walked by keyboard in Debian's Chromium on a phone and a desktop: a resident reads the draft with
the proposals beside it (folded under each paragraph on a phone), proposes a new wording for a paragraph and another
resident supports it; the department's official answers from the staff queue, closes the consultation and publishes
the report. axe-core audits every page landed on; the skip link works on each."""

from __future__ import annotations

import pytest
from conftest import make_user

from hromada.consultations.models import Proposal, Status
from hromada.consultations.tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def press(tab, selector: str, key: str = "Enter") -> None:
    """Focus a link or button and press a key, as a keyboard user does, and audit the page it leads to."""
    tab.page.focus(selector)
    tab.follow(lambda: tab.page.keyboard.press(key))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_proposes_and_another_supports_by_keyboard(tab_for, community, resident, screen):
    made = f.consultation(community)
    f.proposal(community, made, make_user(), paragraph=1, text="Уточнити, які саме території загального користування.")
    tab = tab_for(resident, community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/consultations/")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/consultations/")
    press(tab, f"main table a[href$='/consultations/{made.pk}/']")
    assert not check_page(tab, screen)
    folded = page.evaluate("() => !document.querySelector('details.c-proposals').open")
    assert folded is (screen == "phone")  # under the paragraph and folded on a phone, beside it on a desktop
    press(tab, "main a[href*='target=p:2']")
    assert page.input_value("#id_target") == "p:2"
    page.focus("#id_kind_1")
    page.keyboard.press("Space")
    page.focus("#id_text")
    page.keyboard.type("Власники утримують у чистоті території на відстані до 5 метрів.")
    press(tab, "#propose form button[type=submit]")
    proposal = Proposal.objects.get(author=resident)
    assert proposal.kind == "wording" and proposal.paragraph.number == 2
    assert page.is_visible(f"#proposal-{proposal.pk}")
    tab.goto(f"/c/{community.slug}/consultations/{made.pk}/")  # from the top: the skip link is the first Tab
    assert not check_page(tab, screen)

    other = tab_for(make_user(), community=community, screen=SCREENS[screen])
    other.goto(f"/c/{community.slug}/consultations/{made.pk}/#proposal-{proposal.pk}")
    press(other, f"#proposal-{proposal.pk} form button[type=submit]")
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert "1" in other.page.inner_text(f"#proposal-{proposal.pk} .proposal-support")
    assert other.page.locator(f"#proposal-{proposal.pk} input[name=withdraw]").count() == 1


def test_the_department_answers_closes_and_publishes_the_report_by_keyboard(tab_for, community, department,
                                                                            official, resident):
    made = f.consultation(community, department=department)
    proposal = f.proposal(community, made, resident, paragraph=3, text="Контроль має здійснювати і громадська рада.")
    tab = tab_for(official, community=community, screen=DESKTOP)
    page = tab.page
    tab.goto(f"/c/{community.slug}/consultations/answers/")
    assert not check_page(tab, "desktop")
    tab.goto(f"/c/{community.slug}/consultations/answers/")
    page.select_option(f"#answer-{proposal.pk}", "rejected")
    page.focus(f"#reason-{proposal.pk}")
    page.keyboard.type("Громадська рада має дорадчий статус.")
    press(tab, "main table form button[type=submit]")
    proposal.refresh_from_db()
    assert proposal.answer == "rejected"
    assert page.locator("p.empty").count() == 1
    tab.goto(f"/c/{community.slug}/consultations/{made.pk}/")
    press(tab, "form[action$='/close/'] button")
    page.focus("#id_summary")
    page.keyboard.type("Одну пропозицію відхилено з поясненням.")
    press(tab, "form[action$='/publish-report/'] button[type=submit]")
    made.refresh_from_db()
    assert made.status == Status.REPORTED
    press(tab, f"main a[href$='/consultations/{made.pk}/report/']")
    assert "Громадська рада має дорадчий статус." in page.inner_text("main")
    assert page.locator(f"a[href$='/consultations/{made.pk}/report.pdf']").count() == 1
    assert not check_page(tab, "desktop")
