"""Fixtures every app's tests share: communities, people in roles, API clients with tokens.

Capability tests build their own objects on top of these through their own factories."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.test import Client

from hromada.core.identity.models import Department, IdentityLevel, Membership, Role, User
from hromada.core.identity.services import identity_verify
from hromada.core.tenancy.models import Community
from hromada.core.tenancy.selectors import invalidate_community_cache

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _clean_cache():
    for name in ("default", "shared"):  # "shared" holds rate-limit counters and the settings version
        caches[name].clear()
    yield
    for name in ("default", "shared"):
        caches[name].clear()


@pytest.fixture
def frozen_clock(time_machine):
    """The clock stopped for the whole test: rate limits count in fixed windows of wall-clock time, so hits
    that straddle a window's end would reset the count and flake the test. Required by every test that
    expects a 429 (tests/test_frozen_rate_tests.py checks it)."""
    time_machine.move_to(datetime.now(UTC), tick=False)
    return time_machine


def make_community(slug: str, **extra) -> Community:
    from hromada.core import capabilities

    community = Community.objects.create(
        slug=slug, name_uk=f"Громада {slug}", name_en=f"{slug.title()} community",
        enabled_capabilities=[m.slug for m in capabilities.manifests()], center_lat=49.59, center_lon=34.55,
        **extra,
    )
    invalidate_community_cache()
    return community


def make_user(*, email: str | None = None, verified: bool = True, strong: bool = False, name: str = "",
              password: str = "correct-horse-battery") -> User:  # noqa: S107 - test accounts only
    n = next(_seq)
    user = User.objects.create_user(email or f"person{n}@example.org", password, full_name=name or f"Особа {n}")
    if verified:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if strong:
        identity_verify(actor=user, user=user, provider="test", subject=f"{n:010d}", verified_name=user.full_name,
                        level=IdentityLevel.STRONG)
    return user


def make_member(community: Community, role: str = Role.RESIDENT, *, department: Department | None = None,
                **user_kwargs) -> User:
    user = make_user(**user_kwargs)
    Membership.objects.create(community=community, user=user, role=role, department=department)
    if role != Role.RESIDENT:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def community(db) -> Community:
    return make_community("alpha")


@pytest.fixture
def other_community(db) -> Community:
    return make_community("beta")


@pytest.fixture
def department(community) -> Department:
    return Department.objects.create(community=community, name="Відділ благоустрою")


@pytest.fixture
def resident(community) -> User:
    return make_member(community, Role.RESIDENT, strong=True)


@pytest.fixture
def moderator(community) -> User:
    return make_member(community, Role.MODERATOR)


@pytest.fixture
def official(community, department) -> User:
    return make_member(community, Role.OFFICIAL, department=department)


@pytest.fixture
def community_admin(community) -> User:
    return make_member(community, Role.ADMIN)


class ApiClient:
    """A test client for one community's API, authenticated with a real personal token."""

    def __init__(self, community: Community, user: User | None = None):
        from hromada.core.api.tokens import api_token_create

        self.community = community
        self.client = Client(HTTP_HOST="testserver")
        self.headers = {}
        if user is not None:
            _token, raw = api_token_create(actor=user, community=community, name="tests")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def url(self, path: str) -> str:
        return f"/c/{self.community.slug}/api/v1/{path.lstrip('/')}"

    def get(self, path, **params):
        return self.client.get(self.url(path), params, **self.headers)

    def post(self, path, data=None, **extra):
        import json

        body = data if isinstance(data, (str, bytes)) else json.dumps(data or {})
        return self.client.post(self.url(path), body, content_type="application/json", **self.headers, **extra)

    def patch(self, path, data=None):
        import json

        return self.client.patch(self.url(path), json.dumps(data or {}), content_type="application/json", **self.headers)

    def delete(self, path):
        return self.client.delete(self.url(path), **self.headers)


@pytest.fixture
def api_client_for():
    return ApiClient
