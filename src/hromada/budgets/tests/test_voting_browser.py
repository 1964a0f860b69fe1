"""The booth in headless Chromium, by keyboard, on a phone and a desktop: a resident ticks projects and sees what
remains of the fund change as they tick (booth.js), is told the rule a too costly choice breaks, reviews, confirms,
gets the receipt and finds it in the public list. axe-core audits every page landed on."""

from __future__ import annotations

import pytest
from tests.browser.conftest import DESKTOP, PHONE, chromium, tab_for  # noqa: F401 — the browser fixtures

from hromada.budgets.models import Ballot, BallotRule

from . import voting_factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_resident_votes_in_the_booth_with_the_keyboard(tab_for, community, screen):  # noqa: F811
    cycle = f.cycle(community)
    fund = f.category(cycle, fund=300_000 * f.UAH, rule=BallotRule.KNAPSACK)
    cheap, middle, dear = f.projects(fund, 100_000, 150_000, 200_000)
    tab = tab_for(f.voter(community), community=community, screen=screen)
    page = tab.page
    tab.goto(f"/c/{community.slug}/budgets/cycles/{cycle.pk}/")
    tab.follow(lambda: page.click(f"main a[href$='/cycles/{cycle.pk}/vote/']"))
    tab.follow(lambda: page.click(f"main a[href$='/vote/c{fund.pk}/']"))
    remaining = page.locator("[data-total='remaining']")
    assert remaining.inner_text().replace("\xa0", " ").startswith("300")
    for project in (middle, dear):
        page.focus(f"#project-{project.pk}")
        page.keyboard.press("Space")
    assert remaining.inner_text().replace("\xa0", " ").startswith("-50")  # recomputed in the page, no request
    assert page.locator("[data-total='warning']").is_visible()
    page.focus("button[value='review']")
    tab.follow(lambda: page.keyboard.press("Enter"))  # over the fund: refused, the rule named
    assert page.locator(".form-errors").count() == 1 and not Ballot.objects.exists()
    page.focus(f"#project-{dear.pk}")
    page.keyboard.press("Space")
    page.focus(f"#project-{cheap.pk}")
    page.keyboard.press("Space")
    assert remaining.inner_text().replace("\xa0", " ").startswith("50")
    page.focus("button[value='review']")
    tab.follow(lambda: page.keyboard.press("Enter"))
    page.focus("button[value='confirm']")
    tab.follow(lambda: page.keyboard.press("Enter"))
    ballot = Ballot.objects.get()
    main = page.locator("main").inner_text()
    assert ballot.receipt in main and cheap.title in main and middle.title in main
    tab.follow(lambda: page.click("main a[href*='/ballots/?receipt=']"))
    assert ballot.receipt in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert tab.unaudited() == []
