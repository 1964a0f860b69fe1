"""Strong identity without a provider process: the operator's provider settings (back office, services), the
claims an adapter builds, levels, residency rules, declaring residence, unlinking, and the profile page."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_community, make_member, make_user

from hromada.core.errors import Conflict, PermissionDenied, ValidationFailed
from hromada.core.identity.models import IdentityLevel, IdentityProvider, Residency, Role
from hromada.core.identity.policies import identity_level, is_resident
from hromada.core.identity.providers import ProviderClaims, ProviderError, protocol_for
from hromada.core.identity.providers.base import claims_from_mapping, parse_birth_date
from hromada.core.identity.residence import address_names_community
from hromada.core.identity.services import (
    identity_provider_create,
    identity_verify,
    identity_verify_claims,
    residency_declare,
)
from hromada.core.tenancy.models import ResidencyRule

pytestmark = pytest.mark.django_db

TAX = "1112223334"


@pytest.fixture
def operator(db):
    return make_user(email="operator@example.org").__class__.objects.create_superuser("root@example.org", "x" * 12)


def provider(community, **extra) -> IdentityProvider:
    values = {"slug": "oidc", "kind": "oidc", "label": "Test ID", "issuer": "https://id.example",
              "client_id": "hromada", "client_secret_env": "HROMADA_SETUP_TEST_SECRET", "subject_claim": "tax_id",
              "residency_claims": ["address"]}
    values.update(extra)
    return IdentityProvider.objects.create(community=community, **values)


def test_the_operator_adds_a_provider_in_the_back_office_and_a_community_admin_cannot(client, community, operator):
    admin = make_member(community, Role.ADMIN)
    client.force_login(admin)
    assert client.get("/admin/identity/identityprovider/").status_code == 403
    client.force_login(operator)
    response = client.post("/admin/identity/identityprovider/add/", {
        "community": community.pk, "slug": "id-gov-ua", "kind": "oidc", "label": "ID.GOV.UA", "is_enabled": "on",
        "issuer": "https://id.example", "client_id": "abc", "client_secret_env": "HROMADA_IDGOVUA_SECRET",
        "scopes": "openid", "subject_claim": "drfocode", "name_claims": "{}", "birth_date_claim": "",
        "options": "{}", "levels": '{"*": 2}', "residency_claims": "[]",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = IdentityProvider.objects.get(slug="id-gov-ua")
    assert saved.client_secret_env == "HROMADA_IDGOVUA_SECRET" and saved.community == community
    page = client.get(f"/admin/identity/identityprovider/{saved.pk}/change/").content.decode()
    assert f"/c/{community.slug}/identity/id-gov-ua/callback" in page
    assert "https://id.example/.well-known/openid-configuration" in page


def test_provider_settings_are_validated(community, operator):
    with pytest.raises(ValidationFailed) as refused:
        identity_provider_create(actor=operator, community=community, slug="x", kind="oidc", label="X",
                                 client_id="a", client_secret_env="not a name", levels={"*": 7})
    assert {"issuer", "levels", "client_secret_env"} <= set(refused.value.fields)
    with pytest.raises(PermissionDenied):
        identity_provider_create(actor=make_member(community, Role.ADMIN), community=community, slug="x",
                                 kind="oidc", label="X", client_id="a", issuer="https://id.example")
    identity_provider_create(actor=operator, community=community, slug="x", kind="oidc", label="X",
                             client_id="a", issuer="https://id.example")
    with pytest.raises(Conflict):
        identity_provider_create(actor=operator, community=community, slug="x", kind="oidc", label="Y",
                                 client_id="a", issuer="https://id.example")


def test_the_secret_comes_from_the_environment_only(community, monkeypatch):
    config = provider(community)
    monkeypatch.delenv("HROMADA_SETUP_TEST_SECRET", raising=False)
    with pytest.raises(ProviderError) as missing:
        config.client_secret()
    assert missing.value.code == "configuration"
    monkeypatch.setenv("HROMADA_SETUP_TEST_SECRET", "s3")
    assert config.client_secret() == "s3"
    config.kind = "unknown"
    with pytest.raises(ProviderError):
        protocol_for(config)


def test_claims_follow_the_configured_names_and_never_show_the_identifier(community):
    config = provider(community, name_claims={"given": "first", "family": "last", "middle": "", "full": ""},
                      birth_date_claim="dob", residency_claims=["addr", "codes"])
    claims = claims_from_mapping(config, {"tax_id": TAX, "first": "Іван", "last": "Франко", "dob": "27.08.1856",
                                          "addr": {"city": "Нагуєвичі"}, "codes": ["UA1"]}, method="bank_id")
    assert claims.full_name == "Франко Іван" and claims.birth_date == date(1856, 8, 27)
    assert claims.residence == ("Нагуєвичі", "UA1") and claims.method == "bank_id"
    assert TAX not in repr(claims) and "Нагуєвичі" not in repr(claims)
    with pytest.raises(ProviderError) as refused:
        claims_from_mapping(config, {"first": "Іван"}, method="bank_id")
    assert refused.value.code == "claims" and TAX not in str(refused.value)
    assert parse_birth_date("1990-02-30") is None and parse_birth_date("") is None


def test_an_address_names_the_community_by_katottg_or_locality():
    town = make_community("khm", katottg="UA05020030000031871", localities="Хмільник\nКущинці")
    assert address_names_community(town, ["UA05020030010062463"])  # a settlement of the hromada
    assert not address_names_community(town, ["UA05020040010062463"])  # of the neighbouring hromada
    assert address_names_community(town, ["вул. Шевченка, 3, с. Кущинці"])
    assert not address_names_community(town, ["м. Хмільницький"])  # whole words only
    assert not address_names_community(town, [])


def test_levels_by_method_and_residency_by_rule(community):
    community.residency_rule = ResidencyRule.CLAIMS
    community.save()
    config = provider(community, levels={"mobile_id": 1, "*": 2})
    user = make_user()
    claims = ProviderClaims(subject=TAX, full_name="Марія Приймаченко", method="mobile_id",
                            residence=(community.name_uk,))
    identity = identity_verify_claims(actor=user, community=community, user=user, provider_config=config,
                                      claims=claims)
    assert identity.level == IdentityLevel.EMAIL and identity.method == "mobile_id"
    assert identity_level(user) == IdentityLevel.EMAIL
    assert is_resident(user, community)
    for rule, expected in ((ResidencyRule.ANY, True), (ResidencyRule.DECLARATION, True)):
        community.residency_rule = rule
        assert is_resident(user, community) is expected
    other = make_user()
    assert not is_resident(other, community)  # unverified: not a resident under any rule


def test_declaring_residence_needs_the_rule_and_a_verified_identity(client, community):
    user = make_user()
    client.force_login(user)
    community.residency_rule = ResidencyRule.DECLARATION
    community.save()
    with pytest.raises(ValidationFailed):
        residency_declare(actor=user, community=community)
    identity_verify(actor=user, user=user, provider="test", subject=TAX, verified_name="Леся Українка")
    response = client.post(f"/c/{community.slug}/profile/residency", {"confirm": "yes"})
    assert response.status_code == 302 and Residency.objects.get(user=user).basis == "declaration"
    client.post(f"/c/{community.slug}/profile/residency", {"action": "withdraw"})
    assert not Residency.objects.filter(user=user).exists()
    community.residency_rule = ResidencyRule.CLAIMS
    community.save()
    with pytest.raises(ValidationFailed):
        residency_declare(actor=user, community=community)


def test_the_profile_lists_the_communitys_providers(client, community):
    provider(community)
    provider(community, slug="off", label="Вимкнений", is_enabled=False)
    user = make_user()
    client.force_login(user)
    page = client.get(f"/c/{community.slug}/profile/").content.decode()
    assert f"/c/{community.slug}/identity/oidc/start" in page and "Test ID" in page
    assert "Вимкнений" not in page
    assert client.get(f"/c/{community.slug}/identity/oidc/start").status_code == 405  # POST only
    assert client.post(f"/c/{community.slug}/identity/off/start").status_code == 404


def test_the_residency_rule_is_the_operators(community, operator):
    from hromada.core.tenancy.services import community_update

    with pytest.raises(PermissionDenied):
        community_update(actor=make_member(community, Role.ADMIN), community=community, residency_rule="claims")
    updated = community_update(actor=operator, community=community, residency_rule="claims", localities="Хутір")
    assert updated.residency_rule == "claims" and updated.localities == "Хутір"


def test_starting_sign_ins_is_rate_limited_with_a_clear_page(client, community, frozen_clock):
    provider(community, authorization_endpoint="https://id.example/authorize", token_endpoint="https://id.example/t",
             jwks_uri="https://id.example/jwks")
    client.force_login(make_user())
    answers = [client.post(f"/c/{community.slug}/identity/oidc/start") for _ in range(11)]
    assert [a.status_code for a in answers] == [302] * 10 + [429]
    assert answers[0]["Location"].startswith("https://id.example/authorize?response_type=code")
    assert "code_challenge_method=S256" in answers[0]["Location"]
    assert answers[-1]["Retry-After"] and answers[-1].context["code"] == "rate_limited"
