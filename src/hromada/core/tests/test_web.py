"""The web shell: home pages, language, profile with preferences, notifications, tokens, demo identity."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.core.api.models import ApiToken
from hromada.core.identity.models import IdentityLevel, Role, VerifiedIdentity
from hromada.core.notifications.models import Delivery, Notification, NotificationPreference
from hromada.core.tenancy.models import Community

pytestmark = pytest.mark.django_db


def test_health(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_security_txt_names_only_the_operators_contact(client, db, settings):
    assert client.get("/.well-known/security.txt").status_code == 404  # nobody configured: no made-up address
    settings.HROMADA_SECURITY_CONTACT = ["mailto:security@city.example.org", "https://city.example.org/report"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    fields = [line.split(": ", 1) for line in response.content.decode().splitlines()]
    assert [v for k, v in fields if k == "Contact"] == settings.HROMADA_SECURITY_CONTACT
    expires = next(v for k, v in fields if k == "Expires")
    from datetime import datetime, timedelta

    from django.utils import timezone

    assert timezone.now() < datetime.fromisoformat(expires) < timezone.now() + timedelta(days=366)
    assert "Policy" not in dict(fields)


def test_home_is_ukrainian_by_default_and_english_after_the_switch(client, community):
    page = client.get("/c/alpha/").content.decode()
    assert '<html lang="uk">' in page and "Послуги" in page and "Громада alpha" in page
    assert 'id="main"' in page and 'class="skip-link"' in page
    response = client.post("/c/alpha/i18n/setlang/", {"language": "en", "next": "/c/alpha/"})
    assert response.status_code == 302 and response["Location"] == "/c/alpha/"
    page = client.get("/c/alpha/").content.decode()
    assert '<html lang="en">' in page and "Services" in page and "Alpha community" in page


def test_demo_community_is_labelled(client, community):
    Community.objects.filter(pk=community.pk).update(is_demo=True)
    from hromada.core.tenancy.selectors import invalidate_community_cache

    invalidate_community_cache()
    assert 'class="demo-banner"' in client.get("/c/alpha/").content.decode()


def test_home_page_query_count_is_pinned(client, community, resident, django_assert_max_num_queries):
    client.force_login(resident)
    client.get("/c/alpha/")  # warm the community cache
    # session, user, unread count, roles; one query per empty home block (housing's and the self-check's since issue
    # 20), two for council's (tests/test_home_page.py pins the page with every block populated)
    with django_assert_max_num_queries(14):
        assert client.get("/c/alpha/").status_code == 200
    client.logout()
    client.get("/c/alpha/")  # the anonymous page, now cached
    with django_assert_max_num_queries(0):
        assert client.get("/c/alpha/").status_code == 200


def test_back_office_link_only_for_staff(client, community, resident, moderator):
    client.force_login(resident)
    assert "/admin/" not in client.get("/c/alpha/").content.decode()
    client.force_login(moderator)
    assert "/admin/" in client.get("/c/alpha/").content.decode()


def test_profile_requires_sign_in(client, community):
    response = client.get("/c/alpha/profile/")
    assert response.status_code == 302 and "/c/alpha/accounts/login/" in response["Location"]


def test_profile_shows_own_notifications_only(client, community, resident):
    other = make_member(community, Role.RESIDENT)
    Notification.objects.create(community=community, user=resident, event="core.x", title="Для мене")
    Notification.objects.create(community=community, user=other, event="core.x", title="Не для мене")
    client.force_login(resident)
    page = client.get("/c/alpha/profile/").content.decode()
    assert "Для мене" in page and "Не для мене" not in page
    client.post("/c/alpha/profile/notifications/read")
    assert Notification.objects.get(user=resident).read_at is not None
    assert Notification.objects.get(user=other).read_at is None


def test_profile_update(client, community):
    user = make_member(community, Role.RESIDENT)
    client.force_login(user)
    client.post("/c/alpha/profile/update", {"full_name": "Нове Ім'я", "phone": "+380", "language": "en"})
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Нове Ім'я", "en")
    client.post("/c/alpha/profile/update", {"full_name": "x", "language": "ru"})
    user.refresh_from_db()
    assert user.language == "en"


def test_preferences_form(client, community, resident):
    client.force_login(resident)
    response = client.post("/c/alpha/profile/preferences", {"email-core": Delivery.DAILY})
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=resident, category="core")
    assert pref.email == Delivery.DAILY and pref.in_app is False  # unchecked box
    client.post("/c/alpha/profile/preferences", {"email-core": "hourly", "in_app-core": "on"})
    pref.refresh_from_db()
    assert pref.email == Delivery.DAILY  # refused, unchanged


def test_get_is_not_allowed_on_writes(client, community, resident):
    client.force_login(resident)
    for path in ("profile/update", "profile/preferences", "profile/notifications/read", "profile/tokens"):
        assert client.get(f"/c/alpha/{path}").status_code == 405


def test_tokens_on_the_profile(client, community, other_community, resident):
    client.force_login(resident)
    client.post("/c/alpha/profile/tokens", {"name": "мій скрипт"})
    token = ApiToken.objects.get()
    page = client.get("/c/alpha/profile/").content.decode()
    assert "hro_" in page  # shown once
    assert "hro_" not in client.get("/c/alpha/profile/").content.decode().replace(token.prefix, "")
    # the token belongs to this community only, and is not listed or revocable from another
    assert "мій скрипт" not in client.get("/c/beta/profile/").content.decode()
    client.post(f"/c/beta/profile/tokens/{token.pk}/revoke")
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post(f"/c/alpha/profile/tokens/{token.pk}/revoke")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_without_name_is_refused(client, community, resident):
    client.force_login(resident)
    client.post("/c/alpha/profile/tokens", {"name": ""})
    assert not ApiToken.objects.exists()


def test_demo_identity_only_in_a_demo_community(client, community):
    user = make_member(community, Role.RESIDENT)
    client.force_login(user)
    assert client.post("/c/alpha/profile/identity/demo", {"full_name": "Тест", "tax_number": "1234567890"}
                       ).status_code == 404
    Community.objects.filter(pk=community.pk).update(is_demo=True)
    from hromada.core.tenancy.selectors import invalidate_community_cache

    invalidate_community_cache()
    client.post("/c/alpha/profile/identity/demo", {"full_name": "Тест", "tax_number": "12345"})
    assert not VerifiedIdentity.objects.filter(user=user).exists()
    client.post("/c/alpha/profile/identity/demo", {"full_name": "Тест", "tax_number": "1234567890"})
    assert VerifiedIdentity.objects.get(user=user).level == IdentityLevel.STRONG


def test_platform_home_lists_active_communities(client, community, other_community):
    Community.objects.filter(pk=other_community.pk).update(is_active=False)
    from hromada.core.tenancy.selectors import invalidate_community_cache

    invalidate_community_cache()
    Community.objects.create(slug="gamma", name_uk="Гамма")
    invalidate_community_cache()
    page = client.get("/").content.decode()
    assert "/c/alpha/" in page and "/c/gamma/" in page and "/c/beta/" not in page


# --- the anonymous page cache -------------------------------------------------------------------------------

def test_cached_home_gives_each_visitor_their_own_working_csrf_token(community):
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get("/c/alpha/").content.decode()
    page_two = second.get("/c/alpha/").content.decode()
    assert "csrf-token-placeholder" not in page_one + page_two
    token_one = first.cookies["csrftoken"].value
    token_two = second.cookies["csrftoken"].value
    assert token_one != token_two
    import re

    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_two).group(1)
    response = second.post("/c/alpha/i18n/setlang/", {"language": "en", "next": "/c/alpha/",
                                                      "csrfmiddlewaretoken": form_token})
    assert response.status_code == 302
    assert "Services" in second.get("/c/alpha/").content.decode()  # cached per language


def test_signed_in_visitors_are_never_served_the_cached_page(client, community, resident):
    client.get("/c/alpha/")  # fills the anonymous cache
    client.force_login(resident)
    page = client.get("/c/alpha/").content.decode()
    assert "/accounts/logout/" in page and "/accounts/signup/" not in page


def test_cached_home_follows_community_changes(client, community, community_admin):
    from django.utils import translation

    assert "Громада alpha" in client.get("/c/alpha/").content.decode()
    from hromada.core.tenancy.selectors import invalidate_community_cache

    Community.objects.filter(pk=community.pk).update(name_uk="Нова назва")
    invalidate_community_cache()
    with translation.override("uk"):
        assert "Нова назва" in client.get("/c/alpha/").content.decode()


def test_demo_identities_do_not_count_on_an_install_with_real_communities(client, community):
    """Anyone can "verify" any number with the demo provider: it must not make a strong identity usable in a
    real community of the same install."""
    from hromada.core.identity.models import User
    from hromada.core.identity.policies import identity_level
    from hromada.core.identity.services import identity_verify
    from hromada.core.tenancy.selectors import invalidate_community_cache

    Community.objects.filter(pk=community.pk).update(is_demo=True)
    invalidate_community_cache()
    user = make_member(community, Role.RESIDENT)
    identity_verify(actor=user, user=user, provider="demo", subject="1234567890", verified_name="Тест")
    assert identity_level(User.objects.get(pk=user.pk)) == IdentityLevel.STRONG  # demo-only install
    Community.objects.create(slug="real", name_uk="Справжня громада")
    invalidate_community_cache()
    assert identity_level(User.objects.get(pk=user.pk)) == IdentityLevel.EMAIL
    client.force_login(user)
    assert client.post("/c/alpha/profile/identity/demo", {"full_name": "Т", "tax_number": "1234567891"}
                       ).status_code == 404


def test_query_strings_bypass_the_page_cache(client, community):
    from django.core.cache import cache

    client.get("/c/alpha/?utm=1")
    client.get("/c/alpha/?utm=2")
    assert not [k for k in cache._cache if ":page:" in k]  # noqa: SLF001 - locmem internals, test only
    client.get("/c/alpha/")
    assert len([k for k in cache._cache if ":page:" in k]) == 1


@pytest.mark.django_db
def test_profile_links_to_the_persons_own_items_of_each_capability(client, community, resident):
    client.force_login(resident)
    html = client.get("/c/alpha/profile/").content.decode()
    assert 'href="/c/alpha/appeals/mine/"' in html
    assert 'href="/c/alpha/petitions/mine/"' in html
