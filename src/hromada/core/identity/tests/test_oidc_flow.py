"""The whole browser-less authorization-code flow against a real OpenID provider in its own process:
Hromada's start page, the provider's sign-in and consent, the redirect with the code, Hromada's callback.
Every refusal is a clear page that changes nothing."""

from __future__ import annotations

import socket
import time

import pytest
from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.models import IdentityLevel, IdentityProvider, Residency, User, VerifiedIdentity
from hromada.core.identity.policies import identity_level, is_resident
from hromada.core.identity.services import subject_hash
from hromada.core.tenancy.models import ResidencyRule

from .oidc_peer import (  # noqa: F401 - fixtures
    CLIENT_ID,
    CODE_SECONDS,
    OLENA_TAX,
    PETRO_TAX,
    SECRET_ENV,
    TOWN,
    TOWN_KATOTTG,
    callback_path,
    oidc_peer,
    tampering_proxy,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def make_town():
    from conftest import make_community

    return make_community(TOWN, katottg=TOWN_KATOTTG, residency_rule=ResidencyRule.CLAIMS_OR_DECLARATION)


def make_provider(community, peer, slug="oidc", **extra) -> IdentityProvider:
    values = {
        "kind": "oidc", "label": "Test ID", "issuer": peer.issuer, "client_id": CLIENT_ID,
        "client_secret_env": SECRET_ENV, "scopes": "openid profile address tax", "subject_claim": "tax_id",
        "residency_claims": ["address"], "levels": {"*": 2},
    }
    values.update(extra)
    return IdentityProvider.objects.create(community=community, slug=slug, **values)


def person_client(email: str) -> tuple[User, Client]:
    user = User.objects.create_user(email, "correct-horse-battery")
    client = Client()
    client.force_login(user)
    return user, client


def start(client: Client, slug: str = "oidc") -> str:
    response = client.post(f"/c/{TOWN}/identity/{slug}/start")
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def test_the_whole_flow_verifies_the_person_and_decides_residency(oidc_peer):
    town = make_town()
    make_provider(town, oidc_peer)
    user, client = person_client("olena@example.org")
    location = oidc_peer.authorize(oidc_peer.session("olena"), start(client))
    response = client.get(callback_path(location))
    assert response.status_code == 302 and response["Location"].endswith("/profile/")
    identity = VerifiedIdentity.objects.get(user=user)
    assert identity.subject_hash == subject_hash(OLENA_TAX)
    assert identity.verified_name == "Олена Петрівна Коваленко"
    assert identity.level == IdentityLevel.STRONG and identity.method == "oidc" and identity.provider == "oidc"
    assert str(identity.birth_date) == "1985-04-12"
    fresh = User.objects.get(pk=user.pk)
    assert identity_level(fresh) == IdentityLevel.STRONG
    assert is_resident(fresh, town)  # the address's settlement code lies in the town's KATOTTG
    assert Residency.objects.get(user=user).basis == "claims"
    event = AuditEvent.objects.get(action="core.identity.verified")
    assert event.data["level"] == 2 and event.data["method"] == "oidc" and OLENA_TAX not in str(event.data)
