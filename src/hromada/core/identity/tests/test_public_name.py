"""The name a person chose is what others see: sign-up asks for it, and an email address never stands in for it."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.core import mail

from hromada.core.errors import ValidationFailed
from hromada.core.identity.models import User
from hromada.core.identity.services import user_set_public_name

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-and-unusual-passphrase"


def test_sign_up_keeps_the_chosen_name_and_the_email_says_who_writes(client, community):
    page = client.get("/c/alpha/accounts/signup/").content.decode()
    assert 'name="full_name"' in page and 'autocomplete="name"' in page and "Ваше ім’я" in page
    assert page.index('id="id_full_name"') < page.index('id="id_email"') < page.index('id="id_password1"')
    response = client.post("/c/alpha/accounts/signup/", {
        "email": "olena.k@example.org", "full_name": "  Олена   Коваленко ", "password1": PASSWORD,
        "password2": PASSWORD}, HTTP_ACCEPT_LANGUAGE="uk")
    assert response.status_code == 302
    user = User.objects.get(email="olena.k@example.org")
    assert user.full_name == "Олена Коваленко" and user.display_name == "Олена Коваленко"
    (message,) = mail.outbox
    assert message.subject == "Громада alpha: Підтвердьте адресу електронної пошти"
    assert "127.0.0.1" not in message.subject and "[" not in message.subject
    assert message.from_email.startswith("Громада alpha <")
    html = message.alternatives[0][0]
    assert "Громада alpha" in html and "Перейдіть за посиланням" not in message.subject
    assert "перейдіть за посиланням" in message.body and "http://testserver/c/alpha/accounts/confirm-email/" in message.body


def test_the_sign_up_form_refuses_an_email_address_as_a_name(client, community):
    response = client.post("/c/alpha/accounts/signup/", {
        "email": "olena.k@example.org", "full_name": "olena.k@example.org", "password1": PASSWORD,
        "password2": PASSWORD})
    assert response.status_code == 200 and not User.objects.exists()
    assert "не адресу електронної пошти" in response.content.decode()


def test_display_name_never_shows_a_part_of_the_email():
    user = make_user(email="ivan.petrenko.1987@example.org")
    user.full_name = ""
    assert "ivan" not in user.display_name.lower() and user.display_name == "Мешканець громади"


def test_a_person_without_a_name_chooses_one(community):
    user = make_user()
    User.objects.filter(pk=user.pk).update(full_name="")
    user.refresh_from_db()
    user_set_public_name(actor=user, community=community, full_name=" Ірина  Шевчук ")
    assert User.objects.get(pk=user.pk).full_name == "Ірина Шевчук"
    with pytest.raises(ValidationFailed) as caught:
        user_set_public_name(actor=user, community=community, full_name="x@y.ua")
    assert "full_name" in caught.value.fields
