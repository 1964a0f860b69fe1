"""Staff land on their queue after signing in; residents on their profile; ?next= wins."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.test import Client

from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # conftest.make_user's default


def _sign_in(user, next_url: str = "") -> str:
    data = {"login": user.email, "password": PASSWORD}
    url = "/c/alpha/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = Client().post(url, data)
    assert response.status_code == 302
    return response["Location"]


def test_each_role_lands_where_its_work_is(community, department):
    assert _sign_in(make_member(community, Role.MODERATOR)) == "/c/alpha/petitions/moderation/"
    assert _sign_in(make_member(community, Role.OFFICIAL, department=department)) == "/c/alpha/appeals/office/"
    assert _sign_in(make_member(community, Role.RESIDENT)) == "/c/alpha/profile/"


def test_next_wins_and_a_disabled_capability_is_skipped(community):
    moderator = make_member(community, Role.MODERATOR)
    assert _sign_in(moderator, "/c/alpha/map/") == "/c/alpha/map/"
    community.enabled_capabilities = [c for c in community.enabled_capabilities if c != "petitions"]
    community.save()
    from hromada.core.tenancy.selectors import invalidate_community_cache

    invalidate_community_cache()
    assert _sign_in(moderator) == "/c/alpha/profile/"
