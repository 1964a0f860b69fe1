"""Browser journey of strong identity on a phone and a desktop, axe-core on every page state: the profile's
"verify your identity" section with the community's providers, the refusal page of a callback that does not
belong to the session, and declaring residence after verification."""

from __future__ import annotations

import pytest
from conftest import make_user

from hromada.core.identity.models import IdentityProvider, Residency
from hromada.core.identity.services import identity_verify
from hromada.core.tenancy.models import ResidencyRule
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_verify_section_refusal_page_and_declaring_residence(tab_for, community, screen):
    community.residency_rule = ResidencyRule.CLAIMS_OR_DECLARATION
    community.save()
    IdentityProvider.objects.create(community=community, slug="oidc", kind="oidc", label="Тестовий ID",
                                    issuer="https://id.example", client_id="hromada")
    user = make_user()
    tab = tab_for(user, community=community, screen=SCREENS[screen])
    tab.goto(f"/c/{community.slug}/profile/")
    assert tab.page.get_by_role("button", name="Тестовий ID").is_visible()
    # A callback that this session did not start: a page that says why, status 400.
    response = tab.page.goto(f"{tab.base_url}/c/{community.slug}/identity/oidc/callback?code=x&state=forged")
    assert response is not None and response.status == 400
    tab.audit()
    identity_verify(actor=user, user=user, provider="test", subject="4445556667", verified_name="Леся Українка")
    tab.goto(f"/c/{community.slug}/profile/")
    tab.page.check("#residency-confirm")
    tab.follow(lambda: tab.page.get_by_role("button", name="Задекларувати проживання").click())
    assert Residency.objects.get(user=user).basis == "declaration"
