"""The assistant's web chat walked by keyboard in Debian's Chromium, axe-core on every state: a resident asks for
/help, starts a dialog with a menu button, is asked for a location, moves the map's pin with the arrow keys and
then types the coordinates, all without leaving
the page (the small script posts the forms with fetch); the administrator's bot pages pass too."""

from __future__ import annotations

import pytest

from hromada.assistant.tests.conftest import TEST_MANIFEST
from hromada.core import capabilities
from hromada.core.tenancy.selectors import invalidate_community_cache
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_enrollment_journeys import keyboard_to, open_tab
from tests.browser.test_layout_journeys import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def send_by_keyboard(tab, selector: str, text: str) -> None:
    """Tab to the message box, type, tab on to the Send button and press Enter; wait for the reply to appear."""
    page = tab.page
    before = page.locator(".chat-msg").count()
    keyboard_to(page, selector, limit=200)
    page.keyboard.type(text)
    keyboard_to(page, "#chat-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('.chat-msg').length > {before}")
    tab.audit()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_resident_chats_by_keyboard(tab_for, community, monkeypatch, screen):
    monkeypatch.setitem(capabilities._registry, TEST_MANIFEST.slug, TEST_MANIFEST)
    community.enabled_capabilities = [*community.enabled_capabilities, TEST_MANIFEST.slug]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    tab = open_tab(tab_for, community=community, screen=SCREENS[screen])
    page = tab.page
    tab.goto(f"/c/{community.slug}/assistant/")
    assert not check_page(tab, screen)
    send_by_keyboard(tab, "#id_text", "/help")
    assert "/echo" in page.locator(".chat-msg--bot").last.inner_text()
    assert page.evaluate("document.activeElement.id") == "id_text"  # focus back in the message box
    before = page.locator(".chat-msg").count()
    keyboard_to(page, "button[value='echo:start']", limit=300)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('.chat-msg').length > {before}")
    tab.audit()
    assert page.is_visible("#id_latitude")  # the dialog asked for a location
    keyboard_to(page, ".chat-pin-map", limit=200)  # the map places a pin by keyboard and fills the coordinates
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    assert page.input_value("#id_latitude") and float(page.input_value("#id_longitude")) > float(
        page.get_attribute(".chat-pin-map", "data-lon"))
    tab.audit()
    keyboard_to(page, "#id_latitude", limit=200)
    page.keyboard.press("Control+A")
    page.keyboard.type("49.589")
    keyboard_to(page, "#id_longitude")
    page.keyboard.press("Control+A")
    page.keyboard.type("34.5514")
    before = page.locator(".chat-msg").count()
    keyboard_to(page, "#chat-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('.chat-msg').length > {before}")
    tab.audit()
    assert page.locator(".chat-msg--bot .chat-text").last.inner_text().strip() == "at 49.5890,34.5514"
    assert not check_page(tab, screen, keyboard=False)


def test_the_administrator_s_bot_pages(tab_for, community, community_admin):
    tab = open_tab(tab_for, community_admin, community=community)
    tab.goto(f"/c/{community.slug}/assistant/staff/channels/")
    assert not check_page(tab, "desktop")
    tab.goto(f"/c/{community.slug}/assistant/staff/channels/telegram/")
    assert not check_page(tab, "desktop")
    tab.page.fill("#id_token", "not a token")
    tab.follow(lambda: tab.page.click("button[value=save]"))
    assert tab.page.is_visible(".form-errors")
