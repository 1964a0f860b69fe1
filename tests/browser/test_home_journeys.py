"""The community home page in Debian's Chromium, by keyboard, on a phone and a desktop, with every block populated:
axe-core audits it for a visitor and a resident; the resident reaches the quick poll with Tab alone, is refused
when voting without a choice (nothing stored), then votes and the home page thanks them."""

from __future__ import annotations

import pytest

from hromada.surveys.models import Response
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_layout_journeys import check_page
from tests.home_data import populate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}
MOST_TABS = 200  # the page's links and controls, far fewer than this; more means focus is trapped somewhere


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus (the keyboard's only way there)."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is never reached with Tab")


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_visitor_sees_every_block_and_a_resident_answers_the_quick_poll_by_keyboard(tab_for, community, screen):
    data = populate(community)
    poll, question = data["poll"], data["question"]
    visitor = tab_for(screen=SCREENS[screen])
    visitor.goto(f"/c/{community.slug}/")
    assert not check_page(visitor, screen)
    # news, petitions, appeals, budget, council and consultations; the quick poll is a section of its own
    assert visitor.page.locator("section.home-block").count() == 6
    tab = tab_for(data["resident"], community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/")
    assert not check_page(tab, screen)
    assert page.locator(f"#quick-poll-{poll.pk}").is_visible()
    # Voting without a choice: the survey's own page refuses it beside the question; nothing is stored.
    tab_to(page, f"form[action$='/surveys/{poll.pk}/'] button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.is_visible(".form-errors") and not Response.objects.filter(survey=poll).exists()
    tab.goto(f"/c/{community.slug}/")
    option = question.choices.order_by("order").first()
    tab_to(page, f"input[name='q{question.pk}']")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.getElementById('quick-{poll.pk}-{option.pk}').checked")
    tab_to(page, f"form[action$='/surveys/{poll.pk}/'] button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert f"/surveys/{poll.pk}/thanks/" in page.url
    assert Response.objects.filter(survey=poll).count() == 1
    tab.goto(f"/c/{community.slug}/")
    assert page.locator(f"input[name='q{question.pk}']").count() == 0  # answered: thanks and results instead
    assert page.locator(f"#quick-poll-{poll.pk}").is_visible()
