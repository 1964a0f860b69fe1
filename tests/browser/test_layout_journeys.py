"""The look every capability inherits, walked in Debian's Chromium on a 390x844 phone and on a desktop: every public
page of the four capabilities (the demo community's data) has zero serious or critical axe-core violations, no
sideways scrolling on the phone, no duplicate ids and a language; Tab reaches the skip link first and it moves focus
to the content; filters close behind a button on a phone; a failed submit puts focus on the error summary."""

from __future__ import annotations

import re

import pytest
from conftest import make_member
from django.core.management import call_command

from hromada.core.identity.models import Role
from hromada.core.tenancy.models import Community
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": PHONE, "desktop": DESKTOP}

# Where each capability's public pages start; the pages of single items are found by following the first link
# of the list that matches, so the walk keeps up with whatever the templates render.
STARTS = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/appeals/new/", "/petitions/", "/appeals/", "/map/", "/opendata/",
          "/opendata/publishers/", "/opendata/timeliness/", "/public-info/", "/public-info/new/",
          "/budgets/", "/budgets/projects/", "/budgets/implementation/", "/competitions/", "/council/",
          "/enrollment/", "/consultations/", "/surveys/", "/commitments/", "/transparency/",
          "/procurement/", "/procurement/contracts/", "/procurement/totals/", "/procurement/competition/",
          "/transparency-index/"]
FOLLOW = [
    ("/petitions/", r"/petitions/\d+/$"),
    ("/appeals/", r"/appeals/\d+/$"),
    ("/map/", r"/map/features/\d+/$"),
    ("/opendata/", r"/opendata/dataset/[\w-]+/$"),
    ("/opendata/publishers/", r"/opendata/publishers/[\w-]+/$"),
    ("/budgets/", r"/budgets/cycles/\d+/$"),
    ("/budgets/projects/", r"/budgets/projects/\d+/$"),
    ("/competitions/", r"/competitions/\d+/$"),
    ("/enrollment/", r"/enrollment/institutions/\d+/$"),
    ("/consultations/", r"/consultations/\d+/$"),
    ("/surveys/", r"/surveys/\d+/$"),
    ("/commitments/", r"/commitments/\d+/$"),
    ("/procurement/", r"/procurement/tenders/\d+/$"),
    ("/procurement/contracts/", r"/procurement/suppliers/\d+/$"),
    ("/transparency-index/", r"/transparency-index/\d+/$"),
]

PAGE_FACTS = """() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  return {
    lang: document.documentElement.lang,
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    duplicates: [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))],
    wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
           && !e.closest('.table-scroll, .leaflet-container, [class*=scroll]')).slice(0, 5).map(e => e.outerHTML.slice(0, 120)),
  };
}"""


@pytest.fixture
def demo(db) -> Community:
    call_command("load_demo", "--slug", "demo", "--size", "small")
    return Community.objects.get(slug="demo")


def first_link(tab, pattern: str) -> str | None:
    paths = tab.page.eval_on_selector_all("main a[href]", "links => links.map(a => new URL(a.href).pathname)")
    return next((path for path in paths if re.search(pattern, path)), None)


def check_page(tab, screen: str, *, keyboard: bool = True) -> list[str]:
    """The layout facts of the page as it is now (just landed on, for the keyboard check); the axe-core audit
    ran when the tab landed on it."""
    facts = tab.page.evaluate(PAGE_FACTS)
    problems = []
    if not facts["lang"]:
        problems.append("no lang on <html>")
    if facts["duplicates"]:
        problems.append(f"duplicate ids {facts['duplicates']}")
    if screen == "phone" and facts["scrollWidth"] > facts["innerWidth"]:
        problems.append(f"scrolls sideways ({facts['scrollWidth']} > {facts['innerWidth']}): {facts['wide']}")
    if not keyboard:
        return problems
    # Keyboard: the first Tab lands on the skip link, and following it puts focus on the content.
    tab.page.keyboard.press("Tab")
    # The site's skip link, or the back office's own (Django admin's, to #content-start).
    target = tab.page.evaluate("""() => { const a = document.activeElement;
      return a.matches('a.skip-link, a.skip-to-content-link') ? a.hash.slice(1) : null; }""")
    if not target:
        problems.append("the first Tab does not reach the skip link")
    else:
        tab.page.keyboard.press("Enter")
        tab.audited.add(tab.page.url)  # the same page at its #fragment: nothing changed for axe-core to see
        if tab.page.evaluate("() => document.activeElement.id") != target:
            problems.append(f"the skip link does not move focus to #{target}")
    return problems


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_public_page_fits_the_screen_and_passes_axe(tab_for, demo, screen):
    tab = tab_for(screen=SCREENS[screen])
    prefix = f"/c/{demo.slug}"
    pages = [prefix + path for path in STARTS]
    for start, pattern in FOLLOW:
        tab.goto(prefix + start)
        link = first_link(tab, pattern)
        assert link, f"no link matching {pattern} on {start}"
        pages.append(link)
        if "/dataset/" in link:  # a dataset's resource previews are public pages too
            tab.goto(link)
            preview = first_link(tab, r"/resource/[\w-]+/preview$")
            if preview:
                pages.append(preview)

    found: dict[str, list[str]] = {}
    for path in pages:
        tab.goto(path)  # audited by axe-core on landing: zero serious or critical violations
        problems = check_page(tab, screen)
        if problems:
            found[path] = problems
    assert len(pages) >= 14
    assert not found, found


def test_the_phone_puts_the_first_petition_on_the_first_screen_behind_closed_filters(tab_for, demo):
    phone = tab_for(screen=PHONE)
    phone.goto(f"/c/{demo.slug}/petitions/")
    assert not phone.page.locator("details.filters").evaluate("d => d.open")
    first = phone.page.locator(".petition-card").first
    box = first.bounding_box()
    assert box is not None and box["y"] < 844, box
    assert first.locator(".badge").is_visible()  # the status is on the card
    phone.page.click("details.filters > summary")
    assert phone.page.locator("details.filters").evaluate("d => d.open")
    assert phone.page.locator("details.filters input[name=q]").is_visible()
    # The services menu on a phone: at least four whole tiles on the first screen; with more services than fit, the
    # row scrolls sideways, says so (a fade on the side with more), and every tile scrolls into view whole. No label
    # is wider than its tile (long Ukrainian words such as «Зобов'язання» once ran into the next tile).
    items = phone.page.locator(".main-nav a")
    assert items.count() == len([m for m in demo.enabled_manifests if m.nav])
    assert phone.page.eval_on_selector_all(".main-nav a", "as => as.filter(a => a.scrollWidth > a.clientWidth + 1)"
                                           ".map(a => a.textContent.trim())") == []
    whole = [box for box in (items.nth(i).bounding_box() for i in range(items.count()))
             if box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390]
    assert len(whole) >= min(4, items.count())
    for i in range(items.count()):
        if i >= len(whole):
            assert phone.page.locator(".main-nav.has-more, .main-nav.has-less").count() == 1
            items.nth(i).scroll_into_view_if_needed()
        item = items.nth(i).bounding_box()
        assert item is not None and item["x"] >= 0 and item["x"] + item["width"] <= 390, item

    desktop = tab_for(screen=DESKTOP)
    desktop.goto(f"/c/{demo.slug}/petitions/")
    assert desktop.page.locator("details.filters").evaluate("d => d.open")
    assert desktop.page.locator(".main-nav a[aria-current=page]").inner_text().strip()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_failed_submit_moves_focus_to_the_error_summary(tab_for, demo, screen):
    author = make_member(demo, Role.RESIDENT, strong=True)
    tab = tab_for(author, community=demo, screen=SCREENS[screen])
    tab.goto(f"/c/{demo.slug}/petitions/new/")
    tab.page.fill("#id_title", "Коротко")  # the text is left empty: the server refuses the form
    tab.follow(lambda: tab.page.click("button[value=submit]"))
    summary = tab.page.locator(".form-errors")
    assert summary.is_visible()
    assert tab.page.evaluate("() => document.activeElement.classList.contains('form-errors')")
    # Each error in the summary is a link that puts focus on its field.
    tab.page.locator(".form-errors a[href='#id_text']").click()
    assert tab.page.evaluate("() => document.activeElement.id") == "id_text"
    assert not check_page(tab, screen, keyboard=False)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_staff_queue_profile_and_back_office_fit_the_screen(tab_for, demo, screen):
    staff = tab_for(make_member(demo, Role.MODERATOR), community=demo, screen=SCREENS[screen])
    admin = tab_for(make_member(demo, Role.ADMIN), community=demo, screen=SCREENS[screen])
    prefix = f"/c/{demo.slug}"
    found = {}
    for tab, path, heading in [(staff, "/petitions/moderation/", "h1"), (staff, "/petitions/overdue/", "h1"),
                               (staff, "/profile/", "h1"), (staff, "/notifications/", "h1"),
                               (admin, "/admin/", "#site-name"),
                               (admin, "/admin/petitions/petition/", "#changelist")]:
        tab.goto(prefix + path)
        assert tab.page.url.endswith(prefix + path) and tab.page.locator(heading).first.is_visible(), tab.page.url
        problems = check_page(tab, screen)
        if problems:
            found[path] = problems
    assert not found, found
    # The queue on a phone: each petition is a card with its deadline (a .card-key cell) shown beside its label.
    staff.goto(prefix + "/petitions/moderation/")
    cards = staff.page.locator("table.cards-on-phone tbody tr")
    if cards.count():
        key = cards.first.locator("td.card-key")
        assert key.is_visible()
        label = key.evaluate("td => getComputedStyle(td, '::before').content")
        assert (label.strip('"') == key.get_attribute("data-label")) == (screen == "phone"), label


def test_a_wrong_password_puts_focus_on_the_form_error(tab_for, community):
    tab = tab_for(screen=PHONE)
    tab.goto(f"/c/{community.slug}/accounts/login/")
    tab.page.fill("#id_login", "nobody@example.org")
    tab.page.fill("#id_password", "not-the-password")
    tab.follow(lambda: tab.page.press("#id_password", "Enter"))
    focused = tab.page.evaluate("() => [document.activeElement.className, document.activeElement.innerText]")
    assert "errorlist" in focused[0] and focused[1].strip(), focused
    assert not check_page(tab, "phone", keyboard=False)


def test_a_table_too_wide_for_the_phone_scrolls_in_a_box_the_keyboard_reaches(tab_for, demo):
    # The notification settings on the profile stay a table; on a 320 px screen it is wider than the screen.
    tab = tab_for(make_member(demo, Role.RESIDENT), community=demo,
                  screen={**PHONE, "viewport": {"width": 320, "height": 700}})
    tab.goto(f"/c/{demo.slug}/profile/")
    tab.page.evaluate("""() => { const box = document.createElement('div'); box.className = 'table-scroll';
      box.innerHTML = '<table class=table><caption>Широка таблиця</caption><tr><td>' + 'Ш'.repeat(60)
        + '</td></tr></table>'; document.querySelector('main').append(box);
      window.dispatchEvent(new Event('resize')); }""")
    box = tab.page.locator(".table-scroll").last
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label") == "Широка таблиця"
    tab.audit()  # axe-core: no scrollable region the keyboard cannot reach
