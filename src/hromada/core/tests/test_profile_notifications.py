"""The web profile under a community lists (and marks read) that community's notifications and platform-wide ones.

Under community A it once listed, counted and marked read the person's notifications from community B."""

import pytest
from conftest import make_user
from django.test import Client

from hromada.core.notifications.models import Notification
from hromada.core.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_in_two(community, other_community):
    user = make_user()
    notify(community=community, recipients=[user], event="core.x", title="Новина громади альфа")
    notify(community=other_community, recipients=[user], event="core.x", title="Новина громади бета")
    notify(community=None, recipients=[user], event="core.x", title="Новина платформи")
    client = Client()
    client.force_login(user)
    return user, client


def test_profile_lists_only_this_community_and_platform(community, other_community, person_in_two):
    user, client = person_in_two
    page = client.get(f"/c/{community.slug}/profile/").content.decode()
    assert "Новина громади альфа" in page and "Новина платформи" in page
    assert "Новина громади бета" not in page
    assert '<span class="visually-hidden">2 ' in page  # the unread badge counts the same two
    other = client.get(f"/c/{other_community.slug}/profile/").content.decode()
    assert "Новина громади бета" in other and "Новина громади альфа" not in other


def test_mark_all_read_under_a_community_leaves_the_other_unread(community, person_in_two):
    user, client = person_in_two
    response = client.post(f"/c/{community.slug}/profile/notifications/read")
    assert response.status_code == 302
    unread = set(Notification.objects.filter(user=user, read_at__isnull=True).values_list("title", flat=True))
    assert unread == {"Новина громади бета"}
