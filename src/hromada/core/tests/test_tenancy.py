"""Communities: resolving the community of a request, its cache, links from outside a request, services."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import get_script_prefix, reverse

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.tenancy.models import Community
from hromada.core.tenancy.selectors import community_by_slug, community_default
from hromada.core.tenancy.services import (
    community_create,
    community_set_capabilities,
    community_update_settings,
)
from hromada.core.tenancy.urls import community_path, community_url

pytestmark = pytest.mark.django_db


def community_of(client, path: str, **extra):
    """The community the middleware resolved for a request (read from the page's context)."""
    response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return response.context["community"]


def test_prefix_selects_the_community(client, community, other_community):
    assert community_of(client, "/c/alpha/") == community
    assert community_of(client, "/c/beta/") == other_community


def test_prefix_becomes_the_script_prefix_and_is_restored(client, community, other_community):
    response = client.get("/c/beta/")
    assert 'href="/c/beta/profile/"' in response.content.decode() or "/c/beta/" in response.content.decode()
    assert get_script_prefix() == "/"
    assert reverse("web:home") == "/"
    # a second community in the same thread does not nest the first one's prefix
    response = client.get("/c/alpha/accounts/login/")
    assert response.status_code == 200
    assert 'action="/c/alpha/accounts/login/"' in response.content.decode()


def test_unknown_or_inactive_community_is_404(client, community, other_community):
    assert client.get("/c/nosuch/").status_code == 404
    Community.objects.filter(pk=other_community.pk).update(is_active=False)
    from hromada.core.tenancy.selectors import invalidate_community_cache

    invalidate_community_cache()
    assert client.get("/c/beta/").status_code == 404


def test_host_name_selects_the_community(client, community, other_community):
    Community.objects.filter(pk=other_community.pk).update(domain="rada.example.ua")
    from hromada.core.tenancy.selectors import invalidate_community_cache

    invalidate_community_cache()
    with override_settings(ALLOWED_HOSTS=["rada.example.ua", "testserver"]):
        assert community_of(client, "/", HTTP_HOST="rada.example.ua") == other_community
        assert community_of(client, "/", HTTP_HOST="rada.example.ua:8443") == other_community


def test_single_community_needs_no_prefix(client, community):
    assert community_of(client, "/") == community


def test_several_communities_without_prefix_show_the_platform_home(client, community, other_community):
    response = client.get("/")
    assert response.context["community"] is None
    assert "/c/alpha/" in response.content.decode() and "/c/beta/" in response.content.decode()


@override_settings(HROMADA_DEFAULT_COMMUNITY="beta")
def test_configured_default_community(client, community, other_community):
    assert community_of(client, "/") == other_community


def test_community_cache_is_invalidated_on_create(django_capture_on_commit_callbacks, db):
    assert community_by_slug("gamma") is None
    with django_capture_on_commit_callbacks(execute=True):
        community_create(actor=SYSTEM, slug="gamma", name_uk="Гамма")
    assert community_by_slug("gamma").slug == "gamma"
    assert community_default().slug == "gamma"


def test_community_path_and_url_outside_a_request(community, other_community, settings):
    assert community_path(community, "web:profile") == "/c/alpha/profile/"
    assert community_url(community, "web:profile") == settings.HROMADA_SITE_URL + "/c/alpha/profile/"
    other_community.domain = "rada.example.ua"
    assert community_url(other_community, "web:profile") == "https://rada.example.ua/profile/"


# --- services ---------------------------------------------------------------------------------------------

def test_community_create_by_command_is_audited(db):
    community = community_create(actor=SYSTEM, slug="gamma", name_uk="Гамма", katottg="UA53080370010073958",
                                 edrpou="04057287", domain="Rada.Example.UA")
    assert community.domain == "rada.example.ua"
    assert AuditEvent.objects.filter(community=community, action="core.community.created").count() == 1


def test_community_create_refuses_non_superusers(community, community_admin):
    with pytest.raises(PermissionDenied):
        community_create(actor=community_admin, slug="gamma", name_uk="Гамма")
    assert not Community.objects.filter(slug="gamma").exists()


def test_community_create_by_superuser(db):
    from conftest import make_user

    root = make_user()
    root.is_superuser = True
    root.save()
    assert community_create(actor=root, slug="gamma", name_uk="Гамма").slug == "gamma"


def test_community_create_duplicate_slug_is_conflict(community):
    with pytest.raises(Conflict) as exc:
        community_create(actor=SYSTEM, slug="alpha", name_uk="Ще одна")
    assert "slug" in exc.value.fields
    assert Community.objects.count() == 1


@pytest.mark.parametrize("field, value", [
    ("katottg", "UA123"), ("edrpou", "1234"), ("slug", "Not a slug!"), ("name_uk", ""), ("name_uk", "я" * 201),
])
def test_community_create_bad_input_writes_nothing(db, field, value):
    kwargs = {"actor": SYSTEM, "slug": "gamma", "name_uk": "Гамма", field: value}
    with pytest.raises(ValidationFailed) as exc:
        community_create(**kwargs)
    assert field in exc.value.fields
    assert not Community.objects.exists()
    assert not AuditEvent.objects.exists()


def test_community_create_validates_boundary(db):
    with pytest.raises(ValidationFailed) as exc:
        community_create(actor=SYSTEM, slug="gamma", name_uk="Гамма", boundary={"type": "Point", "coordinates": [30, 50]})
    assert "boundary" in exc.value.fields
    assert not Community.objects.exists()


def test_update_settings_happy_path(community, community_admin, test_capability):
    community_update_settings(actor=community_admin, community=community, capability="testcap",
                              values={"threshold": "250", "open": "yes"})
    community.refresh_from_db()
    assert community.setting("testcap", "threshold") == 250
    assert community.setting("testcap", "open") is True
    assert community.setting("testcap", "title") == "default title"
    assert AuditEvent.objects.filter(action="core.community.settings_changed").count() == 1


def test_update_settings_refusals(community, other_community, community_admin, moderator, test_capability):
    with pytest.raises(PermissionDenied):
        community_update_settings(actor=moderator, community=community, capability="testcap", values={"threshold": 1})
    with pytest.raises(PermissionDenied):
        community_update_settings(actor=community_admin, community=other_community, capability="testcap",
                                  values={"threshold": 1})
    with pytest.raises(Conflict):
        community_update_settings(actor=community_admin, community=community, capability="nosuch", values={})
    with pytest.raises(ValidationFailed) as exc:
        community_update_settings(actor=community_admin, community=community, capability="testcap",
                                  values={"threshold": "many", "colour": "red"})
    assert set(exc.value.fields) == {"threshold", "colour"}
    community.refresh_from_db()
    assert community.capability_settings == {}
    assert not AuditEvent.objects.filter(action="core.community.settings_changed").exists()


def test_setting_falls_back_to_default_on_a_bad_stored_value(community, test_capability):
    community.capability_settings = {"testcap": {"threshold": "garbage"}}
    assert community.setting("testcap", "threshold") == 100


def test_set_capabilities(community, community_admin, resident, test_capability):
    community_set_capabilities(actor=community_admin, community=community, enabled=["testcap"])
    community.refresh_from_db()
    assert community.enabled_capabilities == ["testcap"]
    assert community.capability_enabled("testcap")
    with pytest.raises(PermissionDenied):
        community_set_capabilities(actor=resident, community=community, enabled=[])
    with pytest.raises(ValidationFailed):
        community_set_capabilities(actor=community_admin, community=community, enabled=["testcap", "nosuch"])
    community.refresh_from_db()
    assert community.enabled_capabilities == ["testcap"]


def test_community_owned_queryset_for_community(community, other_community):
    from hromada.core.identity.models import Department

    Department.objects.create(community=community, name="A")
    Department.objects.create(community=other_community, name="B")
    assert [d.name for d in Department.objects.for_community(community)] == ["A"]


def test_english_name_when_english_is_active(community):
    from django.utils import translation

    with translation.override("en"):
        assert community.name == "Alpha community"
    with translation.override("uk"):
        assert community.name == "Громада alpha"
    assert Role.ADMIN.label
