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

from . import oidc_peer as peer_fixtures
from .oidc_peer import (
    CLIENT_ID,
    CODE_SECONDS,
    OLENA_TAX,
    PETRO_TAX,
    SECRET_ENV,
    SHORT_CLIENT_ID,
    TOWN,
    TOWN_KATOTTG,
    callback_path,
)

# The session-wide provider and the tampering proxy (pytest finds fixtures by module attribute).
oidc_peer = peer_fixtures.oidc_peer
tampering_proxy = peer_fixtures.tampering_proxy

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


def refused(response, code: str, status: int = 400) -> None:
    """A clear refusal page: the status, the reason in words, and never a raw identifier."""
    assert response.status_code == status, response.content.decode()[:800]
    assert response.context["code"] == code
    page = response.content.decode()
    assert str(response.context["message"]).replace("'", "&#x27;") in page
    assert OLENA_TAX not in page and PETRO_TAX not in page


def nothing_written(*users) -> None:
    assert not VerifiedIdentity.objects.filter(user__in=users).exists()
    assert not Residency.objects.filter(user__in=users).exists()
    assert not AuditEvent.objects.filter(action__startswith="core.identity.").exists()


def _edit_flow(client: Client, **changes) -> None:
    session = client.session
    flows = session["hromada_identity_flows"]
    for flow in flows.values():
        flow.update(changes)
    session["hromada_identity_flows"] = flows
    session.save()


@pytest.fixture
def town(db):
    return make_town()


def test_a_callback_without_or_with_a_forged_state_is_refused(oidc_peer, town):
    make_provider(town, oidc_peer)
    user, client = person_client("p@example.org")
    refused(client.get(f"/c/{TOWN}/identity/oidc/callback?code=abc"), "state")
    location = oidc_peer.authorize(oidc_peer.session("olena"), start(client))
    forged = callback_path(location).replace("state=", "state=forged")
    refused(client.get(forged), "state")
    nothing_written(user)


def test_a_replayed_callback_is_refused(oidc_peer, town):
    make_provider(town, oidc_peer)
    user, client = person_client("p@example.org")
    path = callback_path(oidc_peer.authorize(oidc_peer.session("olena"), start(client)))
    assert client.get(path).status_code == 302
    verified_at = VerifiedIdentity.objects.get(user=user).verified_at
    refused(client.get(path), "replay")
    assert VerifiedIdentity.objects.get(user=user).verified_at == verified_at
    assert AuditEvent.objects.filter(action__startswith="core.identity.").count() == 1


def test_a_nonce_that_does_not_match_is_refused(oidc_peer, town):
    make_provider(town, oidc_peer)
    user, client = person_client("p@example.org")
    url = start(client)
    _edit_flow(client, nonce="a-nonce-of-another-sign-in")  # the ID token answers another sign-in
    refused(client.get(callback_path(oidc_peer.authorize(oidc_peer.session("olena"), url))), "nonce")
    nothing_written(user)


def test_a_pkce_verifier_that_does_not_match_is_refused_by_the_provider(oidc_peer, town):
    make_provider(town, oidc_peer)
    user, client = person_client("p@example.org")
    url = start(client)
    _edit_flow(client, verifier="x" * 64)  # a stolen code without its verifier
    refused(client.get(callback_path(oidc_peer.authorize(oidc_peer.session("olena"), url))), "expired_code")
    nothing_written(user)


def test_a_tampered_id_token_is_refused(oidc_peer, tampering_proxy, town):
    make_provider(town, oidc_peer, slug="tampered", token_endpoint=tampering_proxy)
    user, client = person_client("p@example.org")
    location = oidc_peer.authorize(oidc_peer.session("olena"), start(client, "tampered"))
    refused(client.get(callback_path(location)), "signature")
    nothing_written(user)


def test_an_expired_code_is_refused(oidc_peer, town):
    make_provider(town, oidc_peer, slug="short", client_id=SHORT_CLIENT_ID)
    user, client = person_client("p@example.org")
    location = oidc_peer.authorize(oidc_peer.session("olena"), start(client, "short"))
    time.sleep(CODE_SECONDS + 1.5)
    refused(client.get(callback_path(location)), "expired_code")
    nothing_written(user)


def test_an_id_token_from_another_issuer_is_refused(oidc_peer, town):
    import requests

    found = requests.get(oidc_peer.issuer + "/.well-known/openid-configuration", timeout=10).json()
    make_provider(town, oidc_peer, slug="wrong-issuer", issuer="https://id.elsewhere.example",
                  authorization_endpoint=found["authorization_endpoint"], token_endpoint=found["token_endpoint"],
                  jwks_uri=found["jwks_uri"], userinfo_endpoint=found["userinfo_endpoint"])
    user, client = person_client("p@example.org")
    location = oidc_peer.authorize(oidc_peer.session("olena"), start(client, "wrong-issuer"))
    refused(client.get(callback_path(location)), "issuer")
    nothing_written(user)


def _dead_address() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"  # closed again when the block ends


def test_a_provider_that_is_down_is_a_clear_refusal(oidc_peer, town):
    dead = _dead_address()
    make_provider(town, oidc_peer, slug="other", issuer=dead + "/o")
    user, client = person_client("p@example.org")
    refused(client.post(f"/c/{TOWN}/identity/other/start"), "provider_unavailable")  # discovery fails
    IdentityProvider.objects.filter(slug="other").update(
        authorization_endpoint=dead + "/o/authorize/", token_endpoint=dead + "/o/token/", jwks_uri=dead + "/o/jwks/")
    state = start(client, "other").split("state=")[1].split("&")[0]
    refused(client.get(f"/c/{TOWN}/identity/other/callback?code=abc&state={state}"), "provider_unavailable")
    nothing_written(user)


def test_a_person_who_denies_consent_is_told_nothing_changed(oidc_peer, town):
    make_provider(town, oidc_peer)
    user, client = person_client("p@example.org")
    location = oidc_peer.authorize(oidc_peer.session("olena"), start(client), allow=False)
    assert "error=access_denied" in location
    refused(client.get(callback_path(location)), "denied")
    nothing_written(user)


def _verify(peer, client, username: str, slug: str = "oidc"):
    return client.get(callback_path(peer.authorize(peer.session(username), start(client, slug))))


def test_the_same_person_cannot_verify_a_second_account(oidc_peer, town):
    make_provider(town, oidc_peer)
    first, first_client = person_client("first@example.org")
    second, second_client = person_client("second@example.org")
    assert _verify(oidc_peer, first_client, "olena").status_code == 302
    refused(_verify(oidc_peer, second_client, "olena"), "identity_taken", status=409)
    assert not VerifiedIdentity.objects.filter(user=second).exists()
    assert VerifiedIdentity.objects.get(subject_hash=subject_hash(OLENA_TAX)).user == first


def test_re_verification_updates_the_name_and_another_person_needs_an_unlink_first(oidc_peer, town):
    make_provider(town, oidc_peer)
    user, client = person_client("p@example.org")
    assert _verify(oidc_peer, client, "olena").status_code == 302
    oidc_peer.set_claims("olena", name="Олена Петрівна Бондар", family_name="Бондар")
    try:
        assert _verify(oidc_peer, client, "olena").status_code == 302
    finally:
        oidc_peer.set_claims("olena", name="Олена Петрівна Коваленко", family_name="Коваленко")
    assert VerifiedIdentity.objects.get(user=user).verified_name == "Олена Петрівна Бондар"
    assert User.objects.get(pk=user.pk).full_name == "Олена Петрівна Бондар"
    assert AuditEvent.objects.filter(action="core.identity.reverified").count() == 1

    refused(_verify(oidc_peer, client, "petro"), "identity_other_person", status=409)
    assert VerifiedIdentity.objects.get(user=user).subject_hash == subject_hash(OLENA_TAX)
    response = client.post(f"/c/{TOWN}/profile/identity/unlink", {"confirm": "yes"})
    assert response.status_code == 302 and not VerifiedIdentity.objects.filter(user=user).exists()
    assert not Residency.objects.filter(user=user, basis="claims").exists()  # it came with the identity
    assert _verify(oidc_peer, client, "petro").status_code == 302
    identity = VerifiedIdentity.objects.get(user=user)
    assert identity.subject_hash == subject_hash(PETRO_TAX)
    assert not is_resident(User.objects.get(pk=user.pk), town)  # Lviv is not the town


def test_a_weak_method_records_a_lower_level(oidc_peer, town):
    make_provider(town, oidc_peer, levels={"oidc": 1, "*": 2})
    user, client = person_client("p@example.org")
    assert _verify(oidc_peer, client, "olena").status_code == 302
    fresh = User.objects.get(pk=user.pk)
    assert VerifiedIdentity.objects.get(user=user).level == IdentityLevel.EMAIL
    assert identity_level(fresh) == IdentityLevel.EMAIL
    from hromada.core.identity.policies import has_verified_identity, strong_identity

    assert strong_identity(fresh) is None and has_verified_identity(fresh)


def test_nothing_of_the_raw_identifier_reaches_the_database_the_logs_or_a_page(oidc_peer, tampering_proxy, town,
                                                                               caplog):
    import logging

    from django.db import connection

    caplog.set_level(logging.DEBUG)
    make_provider(town, oidc_peer)
    make_provider(town, oidc_peer, slug="tampered", token_endpoint=tampering_proxy)
    first, first_client = person_client("first@example.org")
    second, second_client = person_client("second@example.org")
    pages = [_verify(oidc_peer, first_client, "olena"), _verify(oidc_peer, second_client, "olena"),
             _verify(oidc_peer, second_client, "petro", slug="tampered"), _verify(oidc_peer, second_client, "petro"),
             _verify(oidc_peer, first_client, "petro"), first_client.get(f"/c/{TOWN}/profile/"),
             second_client.get(f"/c/{TOWN}/profile/")]
    assert [page.status_code for page in pages] == [302, 409, 400, 302, 409, 200, 200]
    assert VerifiedIdentity.objects.count() == 2
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from the schema
            dump.extend(repr(row) for row in cursor.fetchall())
    everything = "\n".join([*dump, caplog.text, *(page.content.decode() for page in pages)])
    assert "Олена Петрівна Коваленко" in everything  # the dump did read the verified name...
    for tax in (OLENA_TAX, PETRO_TAX):
        assert tax not in everything  # ...and never the tax numbers
