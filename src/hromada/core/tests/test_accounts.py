"""Sign-up, email verification, sign-in and password reset through django-allauth, inside a community."""

from __future__ import annotations

import re

import pytest
from conftest import make_user
from django.core import mail

from hromada.core.identity.models import Membership, Role, User
from hromada.core.identity.policies import IdentityLevel, identity_level

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-and-unusual-passphrase"


def link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_verify_and_sign_in(client, community):
    response = client.post("/c/alpha/accounts/signup/", {"email": "New.Person@Example.org", "password1": PASSWORD,
                                                          "password2": PASSWORD, "full_name": "Олена Коваленко"})
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    # the account joined the community it signed up in
    assert Membership.objects.filter(user=user, community=community, role=Role.RESIDENT).exists()
    assert identity_level(user) == IdentityLevel.NONE
    # mandatory verification: not signed in yet
    assert client.get("/c/alpha/profile/").status_code == 302
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    assert link.startswith("/c/alpha/accounts/confirm-email/")
    # following the link shows a confirmation form (no state change on GET) ...
    page = client.get(link)
    assert page.status_code == 200
    assert not user.emailaddress_set.get().verified
    # ... and confirming verifies the address and signs the person in
    response = client.post(link)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    assert identity_level(User.objects.get(pk=user.pk)) == IdentityLevel.EMAIL
    assert client.get("/c/alpha/profile/").status_code == 200
    client.logout()
    response = client.post("/c/alpha/accounts/login/", {"login": "new.person@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/c/alpha/profile/").status_code == 200


def test_unverified_account_cannot_sign_in(client, community):
    client.post("/c/alpha/accounts/signup/", {"email": "x@example.org", "password1": PASSWORD, "password2": PASSWORD,
                                              "full_name": "Олена Коваленко"})
    client.logout()
    response = client.post("/c/alpha/accounts/login/", {"login": "x@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert client.get("/c/alpha/profile/").status_code == 302


@pytest.mark.parametrize("data", [
    {"email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD, "full_name": "Олена Коваленко"},
    {"email": "a@example.org", "password1": "short", "password2": "short"},
    {"email": "a@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"},
    {"email": "", "password1": "", "password2": ""},
    {"email": "a@example.org", "password1": PASSWORD, "password2": PASSWORD},  # no public name
    {"email": "a@example.org", "password1": PASSWORD, "password2": PASSWORD, "full_name": "a@example.org"},
    {"email": "a@example.org", "password1": PASSWORD, "password2": PASSWORD, "full_name": " 1 "},
])
def test_signup_bad_input_creates_nothing(client, community, data):
    response = client.post("/c/alpha/accounts/signup/", data)
    assert response.status_code == 200
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_with_a_taken_email_creates_no_second_account(client, community):
    make_user(email="taken@example.org")
    client.post("/c/alpha/accounts/signup/", {"email": "taken@example.org", "password1": PASSWORD,
                                              "password2": PASSWORD, "full_name": "Олена Коваленко"})
    assert User.objects.filter(email="taken@example.org").count() == 1


def test_password_reset(client, community):
    user = make_user(email="forgot@example.org")
    response = client.post("/c/alpha/accounts/password/reset/", {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["forgot@example.org"]
    link = link_in(mail.outbox[0])
    assert link.startswith("/c/alpha/accounts/password/reset/key/")
    response = client.get(link)  # allauth moves the key into the session and redirects
    form_url = response["Location"] if response.status_code == 302 else link
    new = "another-long-passphrase-2026"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_for_unknown_email_sends_nothing_revealing(client, community):
    response = client.post("/c/alpha/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert all("nobody@example.org" not in m.body or "reset" not in m.body.lower() for m in mail.outbox)


def _allauth_uses_our_layout() -> bool:
    from django.template.loader import get_template

    return "hromada" in str(get_template("allauth/layouts/base.html").origin.name)


@pytest.mark.xfail(condition=not _allauth_uses_our_layout(), strict=True,
                   reason="allauth's own layout shadows ours until settings put core/web/templates in TEMPLATES DIRS")
def test_login_form_in_ukrainian(client, community):
    page = client.get("/c/alpha/accounts/login/").content.decode()
    assert 'lang="uk"' in page and 'id="main"' in page  # the site's layout, landmarks and language
