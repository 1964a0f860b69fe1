"""What the public sees of people: a refused petition is not public (nor its author), and authors appear under
the name they chose, never a part of their email address."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.test import Client

from hromada.core.identity.models import Role, User
from hromada.petitions import services
from hromada.petitions.tests import factories as f

pytestmark = pytest.mark.django_db


def _rejected(community, author):
    f.set_settings(community, rejection_reasons="поза компетенцією ради")
    petition = f.submitted(community, author, title="Заборонити все на світі")
    services.petition_reject(actor=make_member(community, Role.MODERATOR), community=community, petition=petition,
                             reason="поза компетенцією ради")
    return petition


def test_a_rejected_petition_is_not_listed_fed_or_shown_to_the_public(community, client):
    author = make_member(community, Role.RESIDENT, name="Тарас Відмовний")
    petition = _rejected(community, author)
    listed = client.get("/c/alpha/petitions/").content.decode()
    assert "Заборонити все на світі" not in listed and "Тарас Відмовний" not in listed
    assert "Заборонити" not in client.get("/c/alpha/petitions/?status=rejected").content.decode()
    assert client.get(f"/c/alpha/petitions/{petition.pk}/").status_code == 404
    # The author still reads it, with the reason, among their own petitions.
    mine = Client()
    mine.force_login(author)
    page = mine.get(f"/c/alpha/petitions/{petition.pk}/").content.decode()
    assert "поза компетенцією ради" in page
    assert "Заборонити все на світі" in mine.get("/c/alpha/petitions/mine/").content.decode()


def test_an_author_without_a_name_is_not_shown_by_their_email(community, client):
    author = make_member(community, Role.RESIDENT, strong=False)
    User.objects.filter(pk=author.pk).update(full_name="", email="taras.secret.1990@example.org")
    author.refresh_from_db()
    petition = f.collecting(community, author, title="Лавки в парку")
    page = client.get(f"/c/alpha/petitions/{petition.pk}/").content.decode()
    assert "Лавки в парку" in page
    assert "taras.secret" not in page and "Мешканець громади" in page


def test_the_moderation_queue_marks_overdue_and_due_soon_in_words(community):
    from datetime import timedelta

    from django.utils import timezone

    from hromada.petitions.models import Petition

    author = make_member(community, Role.RESIDENT)
    now = timezone.now()
    for title, due in (("Ремонт прострочений давно", now - timedelta(hours=3)), ("Лавки до завтрашнього дня", now + timedelta(hours=20)),
                       ("Спокійна алея біля річки", now + timedelta(days=9))):
        petition = f.submitted(community, author, title=title)
        Petition.objects.filter(pk=petition.pk).update(moderation_deadline=due)
    client = Client()
    client.force_login(make_member(community, Role.MODERATOR))
    page = client.get("/c/alpha/petitions/moderation/").content.decode()
    rows = {title: page[page.index(title):page.index("</tr>", page.index(title))]
            for title in ("Ремонт прострочений давно", "Лавки до завтрашнього дня", "Спокійна алея біля річки")}
    assert 'class="due due--overdue"' in rows["Ремонт прострочений давно"] and "прострочено" in rows["Ремонт прострочений давно"]
    assert 'class="due due--soon"' in rows["Лавки до завтрашнього дня"] and "строк спливає" in rows["Лавки до завтрашнього дня"]
    assert 'class="due' not in rows["Спокійна алея біля річки"]


def test_the_first_petition_asks_a_nameless_author_for_a_name(community):
    author = make_member(community, Role.RESIDENT)
    User.objects.filter(pk=author.pk).update(full_name="")
    author.refresh_from_db()
    client = Client()
    client.force_login(author)
    assert 'name="public_name"' in client.get("/c/alpha/petitions/new/").content.decode()
    data = {"title": "Нова зупинка біля ринку", "text": f.TEXT, "action": "draft"}
    refused = client.post("/c/alpha/petitions/new/", {**data, "public_name": author.email})
    assert refused.status_code == 400 and "не адресу електронної пошти" in refused.content.decode()
    response = client.post("/c/alpha/petitions/new/", {**data, "public_name": "Марія Лисенко"})
    assert response.status_code == 302
    assert User.objects.get(pk=author.pk).full_name == "Марія Лисенко"
    assert 'name="public_name"' not in client.get("/c/alpha/petitions/new/").content.decode()  # asked once
