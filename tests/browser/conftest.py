"""Fixtures of the browser journeys: Debian's Chromium driven by Playwright against pytest-django's live
server, one audited tab per person, and the skip (or, in CI, the failure) when Chromium is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.axe import Tab

CHROMIUM = Path(os.environ.get("HROMADA_CHROMIUM", "/usr/bin/chromium"))
# No first-run work, no background or component traffic: the only host the browser talks to is the live server.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "correct-horse-battery"  # conftest.make_user's default
# The two screens every page state is checked on: a phone (390x844, touch, as a mobile browser lays pages out)
# and a desktop. tab_for(screen=PHONE) opens a phone tab; the default is Playwright's 1280x720 desktop.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def _missing() -> str:
    if not CHROMIUM.exists():
        return (f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium; "
                "or set HROMADA_CHROMIUM); the browser journeys need it")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"the test extras are not installed ({exc.name}): pip install -e '.[test]'"
    return ""


@pytest.fixture(scope="module")
def chromium():
    """One browser for a module of journeys (module-scoped, so the setting below ends with the module)."""
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":  # CI installs Chromium (.ci/run): missing there is a broken run
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an event loop in this thread, which Django takes for async code; the
        # tests' own ORM calls never run concurrently with it. Unset afterwards: no child process of a later
        # test (the deploy check refuses it) may inherit it.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tab_for(chromium, live_server, settings):
    """tab_for(user=None) -> a fresh browser tab, signed in through the login form when a user is given."""
    settings.HROMADA_MAP_TILES = ""  # no tile server in tests: the map works without tiles
    contexts, tabs = [], []

    def keep_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort()

    def open_tab(user=None, *, community=None, screen: dict | None = None) -> Tab:
        context = chromium.new_context(locale="uk-UA", timezone_id="Europe/Kyiv", **(screen or {}))
        context.set_default_timeout(15_000)
        context.route("**/*", keep_local)
        contexts.append(context)
        tab = Tab(context.new_page(), live_server.url)
        tabs.append(tab)
        if user is not None:
            prefix = f"/c/{community.slug}" if community is not None else ""
            tab.goto(f"{prefix}/accounts/login/")
            tab.page.fill("#id_login", user.email)
            tab.page.fill("#id_password", PASSWORD)
            tab.follow(lambda: tab.page.press("#id_password", "Enter"))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert not [url for tab in tabs for url in tab.unaudited()], "pages landed on without an axe-core audit"
