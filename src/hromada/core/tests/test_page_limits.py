"""Web pages are rate-limited per address (per person when signed in); past the limit a small Ukrainian 429 page.

The JSON API keeps its own throttles and is not counted here. Day-long windows; hits are counted, never timed."""

import pytest
from conftest import make_user
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]  # windows never end mid-test


def test_pages_past_the_limit_get_a_ukrainian_429(client, community, settings):
    settings.HROMADA_RATE_PAGES = "3/d"
    for _ in range(3):
        assert client.get(f"/c/{community.slug}/").status_code == 200
    refused = client.get(f"/c/{community.slug}/petitions/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"].startswith("text/html")
    page = refused.content.decode()
    assert "Забагато запитів" in page and 'lang="uk"' in page
    # The API is counted by its own throttles, not by the pages' budget.
    assert client.get(f"/c/{community.slug}/api/v1/community").status_code == 200
    # Another address, and a signed-in person, have budgets of their own.
    assert Client(REMOTE_ADDR="10.2.2.2").get(f"/c/{community.slug}/").status_code == 200
    person = Client()
    person.force_login(make_user())
    assert person.get(f"/c/{community.slug}/").status_code == 200


def test_a_signed_in_person_is_counted_across_addresses(community, settings):
    settings.HROMADA_RATE_PAGES = "2/d"
    user = make_user()
    for address in ("10.0.0.1", "10.0.0.2"):
        browser = Client(REMOTE_ADDR=address)
        browser.force_login(user)
        assert browser.get(f"/c/{community.slug}/").status_code == 200
    browser = Client(REMOTE_ADDR="10.0.0.3")
    browser.force_login(user)
    assert browser.get(f"/c/{community.slug}/profile/").status_code == 429
