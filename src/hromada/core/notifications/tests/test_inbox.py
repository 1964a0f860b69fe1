"""The bell opens the notification list; opening a notification marks it read and follows its link."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.test import Client

from hromada.core.notifications.models import Notification
from hromada.core.notifications.services import notify

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_bell_leads_to_the_list_and_opening_one_marks_it_read(community, other_community):
    person = make_user()
    notify(community=community, recipients=[person], event="core.test.a", title="Відповідь на звернення",
           url="/c/alpha/appeals/5/")
    notify(community=community, recipients=[person], event="core.test.b", title="Друга новина")
    notify(community=other_community, recipients=[person], event="core.test.c", title="Новина іншої громади")
    client = _signed_in(person)
    header = client.get("/c/alpha/").content.decode()
    assert 'href="/c/alpha/notifications/"' in header  # the badge's link is the list itself
    page = client.get("/c/alpha/notifications/").content.decode()
    assert "Відповідь на звернення" in page and "Друга новина" in page and "Новина іншої громади" not in page
    first = Notification.objects.get(title="Відповідь на звернення")
    response = client.get(f"/c/alpha/notifications/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == "/c/alpha/appeals/5/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.get(title="Друга новина").read_at is None
    # Without a link, opening it comes back to the list.
    second = Notification.objects.get(title="Друга новина")
    assert client.get(f"/c/alpha/notifications/{second.pk}/")["Location"] == "/c/alpha/notifications/"
    response = client.post("/c/alpha/notifications/read")
    assert response.status_code == 302
    assert Notification.objects.get(title="Новина іншої громади").read_at is None  # another community's stays


def test_someone_elses_notification_is_not_found(community):
    owner, other = make_user(), make_user()
    notify(community=community, recipients=[owner], event="core.test.a", title="Приватне", url="/c/alpha/")
    notification = Notification.objects.get()
    assert _signed_in(other).get(f"/c/alpha/notifications/{notification.pk}/").status_code == 404
    assert Notification.objects.get().read_at is None
    assert Client().get("/c/alpha/notifications/").status_code == 302  # sign in first


def test_the_list_costs_the_same_queries_for_one_or_thirty(community, django_assert_num_queries):
    person = make_user()
    client = _signed_in(person)
    notify(community=community, recipients=[person], event="core.test.a", title="Одна")
    client.get("/c/alpha/notifications/")  # warm caches (community, session)
    with django_assert_num_queries(5) as one:
        client.get("/c/alpha/notifications/")
    for n in range(29):
        notify(community=community, recipients=[person], event="core.test.a", title=f"Новина {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        assert "Новина 28" in client.get("/c/alpha/notifications/").content.decode()
