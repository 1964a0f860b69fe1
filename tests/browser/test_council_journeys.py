"""The council's public pages walked by keyboard in Debian's Chromium on a phone and a desktop: a resident finds a
deputy by name, reads the figures and the table behind the charts, compares two deputies; a journalist goes from
the votes to a roll-call by faction, to the draft decision and on through factions, commissions, sessions and
search. axe-core audits every page landed on; the skip link works on each."""

from __future__ import annotations

from datetime import date

import pytest

from hromada.council.models import DraftDecision, DraftStatus, DraftStatusChange, Membership
from hromada.council.tests.test_metrics import Council
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def press(tab, selector: str, key: str = "Enter") -> None:
    """Focus a link or button and press a key, as a keyboard user does, and audit the page it leads to."""
    tab.page.focus(selector)
    tab.follow(lambda: tab.page.keyboard.press(key))


@pytest.fixture
def council(community):
    council = Council(community)
    sun, river = council.faction("Фракція «Сонце»"), council.faction("Фракція «Річка»")
    commission = council.commission("Постійна комісія з питань бюджету")
    people = [council.deputy("Коваленко", sun), council.deputy("Шевчук", sun), council.deputy("Мельник", sun),
              council.deputy("Бондар", river), council.deputy("Ткаченко", river)]
    Membership.objects.create(community=community, person=people[0], organization=commission, role="chair",
                              start_date=date(2020, 12, 1))
    draft = DraftDecision.objects.create(community=community, number="125", title="Про бюджет громади на 2025 рік",
                                         registered_on=date(2025, 1, 10), status=DraftStatus.ADOPTED,
                                         commission=commission)
    draft.authors.add(people[0])
    DraftStatusChange.objects.create(community=community, draft=draft, status=DraftStatus.ADOPTED,
                                     date=date(2025, 2, 1))
    options = [["yes", "yes", "no", "no", "no"], ["yes", "yes", "yes", "absent", "not_voting"],
               ["no", "yes", "yes", "yes", "yes"]]
    for month, row in enumerate(options, start=1):
        event = council.vote(date(2025, month, 14), dict(zip(people, row, strict=True)),
                             question=f"Про затвердження бюджету громади, питання {month}")
        event.draft = draft
        event.save(update_fields=["draft"])
    return {"people": people, "draft": draft}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_finds_a_deputy_and_compares_by_keyboard(tab_for, community, council, screen):
    tab = tab_for(screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/council/")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/council/")
    if screen == "phone":  # the filters are folded on a phone: open them from the keyboard
        page.focus("details.filters > summary")
        page.keyboard.press("Enter")
    page.focus("#f-q")
    page.keyboard.type("шевчук")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator(".deputy-card").count() == 1
    shevchuk = council["people"][1]
    press(tab, f"main .deputy-card a[href*='/council/deputies/{shevchuk.pk}/']")
    assert "Шевчук" in page.inner_text("h1")
    assert not check_page(tab, screen)
    page.focus("#time-h ~ details > summary")
    page.keyboard.press("Enter")
    assert page.is_visible("#time-h ~ details table")
    press(tab, "main a[href*='/council/compare/?a=']")
    page.focus("#f-b")
    page.keyboard.press("ArrowDown")  # the first deputy in the list: Бондар
    page.focus("main form button[type=submit]")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator(".compare-table thead th").count() == 2
    assert "Бондар" in page.inner_text(".compare-table")
    assert not check_page(tab, screen)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_journalist_follows_a_roll_call_to_the_draft_by_keyboard(tab_for, community, council, screen):
    tab = tab_for(screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/council/votes/")
    assert not check_page(tab, screen)
    tab.goto(f"/c/{community.slug}/council/votes/")
    press(tab, "main table a[href*='/council/votes/']")
    assert page.locator("section.rollcall").count() == 2
    assert page.locator(".badge--rebel").count() >= 1  # March: Kovalenko against the Sun faction's line
    assert not check_page(tab, screen)
    press(tab, f"main dl a[href$='/council/drafts/{council['draft'].pk}/']")
    assert "125" in page.inner_text("h1")
    assert not check_page(tab, screen)
    for name in ("factions", "commissions", "sessions", "drafts"):
        press(tab, f"nav.council-nav a[href$='/council/{name}/']")
        assert not check_page(tab, screen), name
    press(tab, "nav.council-nav a[href$='/council/factions/']")
    press(tab, "main table a[href*='/council/factions/']")
    assert not check_page(tab, screen)
    press(tab, "nav.council-nav a[href$='/council/search/']")
    page.focus("#f-q")
    page.keyboard.type("бюджет")
    tab.follow(lambda: page.keyboard.press("Enter"))
    assert page.locator("main section").count() == 2
    assert not check_page(tab, screen)
